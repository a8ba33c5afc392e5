"""The match engine ranks honestly: each component moves a supplier for its stated reason, everything else equal.

Each test builds suppliers that differ in one thing only, with the one expected to lose created first (so
the final tie-break, the lower organisation id, would favour it), and checks the rank and the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from rantai.directory.models import Organisation
from rantai.matching import actions, engine
from rantai.matching.engine import RequestSpec, duty_by_origin, reason_text
from rantai.matching.models import Quote
from rantai.tariffs.models import Regime
from tests.matching.helpers import buyer, certified, posted, product, quote_raw, request_raw, supplier
from tests.tariffs.rate_fixtures import free, pct, schedule

pytestmark = pytest.mark.django_db

COFFEE = "090111"
RATTAN_SEATS = "940153"  # seats of rattan


def spec(**overrides: Any) -> RequestSpec:
    values: dict[str, Any] = {
        "text": "Arabica green coffee beans",
        "title": "Arabica green coffee beans",
        "hs6": COFFEE,
        "destination": "JPN",
        "quantity": None,
        "unit": "kg",
    }
    values.update(overrides)
    return RequestSpec(**values)


def ranking(request_spec: RequestSpec) -> list[int]:
    return [r.organisation_id for r in engine.rank(request_spec)]


def component(ranked: engine.Ranked, name: str) -> engine.Component:
    return next(c for c in ranked.components if c.name == name)


def coffee_supplier(
    name: str, *, economy: str = "IDN", verified: bool = False, **product_values: Any
) -> Organisation:
    org, owner = supplier(name, economy=economy, verified=verified)
    product_values.setdefault("title", "Arabica green coffee beans")
    product_values.setdefault("language", "en")
    product(org, owner, **product_values)
    return org


def test_the_same_subheading_ranks_above_the_same_heading() -> None:
    roasted = coffee_supplier("Roasted Only", hs_code="090121")
    green = coffee_supplier("Green Beans Co")
    unrelated = coffee_supplier("Tea Garden", hs_code="090210", title="Green tea leaves")

    ranked = engine.rank(spec())

    assert [r.organisation_id for r in ranked][:2] == [green.pk, roasted.pk]
    assert unrelated.pk not in [r.organisation_id for r in ranked[:2]]
    by_org = {r.organisation_id: r for r in ranked}
    assert (
        component(by_org[green.pk], "hs_match").reason,
        component(by_org[green.pk], "hs_match").value,
    ) == (
        "subheading",
        1.0,
    )
    assert (
        component(by_org[roasted.pk], "hs_match").reason,
        component(by_org[roasted.pk], "hs_match").value,
    ) == (
        "heading",
        0.6,
    )
    assert by_org[green.pk].score > by_org[roasted.pk].score
    text = reason_text(component(by_org[roasted.pk], "hs_match").as_json())
    assert text == "Same HS heading (product in 090121)."


def test_an_indonesian_listing_matches_an_english_request_through_the_code_and_the_lexicon() -> None:
    org, owner = supplier("Rotan Cirebon")
    product(
        org,
        owner,
        title="Kursi makan rotan anyaman",
        language="id",
        hs_code=RATTAN_SEATS,
        unit="piece",
        min_order=50,
        monthly_capacity=2000,
    )
    coffee = coffee_supplier("Kopi Only")

    # With the buyer's code: found in the subheading, and the words meet through the glossary.
    ranked = engine.rank(
        spec(
            text="Rattan dining chairs",
            title="Rattan dining chairs",
            hs6=RATTAN_SEATS,
            quantity=300,
            unit="piece",
        )
    )
    assert [r.organisation_id for r in ranked] == [org.pk]
    relevance = component(ranked[0], "relevance")
    # The request's own words, found in the listing as their Indonesian translations (rotan, kursi).
    assert relevance.params["words"] == ["rattan", "chairs"] and relevance.params["lexicon"] >= 0.5
    assert reason_text(relevance.as_json()).startswith("Its listing shares the words: rattan, chairs.")
    assert "Its HS code, 940153, is what the words of the request describe." in reason_text(
        relevance.as_json()
    )

    # Without a code: the classifier reads the English words as the listing's code.
    ranked = engine.rank(spec(text="rattan chairs", title="rattan chairs", hs6=None))
    assert ranked[0].organisation_id == org.pk
    assert component(ranked[0], "hs_match").reason == "subheading"
    assert coffee.pk not in [r.organisation_id for r in ranked]


def test_a_required_certification_moves_its_holder_up() -> None:
    plain = coffee_supplier("No Halal Yet")
    holder, owner = supplier("Halal Certified")
    product(
        holder,
        owner,
        title="Arabica green coffee beans",
        language="en",
        certifications=[certified(holder).pk],
    )

    assert ranking(spec()) == [plain.pk, holder.pk]  # nothing asked: equal, the older one first

    ranked = engine.rank(spec(certifications=("halal",)))
    assert [r.organisation_id for r in ranked] == [holder.pk, plain.pk]
    assert component(ranked[0], "certifications").value == 1.0
    missing = component(ranked[1], "certifications")
    assert (missing.value, missing.params["missing"]) == (0.0, ["halal"])
    assert reason_text(missing.as_json()) == "Missing verified certifications: halal."
    assert "certifications" not in {c.name for c in engine.rank(spec())[0].components}


def test_quantity_and_capacity_move_the_rank() -> None:
    too_big = coffee_supplier("Big Minimum", min_order=6000, monthly_capacity=1000)
    fits = coffee_supplier("Right Size", min_order=500, monthly_capacity=12000)
    in_tonnes = coffee_supplier("Tonne Seller", unit="tonne", min_order=1, monthly_capacity=10)

    ranked = engine.rank(spec(quantity=5000, unit="kg"))

    assert [r.organisation_id for r in ranked] == [fits.pk, in_tonnes.pk, too_big.pk]
    by_org = {r.organisation_id: component(r, "quantity") for r in ranked}
    assert by_org[fits.pk].value == 1.0
    assert by_org[in_tonnes.pk].params["min_ok"] and by_org[in_tonnes.pk].value == 1.0
    assert by_org[too_big.pk].value == pytest.approx(0.1)  # capacity 1000 of 5000, minimum above the quantity
    assert reason_text(by_org[too_big.pk].as_json()) == (
        "Minimum order 6000 kg is above the quantity; monthly capacity 1000 kg."
    )
    # The tonne seller is second only because the tie-break favours the older organisation.
    assert ranked[0].score == pytest.approx(ranked[1].score)


def test_diversification_prefers_origins_the_buyer_does_not_buy_from_yet() -> None:
    known = coffee_supplier("From Indonesia", economy="IDN")
    new = coffee_supplier("From Viet Nam", economy="VNM")

    assert ranking(spec()) == [known.pk, new.pk]
    ranked = engine.rank(spec(diversify=True, current_origins=("IDN",)))
    assert [r.organisation_id for r in ranked] == [new.pk, known.pk]
    assert reason_text(component(ranked[0], "diversification").as_json()) == (
        "From Viet Nam, outside the economies you already buy from."
    )


def test_economies_of_suppliers_awarded_before_count_as_already_bought_from() -> None:
    org, owner = buyer()
    vietnam = coffee_supplier("From Viet Nam", economy="VNM")
    first = posted(org, owner)
    vietnam_owner = vietnam.memberships.get().user
    quote = actions.submit_quote(vietnam_owner, vietnam, first, quote_raw())
    actions.award_quote(owner, Quote.objects.select_related("request").get(pk=quote.pk))

    second, _ = actions.create_request(owner, org, request_raw(diversify=True, current_origins=["CHL"]))
    assert engine.spec_for(second).current_origins == ("CHL", "VNM")
    assert engine.spec_for(second).exclude_organisations == (org.pk,)


def test_a_verified_supplier_ranks_above_an_unverified_one() -> None:
    unverified = coffee_supplier("Not Yet Verified")
    verified = coffee_supplier("Verified By Its Ministry", verified=True)

    ranked = engine.rank(spec())
    assert [r.organisation_id for r in ranked] == [verified.pk, unverified.pk]
    assert [component(r, "verification").reason for r in ranked] == ["verified", "not_verified"]


def test_a_duty_preference_ranks_its_origin_first() -> None:
    """Japan charges 20% MFN on green coffee in this schedule and nothing under RCEP for Indonesia."""
    mfn = schedule("JPN", Regime.MFN)
    pct(mfn, "090111000", "20")
    rcep = schedule("JPN", Regime.PREF, agreement="rcep", partners=("IDN",))
    free(rcep, "090111000")
    american = coffee_supplier("From the United States", economy="USA")
    indonesian = coffee_supplier("From Indonesia", economy="IDN")
    japanese = coffee_supplier("From Japan", economy="JPN")

    ranked = engine.rank(spec())

    assert [r.organisation_id for r in ranked] == [indonesian.pk, japanese.pk, american.pk]
    duty = {r.organisation_id: component(r, "duty") for r in ranked}
    assert (duty[indonesian.pk].reason, duty[indonesian.pk].value) == ("preference", 1.0)
    assert duty[indonesian.pk].params["regime"] == "RCEP"
    assert (duty[american.pk].reason, duty[american.pk].value) == ("mfn", pytest.approx(0.2))
    assert (duty[japanese.pk].reason, duty[japanese.pk].value) == ("domestic", 1.0)
    text = reason_text(duty[indonesian.pk].as_json())
    assert text.startswith("Best duty from Indonesia into Japan: 0% under RCEP (MFN 20%). Source: ")


def test_without_a_schedule_duty_is_not_compared() -> None:
    on = dt.date.today()
    views = duty_by_origin(["IDN", "PER", "CAN"], "CAN", COFFEE, on)
    assert (views["CAN"].reason, views["CAN"].value) == ("domestic", 1.0)
    assert {(v.reason, v.value) for code, v in views.items() if code != "CAN"} == {("no_data", 0.5)}
    assert duty_by_origin(["IDN"], "CAN", None, on)["IDN"].reason == "no_code"
    params = {"origin": "IDN", **views["IDN"].params}
    assert reason_text({"reason": "no_data", "params": params}) == (
        "No tariff schedule of Canada is loaded for this code: duty not compared."
    )


def test_one_organisation_appears_once_through_its_best_product_and_the_buyer_never() -> None:
    org, owner = supplier("Two Listings")
    product(org, owner, title="Roasted coffee", language="en", hs_code="090121")
    best = product(org, owner, title="Arabica green coffee beans", language="en")
    both, both_owner = supplier("Buys Too")
    both.kind = Organisation.Kind.BOTH
    both.save()
    product(both, both_owner, title="Arabica green coffee beans", language="en")

    ranked = engine.rank(spec(exclude_organisations=(both.pk,)))
    assert [(r.organisation_id, r.product_id) for r in ranked] == [(org.pk, best.pk)]


def test_components_weigh_one_and_are_explained_heaviest_first() -> None:
    coffee_supplier("Any Coffee")
    ranked = engine.rank(spec(certifications=("halal",), diversify=True, quantity=100))[0]
    assert sum(c.weight for c in ranked.components) == pytest.approx(1.0)
    assert ranked.score == pytest.approx(sum(c.value * c.weight for c in ranked.components))
    explained = engine.explained([c.as_json() for c in ranked.components])
    assert [c["name"] for c in explained][:2] == ["relevance", "hs_match"]
    assert all(c["text"] and c["label"] for c in explained)
    with translation.override("id"):
        assert all(engine.explained([c.as_json() for c in ranked.components]))
