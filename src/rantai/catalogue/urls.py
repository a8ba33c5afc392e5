from __future__ import annotations

from django.urls import path, re_path

from rantai.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", views.product_list, name="list"),
    path("catalogue/new/", views.product_create, name="create"),
    path("catalogue/import/", views.catalogue_import, name="import"),
    re_path(r"^catalogue/export\.(?P<file_format>csv|xlsx)$", views.catalogue_export, name="export"),
    re_path(r"^catalogue/template\.(?P<file_format>csv|xlsx)$", views.template_download, name="template"),
    path("catalogue/<int:pk>/", views.product_edit, name="edit"),
    path("catalogue/<int:pk>/delete/", views.product_delete, name="delete"),
    re_path(r"^catalogue/(?P<pk>[0-9]+)/(?P<action>publish|unpublish)/$", views.product_status, name="status"),
    path("catalogue/<int:pk>/photos/", views.photo_add, name="photo-add"),
    path("catalogue/<int:pk>/photos/<int:photo_pk>/remove/", views.photo_remove, name="photo-remove"),
    path("catalogue/<int:pk>/translations/", views.translation_save, name="translation"),
    path("p/<int:pk>/", views.product_page, name="product"),
]
