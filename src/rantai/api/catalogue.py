"""Products: members manage their organisation's catalogue with a token; anyone reads published products.

Every change goes through ``catalogue.actions``, which answers 403 to anybody not acting for the
organisation. A refused spreadsheet import answers 400 with one ``fields`` entry per problem, keyed
``row 12: min_order``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from rantai.accounts.queries import check_can_act_for
from rantai.api.auth import TokenAuth, token_user
from rantai.catalogue import actions, exporters, queries
from rantai.catalogue.models import Product, ProductPhoto
from rantai.directory.models import Organisation

router = Router(tags=["catalogue"])
token = TokenAuth()
PAGE_MAX = 100
# Deeper than this is a crawl, not a person paging; search is the way to reach the rest.
OFFSET_MAX = 10_000


class CertificationOut(Schema):
    id: int
    type: str
    number: str
    verified: bool
    valid_until: str | None


class PhotoOut(Schema):
    id: int
    image: str
    thumbnail: str
    width: int
    height: int
    position: int


class TextOut(Schema):
    language: str
    title: str
    description: str
    is_original: bool


class ProductOut(Schema):
    id: int
    organisation: int
    sku: str
    title: str
    description: str
    language: str
    hs_code: str
    national_line: str
    unit: str
    min_order: Decimal
    monthly_capacity: Decimal | None
    price_min: Decimal | None
    price_max: Decimal | None
    currency: str
    incoterms: list[str]
    lead_time_days: int | None
    status: str
    texts: list[TextOut]
    photos: list[PhotoOut]
    certifications: list[CertificationOut]
    updated_at: str


class ProductIn(Schema):
    """Values as people write them; ``rules.clean_product`` checks them and answers per-field errors."""

    sku: str | None = None
    title: str | None = None
    description: str | None = None
    language: str | None = None
    hs_code: str | None = None
    national_line: str | None = None
    unit: str | None = None
    min_order: str | float | None = None
    monthly_capacity: str | float | None = None
    price_min: str | float | None = None
    price_max: str | float | None = None
    currency: str | None = None
    incoterms: list[str] | None = None
    lead_time_days: str | int | None = None
    status: Literal["draft", "published"] | None = None
    certifications: list[int] | None = None


class TextIn(Schema):
    title: str
    description: str = ""


class ImportReportOut(Schema):
    file_format: str
    rows: int
    created: int
    updated: int
    unchanged: int
    notes: list[str]


class ProductFilter(Schema):
    status: Literal["draft", "published"] | None = None


class PublicFilter(Schema):
    organisation: int | None = Field(None, ge=1, le=2**62)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)
    limit: int = Field(20, ge=1, le=PAGE_MAX)


class ExportFormat(Schema):
    format: Literal["csv", "xlsx"] = "xlsx"


def _optional_user(request: HttpRequest) -> Any:
    """The token's user when a valid token is sent, else ``None`` (public reads need no token)."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret:
        return None
    return token.authenticate(request, secret.strip())


def _out(product: Product) -> ProductOut:
    return ProductOut(
        id=product.pk,
        organisation=product.organisation_id,
        sku=product.sku,
        title=product.title,
        description=product.description,
        language=product.language,
        hs_code=product.hs_id,
        national_line=product.national_line,
        unit=product.unit,
        min_order=product.min_order,
        monthly_capacity=product.monthly_capacity,
        price_min=product.price_min,
        price_max=product.price_max,
        currency=product.currency,
        incoterms=list(product.incoterms),
        lead_time_days=product.lead_time_days,
        status=product.status,
        texts=[
            TextOut(language=t.language, title=t.title, description=t.description, is_original=t.is_original)
            for t in product.texts.all()
        ],
        photos=[
            PhotoOut(
                id=p.pk, image=p.image.url, thumbnail=p.thumbnail.url, width=p.width, height=p.height,
                position=p.position,
            )
            for p in product.photos.all()
        ],
        certifications=[
            CertificationOut(
                id=c.pk,
                type=c.type_id,
                number=c.number,
                verified=c.is_verified,
                valid_until=c.valid_until.isoformat() if c.valid_until else None,
            )
            for c in product.certifications.all()
        ],
        updated_at=product.updated_at.isoformat(),
    )


def _detail(product_id: int) -> Product:
    return (
        Product.objects.select_related("hs")
        .prefetch_related("texts", "photos", "certifications__type")
        .get(pk=product_id)
    )


def _own(request: HttpRequest, product_id: int) -> Product:
    """The product to change; the action answers 403 when the token's user does not act for its organisation."""
    return get_object_or_404(Product.objects.select_related("organisation"), pk=product_id)


@router.get("/organisations/{org_id}/products", response=list[ProductOut], auth=token)
def organisation_products(request: HttpRequest, org_id: int, filters: Query[ProductFilter]) -> list[ProductOut]:
    """Every product of an organisation you act for, drafts included."""
    check_can_act_for(token_user(request), get_object_or_404(Organisation, pk=org_id))
    products = queries.products_of(org_id, filters.status).prefetch_related(
        "texts", "photos", "certifications__type"
    )
    return [_out(product) for product in products]


@router.post("/organisations/{org_id}/products", response={201: ProductOut}, auth=token)
def create_product(request: HttpRequest, org_id: int, payload: ProductIn) -> Status[ProductOut]:
    organisation = get_object_or_404(Organisation, pk=org_id)
    product = actions.create_product(organisation, token_user(request), payload.dict(exclude_none=True))
    return Status(201, _out(_detail(product.pk)))


@router.get("/products", response=list[ProductOut])
def published_products(request: HttpRequest, filters: Query[PublicFilter]) -> list[ProductOut]:
    """Published products, newest first; ``?organisation=`` narrows to one supplier."""
    products = queries.published_products(filters.organisation).prefetch_related(
        "texts", "certifications__type"
    )[filters.offset : filters.offset + filters.limit]
    return [_out(product) for product in products]


@router.get("/products/{product_id}", response=ProductOut)
def product_detail(request: HttpRequest, product_id: int) -> ProductOut:
    """A published product; a draft only with a token of someone who acts for its organisation."""
    return _out(queries.visible_product(product_id, _optional_user(request)))


@router.patch("/products/{product_id}", response=ProductOut, auth=token)
def update_product(request: HttpRequest, product_id: int, payload: ProductIn) -> ProductOut:
    product = _own(request, product_id)
    actions.update_product(product, token_user(request), payload.dict(exclude_unset=True))
    return _out(_detail(product.pk))


@router.delete("/products/{product_id}", response={204: None}, auth=token)
def delete_product(request: HttpRequest, product_id: int) -> Status[None]:
    actions.delete_product(_own(request, product_id), token_user(request))
    return Status(204, None)


@router.post("/products/{product_id}/publish", response=ProductOut, auth=token)
def publish_product(request: HttpRequest, product_id: int) -> ProductOut:
    product = actions.publish_product(_own(request, product_id), token_user(request))
    return _out(_detail(product.pk))


@router.post("/products/{product_id}/unpublish", response=ProductOut, auth=token)
def unpublish_product(request: HttpRequest, product_id: int) -> ProductOut:
    product = actions.unpublish_product(_own(request, product_id), token_user(request))
    return _out(_detail(product.pk))


@router.put("/products/{product_id}/texts/{language}", response=ProductOut, auth=token)
def set_product_text(request: HttpRequest, product_id: int, language: str, payload: TextIn) -> ProductOut:
    product = _own(request, product_id)
    actions.set_product_text(product, token_user(request), language, payload.title, payload.description)
    return _out(_detail(product.pk))


@router.delete("/products/{product_id}/texts/{language}", response={204: None}, auth=token)
def remove_product_text(request: HttpRequest, product_id: int, language: str) -> Status[None]:
    actions.remove_product_text(_own(request, product_id), token_user(request), language)
    return Status(204, None)


@router.post("/products/{product_id}/photos", response={201: PhotoOut}, auth=token)
def add_photo(request: HttpRequest, product_id: int, image: File[UploadedFile]) -> Status[PhotoOut]:
    photo = actions.add_photo(_own(request, product_id), token_user(request), image, image.size)
    return Status(
        201,
        PhotoOut(
            id=photo.pk, image=photo.image.url, thumbnail=photo.thumbnail.url, width=photo.width,
            height=photo.height, position=photo.position,
        ),
    )


@router.delete("/products/{product_id}/photos/{photo_id}", response={204: None}, auth=token)
def remove_photo(request: HttpRequest, product_id: int, photo_id: int) -> Status[None]:
    product = _own(request, product_id)
    photo = get_object_or_404(ProductPhoto.objects.select_related("product__organisation"), pk=photo_id, product=product)
    actions.remove_photo(photo, token_user(request))
    return Status(204, None)


@router.post("/organisations/{org_id}/catalogue/import", response=ImportReportOut, auth=token)
def import_catalogue(request: HttpRequest, org_id: int, file: File[UploadedFile]) -> ImportReportOut:
    """Upload a CSV or XLSX catalogue: all rows are imported or none (400 with every problem)."""
    organisation = get_object_or_404(Organisation, pk=org_id)
    report = actions.import_catalogue(organisation, file, token_user(request))
    return ImportReportOut(
        file_format=report.file_format,
        rows=report.rows,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        notes=[str(note) for note in report.notes],
    )


@router.get("/organisations/{org_id}/catalogue/export", auth=token)
def export_catalogue(request: HttpRequest, org_id: int, options: Query[ExportFormat]) -> HttpResponse:
    check_can_act_for(token_user(request), get_object_or_404(Organisation, pk=org_id))
    products = queries.for_export(org_id).iterator(chunk_size=exporters.EXPORT_BATCH)
    if options.format == "csv":
        content, content_type = exporters.export_csv(products), exporters.CSV_CONTENT_TYPE
    else:
        content, content_type = exporters.export_xlsx(products), exporters.XLSX_CONTENT_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="catalogue-{org_id}.{options.format}"'
    return response


@router.get("/catalogue/template", auth=None)
def catalogue_template(request: HttpRequest, options: Query[ExportFormat]) -> HttpResponse:
    if options.format == "csv":
        response = HttpResponse(exporters.template_csv(), content_type=exporters.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(exporters.template_xlsx(), content_type=exporters.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rantai-catalogue-template.{options.format}"'
    return response

