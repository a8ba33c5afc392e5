"""Agreements from our facts: parties with per-party entry into force, origin documents, idempotent loads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from rantai.reference.importers import agreements
from rantai.reference.models import Agreement, AgreementParty

pytestmark = pytest.mark.django_db

CORE = ["atiga", "acfta", "akfta", "ajcep", "aanzfta", "ahkfta", "rcep", "cptpp", "usmca", "ijepa", "ia-cepa",
        "ic-cepa", "ik-cepa"]  # fmt: skip


def _in_force(code: str, iso3: str, on: dt.date) -> bool:
    party = AgreementParty.objects.get(agreement__code=code, economy_id=iso3)
    return party.in_force_on is not None and party.in_force_on <= on and not party.withdrawn_on


def test_the_agreements_that_matter_most_are_loaded_with_at_least_two_parties():
    loaded = Agreement.objects.filter(code__in=CORE).annotate(n=Count("parties"))
    assert sorted(a.code for a in loaded) == sorted(CORE)
    assert all(a.n >= 2 for a in loaded)
    assert Agreement.objects.annotate(n=Count("parties")).filter(n__lt=2).count() == 0


def test_rcep_is_in_force_for_indonesia_from_2_january_2023():
    assert not _in_force("rcep", "IDN", dt.date(2023, 1, 1))
    assert _in_force("rcep", "IDN", dt.date(2023, 1, 2))
    assert _in_force("rcep", "KOR", dt.date(2022, 2, 1))
    assert not _in_force("rcep", "PHL", dt.date(2023, 6, 1))


def test_a_disputed_ratification_is_a_party_without_a_date():
    assert not _in_force("rcep", "MMR", dt.date(2025, 1, 1))


def test_per_party_dates_and_non_apec_parties():
    assert AgreementParty.objects.get(agreement__code="ajcep", economy_id="IDN").in_force_on == dt.date(
        2018, 3, 1
    )
    assert AgreementParty.objects.get(agreement__code="cptpp", economy_id="GBR").in_force_on == dt.date(
        2024, 12, 15
    )
    assert {p.economy_id for p in Agreement.objects.get(code="atiga").parties.all()} >= {"KHM", "LAO", "MMR"}


def test_each_agreement_names_its_origin_document_and_source():
    assert Agreement.objects.get(code="atiga").origin_document.startswith("Form D")
    assert Agreement.objects.get(code="acfta").origin_document == "Form E"
    for agreement in Agreement.objects.exclude(code__startswith="desta-"):
        assert agreement.origin_document, agreement.code
        assert agreement.source.title and agreement.source.publisher, agreement.code


def test_uncertain_dates_are_flagged_not_omitted():
    ahkfta = Agreement.objects.get(code="ahkfta")
    assert ahkfta.facts_need_verification
    assert ahkfta.parties.filter(in_force_on__isnull=True).count() == 0


def test_second_load_changes_nothing_and_a_changed_date_is_restored():
    rows = list(AgreementParty.objects.order_by("pk").values())
    report = agreements.load()
    assert report[0].endswith("0 created, 0 changed")
    assert list(AgreementParty.objects.order_by("pk").values()) == rows

    AgreementParty.objects.filter(agreement__code="usmca", economy_id="MEX").update(
        in_force_on=dt.date(2021, 1, 1)
    )
    Agreement.objects.get(code="usmca").parties.filter(economy_id="USA").delete()
    report = agreements.load()
    assert report[1] == "  usmca: +USA, MEX.in_force_on"
    assert AgreementParty.objects.get(agreement__code="usmca", economy_id="MEX").in_force_on == dt.date(
        2020, 7, 1
    )


def test_the_load_keeps_the_desta_number_it_does_not_own():
    Agreement.objects.filter(code="korus").update(desta_number=551)
    agreements.load()
    assert Agreement.objects.get(code="korus").desta_number == 551


def test_nafta_ended_when_usmca_entered_into_force(db):
    from rantai.reference.models import AgreementParty

    parties = AgreementParty.objects.filter(agreement__code="nafta")
    assert {p.economy_id for p in parties} == {"USA", "MEX", "CAN"}
    assert {p.withdrawn_on for p in parties} == {dt.date(2020, 7, 1)}
