from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from rantai.api.main import api, unknown_endpoint
from rantai.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_endpoint),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("rantai.accounts.urls")),
    path("search/", include("rantai.search.urls")),
    path("tariffs/", include("rantai.tariffs.urls")),
    path("classify/", include("rantai.classify.urls")),
    path("sourcing/", include("rantai.matching.urls")),
    path("", include("rantai.directory.urls")),
    path("", include("rantai.catalogue.urls")),
    path("", include("rantai.web.urls")),
    prefix_default_language=False,
)
