"""Search documents: one denormalised row per published product and per organisation.

Searches read only these tables (and the full-text index over them), never the catalogue joins. The
``*_terms`` columns hold the stemmed terms of ``rantai.search.text``; ``facet_terms`` holds one token per
filter value (economy, HS prefixes, certifications, size, kind, verified), so a text search intersects its
filters inside the full-text index instead of checking rows one by one. Rows are written only by
``rantai.search.indexing``.

Documents hold plain ids, not foreign keys: deleting a product or an organisation must not wait on the index,
and the index is rebuilt from the catalogue at any time (``rantai search rebuild``).
"""

from __future__ import annotations

from django.db import models

QUANTITY_DIGITS, QUANTITY_PLACES = 16, 3  # as catalogue.Product


class ProductDocument(models.Model):
    # ``id`` equals ``product_id``: one number names the product, its document and its full-text row.
    id = models.BigAutoField(primary_key=True)
    product_id = models.BigIntegerField(unique=True)
    organisation_id = models.BigIntegerField(db_index=True)
    economy = models.CharField(max_length=3)
    hs6 = models.CharField(max_length=6)
    hs4 = models.CharField(max_length=4)
    hs2 = models.CharField(max_length=2)
    verified = models.BooleanField(default=False)
    size_class = models.CharField(max_length=8)
    kind = models.CharField(max_length=5)
    min_order = models.DecimalField(max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES)
    monthly_capacity = models.DecimalField(
        max_digits=QUANTITY_DIGITS, decimal_places=QUANTITY_PLACES, null=True
    )
    unit = models.CharField(max_length=6)
    cert_codes = models.CharField(max_length=300, help_text="Space-delimited, with a space at each end.")
    title = models.CharField(max_length=200)
    language = models.CharField(max_length=8)
    organisation_name = models.CharField(max_length=200)
    organisation_slug = models.CharField(max_length=80)
    city = models.CharField(max_length=120)
    updated_at = models.DateTimeField()
    title_terms = models.TextField()
    body_terms = models.TextField()
    hs_terms = models.TextField()
    facet_terms = models.TextField()

    class Meta:
        # Filter-only searches sort by verified, then recency; each index serves one common first filter.
        indexes = [
            models.Index(fields=["verified", "updated_at", "id"], name="search_pdoc_recent"),
            models.Index(fields=["economy", "verified", "updated_at", "id"], name="search_pdoc_economy"),
            models.Index(fields=["hs2", "verified", "updated_at", "id"], name="search_pdoc_hs2"),
            models.Index(fields=["hs4", "verified", "updated_at", "id"], name="search_pdoc_hs4"),
            models.Index(fields=["hs6", "verified", "updated_at", "id"], name="search_pdoc_hs6"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.title}"

    @property
    def certifications(self) -> list[str]:
        return self.cert_codes.split()


class SupplierDocument(models.Model):
    # ``id`` equals ``organisation_id``.
    id = models.BigAutoField(primary_key=True)
    organisation_id = models.BigIntegerField(unique=True)
    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=80)
    economy = models.CharField(max_length=3)
    province = models.CharField(max_length=120)
    city = models.CharField(max_length=120)
    verified = models.BooleanField(default=False)
    verified_agency = models.CharField(max_length=200)
    verified_at = models.DateTimeField(null=True)
    size_class = models.CharField(max_length=8)
    kind = models.CharField(max_length=5)
    cert_codes = models.CharField(max_length=300)
    product_count = models.PositiveIntegerField(default=0)
    hs_codes = models.CharField(max_length=300, help_text="Up to 20 of its products' subheadings.")
    updated_at = models.DateTimeField()
    title_terms = models.TextField()
    body_terms = models.TextField()
    hs_terms = models.TextField()
    facet_terms = models.TextField()

    class Meta:
        indexes = [
            models.Index(fields=["verified", "updated_at", "id"], name="search_sdoc_recent"),
            models.Index(fields=["economy", "verified", "updated_at", "id"], name="search_sdoc_economy"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def certifications(self) -> list[str]:
        return self.cert_codes.split()

    @property
    def hs_list(self) -> list[str]:
        return self.hs_codes.split()
