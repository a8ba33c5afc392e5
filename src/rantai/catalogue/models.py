"""Products an organisation offers: what it is (HS 2022 subheading), how much, at what price, on which terms.

A product's title and description are written in one language (``language``, the original) and may be
translated (``ProductText``); ``Product.title``/``description``/``language`` always mirror the original so
search and lists need no join.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from rantai.directory.models import Certification, Organisation
from rantai.reference.models import HsCode

# Incoterms 2020: the first seven for any mode of transport, the last four for sea and inland waterway.
INCOTERMS_2020 = ("EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF")
INCOTERM_NAMES = {
    "EXW": _("Ex Works"),
    "FCA": _("Free Carrier"),
    "CPT": _("Carriage Paid To"),
    "CIP": _("Carriage and Insurance Paid To"),
    "DAP": _("Delivered at Place"),
    "DPU": _("Delivered at Place Unloaded"),
    "DDP": _("Delivered Duty Paid"),
    "FAS": _("Free Alongside Ship"),
    "FOB": _("Free on Board"),
    "CFR": _("Cost and Freight"),
    "CIF": _("Cost, Insurance and Freight"),
}

SKU_MAX_LENGTH = 64
TITLE_MAX_LENGTH = 200
QUANTITY_DIGITS = 16
QUANTITY_PLACES = 3
PRICE_DIGITS = 18
PRICE_PLACES = 2


class Unit(models.TextChoices):
    KG = "kg", _("kilogram")
    TONNE = "tonne", _("tonne")
    G = "g", _("gram")
    LITRE = "litre", _("litre")
    PIECE = "piece", _("piece")
    PAIR = "pair", _("pair")
    SET = "set", _("set")
    DOZEN = "dozen", _("dozen")
    CARTON = "carton", _("carton")
    M = "m", _("metre")
    M2 = "m2", _("square metre")
    M3 = "m3", _("cubic metre")


class ProductQuerySet(models.QuerySet["Product"]):
    def published(self) -> ProductQuerySet:
        return self.filter(status=Product.Status.PUBLISHED)


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="products"
    )
    sku = models.CharField(_("SKU"), max_length=SKU_MAX_LENGTH, help_text=_("Your own product code."))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=8, help_text=_("Language the title is written in."))
    hs = models.ForeignKey(
        HsCode, verbose_name=_("HS code"), on_delete=models.PROTECT, related_name="products"
    )
    national_line = models.CharField(_("national tariff line"), max_length=10, blank=True)
    unit = models.CharField(_("unit"), max_length=6, choices=Unit.choices)
    min_order = models.DecimalField(
        _("minimum order"), max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES, default=0
    )
    monthly_capacity = models.DecimalField(
        _("monthly capacity"), max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES, null=True, blank=True
    )
    price_min = models.DecimalField(
        _("lowest price"), max_digits=PRICE_DIGITS, decimal_places=PRICE_PLACES, null=True, blank=True
    )
    price_max = models.DecimalField(
        _("highest price"), max_digits=PRICE_DIGITS, decimal_places=PRICE_PLACES, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    incoterms = models.JSONField(_("incoterms"), default=list, blank=True)
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    certifications = models.ManyToManyField(
        Certification, verbose_name=_("certifications"), blank=True, related_name="products"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["organisation_id", "sku"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sku"], name="catalogue_product_sku_uniq"),
            models.CheckConstraint(condition=Q(min_order__gte=0), name="catalogue_product_min_order_gte_0"),
            models.CheckConstraint(
                condition=Q(monthly_capacity__isnull=True) | Q(monthly_capacity__gte=0),
                name="catalogue_product_capacity_gte_0",
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_min__gte=0), name="catalogue_product_price_min_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(price_max__isnull=True) | Q(price_max__gte=0), name="catalogue_product_price_max_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True) | Q(price_max__isnull=True) | Q(price_min__lte=F("price_max")),
                name="catalogue_product_price_range",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="catalogue_product_org_status")]

    def __str__(self) -> str:
        return f"{self.sku} {self.title}"


class ProductText(models.Model):
    """The title and description in one language; exactly one per product is the original."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    is_original = models.BooleanField(_("original text"), default=False)

    class Meta:
        verbose_name = _("product text")
        verbose_name_plural = _("product texts")
        constraints = [
            models.UniqueConstraint(fields=["product", "language"], name="catalogue_producttext_language_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.title}"


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="catalogue/photos/%Y/%m/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="catalogue/thumbnails/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product_id} #{self.position}"
