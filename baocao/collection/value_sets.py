"""DHIS2 data value sets read the one tolerant way, whatever the way in (the `import values`
command, `POST /api/dataValueSets`, `POST /api/dataValues`), and written in DHIS2's forms.

Formats read, known by their content (then by the file name or content type):

- CSV: a header whose names are matched case-insensitively with DHIS2's synonyms (`de`,
  `catoptcombo`, `attroptcombo`, `lastupd`, `timestamp`, `flwup`…); columns we do not use
  (`created`, `deleted` is used) are ignored with a note; a file without a header (DHIS2's
  `firstRowIsHeader=false`) is read in DHIS2's column order.
- JSON: `{"dataValues": [...]}` with the top-level keys `dataSet`, `period`, `orgUnit`,
  `attributeOptionCombo`, `completeDate`, `dryRun`, `idScheme`… applied to every value that
  does not say otherwise; `followUp` and `followup` both; unknown keys noted.
- DXF2 XML (`<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0">`) and ADX
  (`<adx xmlns="urn:ihe:qrph:adx:2015">`, periods like `2026-01-01/P1M`), parsed with defusedxml.

Nothing is merged silently: an attribute option combo other than the default, or a category
given as its own column or attribute (ADX's disaggregations), is kept on the entry
(`dimensions`) and refused by the importer with the row named.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, SubElement, tostring  # noqa: S405 - writing only

from django.conf import settings
from django.utils.translation import gettext as _

from baocao.lib import spreadsheet

DXF2_NS = "http://dhis2.org/schema/dxf/2.0"
ADX_NS = "urn:ihe:qrph:adx:2015"
# DHIS2's CSV column order (a file without a header is read in it).
CSV_ORDER = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo",
             "value", "storedby", "lastupdated", "comment", "followup", "deleted"]
# Header names (lower case) and JSON/XML keys → the field they fill.
SYNONYMS = {
    "dataelement": "dataelement", "de": "dataelement", "data_element": "dataelement",
    "dataelementid": "dataelement",
    "period": "period", "pe": "period",
    "orgunit": "orgunit", "ou": "orgunit", "org_unit": "orgunit", "organisationunit": "orgunit",
    "orgunitid": "orgunit",
    "categoryoptioncombo": "categoryoptioncombo", "catoptcombo": "categoryoptioncombo",
    "coc": "categoryoptioncombo", "co": "categoryoptioncombo",
    "categoryoptioncomboid": "categoryoptioncombo",
    "attributeoptioncombo": "attributeoptioncombo", "attroptcombo": "attributeoptioncombo",
    "aoc": "attributeoptioncombo", "ao": "attributeoptioncombo",
    "attributeoptioncomboid": "attributeoptioncombo",
    "value": "value",
    "storedby": "storedby", "stored_by": "storedby",
    "lastupdated": "lastupdated", "lastupd": "lastupdated", "timestamp": "lastupdated",
    "last_updated": "lastupdated",
    "comment": "comment",
    "followup": "followup", "flwup": "followup", "follow_up": "followup",
    "deleted": "deleted",
}
# Read and not used (DHIS2 writes them; the values we keep have their own).
UNUSED = {"created", "lastupdated", "storedbyname", "lastupdatedbyname"}
TOP_LEVEL = {"dataset": "dataset", "period": "period", "orgunit": "orgunit",
             "attributeoptioncombo": "attributeoptioncombo", "completedate": "completedate",
             "dryrun": "dryrun", "idscheme": "idscheme", "datasetidscheme": "datasetidscheme",
             "dataelementidscheme": "dataelementidscheme", "orgunitidscheme": "orgunitidscheme",
             "categoryoptioncomboidscheme": "categoryoptioncomboidscheme",
             "attributeoptioncomboidscheme": "attributeoptioncomboidscheme",
             "datavalues": "datavalues"}
ADX_GROUP_KNOWN = {"orgUnit", "period", "dataSet", "completeDate", "attributeOptionCombo"}
ADX_VALUE_KNOWN = {"dataElement", "value", "categoryOptionCombo", "comment", "followup",
                   "followUp", "deleted"}


class ReadError(ValueError):
    """The whole file cannot be read (size, encoding, syntax, no values)."""


@dataclass
class Entry:
    """One data value as read: `index` counts from 0 (DHIS2's conflict indexes), `where` names
    it for a person ("Dòng 3", "Giá trị 2")."""

    index: int
    where: str
    dataelement: str = ""
    period: str = ""
    orgunit: str = ""
    categoryoptioncombo: str = ""
    attributeoptioncombo: str = ""
    value: str | None = None
    comment: str = ""
    storedby: str = ""
    followup: bool | None = None
    deleted: bool | None = None
    dimensions: dict = field(default_factory=dict)  # categories given by name (refused)
    too_many_cells: bool = False
    line: int = 0
    annotation: str = ""  # ADX's <annotation>: a text value


@dataclass
class ValueSet:
    format: str
    entries: list[Entry]
    notes: list[str] = field(default_factory=list)
    dataset: str = ""
    completedate: str = ""
    dry_run: bool | None = None
    schemes: dict = field(default_factory=dict)  # "idscheme", "dataelementidscheme"…


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _bool(value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("true", "1", "yes", "t")


def read(raw: bytes | str, *, filename: str = "", content_type: str = "") -> ValueSet:
    """A data value set from the bytes of a file or a request body."""
    limit = settings.BAOCAO_MAX_IMPORT_BYTES
    if len(raw) > limit:
        raise ReadError(_("The file is larger than %(limit)d bytes.") % {"limit": limit})
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ReadError(_("The file is not UTF-8 text (byte %(pos)d). Save it as \"CSV "
                              "UTF-8\".") % {"pos": error.start}) from None
    else:
        text = raw.lstrip("\ufeff")
    head = text.lstrip()[:1]
    kind = (filename.rsplit(".", 1)[-1].lower() if "." in filename else "") + " " + \
        content_type.lower()
    if head == "<":
        return _read_xml(text)
    if head in ("{", "["):
        return _read_json(text)
    if not head:
        raise ReadError(_("The file is empty."))
    if "json" in kind or "xml" in kind:
        raise ReadError(_("The file was sent as %(kind)s but is neither JSON nor XML.")
                        % {"kind": kind.strip()})
    return _read_csv(text)


# --- CSV ---------------------------------------------------------------------------------------

def _read_csv(text: str) -> ValueSet:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        first = next(reader)
    except (StopIteration, csv.Error) as error:
        raise ReadError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    names = [c.strip().lower().replace(" ", "") for c in first]
    notes = []
    if any(n in SYNONYMS for n in names):
        header = [SYNONYMS.get(n, "") for n in names]
        for name, original in zip(names, first, strict=True):
            if name not in SYNONYMS and name:
                notes.append(_("The column \"%(name)s\" is not used; it was ignored.")
                             % {"name": original.strip()})
        for required in ("dataelement", "period", "orgunit"):
            if required not in header:
                raise ReadError(_("Line 1: the header lacks the column %(column)s (or one of "
                                  "its DHIS2 names).") % {"column": required})
        pending = []
    else:
        header = CSV_ORDER
        notes.append(_("The first line is not a header: the columns are read in DHIS2's order "
                       "(%(order)s).") % {"order": ",".join(CSV_ORDER)})
        pending = [(1, first)]
    entries = []

    def add(line, cells):
        if not any(c.strip() for c in cells):
            return
        entry = Entry(len(entries), _("Line %(line)d") % {"line": line}, line=line)
        for i, cell in enumerate(cells):
            if i >= len(header):
                if cell.strip():
                    entry.too_many_cells = True
                continue
            _set(entry, header[i], cell)
        entries.append(entry)

    try:
        for line, cells in pending:
            add(line, cells)
        for cells in reader:
            add(reader.line_num, cells)
    except csv.Error as error:
        raise ReadError(_("The CSV file cannot be read: %(error)s") % {"error": error}) from None
    # a text our export neutralised ('=…) reads back as it was (spreadsheet.restore).
    for entry in entries:
        for name in ("value", "comment"):
            current = getattr(entry, name)
            if isinstance(current, str):
                setattr(entry, name, spreadsheet.restore(current))
    return ValueSet("csv", entries, notes)


def _set(entry: Entry, name: str, raw) -> None:
    if name in ("", "lastupdated"):
        return
    if name in ("followup", "deleted"):
        setattr(entry, name, _bool(raw))
    elif name == "value":
        entry.value = None if raw is None else (raw if isinstance(raw, str) else _text(raw))
    else:
        setattr(entry, name, _text(raw))


# --- JSON --------------------------------------------------------------------------------------

def _read_json(text: str) -> ValueSet:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReadError(_("The JSON file cannot be read: %(error)s") % {"error": error}) from None
    if isinstance(data, list):
        data = {"dataValues": data}
    if not isinstance(data, dict):
        raise ReadError(_("The JSON file has no \"dataValues\" list."))
    top = {}
    notes = []
    for key, value in data.items():
        name = TOP_LEVEL.get(str(key).lower())
        if name is None:
            notes.append(_("The key \"%(name)s\" is not used; it was ignored.") % {"name": key})
        else:
            top[name] = value
    items = top.get("datavalues", [])
    if not isinstance(items, list):
        raise ReadError(_("The JSON file has no \"dataValues\" list."))
    value_set = _with_top_level(ValueSet("json", [], notes), top)
    unknown = set()
    for number, item in enumerate(items, start=1):
        entry = Entry(number - 1, _("Value %(n)d") % {"n": number}, line=number)
        if not isinstance(item, dict):
            entry.dimensions["?"] = _text(item)
            value_set.entries.append(entry)
            continue
        for key, raw in item.items():
            name = SYNONYMS.get(str(key).lower())
            if name in ("categoryoptioncombo", "attributeoptioncombo") and isinstance(raw, dict):
                entry.dimensions.update({str(k): _text(v) for k, v in raw.items()})
                continue
            if name is None:
                if str(key).lower() not in UNUSED:
                    unknown.add(str(key))
                continue
            _set(entry, name, raw)
        value_set.entries.append(entry)
    for key in sorted(unknown):
        notes.append(_("The key \"%(name)s\" of the values is not used; it was ignored.")
                     % {"name": key})
    _apply_top_level(value_set, top)
    return value_set


def _with_top_level(value_set: ValueSet, top: dict) -> ValueSet:
    value_set.dataset = _text(top.get("dataset"))
    value_set.completedate = _text(top.get("completedate"))
    value_set.dry_run = _bool(top.get("dryrun"))
    value_set.schemes = {k: _text(v).upper() for k, v in top.items()
                         if k.endswith("idscheme") and _text(v)}
    return value_set


def _apply_top_level(value_set: ValueSet, top: dict) -> None:
    """The set's period, unit and attribute option combo go to every value that has none."""
    aoc = top.get("attributeoptioncombo")
    for entry in value_set.entries:
        for name in ("period", "orgunit"):
            if not getattr(entry, name) and top.get(name):
                setattr(entry, name, _text(top[name]))
        if isinstance(aoc, dict):
            entry.dimensions.update({str(k): _text(v) for k, v in aoc.items()})
        elif aoc and not entry.attributeoptioncombo:
            entry.attributeoptioncombo = _text(aoc)


# --- XML: DXF2 and ADX -------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_xml(text: str) -> ValueSet:
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(text)
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ReadError(_("The XML file cannot be read: %(error)s") % {"error": error}) from None
    name = _local(root.tag)
    if name == "dataValueSet":
        return _read_dxf2(root)
    if name == "adx":
        return _read_adx(root)
    raise ReadError(_("The XML file is neither a DHIS2 <dataValueSet> nor an ADX <adx> "
                      "(its root is <%(tag)s>).") % {"tag": name})


def _attributes(element) -> dict:
    return {_local(k): v for k, v in element.attrib.items()}


def _read_dxf2(root) -> ValueSet:
    top = {TOP_LEVEL[k.lower()]: v for k, v in _attributes(root).items()
           if k.lower() in TOP_LEVEL}
    value_set = _with_top_level(ValueSet("dxf2", []), top)
    unknown = set()
    for number, element in enumerate((e for e in root if _local(e.tag) == "dataValue"),
                                     start=1):
        entry = Entry(number - 1, _("Value %(n)d") % {"n": number}, line=number)
        for key, raw in _attributes(element).items():
            name = SYNONYMS.get(key.lower())
            if name is None:
                if key.lower() not in UNUSED:
                    unknown.add(key)
                continue
            _set(entry, name, raw)
        value_set.entries.append(entry)
    for key in sorted(unknown):
        value_set.notes.append(_("The attribute \"%(name)s\" of the values is not used; it was "
                                 "ignored.") % {"name": key})
    _apply_top_level(value_set, top)
    return value_set


def _read_adx(root) -> ValueSet:
    value_set = ValueSet("adx", [])
    number = 0
    for group in (g for g in root if _local(g.tag) == "group"):
        attributes = _attributes(group)
        dimensions = {k: v for k, v in attributes.items() if k not in ADX_GROUP_KNOWN}
        if attributes.get("dataSet") and not value_set.dataset:
            value_set.dataset = attributes["dataSet"]
        if attributes.get("completeDate"):
            value_set.completedate = attributes["completeDate"]
        for element in (e for e in group if _local(e.tag) == "dataValue"):
            number += 1
            entry = Entry(number - 1, _("Value %(n)d") % {"n": number}, line=number)
            entry.orgunit = attributes.get("orgUnit", "")
            entry.period = attributes.get("period", "")
            entry.attributeoptioncombo = attributes.get("attributeOptionCombo", "")
            entry.dimensions.update(dimensions)
            if attributes.get("dataSet") and attributes["dataSet"] != value_set.dataset:
                entry.dimensions["dataSet"] = attributes["dataSet"]
            values = _attributes(element)
            for key, raw in values.items():
                if key in ADX_VALUE_KNOWN:
                    _set(entry, SYNONYMS[key.lower()], raw)
                elif key.lower() not in UNUSED:
                    entry.dimensions[key] = raw
            annotation = next((a for a in element if _local(a.tag) == "annotation"), None)
            if annotation is not None and (annotation.text or "").strip():
                entry.annotation = annotation.text.strip()
            value_set.entries.append(entry)
    return value_set


# --- writing -----------------------------------------------------------------------------------

CSV_HEADER = ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo",
              "value", "storedby", "lastupdated", "comment", "followup"]
JSON_KEYS = {"dataelement": "dataElement", "period": "period", "orgunit": "orgUnit",
             "categoryoptioncombo": "categoryOptionCombo",
             "attributeoptioncombo": "attributeOptionCombo", "value": "value",
             "storedby": "storedBy", "lastupdated": "lastUpdated", "comment": "comment",
             "followup": "followup"}


def write(records: list[dict], fmt: str, *, dataset: str = "") -> str:
    """DHIS2's forms of `records` (dicts with CSV_HEADER's keys, plus `adx_period` and, for a
    row's note in ADX, `annotation`): csv, json, xml (DXF2) or adx."""
    if fmt == "json":
        body = {"dataSet": dataset} if dataset else {}
        body["dataValues"] = [{JSON_KEYS[k]: r[k] for k in CSV_HEADER} for r in records]
        return json.dumps(body, ensure_ascii=False, indent=2)
    if fmt == "xml":
        root = Element("dataValueSet", {"xmlns": DXF2_NS, **({"dataSet": dataset} if dataset
                                                             else {})})
        for r in records:
            SubElement(root, "dataValue", {JSON_KEYS[k]: r[k] for k in CSV_HEADER if r[k] != ""})
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode")
    if fmt == "adx":
        root = Element("adx", {"xmlns": ADX_NS})
        groups: dict = {}
        for r in records:
            key = (r.get("dataset") or dataset, r["orgunit"], r["adx_period"])
            if key not in groups:
                attributes = {"orgUnit": r["orgunit"], "period": r["adx_period"]}
                if key[0]:
                    attributes["dataSet"] = key[0]
                groups[key] = SubElement(root, "group", attributes)
            attributes = {"dataElement": r["dataelement"]}
            if r["categoryoptioncombo"] not in ("", "default"):
                attributes["categoryOptionCombo"] = r["categoryoptioncombo"]
            text = r.get("annotation")
            attributes["value"] = "0" if text else r["value"]
            if r["comment"]:
                attributes["comment"] = r["comment"]
            value = SubElement(groups[key], "dataValue", attributes)
            if text:
                SubElement(value, "annotation").text = text
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode")
    out = io.StringIO()
    writer = spreadsheet.csv_dict_writer(out, CSV_HEADER, lineterminator="\n",
                                         extrasaction="ignore")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()
