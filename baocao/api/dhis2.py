"""The part of DHIS2's Web API that exchanges data, at the paths DHIS2 clients call, so that
DHIS2 tools and scripts work against baocao unchanged (docs/dhis2.md says what is served).

Identifiers are the UIDs of units (organisation units), indicators (data elements) and forms
(data sets); the form columns are category option combos (values_io.COMBOS).  Every view: who
calls (api.auth), what they may (organisation.access, as on the pages), one domain function,
DHIS2's answer.
"""

import json
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from baocao.catalogue.models import FormRow, Indicator, ReportForm
from baocao.catalogue.periods import Period, PeriodError
from baocao.collection import submissions, value_sets, values_io
from baocao.collection.models import DataValue, Submission
from baocao.organisation import access
from baocao.organisation.models import OrgUnit, Role

from . import auth, query

VERSION = "2.41.0"
DEFAULT_CATEGORY_COMBO = "bjDvmb4bfuf"  # DHIS2's default category combo
VALUE_TYPES = {"number": "NUMBER", "integer": "INTEGER", "percent": "PERCENTAGE"}
AGGREGATION_TYPES = {"sum": "SUM", "average": "AVERAGE", "max": "MAX", "min": "MIN",
                     "none": "NONE"}
PERIOD_TYPES = {"month": "Monthly", "quarter": "Quarterly", "half_year": "SixMonthly",
                "year": "Yearly", "nine_months": "Monthly", "ad_hoc": "Daily"}
CONTENT_TYPES = {"json": "application/json", "csv": "application/csv",
                 "xml": "application/xml", "adx": "application/adx+xml"}


def message(status: int, text: str, **extra) -> JsonResponse:
    """DHIS2's WebMessage."""
    names = {200: "OK", 201: "Created", 204: "No Content", 400: "Bad Request",
             401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
             413: "Payload Too Large", 429: "Too Many Requests"}
    body = {"httpStatus": names.get(status, str(status)), "httpStatusCode": status,
            "status": "OK" if status < 300 else "ERROR", "message": text, **extra}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def endpoint(methods=("GET",)):
    """A DHIS2 view: authenticated by api.auth, CSRF-exempt (no cookie is read), methods
    checked, errors as WebMessages."""

    def decorate(view):
        @csrf_exempt
        def wrapped(request, *args, **kwargs):
            caller = auth.identify(request)
            if isinstance(caller, auth.Refusal):
                response = message(caller.status, caller.message)
                if caller.status == 401:
                    response["WWW-Authenticate"] = 'Basic realm="baocao", ApiToken'
                if caller.retry_after:
                    response["Retry-After"] = str(caller.retry_after)
                return response
            if request.method not in methods:
                return message(405, _("Method %(m)s is not served here.")
                               % {"m": request.method})
            try:
                return view(request, *args, **kwargs)
            except PermissionDenied:
                return message(403, _("You may not do this."))
            except query.QueryError as error:
                return message(400, str(error))
            except (PeriodError, values_io.ExportError) as error:
                return message(409, str(error))

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorate


def _href(request, path: str) -> str:
    return request.build_absolute_uri(f"/api/{path}")


def _fields_answer(request, key: str, objects: list[dict], default_fields: str):
    params = request.GET
    fields = query.parse_fields(params.get("fields") or default_fields)
    filters = params.getlist("filter")
    any_of = params.get("rootJunction", "AND").upper() == "OR"
    chosen = [o for o in objects if query.matches(o, filters, any_of)]
    chosen = query.order(chosen, params.get("order"))
    paged = query.page(chosen, params, request.build_absolute_uri(request.path))
    body = {}
    if paged.pager is not None:
        body["pager"] = paged.pager
    body[key] = [query.project(o, fields) for o in paged.items]
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _one(request, objects: list[dict], uid: str, what: str):
    found = next((o for o in objects if o["id"] == uid), None)
    if found is None:
        return message(404, _("%(what)s with id %(uid)s could not be found.")
                       % {"what": what, "uid": uid})
    fields = query.parse_fields(request.GET.get("fields") or "*")
    return JsonResponse(query.project(found, fields), json_dumps_params={"ensure_ascii": False})


def _user_uid(user) -> str:
    return f"U{user.pk:010d}"


# --- system and me -----------------------------------------------------------------------------

@endpoint()
def system_info(request):
    """GET /api/system/info"""
    now = timezone.localtime()
    return JsonResponse({
        "contextPath": request.build_absolute_uri("/").rstrip("/"),
        "userAgent": request.headers.get("User-Agent", ""),
        "calendar": "iso8601", "dateFormat": "yyyy-mm-dd",
        "serverDate": now.isoformat(timespec="milliseconds"),
        "serverTimeZoneId": settings.TIME_ZONE, "serverTimeZoneDisplayName": settings.TIME_ZONE,
        "version": VERSION, "revision": "baocao", "systemName": "baocao",
        "systemId": "baocao", "emailConfigured": bool(settings.MAILERS),
        "isMetadataVersionEnabled": False,
    })


@endpoint()
def me(request):
    """GET /api/me"""
    user = request.user
    units = {m.unit.uid: m.unit for m in access.memberships(user)}
    roots = {u.uid: u for u in access.scope_roots(user)}
    authorities = ["M_dhis-web-aggregate-data-entry"]
    if access.can_import_values(user):
        authorities.append("F_DATAVALUE_ADD")
    if access.is_administrator(user):
        authorities.append("ALL")
    body = {
        "id": _user_uid(user), "username": user.get_username(),
        "name": user.display_name, "displayName": user.display_name,
        "firstName": user.first_name, "surname": user.last_name, "email": user.email,
        "settings": {"keyUiLocale": user.language, "keyDbLocale": user.language},
        "organisationUnits": [{"id": uid, "name": u.name} for uid, u in units.items()],
        "dataViewOrganisationUnits": [{"id": uid, "name": u.name} for uid, u in roots.items()],
        "teiSearchOrganisationUnits": [],
        "userRoles": [{"id": m.role, "name": m.get_role_display()}
                      for m in access.memberships(user)],
        "authorities": authorities,
        "userCredentials": {"username": user.get_username()},
        "access": {"read": True, "update": False, "write": False, "delete": False},
    }
    fields = query.parse_fields(request.GET.get("fields") or "*")
    return JsonResponse(query.project(body, fields), json_dumps_params={"ensure_ascii": False})


# --- metadata ------------------------------------------------------------------------------------

def _units(request) -> list[dict]:
    units = list(access.visible_units(request.user).order_by("path"))
    by_id = {u.pk: u for u in OrgUnit.objects.all()}
    children: dict[int, list] = {}
    for u in by_id.values():
        if u.parent_id:
            children.setdefault(u.parent_id, []).append(u)
    out = []
    for u in units:
        chain = [by_id[int(p)] for p in u.path.strip("/").split("/") if p and int(p) in by_id]
        parent = by_id.get(u.parent_id)
        out.append({
            "id": u.uid, "code": u.code, "name": u.name, "displayName": u.name,
            "shortName": u.name[:50], "displayShortName": u.name[:50],
            "level": u.depth + 1, "path": "/" + "/".join(c.uid for c in chain),
            "parent": {"id": parent.uid, "name": parent.name} if parent else None,
            "children": [{"id": c.uid, "name": c.name, "level": c.depth + 1}
                         for c in sorted(children.get(u.pk, []), key=lambda c: c.path)],
            "openingDate": (u.active_from or date(1900, 1, 1)).isoformat() + "T00:00:00.000",
            "closedDate": u.active_to.isoformat() + "T00:00:00.000" if u.active_to else None,
            "leaf": not children.get(u.pk), "kind": u.kind,
            "href": _href(request, f"organisationUnits/{u.uid}"),
        })
    if request.GET.get("level"):
        try:
            level = int(request.GET["level"])
        except ValueError:
            raise query.QueryError("level is a whole number") from None
        out = [o for o in out if o["level"] == level]
    if request.GET.get("query"):
        words = request.GET["query"].lower()
        out = [o for o in out if words in o["name"].lower() or words in o["code"].lower()
               or words == o["id"].lower()]
    return out


@endpoint()
def organisation_units(request, uid=None):
    """GET /api/organisationUnits[/UID]"""
    objects = _units(request)
    if uid:
        return _one(request, objects, uid, "OrganisationUnit")
    return _fields_answer(request, "organisationUnits", objects, "id,displayName")


def _forms_of_indicators() -> dict[int, list[ReportForm]]:
    forms: dict[int, list] = {}
    for form in ReportForm.objects.all():
        version = form.current_version()
        if version is None:
            continue
        for indicator_id in set(FormRow.objects.filter(
                table__version=version, indicator__isnull=False).values_list("indicator_id",
                                                                              flat=True)):
            forms.setdefault(indicator_id, []).append(form)
    return forms


def _data_elements(request) -> list[dict]:
    access.require(access.can_view_catalogue(request.user))
    forms = _forms_of_indicators()
    out = []
    for i in Indicator.objects.filter(formula="").select_related("sector").order_by("code"):
        out.append({
            "id": i.uid, "code": i.code, "name": i.name, "displayName": i.name,
            "shortName": i.name[:50], "displayShortName": i.name[:50],
            "formName": i.name, "description": i.sector.name,
            "valueType": VALUE_TYPES.get(i.value_type, "NUMBER"),
            "aggregationType": AGGREGATION_TYPES.get(i.aggregation, "SUM"),
            "domainType": "AGGREGATE", "zeroIsSignificant": True,
            "unitOfMeasure": i.unit_of_measure, "active": i.active,
            "categoryCombo": {"id": DEFAULT_CATEGORY_COMBO, "name": "default"},
            "dataSetElements": [{"dataSet": {"id": f.uid, "name": f.name}}
                                for f in forms.get(i.pk, [])],
            "href": _href(request, f"dataElements/{i.uid}"),
        })
    return out


@endpoint()
def data_elements(request, uid=None):
    """GET /api/dataElements[/UID]: the indicators units enter (not the derived ones)."""
    objects = _data_elements(request)
    if uid:
        return _one(request, objects, uid, "DataElement")
    return _fields_answer(request, "dataElements", objects, "id,displayName")


def _data_sets(request) -> list[dict]:
    forms = access.visible_forms(request.user, ReportForm.objects.select_related("regime")
                                 .prefetch_related("units"))
    out = []
    for form in forms.order_by("code"):
        version = form.current_version()
        indicators = Indicator.objects.filter(form_rows__table__version=version).distinct() \
            if version else Indicator.objects.none()
        kinds = form.regime.period_kinds or ["month"]
        out.append({
            "id": form.uid, "code": form.code, "name": form.name, "displayName": form.name,
            "shortName": form.name[:50], "description": form.description,
            "periodType": PERIOD_TYPES.get(kinds[0], "Monthly"),
            "version": version.number if version else 0,
            "categoryCombo": {"id": DEFAULT_CATEGORY_COMBO, "name": "default"},
            "dataSetElements": [{"dataElement": {"id": i.uid, "name": i.name}}
                                for i in indicators.filter(formula="").order_by("code")],
            "organisationUnits": [{"id": u.uid, "name": u.name} for u in form.units.all()],
            "href": _href(request, f"dataSets/{form.uid}"),
        })
    return out


@endpoint()
def data_sets(request, uid=None):
    """GET /api/dataSets[/UID]: the report forms the caller sees."""
    access.require(access.can_view_catalogue(request.user))
    objects = _data_sets(request)
    if uid:
        return _one(request, objects, uid, "DataSet")
    return _fields_answer(request, "dataSets", objects, "id,displayName")


@endpoint()
def category_option_combos(request, uid=None):
    """GET /api/categoryOptionCombos[/UID]: the form's columns."""
    access.require(access.can_view_catalogue(request.user))
    objects = [{"id": uid_, "code": code, "name": str(name), "displayName": str(name),
                "column": column, "ignoreApproval": False,
                "categoryCombo": {"id": DEFAULT_CATEGORY_COMBO, "name": "default"},
                "href": _href(request, f"categoryOptionCombos/{uid_}")}
               for column, uid_, code, name in values_io.COMBOS]
    if uid:
        return _one(request, objects, uid, "CategoryOptionCombo")
    return _fields_answer(request, "categoryOptionCombos", objects, "id,displayName")


# --- data value sets -----------------------------------------------------------------------------

def _scheme(params, name: str) -> str:
    value = (params.get(name) or params.get("idScheme") or "UID").upper()
    if value not in ("UID", "CODE", "NAME"):
        raise query.QueryError(f"{name}: UID, CODE or NAME")
    return value


def _resolve(model, ident: str, scheme: str):
    field = {"UID": "uid", "CODE": "code", "NAME": "name"}[scheme]
    found = model.objects.filter(**{field: ident}).first()
    for other in ("uid", "code"):  # tolerant, as the importer's AUTO: a code or a UID
        if found is None and other != field:
            found = model.objects.filter(**{other: ident}).first()
    return found


def _format(request) -> str:
    fmt = (request.GET.get("format") or "").lower()
    if fmt in ("adx+xml", "adx"):
        return "adx"
    if fmt in CONTENT_TYPES:
        return fmt
    accept = request.headers.get("Accept", "")
    for name, content_type in (("adx", "application/adx+xml"), ("csv", "csv"),
                               ("xml", "xml"), ("json", "json")):
        if content_type in accept:
            return name
    return "json"


@csrf_exempt
def data_value_sets(request, suffix: str = ""):
    """GET and POST /api/dataValueSets[.json|.csv|.xml|.adx+xml]"""
    if request.method == "POST":
        return _post_data_value_set(request)
    return _get_data_value_set(request, suffix)


@endpoint()
def _get_data_value_set(request, suffix=""):
    params = request.GET
    fmt = {".json": "json", ".csv": "csv", ".xml": "xml", ".adx+xml": "adx",
           ".adx": "adx"}.get(suffix) or _format(request)
    unit_scheme = _scheme(params, "orgUnitIdScheme")
    set_scheme = _scheme(params, "dataSetIdScheme")
    out_scheme = (params.get("dataElementIdScheme") or params.get("idScheme") or "UID").upper()
    units = []
    for ident in params.getlist("orgUnit"):
        unit = _resolve(OrgUnit, ident, unit_scheme)
        if unit is None:
            return message(409, _("Organisation unit does not exist: %(id)s") % {"id": ident})
        access.require(access.can_view_values_of(request.user, unit))
        units.append(unit)
    if not units:
        return message(409, _("At least one organisation unit must be specified (orgUnit)."))
    forms = []
    for ident in params.getlist("dataSet"):
        form = _resolve(ReportForm, ident, set_scheme)
        if form is None:
            return message(409, _("Data set does not exist: %(id)s") % {"id": ident})
        forms.append(form)
    values = DataValue.objects.filter(official=True).select_related("indicator", "unit")
    if str(params.get("children", "false")).lower() == "true":
        values = values.filter(unit__in=OrgUnit.objects.subtree_of(*units))
    else:
        values = values.filter(unit__in=units)
    periods = [Period.parse(p) for p in params.getlist("period")]
    if periods:
        names = {str(q) for p in periods for q in values_io.periods_to_export(p)}
        values = values.filter(period__in=names)
    elif params.get("startDate") and params.get("endDate"):
        try:
            start, end = date.fromisoformat(params["startDate"][:10]), \
                date.fromisoformat(params["endDate"][:10])
        except ValueError:
            return message(409, _("startDate and endDate are dates: YYYY-MM-DD."))
        values = values.filter(period_start__gte=start, period_end__lte=end)
    else:
        return message(409, _("At least one period, or a start and end date, must be "
                              "specified."))
    if forms:
        ids = set()
        for form in forms:
            version = form.current_version()
            if version is not None:
                ids |= set(FormRow.objects.filter(table__version=version).exclude(
                    indicator=None).values_list("indicator_id", flat=True))
        values = values.filter(indicator_id__in=ids)
    elements = params.getlist("dataElement")
    if elements:
        scheme = _scheme(params, "dataElementIdScheme")
        values = values.filter(indicator__in=[i for e in elements if (i := _resolve(
            Indicator, e, scheme))])
    values = values.order_by("period_start", "unit__path", "indicator__code", "column")
    data_set = ""
    if len(forms) == 1:
        data_set = {"UID": forms[0].uid, "CODE": forms[0].code, "NAME": forms[0].name}.get(
            set_scheme, forms[0].uid)
    text = value_sets.write(values_io.records(values, out_scheme, data_set), fmt,
                            dataset=data_set)
    return HttpResponse(text, content_type=CONTENT_TYPES[fmt] + "; charset=utf-8")


def _options(request, caller_may_write) -> values_io.Options:
    params = request.GET
    strategy = (params.get("importStrategy") or "CREATE_AND_UPDATE").upper()
    if strategy not in values_io.STRATEGIES:
        raise query.QueryError("importStrategy: CREATE, UPDATE, CREATE_AND_UPDATE or DELETE")
    schemes = {}
    for param, attribute in (("idScheme", "id_scheme"),
                             ("dataElementIdScheme", "data_element_id_scheme"),
                             ("orgUnitIdScheme", "org_unit_id_scheme"),
                             ("categoryOptionComboIdScheme", "category_option_combo_id_scheme"),
                             ("dataSetIdScheme", "data_set_id_scheme")):
        value = (params.get(param) or "").upper()
        if value and value not in values_io.SCHEMES:
            raise query.QueryError(f"{param}: UID, CODE or NAME")
        if value:
            schemes[attribute] = value
    atomic = (params.get("atomicMode") or "ALL").upper() != "NONE"
    return values_io.Options(
        **schemes, dry_run=str(params.get("dryRun", "false")).lower() == "true",
        strategy=strategy, atomic=atomic, data_set=params.get("dataSet", ""),
        actor=request.user, may_write=caller_may_write, via="api")


def import_summary(outcome: values_io.Outcome, options: values_io.Options) -> JsonResponse:
    """DHIS2's answer to an import: a WebMessage around an ImportSummary."""
    status = outcome.status
    description = {"SUCCESS": "Import process completed successfully",
                   "WARNING": "Import process completed with conflicts",
                   "ERROR": "Import process was aborted: nothing was imported"}[status]
    if outcome.unchanged:
        description += f"; {outcome.unchanged} value(s) were already so (counted as updated)"
    summary = {
        "responseType": "ImportSummary", "status": status,
        "importOptions": {"idSchemes": {}, "dryRun": options.dry_run, "async": False,
                          "importStrategy": options.strategy, "mergeMode": "REPLACE",
                          "reportMode": "FULL", "skipExistingCheck": False,
                          "atomicMode": "ALL" if options.atomic else "NONE",
                          "firstRowIsHeader": True, "force": False},
        "description": description,
        "importCount": {"imported": outcome.created,
                        "updated": outcome.updated + outcome.unchanged,
                        "ignored": outcome.ignored, "deleted": outcome.deleted},
        "conflicts": [{"object": c.object, "objects": {c.property: c.object} if c.property
                       else {}, "value": c.message, "errorCode": c.code,
                       "property": c.property,
                       "indexes": [c.entry.index] if c.entry else []}
                      for c in outcome.conflicts],
        "rejectedIndexes": sorted({c.entry.index for c in outcome.conflicts if c.entry}),
        "dataSetComplete": "false",
        "notes": outcome.notes,
    }
    if status == "ERROR":
        return message(409, "An error occurred, please check import summary.",
                       response=summary)
    body = message(200, "Import was successful." if status == "SUCCESS" else
                   "Import completed with warnings, please check import summary.",
                   response=summary)
    if status == "WARNING":
        payload = json.loads(body.content)
        payload["status"] = "WARNING"
        body = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    return body


@endpoint(methods=("POST",))
def _post_data_value_set(request):
    access.require(access.can_import_values(request.user))
    options = _options(request, lambda unit: access.can_write_values_of(request.user, unit))
    try:
        value_set = value_sets.read(request.body, content_type=request.content_type or "")
    except value_sets.ReadError as error:
        return message(409, str(error))
    outcome = values_io.import_set(value_set, options)
    return import_summary(outcome, options)


# --- single data values --------------------------------------------------------------------------

def _single(request) -> value_sets.Entry:
    """The value a /api/dataValues request names: by query parameters (de, pe, ou, co, ao,
    value, comment, followUp) or a JSON body (dataElement, period, orgUnit…)."""
    params = request.GET
    entry = value_sets.Entry(0, _("Value %(n)d") % {"n": 1}, line=1)
    if request.method == "POST" and request.body and "json" in (request.content_type or ""):
        try:
            body = json.loads(request.body)
        except json.JSONDecodeError as error:
            raise query.QueryError(f"JSON: {error}") from None
        if not isinstance(body, dict):
            raise query.QueryError("JSON: an object is expected")
        read = value_sets.read(json.dumps({"dataValues": [body]}))
        entry = read.entries[0]
    else:
        entry.dataelement, entry.period = params.get("de", ""), params.get("pe", "")
        entry.orgunit = params.get("ou", "")
        entry.categoryoptioncombo = params.get("co", "")
        entry.attributeoptioncombo = params.get("ao", "") or params.get("cc", "")
        if params.get("cp"):
            entry.dimensions["cp"] = params["cp"]
        entry.value = params.get("value")
        entry.comment = params.get("comment", "")
        followup = params.get("followUp")
        entry.followup = None if followup is None else followup.lower() == "true"
    return entry


def _unit_report(user, unit, indicator, period) -> Submission | None:
    """The open report of `unit` for `period` that `user` may type in, if any."""
    for submission in Submission.objects.filter(unit=unit, round__period=str(period)) \
            .select_related("round", "round__form_version", "unit"):
        if access.can_edit_submission(user, submission) and submission.is_editable:
            return submission
    return None


@csrf_exempt
@endpoint(methods=("GET", "POST", "DELETE"))
def data_values(request):
    """GET, POST and DELETE /api/dataValues: one value.  An importer's (official at once, as
    an import); a unit's reporter's or head's go into the unit's open report through the same
    checks as typing it (a draft until the report is sent)."""
    entry = _single(request)
    if request.method == "DELETE":
        entry.deleted = True
    indicator = _resolve(Indicator, entry.dataelement, "UID")
    unit = _resolve(OrgUnit, entry.orgunit, "UID")
    if indicator is None or unit is None:
        return message(409, _("Data element or organisation unit does not exist."))
    access.require(access.can_view_values_of(request.user, unit))
    try:
        period = Period.parse(entry.period)
    except PeriodError as error:
        return message(409, str(error))
    column = values_io._combo(entry.categoryoptioncombo, "AUTO")
    if column is None:
        return message(409, _("Category option combo does not exist: %(id)s")
                       % {"id": entry.categoryoptioncombo})
    if request.method == "GET":
        stored = DataValue.objects.filter(
            indicator=indicator, unit=unit, period=str(period),
            column="actual" if column == "note" else column).first()
        mine = stored is not None and stored.submission is not None and \
            access.can_edit_submission(request.user, stored.submission)
        if stored is None or not (stored.official or mine):
            return message(404, _("Data value does not exist."))
        shown = stored.text if column == "note" else values_io._plain(stored.value)
        return JsonResponse([shown], safe=False, json_dumps_params={"ensure_ascii": False})
    if access.can_write_values_of(request.user, unit):
        options = values_io.Options(id_scheme="AUTO", actor=request.user, via="api",
                                    may_write=lambda u: access.can_write_values_of(
                                        request.user, u))
        if request.method == "DELETE":
            exists = DataValue.objects.filter(
                indicator=indicator, unit=unit, period=str(period),
                column="actual" if column == "note" else column).exists()
            if not exists:
                return message(409, _("Data value cannot be deleted because it does not exist"))
        outcome = values_io.import_set(value_sets.ValueSet("query", [entry]), options)
        if outcome.conflicts:
            return message(409, "; ".join(c.message for c in outcome.conflicts))
        return HttpResponse(status=204 if request.method == "DELETE" else 201)
    submission = _unit_report(request.user, unit, indicator, period)
    if submission is None:
        raise PermissionDenied
    if entry.attributeoptioncombo not in values_io.DEFAULT_AOC or entry.dimensions:
        return message(409, _("the attribute option combo \"%(aoc)s\" is refused.")
                       % {"aoc": entry.attributeoptioncombo or entry.dimensions})
    raw = "" if request.method == "DELETE" else (entry.value or "")
    try:
        result = submissions.save_cell(submission, indicator.pk, column, raw, request.user)
        if entry.comment and column == "actual" and request.method == "POST":
            submissions.save_comment(submission, indicator.pk, entry.comment, request.user)
    except ValidationError as error:
        return message(409, " ".join(error.messages))
    errors = [p.message for p in result.problems if p.level == "error"]
    if errors:
        return message(409, " ".join(errors))
    return HttpResponse(status=204 if request.method == "DELETE" else 201)


# --- complete data set registrations -------------------------------------------------------------

@csrf_exempt
@endpoint(methods=("POST",))
def complete_registrations(request):
    """POST /api/completeDataSetRegistrations: a unit's report is sent (submissions.send).
    DHIS2 completes a data set in one step; baocao's report is approved by the unit's head and
    then sent: the head's registration approves and sends it, a reporter's sends it when the
    head has approved it and is refused (with the reason) before."""
    try:
        body = json.loads(request.body or b"{}")
    except json.JSONDecodeError as error:
        return message(409, f"JSON: {error}")
    items = body.get("completeDataSetRegistrations", [body]) if isinstance(body, dict) else body
    if request.GET.get("ds"):
        items = [{"dataSet": request.GET["ds"], "period": request.GET.get("pe", ""),
                  "organisationUnit": request.GET.get("ou", ""), "completed": True}]
    if not isinstance(items, list):
        return message(409, "completeDataSetRegistrations: a list is expected")
    outcome = values_io.Outcome(total=len(items), format="json")
    for index, item in enumerate(items):
        entry = value_sets.Entry(index, _("Value %(n)d") % {"n": index + 1}, line=index + 1)
        refusal = _complete(request.user, item if isinstance(item, dict) else {}, outcome)
        if refusal:
            outcome.conflicts.append(values_io.Conflict(entry, refusal[0], refusal[1],
                                                        refusal[2]))
            outcome.ignored += 1
    options = values_io.Options(actor=request.user, via="api")
    return import_summary(outcome, options)


def _complete(user, item: dict, outcome) -> tuple | None:
    ds = str(item.get("dataSet") or "")
    ou = str(item.get("organisationUnit") or item.get("orgUnit") or "")
    form = _resolve(ReportForm, ds, "UID")
    unit = _resolve(OrgUnit, ou, "UID")
    if form is None:
        return ("dataSet", ds, _("Data set does not exist: %(id)s") % {"id": ds})
    if unit is None:
        return ("organisationUnit", ou, _("Organisation unit does not exist: %(id)s")
                % {"id": ou})
    try:
        period = Period.parse(str(item.get("period") or ""))
    except PeriodError as error:
        return ("period", str(item.get("period")), str(error))
    if item.get("attributeOptionCombo") not in (None, *values_io.DEFAULT_AOC):
        return ("attributeOptionCombo", str(item["attributeOptionCombo"]),
                _("the attribute option combo is refused."))
    submission = Submission.objects.filter(round__form=form, round__period=str(period),
                                           unit=unit).select_related("round").first()
    if submission is None:
        return ("period", str(period), _("%(unit)s has no report of %(form)s for %(period)s.")
                % {"unit": unit.code, "form": form.code, "period": period})
    if not access.can_view_submission(user, submission):
        return ("organisationUnit", ou, _("You may not do this."))
    if item.get("completed") is False:
        return ("completed", "false", _("A sent report is returned by the clerk, with a reason, "
                                        "on its page; it is not un-completed here."))
    if submission.state in (Submission.State.SENT, Submission.State.RECEIVED):
        outcome.unchanged += 1
        return None
    try:
        if submission.state != Submission.State.APPROVED and \
                Role.HEAD in access.roles_in_unit(user, unit):
            submissions.approve(submission, user)
        submissions.send(submission, user)
    except PermissionDenied:
        return ("organisationUnit", ou, _("You may not send this unit's report."))
    except ValidationError as error:
        return ("dataSet", ds, " ".join(error.messages))
    outcome.created += 1
    return None
