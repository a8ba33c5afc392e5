"""Reads over the catalogue shared by the pages, the API and the exporters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from rantai.accounts.queries import can_act_for
from rantai.catalogue.models import Product, ProductText
from rantai.core.errors import NotFound
from rantai.directory.models import Certification


@dataclass(frozen=True)
class ShownText:
    """The title and description a reader gets: their language when translated, else the original."""

    title: str
    description: str
    language: str
    is_original: bool
    translated: bool  # True when this is a translation into the reader's language


def products_of(organisation_id: int, status: str | None = None) -> QuerySet[Product]:
    queryset = Product.objects.filter(organisation_id=organisation_id).select_related("hs")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("sku")


def for_export(organisation_id: int) -> QuerySet[Product]:
    # iterator() streams large catalogues instead of holding every row at once.
    return Product.objects.filter(organisation_id=organisation_id).order_by("sku")


def _detail_queryset() -> QuerySet[Product]:
    return Product.objects.select_related("hs", "organisation", "organisation__economy").prefetch_related(
        "photos",
        "texts",
        Prefetch("certifications", queryset=Certification.objects.select_related("type").order_by("type_id")),
    )


def visible_product(product_id: int, user: Any) -> Product:
    """A published product for anyone; a draft only for people who act for its organisation."""
    product = _detail_queryset().filter(pk=product_id).first()
    if product is None or (product.status != Product.Status.PUBLISHED and not can_act_for(user, product.organisation)):
        raise NotFound(_("There is no published product with this number."))
    return product


def published_products(organisation_id: int | None = None) -> QuerySet[Product]:
    queryset = Product.objects.published().select_related("hs", "organisation").prefetch_related("photos")
    if organisation_id is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    return queryset.order_by("-updated_at", "pk")


def text_for(product: Product, language: str) -> ShownText:
    texts: list[ProductText] = list(product.texts.all())
    for text in texts:
        if text.language == language:
            return ShownText(text.title, text.description, text.language, text.is_original, not text.is_original)
    return ShownText(product.title, product.description, product.language, True, False)

