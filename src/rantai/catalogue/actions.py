"""State changes of the catalogue. Each checks that the user acts for the product's organisation, works in
one transaction, keeps the search index in step, and raises ``RantaiError`` subclasses with field errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from rantai.accounts.queries import check_can_act_for
from rantai.catalogue import search_hooks
from rantai.catalogue.bulk import sync_original_texts, upsert_products
from rantai.catalogue.errors import CatalogueImportRefused, PhotoInvalid, ProductInvalid
from rantai.catalogue.importers.spreadsheet import ImportProblem, parse_catalogue
from rantai.catalogue.models import Product, ProductPhoto, ProductText
from rantai.catalogue.photos import prepare_photo
from rantai.catalogue.rules import (
    ProductValues,
    all_hs_levels,
    cell_text,
    clean_product,
    hs_levels_for,
    language_codes,
    values_of,
)
from rantai.classify.actions import learn_from_product
from rantai.core.storage import storing_files
from rantai.directory.models import Certification, Organisation

MAX_PHOTOS_PER_PRODUCT = 10


@dataclass
class ImportReport:
    file_format: str
    rows: int
    created: int
    updated: int
    unchanged: int
    notes: list[str] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)
    updated_ids: list[int] = field(default_factory=list)


def _checked(raw: Mapping[str, Any]) -> ProductValues:
    values, problems = clean_product(raw, hs_levels_for(cell_text(raw.get("hs_code"))))
    if values is None:
        raise ProductInvalid(_("Some product details need fixing."), fields=dict(problems.by_field))
    return values


def _linkable_certifications(organisation: Organisation, raw: Mapping[str, Any]) -> list[Certification] | None:
    """The certifications named in ``raw["certifications"]`` (ids or rows), or ``None`` when not given.

    Only the organisation's own certifications that were not rejected can be linked.
    """
    if "certifications" not in raw or raw["certifications"] is None:
        return None
    wanted: set[int] = set()
    for item in raw["certifications"]:
        try:
            wanted.add(item.pk if isinstance(item, Certification) else int(item))
        except (TypeError, ValueError):
            wanted.add(-1)
    found = list(
        Certification.objects.filter(organisation=organisation, pk__in=wanted).exclude(
            status=Certification.Status.REJECTED
        )
    )
    if len(found) != len(wanted):
        message = _("Link only your organisation's own certifications that were not rejected.")
        raise ProductInvalid(message, fields={"certifications": [message]})
    return found


def _sku_taken(sku: str) -> ProductInvalid:
    message = _("You already have a product with the SKU %(sku)s.") % {"sku": sku}
    return ProductInvalid(message, fields={"sku": [message]})


def create_product(organisation: Organisation, user: Any, raw: Mapping[str, Any]) -> Product:
    """A new product (a draft unless ``status`` says published) with its original text."""
    check_can_act_for(user, organisation)
    values = _checked(raw)
    certifications = _linkable_certifications(organisation, raw)
    product = Product(organisation=organisation, status=values.status or Product.Status.DRAFT)
    values.apply_to(product)
    try:
        with transaction.atomic():
            product.save()
            if certifications:
                product.certifications.set(certifications)
            ProductText.objects.create(
                product=product,
                language=product.language,
                title=product.title,
                description=product.description,
                is_original=True,
            )
            learn_from_product(product.title, product.hs_id, user)
            search_hooks.index_products([product.pk])
    except IntegrityError:
        if Product.objects.filter(organisation=organisation, sku=values.sku).exists():
            raise _sku_taken(values.sku) from None
        raise
    return product


def update_product(product: Product, user: Any, raw: Mapping[str, Any]) -> Product:
    """Change the fields given in ``raw``; fields not given keep their values."""
    check_can_act_for(user, product.organisation)
    values = _checked({**values_of(product), **raw})
    certifications = _linkable_certifications(product.organisation, raw)
    try:
        with transaction.atomic():
            locked = Product.objects.select_for_update().get(pk=product.pk)
            changed = values.changed_fields(locked)
            links_changed = certifications is not None and {c.pk for c in certifications} != set(
                locked.certifications.values_list("pk", flat=True)
            )
            if not changed and not links_changed:
                return locked
            values.apply_to(locked)
            locked.save(update_fields=[*changed, "updated_at"])
            if certifications is not None and links_changed:
                locked.certifications.set(certifications)
            if {"title", "description", "language"} & set(changed):
                sync_original_texts([locked])
            if {"title", "hs_id"} & set(changed):
                learn_from_product(locked.title, locked.hs_id, user)
            search_hooks.index_products([locked.pk])
    except IntegrityError:
        if Product.objects.filter(organisation=product.organisation, sku=values.sku).exclude(pk=product.pk).exists():
            raise _sku_taken(values.sku) from None
        raise
    return locked


def _set_status(product: Product, user: Any, status: str) -> Product:
    check_can_act_for(user, product.organisation)
    with transaction.atomic():
        Product.objects.filter(pk=product.pk).update(status=status)
        search_hooks.index_products([product.pk])
    product.refresh_from_db()
    return product


def publish_product(product: Product, user: Any) -> Product:
    return _set_status(product, user, Product.Status.PUBLISHED)


def unpublish_product(product: Product, user: Any) -> Product:
    return _set_status(product, user, Product.Status.DRAFT)


def delete_product(product: Product, user: Any) -> None:
    check_can_act_for(user, product.organisation)
    files = [name for photo in product.photos.all() for name in (photo.image.name, photo.thumbnail.name)]
    with transaction.atomic():
        product_id = product.pk
        search_hooks.remove_products([product_id])
        product.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names: Iterable[str | None]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        if name:
            default_storage.delete(name)


def set_product_text(product: Product, user: Any, language: str, title: str, description: str = "") -> ProductText:
    """Add or replace a translation; the original text changes through ``update_product``."""
    check_can_act_for(user, product.organisation)
    language = language.strip().lower()
    title = " ".join(title.split())
    fields: dict[str, list[Any]] = {}
    if language not in language_codes():
        fields["language"] = [_("Use a two-letter ISO 639-1 language code, such as id or en.")]
    elif language == product.language:
        fields["language"] = [_("This is the product's original language; edit the product to change it.")]
    if not title:
        fields["title"] = [_("A value is required.")]
    if fields:
        raise ProductInvalid(_("Some product details need fixing."), fields=fields)
    with transaction.atomic():
        text, _created = ProductText.objects.update_or_create(
            product=product,
            language=language,
            defaults={"title": title, "description": description.strip(), "is_original": False},
        )
        search_hooks.index_products([product.pk])
    return text


def remove_product_text(product: Product, user: Any, language: str) -> None:
    check_can_act_for(user, product.organisation)
    with transaction.atomic():
        ProductText.objects.filter(product=product, language=language, is_original=False).delete()
        search_hooks.index_products([product.pk])


def add_photo(product: Product, user: Any, upload: IO[bytes], size: int | None = None) -> ProductPhoto:
    check_can_act_for(user, product.organisation)
    if product.photos.count() >= MAX_PHOTOS_PER_PRODUCT:
        message = _("A product can have at most %(count)d photos.") % {"count": MAX_PHOTOS_PER_PRODUCT}
        raise PhotoInvalid(message, fields={"image": [message]})
    prepared = prepare_photo(upload, size)
    # A failure anywhere (a full disk while writing the thumbnail, say) rolls the row back and deletes the
    # files already written; a disk error reaches the person as StorageFailed (507), not a server error.
    with storing_files("image") as stored, transaction.atomic():
        last = product.photos.aggregate(last=Max("position"))["last"]
        photo = ProductPhoto(
            product=product,
            width=prepared.width,
            height=prepared.height,
            position=0 if last is None else last + 1,
        )
        photo.image.save(prepared.image.name or "photo", prepared.image, save=False)
        stored.append(photo.image.name)
        photo.thumbnail.save(prepared.thumbnail.name or "thumb", prepared.thumbnail, save=False)
        stored.append(photo.thumbnail.name)
        photo.save()
        search_hooks.index_products([product.pk])
    return photo


def remove_photo(photo: ProductPhoto, user: Any) -> None:
    check_can_act_for(user, photo.product.organisation)
    files = [photo.image.name, photo.thumbnail.name]
    with transaction.atomic():
        photo.delete()
        search_hooks.index_products([photo.product_id])
        transaction.on_commit(lambda: _delete_files(files))


def import_catalogue(organisation: Organisation, uploaded_file: IO[bytes], user: Any) -> ImportReport:
    """Import a CSV or XLSX catalogue: every row valid and all written, or nothing written.

    Raises ``CatalogueImportRefused`` listing every problem (row, column, message) when any row is wrong.
    """
    check_can_act_for(user, organisation)
    parsed = parse_catalogue(uploaded_file, all_hs_levels())
    if parsed.problems:
        raise CatalogueImportRefused(
            _("Nothing was imported: fix the problems listed and upload the file again."), parsed.problems
        )
    with transaction.atomic():
        result = upsert_products(organisation, [row.values for row in parsed.rows])
        search_hooks.index_products(result.created + result.updated)
    return ImportReport(
        file_format=parsed.file_format,
        rows=len(parsed.rows),
        created=len(result.created),
        updated=len(result.updated),
        unchanged=result.unchanged,
        notes=parsed.notes,
        created_ids=result.created,
        updated_ids=result.updated,
    )


__all__ = [
    "ImportProblem",
    "ImportReport",
    "add_photo",
    "create_product",
    "delete_product",
    "import_catalogue",
    "publish_product",
    "remove_photo",
    "remove_product_text",
    "set_product_text",
    "unpublish_product",
    "update_product",
]
