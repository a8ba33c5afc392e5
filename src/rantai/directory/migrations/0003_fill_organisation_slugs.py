"""Give existing organisations an address name before slugs become unique (data only)."""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils.text import slugify


def fill_slugs(apps: Any, schema_editor: Any) -> None:
    Organisation = apps.get_model("directory", "Organisation")
    taken: set[str] = set()
    for organisation in Organisation.objects.order_by("pk"):
        base = slugify(organisation.name)[:70] or "organisation"
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(candidate)
        organisation.slug = candidate
        organisation.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_profiles_certifications_verification")]

    operations = [migrations.RunPython(fill_slugs, migrations.RunPython.noop)]
