"""DESTA import: extends our agreements, keeps our facts, is idempotent, and a bad file writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from rantai.core.errors import ImportFileError
from rantai.core.models import DataSource
from rantai.reference.importers import desta
from rantai.reference.models import Agreement, AgreementParty

pytestmark = pytest.mark.django_db

DESTA = "fta/desta_memberships_long.csv"
HEADER = "number,base_treaty,name,entry_type,consolidated,year,entryforceyear,typememb,regioncon,wto_listed,wto_name,member_iso3n\n"


def _snapshot() -> tuple[list[dict], list[dict], int]:
    return (
        list(Agreement.objects.order_by("code").values()),
        list(AgreementParty.objects.order_by("agreement__code", "economy_id").values()),
        DataSource.objects.count(),
    )


def test_import_extends_the_list_and_matches_our_facts_without_touching_their_dates(shared_data):
    facts_before = Agreement.objects.count()
    cptpp_dates = dict(Agreement.objects.get(code="cptpp").parties.values_list("economy_id", "in_force_on"))

    report = desta.import_file(shared_data / DESTA)

    assert "skipped (fewer than two APEC members)" in report[0]
    assert Agreement.objects.count() > facts_before
    cptpp = Agreement.objects.get(code="cptpp")
    assert cptpp.desta_number == 989
    assert dict(cptpp.parties.values_list("economy_id", "in_force_on")) == cptpp_dates
    assert (
        Agreement.objects.get(code="akfta").desta_number == 72
    )  # DESTA's later in-force year; same signature
    assert not Agreement.objects.filter(code="desta-989").exists()

    # A DESTA-only agreement: 1 January of its year, flagged, parties mapped from ISO numeric codes.
    us_vietnam = Agreement.objects.get(code="desta-687")
    assert us_vietnam.facts_need_verification
    assert {p.economy_id: p.in_force_on for p in us_vietnam.parties.all()} == {
        "USA": dt.date(2001, 1, 1),
        "VNM": dt.date(2001, 1, 1),
    }
    # Only agreements linking at least two APEC economies come in.
    for agreement in Agreement.objects.filter(code__startswith="desta-"):
        assert agreement.parties.filter(economy__is_apec=True).count() >= 2, agreement.code


def test_a_signed_agreement_never_in_force_has_parties_without_dates(shared_data):
    desta.import_file(shared_data / DESTA)
    tpp = Agreement.objects.get(code="desta-899")
    assert tpp.parties.count() == 12
    assert not tpp.parties.filter(in_force_on__isnull=False).exists()


def test_withdrawal_sets_the_named_member_withdrawn(shared_data):
    desta.import_file(shared_data / DESTA)
    andean = AgreementParty.objects.get(agreement__code="desta-26", economy_id="VEN")
    assert andean.withdrawn_on == dt.date(2006, 1, 1)
    assert AgreementParty.objects.get(agreement__code="desta-26", economy_id="PER").withdrawn_on is None


def test_same_file_again_is_a_no_op_that_says_so(shared_data):
    desta.import_file(shared_data / DESTA)
    before = _snapshot()
    report = desta.import_file(shared_data / DESTA)
    assert report == [report[0]] and "already imported; nothing changed" in report[0]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("bad_row", "line", "column"),
    [
        ("687,687,US Vietnam,base_treaty,0,2000,2001,1,Asia,1,,84\n", 3, "12 (member_iso3n)"),
        ("687,687,US Vietnam,base_treaty,0,2000,20x1,1,Asia,1,,840\n", 3, "7 (entryforceyear)"),
        ("687,687,US Vietnam,ratified,0,2000,2001,1,Asia,1,,840\n", 3, "4 (entry_type)"),
    ],
)
def test_malformed_file_names_file_line_and_column_and_writes_nothing(tmp_path, bad_row, line, column):
    broken = tmp_path / "desta_broken.csv"
    broken.write_text(HEADER + "687,687,US Vietnam,base_treaty,0,2000,2001,1,Asia,1,,704\n" + bad_row)
    before = _snapshot()
    with pytest.raises(ImportFileError) as caught:
        desta.import_file(broken)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(broken), line, column)
    assert str(broken) in str(error) and f"line {line}" in str(error)
    assert _snapshot() == before


def test_missing_column_is_an_error(tmp_path):
    broken = tmp_path / "desta_no_members.csv"
    broken.write_text(
        "number,base_treaty,name,entry_type,year,entryforceyear\n1,1,A B,base_treaty,2000,2001\n"
    )
    with pytest.raises(ImportFileError, match="member_iso3n"):
        desta.import_file(broken)
    assert not DataSource.objects.filter(key=desta.SOURCE_KEY).exists()
