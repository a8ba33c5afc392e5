"""Tariff rates, landed cost and destination ranking.

Validation and shaping only: the answers come from ``rantai.tariffs.rates``, ``landed_cost`` and ``ranking``,
which the CLI and the pages use too. An unknown economy or HS code is a 422 naming the field; a destination
without data for the date answers 404 with ``no_tariff_data``, ``no_schedule_for_date`` or ``no_tariff_line``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema

from rantai.tariffs.brief import brief_csv, brief_pdf
from rantai.tariffs.landed_cost import landed_cost, landed_cost_data
from rantai.tariffs.ranking import rank_data, rank_destinations
from rantai.tariffs.rates import UnitValue, answer_data, applicable_rates

router = Router(tags=["tariffs"])

ISO3 = r"^\s*[A-Za-z]{3}\s*$"


class RatesQuery(Schema):
    origin: str = Field(..., min_length=1, max_length=10, description="Origin economy, ISO alpha-3.")
    destination: str = Field(..., min_length=1, max_length=10, description="Importing economy, ISO alpha-3.")
    hs: str = Field(..., min_length=1, max_length=20, description="HS 2022 subheading, e.g. 030617.")
    date: dt.date | None = Field(None, description="Date of import; today when left out.")
    unit_value: Decimal | None = Field(None, gt=0, description="Value of one unit, for AVEs of specific rates.")
    unit_currency: str = Field("USD", pattern=ISO3)
    unit: str = Field("", max_length=12, description="Unit of unit_value; blank: the duty's unit.")


class LandedCostQuery(Schema):
    origin: str = Field(..., min_length=1, max_length=10)
    destination: str = Field(..., min_length=1, max_length=10)
    hs: str = Field(..., min_length=1, max_length=20)
    value: Decimal = Field(..., ge=0, description="FOB value.")
    currency: str = Field("USD", pattern=ISO3)
    freight: Decimal = Field(Decimal(0), ge=0)
    insurance: Decimal = Field(Decimal(0), ge=0)
    date: dt.date | None = None
    quantity: Decimal | None = Field(None, gt=0, description="Quantity in the unit a specific duty is charged per.")
    regime: str | None = Field(None, max_length=60, description="MFN or an agreement code; the best when left out.")
    national_code: str | None = Field(None, max_length=14)
    importer_has_id: bool = Field(True, description="Indonesia: the importer holds an API (PPh 22 2.5% vs 7.5%).")


class MarketsQuery(Schema):
    origin: str = Field(..., min_length=1, max_length=10)
    hs: str = Field(..., min_length=1, max_length=20)
    date: dt.date | None = None


@router.get("/tariffs/rates", summary="MFN, every applicable preference, the best rate and the margin")
def rates(request: HttpRequest, params: Query[RatesQuery]) -> dict[str, Any]:
    unit_value = (
        UnitValue(params.unit_value, params.unit_currency.strip().upper(), params.unit)
        if params.unit_value is not None else None
    )
    answer = applicable_rates(params.origin, params.destination, params.hs, params.date, unit_value=unit_value)
    return answer_data(answer)


@router.get("/tariffs/landed-cost", summary="Customs value, duty and import taxes, itemised with sources")
def landed(request: HttpRequest, params: Query[LandedCostQuery]) -> dict[str, Any]:
    cost = landed_cost(
        params.origin, params.destination, params.hs, fob=params.value, currency=params.currency,
        freight=params.freight, insurance=params.insurance, on=params.date, importer_has_id=params.importer_has_id,
        regime=params.regime, quantity=params.quantity, national_code=params.national_code,
    )
    return landed_cost_data(cost)


@router.get("/markets", summary="The other APEC economies ranked for an origin and HS subheading")
def markets(request: HttpRequest, params: Query[MarketsQuery]) -> list[dict[str, Any]]:
    return [rank_data(rank) for rank in rank_destinations(params.origin, params.hs, params.date)]


@router.get("/markets/brief", summary="The market brief as CSV or PDF")
def markets_brief(request: HttpRequest, params: Query[MarketsQuery],
                  format: Literal["csv", "pdf"] = "csv") -> HttpResponse:
    ranks = rank_destinations(params.origin, params.hs, params.date)
    name = f"market-brief-{params.origin.strip().upper()}-{params.hs.strip()}"
    if format == "pdf":
        response = HttpResponse(brief_pdf(ranks), content_type="application/pdf")
    else:
        response = HttpResponse(brief_csv(ranks), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
