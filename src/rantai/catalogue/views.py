"""Catalogue pages: members manage their products; anyone reads a published product at /p/<id>/.

Views shape input and call ``catalogue.actions``; who may act is decided there (403 for anybody who does
not act for the organisation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rantai.accounts.queries import can_act_for, memberships_of
from rantai.catalogue import actions, exporters, queries
from rantai.catalogue.errors import CatalogueImportRefused
from rantai.catalogue.forms import STATUS_FILTER, ImportForm, PhotoForm, ProductForm, TranslationForm
from rantai.catalogue.models import INCOTERM_NAMES, Product, ProductPhoto
from rantai.catalogue.rules import values_of
from rantai.core.errors import NotFound, RantaiError
from rantai.directory.models import Organisation
from rantai.tariffs.ranking import rank_destinations


def _organisation(request: HttpRequest) -> Organisation:
    """The organisation named by ``?org=`` (or the only one the user belongs to); 403 for anybody else's."""
    wanted = request.POST.get("org") or request.GET.get("org")
    if wanted:
        try:
            organisation = Organisation.objects.get(pk=int(wanted))
        except (ValueError, Organisation.DoesNotExist):
            raise Http404 from None
    else:
        memberships = memberships_of(request.user)
        if not memberships:
            raise PermissionDenied(_("You are not a member of any organisation."))
        organisation = memberships[0].organisation
    if not can_act_for(request.user, organisation):
        raise PermissionDenied(_("You are not a member of this organisation."))
    return organisation


def _own_product(request: HttpRequest, pk: int) -> Product:
    product = get_object_or_404(Product.objects.select_related("organisation", "hs"), pk=pk)
    if not can_act_for(request.user, product.organisation):
        raise PermissionDenied(_("You are not a member of this organisation."))
    return product


def _forbidden_if_403(exc: RantaiError) -> None:
    if exc.status == 403:
        raise PermissionDenied(str(exc.message)) from exc


def _list_url(organisation: Organisation) -> str:
    return f"{reverse('catalogue:list')}?org={organisation.pk}"


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    status = request.GET.get("status", "")
    if status not in Product.Status.values:
        status = ""
    return render(
        request,
        "catalogue/list.html",
        {
            "organisation": organisation,
            "organisations": [m.organisation for m in memberships_of(request.user)],
            "products": queries.products_of(organisation.pk, status or None).prefetch_related("photos"),
            "status": status,
            "status_choices": STATUS_FILTER,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest) -> HttpResponseBase:
    organisation = _organisation(request)
    if request.method == "POST":
        form = ProductForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                product = actions.create_product(organisation, request.user, form.cleaned_data)
            except RantaiError as exc:
                _forbidden_if_403(exc)
                form.add_rule_errors(exc.fields or {"__all__": [exc.message]})
            else:
                messages.success(request, _("The product was saved as a draft."))
                return redirect("catalogue:edit", pk=product.pk)
    else:
        form = ProductForm(
            organisation=organisation, initial={"language": translation.get_language(), "min_order": "0"}
        )
    return render(
        request, "catalogue/form.html", {"form": form, "organisation": organisation, "product": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    product = _own_product(request, pk)
    organisation = product.organisation
    if request.method == "POST":
        form = ProductForm(request.POST, organisation=organisation)
        if form.is_valid():
            try:
                actions.update_product(product, request.user, form.cleaned_data)
            except RantaiError as exc:
                _forbidden_if_403(exc)
                form.add_rule_errors(exc.fields or {"__all__": [exc.message]})
            else:
                messages.success(request, _("Your changes were saved."))
                return redirect("catalogue:edit", pk=product.pk)
    else:
        initial = values_of(product)
        initial["certifications"] = list(product.certifications.values_list("pk", flat=True))
        form = ProductForm(organisation=organisation, initial=initial)
    return render(
        request,
        "catalogue/form.html",
        {
            "form": form,
            "organisation": organisation,
            "product": product,
            "photos": product.photos.all(),
            "translations": product.texts.filter(is_original=False).order_by("language"),
            "photo_form": PhotoForm(),
            "translation_form": TranslationForm(),
            **_markets(product),
        },
    )


def _markets(product: Product) -> dict[str, Any]:
    """The "where can I sell this?" ranking for the owner: APEC markets by the duty this product pays."""
    context: dict[str, Any] = {"origin": product.organisation.economy_id, "hs": product.hs_id}
    try:
        context["ranks"] = rank_destinations(product.organisation.economy_id, product.hs_id, dt.date.today())
    except RantaiError as exc:
        context["error"] = str(exc.message)
    return context


@login_required
@require_POST
def product_status(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    product = _own_product(request, pk)
    try:
        if action == "publish":
            actions.publish_product(product, request.user)
            messages.success(request, _("The product is published; buyers can see it."))
        else:
            actions.unpublish_product(product, request.user)
            messages.success(request, _("The product is a draft again; only your organisation sees it."))
    except RantaiError as exc:
        _forbidden_if_403(exc)
        messages.error(request, str(exc.message))
    return redirect("catalogue:edit", pk=product.pk)


@login_required
@require_POST
def product_delete(request: HttpRequest, pk: int) -> HttpResponseBase:
    product = _own_product(request, pk)
    organisation = product.organisation
    try:
        actions.delete_product(product, request.user)
    except RantaiError as exc:
        _forbidden_if_403(exc)
        messages.error(request, str(exc.message))
        return redirect("catalogue:edit", pk=pk)
    messages.success(request, _("The product was deleted."))
    return redirect(_list_url(organisation))


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int) -> HttpResponseBase:
    product = _own_product(request, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["image"]
        try:
            actions.add_photo(product, request.user, upload, upload.size)
        except RantaiError as exc:
            _forbidden_if_403(exc)
            for message in exc.fields.get("image", [exc.message]):
                form.add_error("image", str(message))
        else:
            messages.success(request, _("The photo was added."))
            return redirect("catalogue:edit", pk=product.pk)
    response = render(
        request,
        "catalogue/photo_error.html",
        {"product": product, "photo_form": form},
        status=400,
    )
    return response


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponseBase:
    product = _own_product(request, pk)
    photo = get_object_or_404(ProductPhoto, pk=photo_pk, product=product)
    try:
        actions.remove_photo(photo, request.user)
    except RantaiError as exc:
        _forbidden_if_403(exc)
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The photo was removed."))
    return redirect("catalogue:edit", pk=product.pk)


@login_required
@require_POST
def translation_save(request: HttpRequest, pk: int) -> HttpResponseBase:
    product = _own_product(request, pk)
    form = TranslationForm(request.POST)
    if form.is_valid():
        try:
            actions.set_product_text(
                product,
                request.user,
                form.cleaned_data["language"],
                form.cleaned_data["title"],
                form.cleaned_data["description"],
            )
        except RantaiError as exc:
            _forbidden_if_403(exc)
            for msgs in exc.fields.values():
                for message in msgs:
                    messages.error(request, str(message))
        else:
            messages.success(request, _("The translation was saved."))
    else:
        messages.error(request, _("Give the language and the title of the translation."))
    return redirect("catalogue:edit", pk=product.pk)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    context: dict[str, Any] = {"organisation": organisation}
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                context["report"] = actions.import_catalogue(
                    organisation, form.cleaned_data["file"], request.user
                )
            except CatalogueImportRefused as exc:
                context["refused"] = exc
                status = 400
            except RantaiError as exc:
                _forbidden_if_403(exc)
                form.add_error("file", str(exc.message))
                status = 400
    else:
        form = ImportForm()
    context["form"] = form
    return render(request, "catalogue/import.html", context, status=status)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def catalogue_export(request: HttpRequest, file_format: str) -> HttpResponse:
    organisation = _organisation(request)
    products = queries.for_export(organisation.pk).iterator(chunk_size=exporters.EXPORT_BATCH)
    name = f"catalogue-{organisation.pk}.{file_format}"
    if file_format == "xlsx":
        return _download(exporters.export_xlsx(products), name, exporters.XLSX_CONTENT_TYPE)
    return _download(exporters.export_csv(products), name, exporters.CSV_CONTENT_TYPE)


@require_GET
def template_download(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format == "xlsx":
        return _download(
            exporters.template_xlsx(), "rantai-catalogue-template.xlsx", exporters.XLSX_CONTENT_TYPE
        )
    return _download(exporters.template_csv(), "rantai-catalogue-template.csv", exporters.CSV_CONTENT_TYPE)


@require_GET
def product_page(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        product = queries.visible_product(pk, request.user)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    language = translation.get_language() or "en"
    certifications = list(product.certifications.all())
    return render(
        request,
        "catalogue/product.html",
        {
            "product": product,
            "text": queries.text_for(product, language),
            "photos": product.photos.all(),
            "certifications": certifications,
            "incoterms": [
                (rule, INCOTERM_NAMES[rule]) for rule in product.incoterms if rule in INCOTERM_NAMES
            ],
            "supplier": product.organisation,
            "is_member": can_act_for(request.user, product.organisation),
            **_markets(product),
        },
    )
