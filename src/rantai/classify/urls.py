from __future__ import annotations

from django.urls import path

from rantai.classify import views

app_name = "classify"
urlpatterns = [
    path("", views.classify_page, name="page"),
    path("suggest/", views.suggest_fragment, name="suggest"),
    path("rulings/", views.record_ruling_view, name="ruling"),
]
