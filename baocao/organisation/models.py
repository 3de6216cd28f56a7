"""Org units (a tree of any depth, with a life span), users and their roles in units."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baocao.lib import places
from baocao.lib import uid as uids

from .signals import unit_placed


class Kind(models.TextChoices):
    PROVINCE = "province", _("Province / city")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    TOWNSHIP = "township", _("Township")
    COMMITTEE = "committee", _("People's Committee")
    DEPARTMENT = "department", _("Department")
    OFFICE = "office", _("Office of the People's Council and Committee")
    PLANNING_DEPARTMENT = "planning_department", _("Planning department")
    EXTERNAL = "external", _("External body")


# Administrative levels: each is run by a People's Committee (UBND), so each is a `committee`.
ADMINISTRATIVE_KINDS = frozenset(
    {Kind.PROVINCE, Kind.DISTRICT, Kind.WARD, Kind.COMMUNE, Kind.TOWNSHIP, Kind.COMMITTEE}
)


class Role(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    HEAD = "head", _("Head of unit")
    CLERK = "clerk", _("Clerk")
    COMPILER = "compiler", _("Compiler")
    LEADER = "leader", _("Committee leader")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    QMR = "qmr", _("Quality management representative")
    ISO_SECRETARY = "iso_secretary", _("ISO secretary")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in.  What they may do follows from their memberships alone."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # What the person reads: their notifications and e-mails are written in it (the footer's
    # choice of language sets it).
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)

    audit_fields = ["username", "full_name", "email", "is_active", "is_superuser"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class OrgUnitQuerySet(models.QuerySet):
    def active_on(self, day: date):
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_to__isnull=True) | Q(active_to__gte=day),
        )

    def subtree_of(self, *units):
        """The given units and all their descendants, in one query."""
        if not units:
            return self.none()
        condition = Q()
        for unit in units:
            condition |= Q(path__startswith=unit.path)
        return self.filter(condition)


class LifeSpan:
    """A unit's or a membership's `active_from`/`active_to` (either open-ended)."""

    def is_active_during(self, start: date, end: date) -> bool:
        """In force at some time between `start` and `end` (both included)."""
        return (self.active_from is None or self.active_from <= end) and (
            self.active_to is None or self.active_to >= start
        )

    def is_active_on(self, day: date) -> bool:
        return self.is_active_during(day, day)


class OrgUnit(LifeSpan, models.Model):
    """A unit of the tree: a committee, a ward, a department, an external body.

    Units are never deleted: a unit that ends (merged, split, abolished in the 2025 reform) gets
    `active_to`, and everything it reported stays attached to it.
    """

    code = models.CharField(_("code"), max_length=50, unique=True)
    # The DHIS2-style identifier (organisation unit UID), stable beside the code.
    uid = models.CharField(_("UID"), max_length=11, unique=True, default=uids.generate,
                           validators=[uids.validator])
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # "/000000012/000000034/": the ids from the root down to this unit, zero-padded so that
    # sorting by path lists every unit after its parent.  Kept by save(); makes a subtree
    # A subtree is one indexed prefix query.
    path = models.CharField(max_length=1000, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)

    objects = OrgUnitQuerySet.as_manager()

    audit_fields = ["code", "uid", "name", "kind", "parent", "active_from", "active_to",
                    "sort_order"]

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_to__gte=models.F("active_from")),
                name="orgunit_active_range",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Keep `path` and `depth` right, for this unit and, when it moved, for its subtree."""
        parent_path = self.parent.path if self.parent_id else "/"
        if self.pk and self.path and parent_path.startswith(self.path):
            raise ValueError("An org unit cannot be placed under itself.")
        old_path, old_depth = self.path, self.depth
        super().save(*args, **kwargs)
        new_path = f"{parent_path}{self.pk:09d}/"
        if new_path == old_path:
            return
        self.path, self.depth = new_path, new_path.count("/") - 2
        OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
        if old_path:
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                depth=F("depth") + (self.depth - old_depth),
            )
        # Apps that keep figures per subtree (consolidation's rollups) listen for this.
        unit_placed.send(sender=OrgUnit, unit=self, old_path=old_path)

    def clean(self):
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "\0"):
            raise ValidationError(
                {"parent": _("A unit cannot be placed under itself or one of its own units.")}
            )

    @property
    def is_committee(self) -> bool:
        return self.kind in ADMINISTRATIVE_KINDS

    @property
    def is_active_today(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def name_in_text(self) -> str:
        """The name as it reads after another word ("Ủy ban nhân dân thành phố Hà Nội"): the
        word of its level is written small inside a sentence, its proper name keeps its
        capitals ("Thành phố Hà Nội" alone, "thành phố Hà Nội" after "Ủy ban nhân dân")."""
        return places.in_text(self.name)

    def ancestors(self):
        """From the root down to the parent."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = OrgUnit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def committee(self) -> "OrgUnit":
        """The nearest administrative unit at or above this one (its People's Committee)."""
        if self.is_committee:
            return self
        for unit in reversed(self.ancestors()):
            if unit.is_committee:
                return unit
        return self

    def descendants(self, include_self: bool = True):
        qs = OrgUnit.objects.filter(path__startswith=self.path)
        return qs if include_self else qs.exclude(pk=self.pk)

    def is_within(self, other: "OrgUnit") -> bool:
        """This unit is `other` or one of the units under it."""
        return bool(other.path) and self.path.startswith(other.path)

    def office(self) -> "OrgUnit | None":
        """The office (Văn phòng HĐND và UBND) of this unit's committee."""
        return OrgUnit.objects.filter(path__startswith=self.committee().path,
                                      kind=Kind.OFFICE).order_by("path").first()


class Membership(LifeSpan, models.Model):
    """A user holds a role in a unit (the office's clerk, a ward's reporter, the chair…)."""

    user = models.ForeignKey(
        User, models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        OrgUnit, models.PROTECT, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    # The position as written under a signature: "Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng".
    position = models.CharField(_("position"), max_length=150, blank=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    audit_fields = ["user", "unit", "role", "position", "active_from", "active_to"]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__path", "role", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class Delegation(LifeSpan, models.Model):
    """A power the chair hands to another leader for a time (ủy quyền): today, approving the
    committee's report forms.  Recorded by the administrator from the chair's decision; who may
    grant and receive it is checked by access.check_delegation."""

    class Power(models.TextChoices):
        APPROVE_FORMS = "approve_forms", _("Approve the committee's report forms")

    granted_by = models.ForeignKey(User, models.PROTECT, related_name="delegations_granted",
                                   verbose_name=_("granted by (the chair)"))
    delegate = models.ForeignKey(User, models.PROTECT, related_name="delegations",
                                 verbose_name=_("delegate"))
    power = models.CharField(_("power"), max_length=30, choices=Power.choices,
                             default=Power.APPROVE_FORMS)
    decision = models.CharField(_("decision"), max_length=200, blank=True,
                                help_text=_("The number and date of the chair's decision."))
    active_from = models.DateField(_("active from"), default=timezone.localdate)
    active_to = models.DateField(_("active to"), null=True, blank=True)

    audit_fields = ["granted_by", "delegate", "power", "decision", "active_from", "active_to"]

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-active_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="delegation_active_range",
            )
        ]

    def __str__(self):
        return f"{self.granted_by} → {self.delegate} · {self.get_power_display()}"


class ApiToken(models.Model):
    """A personal API token (for the API only, never the pages): made and revoked by its owner
    on their own page, shown once, kept as the SHA-256 of its secret, read-only or read-write,
    until it expires (organisation.tokens)."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("begins with"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices,
                             default=Scope.READ)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    audit_fields = ["user", "name", "prefix", "scope", "expires_at", "revoked_at"]

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
