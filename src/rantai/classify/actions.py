"""Recording what people decided; the next query in every process uses it (see ``index.refresh``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rantai.accounts.errors import NotAllowed
from rantai.accounts.queries import is_official, is_platform_admin
from rantai.classify.engine import classify, prepare
from rantai.classify.index import live_index
from rantai.classify.models import ClassificationDecision, DecisionKind, DecisionRole
from rantai.classify.text import ClassifyInputError
from rantai.core.errors import RantaiError
from rantai.reference.models import HsCode, HsLevel


def record_decision(
    text: str,
    hs6: str,
    *,
    role: str = DecisionRole.MSME,
    kind: str = DecisionKind.CONFIRMATION,
    user: Any = None,
) -> ClassificationDecision:
    """Store that ``text`` is classified under ``hs6``, by whom; raises ``RantaiError`` for bad input."""
    code = "".join(ch for ch in str(hs6) if ch.isdigit())
    hs = HsCode.objects.filter(code=code, level=HsLevel.SUBHEADING).first()
    if hs is None:
        raise RantaiError(
            _("%(code)s is not an HS 2022 subheading; give the six-digit code.") % {"code": hs6},
            fields={"hs6": [_("Give a six-digit HS 2022 code.")]},
        )
    if role not in DecisionRole.values:
        raise RantaiError(_("Unknown role for a classification decision."), fields={"role": [_("Unknown role.")]})
    if kind not in DecisionKind.values:
        raise RantaiError(_("Unknown kind of classification decision."), fields={"kind": [_("Unknown kind.")]})
    prepared = prepare(text, live_index())
    return ClassificationDecision.objects.create(
        text=prepared.text,
        tokens=sorted(set(prepared.tokens)),
        hs=hs,
        decided_by=user if getattr(user, "is_authenticated", False) else None,
        role=role,
        kind=kind,
    )


def learn_from_product(title: str, hs6: str, user: Any) -> ClassificationDecision | None:
    """A business saved a product under ``hs6``: the classifier learns its title from now on.

    A confirmation when ``hs6`` was the classifier's first suggestion for the title, a correction otherwise.
    Called by the catalogue when a product is created or its title or code changes, one product at a time;
    catalogue imports teach nothing (a spreadsheet of codes is not a choice among suggestions). A title the
    classifier cannot read teaches nothing either.
    """
    try:
        result = classify(title, top=1)
    except ClassifyInputError:
        return None
    if not result.candidates:
        return None
    kind = DecisionKind.CONFIRMATION if result.candidates[0].hs6 == hs6 else DecisionKind.CORRECTION
    return record_decision(title, hs6, role=DecisionRole.MSME, kind=kind, user=user)


def ruling_role(user: Any) -> str | None:
    """The role a person's rulings carry: trade officials and platform administrators rule, nobody else."""
    if is_official(user):
        return DecisionRole.OFFICIAL
    if is_platform_admin(user):
        return DecisionRole.ADMIN
    return None


def check_can_rule(user: Any) -> str:
    """The role of ``user``'s rulings; raises ``NotAllowed`` (403) for anybody who may not rule."""
    role = ruling_role(user)
    if role is None:
        raise NotAllowed(_("Only trade officials and platform administrators record classification rulings."))
    return role


def record_ruling(user: Any, text: str, hs6: str) -> ClassificationDecision:
    """A trade official (or a platform administrator) rules that ``text`` is classified under ``hs6``."""
    return record_decision(text, hs6, role=check_can_rule(user), kind=DecisionKind.RULING, user=user)
