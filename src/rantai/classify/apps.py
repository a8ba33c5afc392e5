from __future__ import annotations

from django.apps import AppConfig


class ClassifyConfig(AppConfig):
    name = "rantai.classify"
    label = "classify"
    verbose_name = "HS classification assistant"
