from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "rantai.directory"
    label = "directory"
