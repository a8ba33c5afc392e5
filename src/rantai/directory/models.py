"""Organisations (MSMEs, buyers, or both) and who belongs to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rantai.reference.models import Economy


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MSME = "msme", _("MSME (seller)")
        BUYER = "buyer", _("Buyer")
        BOTH = "both", _("MSME and buyer")

    name = models.CharField(_("trade name"), max_length=200)
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    economy = models.ForeignKey(
        Economy, verbose_name=_("economy"), on_delete=models.PROTECT, related_name="organisations"
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, through="Membership", related_name="organisations")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=6, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation} ({self.role})"
