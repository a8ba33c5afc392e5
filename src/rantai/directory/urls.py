from __future__ import annotations

from django.urls import path

from rantai.directory import views

app_name = "directory"
urlpatterns = [
    path("o/<slug:slug>/", views.organisation_page, name="organisation"),
    path("o/<slug:slug>/edit/", views.edit_organisation, name="edit"),
    path("o/<slug:slug>/identifiers/", views.add_identifier, name="add_identifier"),
    path(
        "o/<slug:slug>/identifiers/<int:identifier_id>/remove/",
        views.remove_identifier,
        name="remove_identifier",
    ),
    path("o/<slug:slug>/certifications/", views.add_certification, name="add_certification"),
    path(
        "o/<slug:slug>/certifications/<int:certification_id>/remove/",
        views.delete_certification,
        name="delete_certification",
    ),
    path(
        "o/<slug:slug>/certifications/<int:certification_id>/review/",
        views.review_certification,
        name="review_certification",
    ),
    path("o/<slug:slug>/verification/", views.submit_verification, name="submit_verification"),
    path("o/<slug:slug>/export/", views.export_organisation, name="export"),
    path("o/<slug:slug>/delete/", views.delete_organisation, name="delete"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("official/queue/", views.official_queue, name="queue"),
    path("official/requests/<int:request_id>/", views.review_request, name="review"),
]
