"""Organisations and products for search tests, indexed the way the catalogue and directory index them."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from rantai.catalogue.models import Product, ProductText
from rantai.directory.models import Certification, CertificationType, Organisation
from rantai.search import indexing

_sku = itertools.count(1)


def make_org(name: str = "Kopi Gayo Lestari", economy: str = "IDN", **fields: Any) -> Organisation:
    fields.setdefault("kind", Organisation.Kind.MSME)
    fields.setdefault("city", "Takengon")
    org = Organisation.objects.create(name=name, economy_id=economy, **fields)
    indexing.index_organisation(org.id)
    return org


def certify(org: Organisation, code: str, status: str = Certification.Status.VERIFIED) -> Certification:
    CertificationType.objects.get_or_create(code=code, defaults={"name": code.upper()})
    return Certification.objects.create(
        organisation=org, type_id=code, number=f"{code}-{org.id}", status=status
    )


def make_product(
    org: Organisation,
    title: str,
    hs: str = "090111",
    *,
    language: str = "id",
    description: str = "",
    status: str = Product.Status.PUBLISHED,
    min_order: str = "10",
    capacity: str | None = "1000",
    certifications: list[Certification] | None = None,
    translations: dict[str, str] | None = None,
) -> Product:
    product = Product.objects.create(
        organisation=org,
        sku=f"SKU-{next(_sku)}",
        title=title,
        description=description,
        language=language,
        hs_id=hs,
        unit="kg",
        min_order=Decimal(min_order),
        monthly_capacity=Decimal(capacity) if capacity is not None else None,
        status=status,
    )
    ProductText.objects.create(
        product=product, language=language, title=title, description=description, is_original=True
    )
    for other, text in (translations or {}).items():
        ProductText.objects.create(product=product, language=other, title=text)
    if certifications:
        product.certifications.set(certifications)
    indexing.index_products([product.id])
    return product
