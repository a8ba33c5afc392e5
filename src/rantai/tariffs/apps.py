from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TariffsConfig(AppConfig):
    name = "rantai.tariffs"
    label = "tariffs"
    verbose_name = _("Tariffs")

    def ready(self) -> None:
        from rantai.tariffs import cache

        cache.connect()
