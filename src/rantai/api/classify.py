"""HS classification: product text in Bahasa Indonesia or English → HS 2022 subheadings.

``POST /api/v1/classify`` with ``{"text", "top", "economy"}`` or ``GET /api/v1/classify?q=…``; both answer
the object ``rantai classify --json`` prints for a line, plus ``low_confidence``. Bad text (empty, control
or binary characters) answers 400 in the uniform error format. ``POST /api/v1/classify/rulings`` records a
trade official's (or an administrator's) ruling, which the next query uses; anybody else gets 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from rantai.api.auth import TokenAuth, token_user
from rantai.classify.actions import record_ruling
from rantai.classify.engine import DEFAULT_TOP, MAX_TOP, classify

router = Router(tags=["classify"])


class ClassifyIn(Schema):
    text: str = Field(..., description="Product description, up to 2,000 characters are read.")
    top: int = Field(DEFAULT_TOP, ge=1, le=MAX_TOP)
    economy: str | None = Field(None, pattern=r"^[A-Za-z]{3}$", description="List this economy's national lines.")


class ClassifyQuery(Schema):
    q: str = Field(..., description="Product description.")
    top: int = Field(DEFAULT_TOP, ge=1, le=MAX_TOP)
    economy: str | None = Field(None, pattern=r"^[A-Za-z]{3}$")


def _answer(text: str, top: int, economy: str | None) -> dict[str, Any]:
    result = classify(text, top=top, economy=economy)
    return result.as_json() | {"low_confidence": result.low_confidence}


@router.post("/classify", summary="Suggest HS 2022 subheadings for a product description")
def classify_post(request: HttpRequest, payload: ClassifyIn) -> dict[str, Any]:
    return _answer(payload.text, payload.top, payload.economy)


@router.get("/classify", summary="Suggest HS 2022 subheadings for a product description")
def classify_get(request: HttpRequest, params: Query[ClassifyQuery]) -> dict[str, Any]:
    return _answer(params.q, params.top, params.economy)


class RulingIn(Schema):
    text: str = Field(..., description="The product, as the ruling describes it.")
    hs6: str = Field(..., max_length=12, description="The HS 2022 subheading ruled: six digits, dots allowed.")


class DecisionOut(Schema):
    id: int
    text: str
    hs6: str
    role: str
    kind: str
    created_at: dt.datetime


@router.post(
    "/classify/rulings",
    response={201: DecisionOut},
    auth=TokenAuth(),
    summary="Record a classification ruling (trade officials and platform administrators)",
)
def classify_ruling(request: HttpRequest, payload: RulingIn) -> Status[DecisionOut]:
    decision = record_ruling(token_user(request), payload.text, payload.hs6)
    return Status(
        201,
        DecisionOut(
            id=decision.pk,
            text=decision.text,
            hs6=decision.hs_id,
            role=decision.role,
            kind=decision.kind,
            created_at=decision.created_at,
        ),
    )
