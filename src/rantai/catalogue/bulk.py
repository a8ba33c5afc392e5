"""Write many checked products at once, idempotent by (organisation, SKU).

One query loads the organisation's products; new ones are inserted and changed ones updated in batches; a
row equal to what is stored is not touched, so importing the same file twice changes nothing. The caller
holds the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from rantai.catalogue.models import Product, ProductText
from rantai.catalogue.rules import ProductValues
from rantai.directory.models import Organisation

BATCH_SIZE = 1000
# Products per statement when syncing texts: keeps OR-chains and IN-lists well inside SQLite's limits.
TEXT_CHUNK = 200


@dataclass
class UpsertResult:
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: int = 0


def upsert_products(organisation: Organisation, rows: Sequence[ProductValues]) -> UpsertResult:
    result = UpsertResult()
    stored = {product.sku: product for product in Product.objects.filter(organisation=organisation)}
    now = timezone.now()
    to_create: list[Product] = []
    to_update: list[Product] = []
    update_fields: set[str] = set()
    texts_changed: list[Product] = []
    for values in rows:
        product = stored.get(values.sku)
        if product is None:
            product = Product(organisation=organisation, status=values.status or Product.Status.DRAFT)
            values.apply_to(product)
            product.created_at = product.updated_at = now
            to_create.append(product)
            continue
        changed = values.changed_fields(product)
        if not changed:
            result.unchanged += 1
            continue
        values.apply_to(product)
        product.updated_at = now
        to_update.append(product)
        update_fields.update(changed)
        if {"title", "description", "language"} & set(changed):
            texts_changed.append(product)

    if to_create:
        Product.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if any(product.pk is None for product in to_create):
            # Databases that cannot return ids from a bulk insert: read them back by SKU.
            ids = dict(Product.objects.filter(organisation=organisation).values_list("sku", "pk"))
            for product in to_create:
                product.pk = ids[product.sku]
        ProductText.objects.bulk_create(
            [
                ProductText(
                    product=product,
                    language=product.language,
                    title=product.title,
                    description=product.description,
                    is_original=True,
                )
                for product in to_create
            ],
            batch_size=BATCH_SIZE,
        )
        result.created = [product.pk for product in to_create]
    if to_update:
        Product.objects.bulk_update(to_update, sorted(update_fields | {"updated_at"}), batch_size=BATCH_SIZE)
        result.updated = [product.pk for product in to_update]
    if texts_changed:
        sync_original_texts(texts_changed)
    return result


def sync_original_texts(products: Sequence[Product]) -> None:
    """Make each product's original ``ProductText`` mirror its title, description and language.

    A translation already in the new original language gives way to the original (it would translate the
    product into the language it is written in). Works in chunks so no statement has too many parameters.
    """
    for start in range(0, len(products), TEXT_CHUNK):
        _sync_chunk(products[start : start + TEXT_CHUNK])


def _sync_chunk(products: Sequence[Product]) -> None:
    by_id = {product.pk: product for product in products}
    clashes = Q()
    for product in products:
        clashes |= Q(product_id=product.pk, language=product.language, is_original=False)
    ProductText.objects.filter(clashes).delete()
    originals = list(ProductText.objects.filter(product_id__in=list(by_id), is_original=True))
    has_original = set()
    for text in originals:
        product = by_id[text.product_id]
        text.language, text.title, text.description = product.language, product.title, product.description
        has_original.add(text.product_id)
    ProductText.objects.bulk_update(originals, ["language", "title", "description"])
    ProductText.objects.bulk_create(
        [
            ProductText(
                product=product,
                language=product.language,
                title=product.title,
                description=product.description,
                is_original=True,
            )
            for product_id, product in by_id.items()
            if product_id not in has_original
        ]
    )
