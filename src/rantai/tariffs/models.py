"""Tariff schedules as published by importing economies, their national lines mapped to HS 2022, import taxes
and the exchange rates landed cost converts with.

Conventions every reader relies on (see docs/tariffs.md):

* A ``Schedule`` applies on a date ``d`` when ``valid_from <= d`` and (``valid_to`` is null or ``d <= valid_to``);
  ``valid_to`` is the last day, inclusive. Importers set it when a newer schedule for the same economy, regime,
  agreement and partner group takes over, and older schedules stay as history. A ``valid_to`` earlier than
  ``valid_from`` means the schedule is printed in the source but not in effect at all (e.g. US GSP, which
  lapsed on 31 December 2020 and still appears in the HTS "special" column).
* ``TariffLine.rate_text`` is always the raw text of the source; the parsed fields are filled where the text
  could be read, and ``kind = OTHER`` says it could not ("see note", quota references …).
* Every line is mapped to the HS 2022 subheadings it corresponds to in ``TariffLineHs2022``.
* ``TariffDataVersion`` holds one row whose token changes in the same transaction as every change to the rows
  the rate logic keeps in memory (``tariffs.cache``), so each process sees an import at its next lookup.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from rantai.core.models import DataSource
from rantai.reference.models import Agreement, Economy, HsCode, Relationship


class Regime(models.TextChoices):
    MFN = "MFN", _("MFN applied")
    BOUND = "BOUND", _("WTO bound")
    PREF = "PREF", _("preferential")
    GSP = "GSP", _("GSP")
    TEMPORARY = "TEMPORARY", _("temporary")
    OTHER = "OTHER", _("other")


class ScheduleHsVersion(models.TextChoices):
    HS2022 = "HS2022", "HS 2022"
    HS2017 = "HS2017", "HS 2017"
    HS2012 = "HS2012", "HS 2012"
    HS2007 = "HS2007", "HS 2007"
    HS2002 = "HS2002", "HS 2002"
    HS1996 = "HS1996", "HS 1996"


class SourceFormat(models.TextChoices):
    BTKI = "btki", "BTKI (Indonesia)"
    USITC_HTS = "usitc-hts", "USITC HTS JSON"
    JP_CUSTOMS = "jp-customs", "Japan Customs tariff"
    WTO_TDF = "wto-tdf", "WTO Tariff Download Facility"
    WITS_TRAINS = "wits-trains", "WITS TRAINS tariff lines"


class Schedule(models.Model):
    """One column of one economy's tariff: MFN applied, WTO bound, or the preferential rates of one agreement
    (and partner group, where the agreement has several) for one year and HS version."""

    economy = models.ForeignKey(
        Economy,
        on_delete=models.PROTECT,
        related_name="tariff_schedules",
        verbose_name=_("importing economy"),
    )
    regime = models.CharField(_("regime"), max_length=10, choices=Regime.choices)
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tariff_schedules",
        verbose_name=_("agreement"),
    )
    partner_group = models.CharField(
        _("partner group"),
        max_length=80,
        blank=True,
        help_text=_(
            "The source's name for the partners a column applies to, e.g. RCEP 'CHN' or a TDF regime."
        ),
    )
    partners = models.ManyToManyField(
        Economy,
        blank=True,
        related_name="+",
        verbose_name=_("origins"),
        help_text=_("The origins a preferential schedule applies to."),
    )
    label = models.CharField(_("label"), max_length=200, blank=True, help_text=_("The source's column name."))
    year = models.PositiveSmallIntegerField(_("year"))
    hs_version = models.CharField(_("HS version"), max_length=6, choices=ScheduleHsVersion.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day, inclusive."))
    note = models.TextField(_("note"), blank=True)
    source = models.ForeignKey(
        DataSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("source")
    )
    publisher = models.CharField(_("publisher"), max_length=300)
    format = models.CharField(_("format"), max_length=20, choices=SourceFormat.choices)

    class Meta:
        indexes = [models.Index(fields=["economy", "regime", "valid_from"], name="schedule_econ_regime_idx")]
        ordering = ["economy_id", "regime", "partner_group", "valid_from"]
        verbose_name = _("tariff schedule")
        verbose_name_plural = _("tariff schedules")

    def __str__(self) -> str:
        parts = [self.economy_id, self.get_regime_display(), self.partner_group, str(self.year)]
        if self.agreement is not None:
            parts.insert(2, self.agreement.short_name)
        return " ".join(str(p) for p in parts if p)


class RateKind(models.TextChoices):
    FREE = "FREE", _("free")
    AD_VALOREM = "AD_VALOREM", _("ad valorem")
    SPECIFIC = "SPECIFIC", _("specific")
    COMPOUND = "COMPOUND", _("compound")
    MIXED_MAX = "MIXED_MAX", _("the higher of ad valorem and specific")
    MIXED_MIN = "MIXED_MIN", _("the lower of ad valorem and specific")
    OTHER = "OTHER", _("other (not parsed)")


class TariffLine(models.Model):
    """One national tariff line of a schedule with its rate as printed and as parsed."""

    # No index of its own: ``tariffline_sched_hs6_idx`` starts with it, and every import writes 10⁵ lines.
    schedule = models.ForeignKey(Schedule, on_delete=models.CASCADE, related_name="lines", db_index=False)
    national_code = models.CharField(
        _("national code"),
        max_length=12,
        help_text=_("8 to 10 digits without dots; 6 where the source is HS6."),
    )
    hs6 = models.CharField(_("HS subheading"), max_length=6, help_text=_("In the schedule's own HS version."))
    description = models.TextField(_("description"), blank=True)
    rate_text = models.CharField(_("rate as printed"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=RateKind.choices)
    ad_valorem = models.DecimalField(
        _("ad valorem (%)"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    specific_amount = models.DecimalField(
        _("specific amount"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    specific_currency = models.CharField(_("specific currency"), max_length=3, blank=True)
    specific_unit = models.CharField(_("specific unit"), max_length=12, blank=True)
    specific_per = models.DecimalField(_("per"), max_digits=12, decimal_places=3, default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    line_no = models.PositiveIntegerField(_("source line"))

    class Meta:
        indexes = [models.Index(fields=["schedule", "hs6"], name="tariffline_sched_hs6_idx")]
        verbose_name = _("tariff line")
        verbose_name_plural = _("tariff lines")

    def __str__(self) -> str:
        return f"{self.national_code} {self.rate_text}"


class TariffLineHs2022(models.Model):
    """The HS 2022 subheadings a tariff line corresponds to (through UNSD correlations for older versions)."""

    line = models.ForeignKey(TariffLine, on_delete=models.CASCADE, related_name="hs2022_links")
    # Indexed once, by ``tlhs2022_hs_idx`` (the foreign key's own index would be a second copy of it).
    hs2022 = models.ForeignKey(HsCode, on_delete=models.PROTECT, related_name="+", db_index=False)
    relationship = models.CharField(max_length=3, choices=Relationship.choices)

    class Meta:
        indexes = [models.Index(fields=["hs2022"], name="tlhs2022_hs_idx")]

    def __str__(self) -> str:
        return f"{self.line_id} → {self.hs2022_id} ({self.relationship})"


class LineTax(models.Model):
    """An import tax printed per national line (BTKI's PPN and PPnBM), beside the duty."""

    line = models.ForeignKey(TariffLine, on_delete=models.CASCADE, related_name="taxes")
    tax = models.CharField(_("tax code"), max_length=12)
    rate = models.DecimalField(_("rate (%)"), max_digits=9, decimal_places=4, null=True, blank=True)
    rate_text = models.CharField(_("rate as printed"), max_length=100)

    class Meta:
        indexes = [models.Index(fields=["line", "tax"], name="linetax_line_tax_idx")]

    def __str__(self) -> str:
        return f"{self.tax} {self.rate_text}"


class TaxBasis(models.TextChoices):
    CUSTOMS_VALUE = "customs_value", _("customs value")
    CUSTOMS_VALUE_PLUS_DUTY = "customs_value_plus_duty", _("customs value plus duty")
    CUSTOMS_VALUE_PLUS_DUTY_PLUS_EXCISE = (
        "customs_value_plus_duty_plus_excise",
        _("customs value plus duty plus excise"),
    )


class ImportTax(models.Model):
    """A tax collected at import besides the duty (VAT/GST, luxury tax, income-tax prepayment …)."""

    economy = models.ForeignKey(Economy, on_delete=models.PROTECT, related_name="import_taxes")
    tax = models.CharField(_("tax code"), max_length=12, help_text=_("PPN, PPNBM, PPH22, GST, VAT, IVA …"))
    name = models.CharField(_("name"), max_length=200)
    rate = models.DecimalField(_("rate (%)"), max_digits=9, decimal_places=4)
    basis = models.CharField(_("basis"), max_length=40, choices=TaxBasis.choices)
    hs_prefix = models.CharField(_("HS prefix"), max_length=10, blank=True, help_text=_("Blank: all goods."))
    conditions = models.TextField(_("conditions"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["economy", "tax"], name="importtax_econ_tax_idx")]
        verbose_name = _("import tax")
        verbose_name_plural = _("import taxes")

    def __str__(self) -> str:
        return f"{self.economy_id} {self.tax} {self.rate}%"


class ExchangeRate(models.Model):
    """Units of a currency per US dollar on a date, from an uploaded table."""

    currency = models.CharField(_("currency"), max_length=3)
    per_usd = models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=8)
    on = models.DateField(_("date"))
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["currency", "on", "source"], name="exchangerate_cur_on_src_uniq")
        ]
        indexes = [models.Index(fields=["currency", "on"], name="exchangerate_cur_on_idx")]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")

    def __str__(self) -> str:
        return f"{self.currency} {self.per_usd} per USD on {self.on}"


class TariffDataVersion(models.Model):
    """One row (``id = 1``) whose ``token`` is replaced, in the same transaction, by every change to the rows the
    rate logic keeps in each process's memory: schedules and their partners, economies, agreements and their
    parties, and the sources they cite (see ``tariffs.cache``). A fresh random token, never a counter: a token
    that a rolled-back transaction wrote is never written again, so it cannot name other data later."""

    id = models.PositiveSmallIntegerField(primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"tariff data {self.token[:8]} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
