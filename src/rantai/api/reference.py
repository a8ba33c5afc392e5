"""HS nomenclature and economies.

Validation and shaping only: every answer comes from ``rantai.reference.queries``, which the pages and the
CLI use too. Unknown codes raise ``NotFound`` there and answer 404 in the uniform error format.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import AliasChoices

from rantai.core.models import DataSource
from rantai.reference import queries
from rantai.reference.models import Economy, HsCode, HsVersion

router = Router(tags=["reference"])

# Accepts 300220, 3002.20 and 3002 20, the ways people copy codes from documents.
HS6_PATTERN = r"^\s*\d{4}[\s.]?\d{2}\s*$"


class SourceOut(Schema):
    key: str
    version: str
    title: str
    publisher: str
    url: str
    citation: str

    @staticmethod
    def of(source: DataSource) -> SourceOut:
        return SourceOut(
            key=source.key,
            version=source.version,
            title=source.title,
            publisher=source.publisher,
            url=source.url,
            citation=source.citation,
        )


class HsRefOut(Schema):
    code: str
    level: str
    description: str
    description_id: str

    @staticmethod
    def of(node: HsCode) -> HsRefOut:
        return HsRefOut(
            code=node.code, level=node.level, description=node.description, description_id=node.description_id
        )


class CorrelationOut(Schema):
    version: str
    code: str
    relationship: str
    source_key: str


class EssentialListOut(Schema):
    # "list" is the public key; the attribute is named so it does not shadow the builtin.
    list_name: str = Field(
        ..., validation_alias=AliasChoices("list", "list_name"), serialization_alias="list"
    )
    list_key: str
    category: str
    category_label: str
    note: str
    source: SourceOut


class HsDetailOut(Schema):
    code: str
    level: str
    description: str
    description_id: str
    parents: list[HsRefOut]
    children: list[str]
    correlations: list[CorrelationOut]
    essential_goods: list[EssentialListOut]
    source: SourceOut
    correlation_sources: list[SourceOut]


class HsSearchOut(Schema):
    query: str
    results: list[HsRefOut]


class HsSearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=200)
    limit: int = Field(20, ge=1, le=queries.SEARCH_LIMIT_MAX)


class ConvertQuery(Schema):
    version: HsVersion
    code: str = Field(..., pattern=HS6_PATTERN)


class ConversionOut(Schema):
    code: str
    relationship: str
    description: str


class ConvertOut(Schema):
    from_version: str
    from_code: str
    hs2022: list[ConversionOut]


class EconomyFilter(Schema):
    apec: bool | None = None


class EconomyOut(Schema):
    iso3: str
    iso2: str
    iso_numeric: str
    name: str
    name_en: str
    name_id: str
    is_apec: bool
    currency: str
    languages: list[str]
    vat_name: str
    vat_rate: Decimal | None
    vat_note: str
    valuation_basis: str
    facts_need_verification: bool
    facts_as_of: dt.date | None
    source: SourceOut

    @staticmethod
    def of(economy: Economy) -> EconomyOut:
        return EconomyOut(
            iso3=economy.iso3,
            iso2=economy.iso2,
            iso_numeric=economy.iso_numeric,
            name=economy.display_name,
            name_en=economy.name_en,
            name_id=economy.name_id,
            is_apec=economy.is_apec,
            currency=economy.currency,
            languages=list(economy.languages or []),
            vat_name=economy.vat_name,
            vat_rate=economy.vat_rate,
            vat_note=economy.vat_note,
            valuation_basis=economy.valuation_basis,
            facts_need_verification=economy.facts_need_verification,
            facts_as_of=economy.facts_as_of,
            source=SourceOut.of(economy.source),
        )


@router.get("/hs", response=HsSearchOut, summary="Search HS 2022 codes by code prefix or description words")
def search_hs(request: HttpRequest, params: Query[HsSearchQuery]) -> HsSearchOut:
    results = queries.search_hs(params.q, limit=params.limit)
    return HsSearchOut(query=params.q, results=[HsRefOut.of(node) for node in results])


# Declared before /hs/{code} so "convert" is not taken for a code.
@router.get("/hs/convert", response=ConvertOut, summary="Convert an older HS code to HS 2022")
def convert_hs(request: HttpRequest, params: Query[ConvertQuery]) -> ConvertOut:
    version = HsVersion(params.version).value
    conversions = queries.convert_to_hs2022(version, params.code)
    descriptions = dict(
        HsCode.objects.filter(code__in=[c.hs2022 for c in conversions]).values_list("code", "description")
    )
    return ConvertOut(
        from_version=version,
        from_code=queries.normalize_code(params.code),
        hs2022=[
            ConversionOut(
                code=c.hs2022, relationship=c.relationship, description=descriptions.get(c.hs2022, "")
            )
            for c in conversions
        ],
    )


@router.get("/hs/{code}", response=HsDetailOut, by_alias=True, summary="One HS 2022 code with its context")
def hs_detail(request: HttpRequest, code: str) -> HsDetailOut:
    node = queries.get_hs(code)
    correlations = queries.correlations(node.code)
    correlation_sources = {c.source_id: c.source for c in correlations}
    return HsDetailOut(
        code=node.code,
        level=node.level,
        description=node.description,
        description_id=node.description_id,
        parents=[HsRefOut.of(parent) for parent in queries.ancestors(node.code)],
        children=[child.code for child in queries.children(node.code)],
        correlations=[
            CorrelationOut(
                version=c.other_version,
                code=c.other_code,
                relationship=c.relationship,
                source_key=c.source.key,
            )
            for c in correlations
        ],
        essential_goods=[
            EssentialListOut.model_validate(
                {
                    "list": item.list_name,
                    "list_key": item.list_key,
                    "category": item.category,
                    "category_label": item.category_label,
                    "note": item.note,
                    "source": SourceOut.of(item.source),
                }
            )
            for item in queries.essential_lists(node.code)
        ],
        source=SourceOut.of(node.source),
        correlation_sources=[SourceOut.of(s) for s in correlation_sources.values()],
    )


@router.get("/economies", response=list[EconomyOut], summary="Economies, optionally only the APEC members")
def list_economies(request: HttpRequest, filters: Query[EconomyFilter]) -> list[EconomyOut]:
    return [EconomyOut.of(economy) for economy in queries.economies(apec=filters.apec)]


@router.get("/economies/{iso3}", response=EconomyOut, summary="One economy with its trade facts and source")
def economy_detail(request: HttpRequest, iso3: str) -> EconomyOut:
    return EconomyOut.of(queries.get_economy(iso3))
