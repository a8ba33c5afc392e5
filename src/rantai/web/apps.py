from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "rantai.web"
    label = "web"
