from __future__ import annotations

from django.urls import path

from rantai.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.request_create, name="create"),
    path("requests/", views.my_requests, name="mine"),
    path("requests/<int:request_id>/", views.request_detail, name="request"),
    path("requests/<int:request_id>/edit/", views.request_edit, name="edit"),
    path("requests/<int:request_id>/open/", views.request_open, name="open"),
    path("requests/<int:request_id>/close/", views.request_close, name="close"),
    path("requests/<int:request_id>/quote/", views.quote_submit, name="quote"),
    path("requests/<int:request_id>/report/", views.report, name="report"),
    path("requests/<int:request_id>/messages/<int:supplier_id>/", views.thread, name="thread"),
    path("quotes/<int:quote_id>/withdraw/", views.quote_withdraw, name="withdraw"),
    path("quotes/<int:quote_id>/shortlist/", views.quote_shortlist, name="shortlist"),
    path("quotes/<int:quote_id>/award/", views.quote_award, name="award"),
    path("notifications/read/", views.mark_read, name="mark-read"),
    path("official/", views.official, name="official"),
]
