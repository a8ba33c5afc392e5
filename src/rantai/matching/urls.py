from __future__ import annotations

from django.urls import path

from rantai.matching import views

app_name = "matching"

urlpatterns = [
    path("requests/<int:request_id>/", views.request_detail, name="request"),
]
