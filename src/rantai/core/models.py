from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataSource(models.Model):
    """Where a loaded fact or figure came from: file or publication, publisher, version and date.

    Every reference row, tariff line and trade figure points at one of these, so anything shown to a
    user can be traced back. ``kind`` says whether we wrote the fact ourselves (with the public
    document it rests on) or imported an official file.
    """

    class Kind(models.TextChoices):
        FACTS = "facts", _("Facts written by the Rantai project")
        PACKAGE = "package", _("Data shipped by a software package")
        FILE = "file", _("Imported official file")

    key = models.SlugField(max_length=120, help_text="Stable name of the source, e.g. 'unsd-hs2022-hs2017'.")
    version = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=300)
    published_on = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=500, blank=True)
    file_name = models.CharField(max_length=500, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    licence = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "version"], name="datasource_key_version_uniq")]
        ordering = ["key", "version"]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    @property
    def citation(self) -> str:
        """A one-line citation a page or API can show beside a figure."""
        date = self.published_on.isoformat() if self.published_on else ""
        # Facts are versioned by the date they were true; don't print that date twice.
        version = "" if self.short_version == date else self.short_version
        parts = [self.publisher, self.title, version, self.file_name, date]
        return " · ".join(p for p in parts if p)

    @property
    def short_version(self) -> str:
        """Imported files are versioned by their SHA-256; twelve hex digits identify one to a reader."""
        if len(self.version) == 64 and all(c in "0123456789abcdef" for c in self.version):
            return f"sha256 {self.version[:12]}"
        return self.version


class DailyRun(models.Model):
    """The last day a daily job was enqueued. Claimed with a conditional UPDATE so that, with several
    scheduler processes running, each job is enqueued once a day."""

    job = models.CharField(max_length=200, primary_key=True)
    last_run_on = models.DateField()

    def __str__(self) -> str:
        return f"{self.job} ({self.last_run_on})"
