from __future__ import annotations

from django.contrib import admin

from rantai.catalogue.models import Product, ProductPhoto, ProductText


class ProductTextInline(admin.TabularInline[ProductText, Product]):
    model = ProductText
    extra = 0


class ProductPhotoInline(admin.TabularInline[ProductPhoto, Product]):
    model = ProductPhoto
    extra = 0
    readonly_fields = ("width", "height", "thumbnail")
    fields = ("image", "thumbnail", "width", "height", "position")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin[Product]):
    list_display = ("sku", "title", "organisation", "hs", "status", "updated_at")
    list_filter = ("status", "unit", "language")
    search_fields = ("sku", "title", "organisation__name", "hs__code")
    list_select_related = ("organisation", "hs")
    raw_id_fields = ("organisation", "hs")
    filter_horizontal = ("certifications",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (ProductTextInline, ProductPhotoInline)
