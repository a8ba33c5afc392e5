from __future__ import annotations

from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "rantai.reference"
    label = "reference"
