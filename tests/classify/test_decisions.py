"""Where decisions come from: a business saving a product's code, and an official's ruling (API and page)."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from rantai.catalogue import actions as catalogue_actions
from rantai.classify.engine import classify
from rantai.classify.models import ClassificationDecision, DecisionKind, DecisionRole
from rantai.directory.models import Membership
from tests.catalogue.helpers import product_row, write_csv
from tests.factories import MembershipFactory, TradeOfficialFactory, UserFactory, api_token

pytestmark = pytest.mark.django_db

TEXT = "kripik tempe sagu pedas"
RULED = "210690"


@pytest.fixture
def owner() -> Membership:
    return MembershipFactory(role=Membership.Role.OWNER)


def _product(owner: Membership, title: str, hs: str) -> object:
    row = {"sku": "T-1", "title": title, "language": "id", "hs_code": hs, "unit": "kg"}
    return catalogue_actions.create_product(owner.organisation, owner.user, row)


def test_saving_the_first_suggestion_is_a_confirmation(owner: Membership) -> None:
    title = "Kopi arabika Gayo biji hijau"
    first = classify(title).candidates[0].hs6
    _product(owner, title, first)
    decision = ClassificationDecision.objects.get()
    assert (decision.hs_id, decision.kind, decision.role) == (first, DecisionKind.CONFIRMATION, DecisionRole.MSME)
    assert decision.decided_by == owner.user


def test_saving_another_code_is_a_correction_the_next_query_knows(owner: Membership) -> None:
    assert classify(TEXT).candidates[0].hs6 != RULED
    _product(owner, TEXT, RULED)
    decision = ClassificationDecision.objects.get()
    assert decision.kind == DecisionKind.CORRECTION
    candidate = next(c for c in classify(TEXT, top=10).candidates if c.hs6 == RULED)
    assert any("recorded decision" in reason for reason in candidate.why)


def test_only_changes_of_title_or_code_teach(owner: Membership) -> None:
    product = _product(owner, "Kopi arabika Gayo biji hijau", "090111")
    catalogue_actions.update_product(product, owner.user, {"min_order": "20"})  # type: ignore[arg-type]
    assert ClassificationDecision.objects.count() == 1
    catalogue_actions.update_product(product, owner.user, {"hs_code": "090112"})  # type: ignore[arg-type]
    assert list(ClassificationDecision.objects.values_list("hs_id", flat=True)) == ["090111", "090112"]


def test_an_imported_catalogue_teaches_nothing(owner: Membership, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = write_csv(tmp_path / "catalogue.csv", [product_row("A-1"), product_row("A-2", title="Teh hijau")])
    with path.open("rb") as upload:
        catalogue_actions.import_catalogue(owner.organisation, io.BytesIO(upload.read()), owner.user)
    assert ClassificationDecision.objects.count() == 0


def test_an_official_rules_through_the_api_and_the_next_query_follows() -> None:
    official = TradeOfficialFactory().user
    _, secret = api_token(official)
    client = Client()
    answer = client.post(
        "/api/v1/classify/rulings",
        {"text": TEXT, "hs6": "2106.90"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 201, answer.content
    assert answer.json() | {"id": 0, "created_at": ""} == {
        "id": 0, "text": TEXT, "hs6": RULED, "role": "official", "kind": "ruling", "created_at": "",
    }  # fmt: skip
    assert classify("keripik tempe sagu pedas 100 gram").candidates[0].hs6 == RULED


def test_a_ruling_with_a_bad_code_is_a_field_error_in_the_callers_language() -> None:
    _, secret = api_token(TradeOfficialFactory().user)
    answer = Client().post(
        "/api/v1/classify/rulings",
        {"text": TEXT, "hs6": "9999"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}", "Accept-Language": "id"},
    )
    assert answer.status_code == 400
    assert answer.json()["fields"]["hs6"] == ["Berikan kode HS 2022 enam digit."]
    assert ClassificationDecision.objects.count() == 0


def test_businesses_cannot_rule(owner: Membership) -> None:
    _, secret = api_token(owner.user)
    answer = Client().post(
        "/api/v1/classify/rulings",
        {"text": TEXT, "hs6": RULED},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 403
    client = Client()
    client.force_login(owner.user)
    assert "ruling" not in client.get("/classify/").content.decode()
    assert client.post("/classify/rulings/", {"text": TEXT, "hs6": RULED}).status_code == 403
    assert ClassificationDecision.objects.count() == 0


def test_an_official_rules_on_the_classify_page() -> None:
    client = Client()
    client.force_login(TradeOfficialFactory().user)
    page = client.get("/id/classify/", {"q": TEXT})
    assert "Catat putusan klasifikasi" in page.content.decode()
    refused = client.post("/id/classify/rulings/", {"text": TEXT, "hs6": "12"})
    assert refused.status_code == 400 and "Berikan kode HS 2022 enam digit." in refused.content.decode()
    done = client.post("/id/classify/rulings/", {"text": TEXT, "hs6": RULED})
    assert done.status_code == 302 and "/classify/" in done["Location"]
    decision = ClassificationDecision.objects.get()
    assert (decision.role, decision.kind) == (DecisionRole.OFFICIAL, DecisionKind.RULING)


def test_a_platform_admin_rules_as_admin() -> None:
    _, secret = api_token(UserFactory(is_staff=True, is_superuser=True))
    answer = Client().post(
        "/api/v1/classify/rulings",
        {"text": TEXT, "hs6": RULED},
        content_type="application/json",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 201 and answer.json()["role"] == "admin"
