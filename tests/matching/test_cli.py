"""``rantai match`` as operators run it: a real subprocess against the test database."""

from __future__ import annotations

import json

import pytest

from rantai.matching import actions
from rantai.matching.models import Match, SourcingRequest
from tests.matching.helpers import buyer, posted, product, request_raw, supplier
from tests.subprocess_env import rantai

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(reference_data: None) -> dict[str, object]:
    osaka, osaka_owner = buyer()
    gayo, gayo_owner = supplier("Kopi Gayo Lestari", verified=True)
    gayo_product = product(gayo, gayo_owner, title="Kopi arabika Gayo, biji hijau")
    toraja, toraja_owner = supplier("Kopi Toraja", economy="VNM")
    product(toraja, toraja_owner, title="Arabica green coffee beans", language="en", hs_code="090121")
    request = posted(osaka, osaka_owner)
    draft, _ = actions.create_request(osaka_owner, osaka, request_raw())
    return {"request": request, "draft": draft, "gayo": gayo, "gayo_product": gayo_product, "toraja": toraja}


def test_json_gives_the_ranking_with_its_components(world) -> None:
    request = world["request"]
    done = rantai("match", "--request", str(request.pk), "--json")

    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert set(body) == {"request", "hs6", "destination", "matches"}
    assert (body["request"], body["hs6"], body["destination"]) == (request.pk, "090111", "JPN")
    assert [m["organisation_id"] for m in body["matches"]] == [world["gayo"].pk, world["toraja"].pk]
    first = body["matches"][0]
    assert set(first) == {
        "rank",
        "organisation_id",
        "organisation",
        "economy",
        "product_id",
        "product",
        "score",
        "components",
    }
    assert (
        first["rank"],
        first["organisation"],
        first["economy"],
        first["product_id"],
        first["product"],
    ) == (1, "Kopi Gayo Lestari", "IDN", world["gayo_product"].pk, "Kopi arabika Gayo, biji hijau")
    assert 0 < body["matches"][1]["score"] < first["score"] <= 1
    for match in body["matches"]:
        assert all(set(c) == {"name", "value", "weight", "reason", "text"} for c in match["components"])
        assert sum(c["weight"] for c in match["components"]) == pytest.approx(1, abs=0.001)
    components = {c["name"]: c for c in first["components"]}
    assert components["hs_match"]["reason"] == "subheading"
    assert components["hs_match"]["text"] == "Same HS subheading (090111)."
    assert components["verification"]["text"] == "Verified by its economy's trade authority."

    limited = rantai("match", "--request", str(request.pk), "--json", "--limit", "1")
    assert [m["rank"] for m in json.loads(limited.stdout)["matches"]] == [1]


def test_without_store_nothing_changes_and_with_store_the_matches_are_refreshed(world) -> None:
    request = world["request"]
    Match.objects.filter(request=request).delete()

    shown = rantai("match", "--request", str(request.pk))
    assert shown.returncode == 0, shown.stderr
    assert f"Request {request.pk} (open): Arabica green coffee beans — HS 090111, to JPN" in shown.stdout
    assert "  1. " in shown.stdout and "Kopi Gayo Lestari (IDN" in shown.stdout
    assert "Same HS subheading (090111)." in shown.stdout
    assert not Match.objects.filter(request=request).exists()

    stored = rantai("match", "--request", str(request.pk), "--json", "--store")
    assert stored.returncode == 0, stored.stderr
    assert "Stored 2 match(es)" in stored.stderr
    json.loads(stored.stdout)  # standard output stays one JSON document
    assert list(
        Match.objects.filter(request=request).order_by("rank").values_list("organisation_id", flat=True)
    ) == [world["gayo"].pk, world["toraja"].pk]


def test_unknown_request_and_bad_options_fail_clearly(world) -> None:
    missing = SourcingRequest.objects.order_by("-pk").first().pk + 100
    done = rantai("match", "--request", str(missing), "--json")
    assert done.returncode == 1
    assert f"There is no sourcing request {missing}." in done.stderr
    assert done.stdout == ""

    draft = rantai("match", "--request", str(world["draft"].pk), "--store")
    assert draft.returncode == 1 and "only an open request's matches are stored" in draft.stderr
    assert not Match.objects.filter(request=world["draft"]).exists()

    assert rantai("match", "--request", str(world["request"].pk), "--limit", "0").returncode == 1
    # A draft can still be looked at: nothing is stored or sent.
    assert rantai("match", "--request", str(world["draft"].pk), "--json").returncode == 0
