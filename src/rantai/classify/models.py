"""What people decided about a product's HS code; the classifier learns from these rows at once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rantai.reference.models import HsCode


class DecisionRole(models.TextChoices):
    MSME = "msme", _("Business")
    OFFICIAL = "official", _("Customs or trade official")
    ADMIN = "admin", _("Administrator")


class DecisionKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation of a suggestion")
    CORRECTION = "correction", _("Correction of a suggestion")
    RULING = "ruling", _("Classification ruling")


class ClassificationDecision(models.Model):
    """A product description and the HS 2022 subheading someone confirmed, corrected it to, or ruled."""

    text = models.TextField()
    tokens = models.JSONField(default=list, help_text="The normalised words the classifier matched on.")
    hs = models.ForeignKey(HsCode, on_delete=models.PROTECT, related_name="classification_decisions")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=10, choices=DecisionRole.choices, default=DecisionRole.MSME)
    kind = models.CharField(max_length=12, choices=DecisionKind.choices, default=DecisionKind.CONFIRMATION)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.hs_id} ← {self.text[:40]}"
