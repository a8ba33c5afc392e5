"""Reference data every capability reads: economies, the HS nomenclature and its correlations,
trade agreements with their parties, and essential-goods lists. Each row names its ``DataSource``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rantai.core.models import DataSource


class ValuationBasis(models.TextChoices):
    CIF = "CIF", _("CIF (cost, insurance and freight)")
    FOB = "FOB", _("FOB (free on board)")


class Economy(models.Model):
    """An ISO 3166 country or territory; the 21 APEC members carry their trade facts."""

    iso3 = models.CharField(max_length=3, primary_key=True)
    iso2 = models.CharField(max_length=2, unique=True)
    iso_numeric = models.CharField(max_length=3, unique=True)
    name_en = models.CharField(max_length=200)
    name_id = models.CharField(max_length=200)
    apec_name = models.CharField(max_length=200, blank=True, help_text="Name used in APEC, e.g. 'Chinese Taipei'.")
    is_apec = models.BooleanField(default=False, db_index=True)
    currency = models.CharField(max_length=3, blank=True)
    languages = models.JSONField(default=list, blank=True)
    vat_name = models.CharField(max_length=40, blank=True, help_text="GST, VAT, PPN, IVA, IGV …")
    vat_rate = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="Standard rate in percent."
    )
    vat_note = models.CharField(max_length=300, blank=True)
    valuation_basis = models.CharField(max_length=3, choices=ValuationBasis.choices, blank=True)
    facts_need_verification = models.BooleanField(
        default=False, help_text="A fact here is a starting value an official should confirm."
    )
    facts_as_of = models.DateField(null=True, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "economies"

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.apec_name or self.name_en


class HsLevel(models.TextChoices):
    SECTION = "section", _("Section")
    CHAPTER = "chapter", _("Chapter")
    HEADING = "heading", _("Heading")
    SUBHEADING = "subheading", _("Subheading")


class HsCode(models.Model):
    """A node of the HS 2022 nomenclature: section (roman numeral), chapter (2), heading (4), subheading (6)."""

    code = models.CharField(max_length=6, primary_key=True)
    level = models.CharField(max_length=10, choices=HsLevel.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    section = models.CharField(max_length=5, db_index=True, help_text="Roman numeral of the section.")
    description = models.TextField()
    description_id = models.TextField(blank=True, help_text="Indonesian description, where one is loaded.")
    position = models.PositiveIntegerField(default=0, help_text="Order within the nomenclature.")
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"


class HsVersion(models.TextChoices):
    HS1996 = "HS1996", "HS 1996"
    HS2002 = "HS2002", "HS 2002"
    HS2007 = "HS2007", "HS 2007"
    HS2012 = "HS2012", "HS 2012"
    HS2017 = "HS2017", "HS 2017"


class Relationship(models.TextChoices):
    ONE_TO_ONE = "1:1", _("one to one")
    ONE_TO_MANY = "1:n", _("one HS 2022 code to several older codes")
    MANY_TO_ONE = "n:1", _("several HS 2022 codes to one older code")
    MANY_TO_MANY = "n:n", _("several to several")


class HsCorrelation(models.Model):
    """One row of a UNSD correlation table between an HS 2022 subheading and an older-version code."""

    hs2022 = models.ForeignKey(HsCode, on_delete=models.CASCADE, related_name="correlations")
    other_version = models.CharField(max_length=6, choices=HsVersion.choices)
    other_code = models.CharField(max_length=6, db_index=True)
    relationship = models.CharField(max_length=3, choices=Relationship.choices)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["hs2022", "other_version", "other_code"], name="hscorrelation_pair_uniq"
            )
        ]
        indexes = [models.Index(fields=["other_version", "other_code"], name="hscorr_other_idx")]

    def __str__(self) -> str:
        return f"{self.hs2022_id} ~ {self.other_version} {self.other_code} ({self.relationship})"


class Agreement(models.Model):
    """A trade agreement (FTA, EPA, customs union) and the proof of origin it asks for."""

    code = models.SlugField(max_length=60, unique=True, help_text="Short stable code, e.g. 'rcep', 'ijepa'.")
    short_name = models.CharField(max_length=80)
    name = models.CharField(max_length=300)
    signed_on = models.DateField(null=True, blank=True)
    origin_document = models.CharField(max_length=200, blank=True, help_text="e.g. 'Form D (e-Form D)'.")
    notes = models.TextField(blank=True)
    desta_number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    facts_need_verification = models.BooleanField(default=False)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="agreement_parties")
    in_force_on = models.DateField(null=True, blank=True, help_text="Entry into force for this party.")
    withdrawn_on = models.DateField(null=True, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "economy"], name="agreementparty_uniq")
        ]
        verbose_name_plural = "agreement parties"

    def __str__(self) -> str:
        return f"{self.agreement} — {self.economy_id}"


class EssentialCategory(models.TextChoices):
    VACCINES = "vaccines", _("Vaccines")
    VACCINE_INPUTS = "vaccine_inputs", _("Vaccine inputs and cold chain")
    DIAGNOSTICS = "diagnostics", _("Diagnostics")
    PROTECTIVE = "protective", _("Protective equipment")
    DEVICES = "devices", _("Medical devices")
    MEDICINES = "medicines", _("Medicines")
    DISINFECTANTS = "disinfectants", _("Disinfectants")
    OXYGEN = "oxygen", _("Oxygen and oxygen therapy")


class EssentialGoodsList(models.Model):
    """A published list of essential goods (ours, WCO/WHO, GTA …)."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=300)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.name


class EssentialGood(models.Model):
    """One HS 2022 subheading on an essential-goods list, with the code as the list gave it."""

    goods_list = models.ForeignKey(EssentialGoodsList, on_delete=models.CASCADE, related_name="items")
    hs = models.ForeignKey(HsCode, on_delete=models.PROTECT, related_name="essential_goods")
    category = models.CharField(max_length=20, choices=EssentialCategory.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    listed_code = models.CharField(max_length=12, help_text="The code as written in the list.")
    listed_version = models.CharField(max_length=6, help_text="HS version the list used.")
    relationship = models.CharField(max_length=3, choices=Relationship.choices, default="1:1")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["goods_list", "hs", "category"], name="essentialgood_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.hs_id} on {self.goods_list}"


class NationalLine(models.Model):
    """One national tariff line (8 to 10 digits) under an HS 2022 subheading, in the economy's own language.

    Loaded from a national nomenclature (Indonesia's BTKI 2022, Viet Nam's AHTN …); the HS classification
    assistant adds its words to what it knows of ``hs6`` and lists these lines under its suggestions.
    """

    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="national_lines")
    code = models.CharField(max_length=10, help_text="8 to 10 digits, no dots.")
    hs6 = models.ForeignKey(HsCode, on_delete=models.PROTECT, related_name="national_lines")
    description = models.TextField(help_text="In the national language.")
    description_en = models.TextField(blank=True)
    language = models.CharField(max_length=8, help_text="Language of the description: id, vi …")
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["economy", "code"], name="nationalline_uniq")]
        indexes = [models.Index(fields=["economy", "hs6"], name="nationalline_economy_hs6")]

    def __str__(self) -> str:
        return f"{self.economy_id} {self.code}"
