"""Recording what people decided; the next query in every process uses it (see ``index.refresh``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from rantai.classify.engine import prepare
from rantai.classify.index import live_index
from rantai.classify.models import ClassificationDecision, DecisionKind, DecisionRole
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
