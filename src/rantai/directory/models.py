"""Organisations (MSMEs, buyers, or both), who belongs to them, their identifiers, business activities,
certifications, verification by trade officials, and the audit trail of every change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from rantai.core.models import DataSource
from rantai.reference.models import Economy


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")
    UNKNOWN = "unknown", _("Not known")


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not verified")
    PENDING = "pending", _("Waiting for review")
    MORE_INFO = "more_info", _("More information requested")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class BusinessActivity(models.Model):
    """A node of ISIC Rev. 4 (section letter, 2-, 3-, 4-digit) or a 5-digit KBLI 2020 group.

    KBLI is built on ISIC Rev. 4: a KBLI group's first four digits are its ISIC class (``isic``)."""

    class Scheme(models.TextChoices):
        ISIC4 = "isic4", _("ISIC Rev. 4")
        KBLI2020 = "kbli2020", _("KBLI 2020")

    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    title_id = models.CharField(_("title in Indonesian"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    isic = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="national_activities",
        help_text="For a national code (KBLI), the ISIC Rev. 4 class it refines.",
    )
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("business activity")
        verbose_name_plural = _("business activities")
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="businessactivity_code_uniq")]

    def __str__(self) -> str:
        return f"{self.code} {self.title_id or self.title}"[:120]


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MSME = "msme", _("MSME (seller)")
        BUYER = "buyer", _("Buyer")
        BOTH = "both", _("MSME and buyer")

    SizeClass = SizeClass
    VerificationStatus = VerificationStatus

    name = models.CharField(_("trade name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    economy = models.ForeignKey(
        Economy, verbose_name=_("economy"), on_delete=models.PROTECT, related_name="organisations"
    )
    province = models.CharField(_("province or state"), max_length=120, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_language = models.CharField(_("language of the description"), max_length=8, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    annual_sales = models.DecimalField(
        _("annual sales"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    business_capital = models.DecimalField(
        _("business capital"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Capital excluding land and buildings."),
    )
    sales_currency = models.CharField(_("currency of sales and capital"), max_length=3, blank=True)
    size_class = models.CharField(
        _("size class"), max_length=8, choices=SizeClass.choices, default=SizeClass.UNKNOWN, db_index=True
    )
    isic = models.ForeignKey(
        BusinessActivity,
        verbose_name=_("business activity (ISIC)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations_by_isic",
    )
    kbli = models.ForeignKey(
        BusinessActivity,
        verbose_name=_("business activity (KBLI)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations_by_kbli",
    )
    markets_served = models.ManyToManyField(
        Economy, verbose_name=_("markets already served"), blank=True, related_name="served_by"
    )
    verification_status = models.CharField(
        _("verification status"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.UNVERIFIED,
        db_index=True,
    )
    verified_agency = models.CharField(_("verified by agency"), max_length=200, blank=True)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Every way of creating an organisation (sign-up, admin, demo, tests) gets an address name.
        if not self.slug:
            self.slug = unique_slug(self.name)
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "slug"}
        super().save(*args, **kwargs)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED


def unique_slug(name: str, exclude_pk: int | None = None) -> str:
    """A URL-safe name for /o/<slug>/, suffixed with -2, -3 … when taken."""
    base = slugify(name)[:70] or "organisation"
    candidate, n = base, 1
    taken = Organisation.objects.all()
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    while taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_uniq")]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"


class SizeClassRule(models.Model):
    """One economy's size thresholds on one measure (e.g. Indonesia, PP 7/2021, annual sales in IDR).

    An organisation is micro up to ``micro_max``, small up to ``small_max``, medium up to ``medium_max`` and
    large above. When an economy has several rules, the lowest ``priority`` whose measure is known decides.
    Loaded from ``directory/facts/size_classes.toml``; admins may add economies.
    """

    class Measure(models.TextChoices):
        ANNUAL_SALES = "annual_sales", _("annual sales")
        BUSINESS_CAPITAL = "business_capital", _("business capital")
        EMPLOYEES = "employees", _("employees")

    economy = models.ForeignKey(Economy, on_delete=models.CASCADE, related_name="size_class_rules")
    measure = models.CharField(max_length=20, choices=Measure.choices)
    currency = models.CharField(
        max_length=3, blank=True, help_text="For money measures; empty for employees."
    )
    micro_max = models.DecimalField(max_digits=20, decimal_places=2)
    small_max = models.DecimalField(max_digits=20, decimal_places=2)
    medium_max = models.DecimalField(max_digits=20, decimal_places=2)
    priority = models.PositiveSmallIntegerField(default=1)
    legal_basis = models.CharField(max_length=300)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["economy_id", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["economy", "measure"], name="sizeclassrule_measure_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.economy_id} {self.measure} ({self.legal_basis})"


class IdentifierScheme(models.Model):
    """A kind of registration number (NIB, NPWP, UEN, ABN …) with the format it must have."""

    class Checksum(models.TextChoices):
        NONE = "", _("none")
        ABN = "abn", _("Australian Business Number")
        JP_CORPORATE = "jp-corporate", _("Japanese Corporate Number")

    code = models.SlugField(max_length=40, primary_key=True)
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="identifier_schemes")
    name = models.CharField(max_length=200)
    name_id = models.CharField(max_length=200, blank=True)
    regex = models.CharField(max_length=300, help_text="Full-match pattern for the normalised value.")
    strip = models.CharField(
        max_length=20, blank=True, default=" ", help_text="Characters removed before matching (e.g. ' .-')."
    )
    uppercase = models.BooleanField(default=False)
    checksum = models.CharField(max_length=20, choices=Checksum.choices, blank=True, default="")
    example = models.CharField(max_length=60, blank=True)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["economy_id", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.economy_id})"


class OrganisationIdentifier(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.ForeignKey(IdentifierScheme, on_delete=models.PROTECT, related_name="identifiers")
    value = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheme_id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "value"], name="organisationidentifier_value_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.value}"


class CertificationType(models.Model):
    """Halal, SNI, BPOM, PIRT, SVLK, ISO 9001 … loaded from ``facts/certification_types.toml``; admins add more."""

    code = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=200)
    name_id = models.CharField(max_length=200, blank=True)
    issuer_hint = models.CharField(max_length=300, blank=True)
    economy = models.ForeignKey(
        Economy, null=True, blank=True, on_delete=models.PROTECT, related_name="certification_types"
    )
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return self.name_id if language == "id" and self.name_id else self.name


class CertificationQuerySet(models.QuerySet["Certification"]):
    def verified(self) -> CertificationQuerySet:
        return self.filter(status=Certification.Status.VERIFIED)

    def valid_on(self, day: dt.date) -> CertificationQuerySet:
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day),
        )


class Certification(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="certifications")
    type = models.ForeignKey(
        CertificationType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="certifications"
    )
    number = models.CharField(_("certificate number"), max_length=100)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True)
    document = models.FileField(_("document"), upload_to="certifications/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["type_id", "-valid_until"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.type_id} {self.number}"

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class VerificationRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        MORE_INFO = "more_info", _("More information requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="verification_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agency = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.MORE_INFO)


class VerificationDocument(models.Model):
    request = models.ForeignKey(VerificationRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="verification/%Y/%m/")
    description = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.file.name)


class AuditEvent(models.Model):
    """Something that happened to an organisation. Kept when the organisation is deleted (with its name)."""

    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    organisation_name = models.CharField(max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=60, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.organisation_name}: {self.action}"
