from __future__ import annotations

from django.urls import path

from rantai.web import views, views_hs

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("sources/", views.sources, name="sources"),
    path("hs/", views_hs.index, name="hs-index"),
    path("hs/search/", views_hs.search, name="hs-search"),
    path("hs/<str:code>/", views_hs.code_page, name="hs-code"),
]
