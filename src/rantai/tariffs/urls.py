from __future__ import annotations

from django.urls import path

from rantai.tariffs import views

app_name = "tariffs"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("landed-cost/", views.landed_cost_page, name="landed-cost"),
    path("markets/", views.markets_panel, name="markets-panel"),
]
