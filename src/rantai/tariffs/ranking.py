"""Where can an exporter sell this? The other APEC economies ranked for one origin and HS subheading.

The score (0 to 100) adds explained components:

* duty paid — 40 points when the best rate is free, falling linearly to 0 at 20% or more;
* margin over MFN — 30 points for a preference of 10 percentage points or more, pro rata below;
* margin over competing origins — 15 points when level with the best-placed other APEC origin, up to 30
  when 10 points ahead of it and down to 0 when 10 points behind (competitors' preferences count where
  the destination's schedules for them are loaded);
* open sourcing requests on the platform — a bonus of up to 10 points: 2 for each buyer's request open now for
  goods of this subheading to be delivered to that economy, 1 for one in the same heading (no request: no
  points, said so);
* import demand and growth (trade flows) — weight 0 until that capability loads data; each economy says "not
  loaded" rather than scoring a silent zero.

Economies whose tariff data is missing for the date are listed last, each saying why. All destinations are
answered from the process's cached schedules and one query for the lines (``rates.load_rate_data``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError
from rantai.reference.models import Economy, HsCode
from rantai.tariffs.models import Regime
from rantai.tariffs.rates import (
    ZERO,
    RateAnswer,
    RateData,
    RegimeRate,
    ScheduleRows,
    answer_from,
    latest_per_column,
    load_rate_data,
    number,
    party_in_force,
    regime_data,
    resolve_economy,
    snapshot_and_hs,
    unknown_hs,
)

DUTY_POINTS, MARGIN_POINTS, COMPETITION_POINTS = Decimal(40), Decimal(30), Decimal(30)
SOURCING_POINTS, SOURCING_PER_REQUEST = Decimal(10), {"subheading": Decimal(2), "heading": Decimal(1)}
DUTY_CEILING, MARGIN_CAP, COMPETITION_CAP = Decimal(20), Decimal(10), Decimal(10)


@dataclass(frozen=True)
class ScoreComponent:
    key: str
    label: str
    points: Decimal | None  # None: not loaded, weight 0
    max_points: Decimal
    explanation: str


@dataclass
class MarketRank:
    economy: Economy
    status: str  # "ok", "not_comparable", or the code of the error that kept rates out
    message: str = ""
    answer: RateAnswer | None = None
    competitor_best: Decimal | None = None
    competitor: str = ""
    components: list[ScoreComponent] = field(default_factory=list)
    open_requests: dict[str, int] = field(default_factory=dict)  # "subheading"/"heading" → open requests

    @property
    def best(self) -> RegimeRate | None:
        return self.answer.best if self.answer else None

    @property
    def score(self) -> Decimal | None:
        if self.status != "ok":
            return None
        return sum((c.points for c in self.components if c.points is not None), ZERO).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _claimable_highs(columns: list[ScheduleRows]) -> list[tuple[ScheduleRows, Decimal]]:
    """The columns a competitor might claim, each with its rate at its highest line (percentages only)."""
    found = []
    for item in columns:
        if item.schedule.regime not in (Regime.MFN, Regime.PREF, Regime.GSP) or not item.lines:
            continue
        percents = [line.percent for line in item.lines]
        if any(p is None for p in percents):
            continue
        found.append((item, max(p for p in percents if p is not None)))
    return found


def _competitor_best(
    data: RateData, highs: list[tuple[ScheduleRows, Decimal]], destination: str, competitor: str, on: dt.date
) -> Decimal | None:
    """The lowest rate (at its highest line) another origin can claim; None when not a percentage."""
    best: Decimal | None = None
    for item, high in highs:
        schedule = item.schedule
        if schedule.regime != Regime.MFN:
            if schedule.agreement_id is not None:
                parties = data.parties.get(schedule.agreement_id, {})
                if not (
                    party_in_force(parties.get(competitor), on)
                    and party_in_force(parties.get(destination), on)
                ):
                    continue
            elif not item.partners:
                continue
            if item.partners and competitor not in item.partners:
                continue
        best = high if best is None else min(best, high)
    return best


def _components(rank: MarketRank) -> list[ScoreComponent]:
    answer = rank.answer
    assert answer is not None and answer.best is not None and answer.best.max_percent is not None
    best = answer.best.max_percent
    duty = DUTY_POINTS * (1 - min(best, DUTY_CEILING) / DUTY_CEILING)
    margin = answer.margin or ZERO
    margin_points = MARGIN_POINTS * min(max(margin, ZERO), MARGIN_CAP) / MARGIN_CAP
    components = [
        ScoreComponent(
            "duty",
            _("Duty paid"),
            duty,
            DUTY_POINTS,
            _("The best rate is %(rate)s%% (%(regime)s); free scores 40, 20%% or more scores 0.")
            % {"rate": _pct(best), "regime": answer.best.name},
        ),
        ScoreComponent(
            "margin_mfn",
            _("Margin over MFN"),
            margin_points,
            MARGIN_POINTS,
            _(
                "The preference saves %(margin)s percentage points over the MFN rate; 10 points or more scores 30."
            )
            % {"margin": _pct(margin)}
            if margin > 0
            else _("No preference beats the MFN rate here."),
        ),
    ]
    if rank.competitor_best is None:
        components.append(
            ScoreComponent(
                "margin_competitors",
                _("Margin over competing origins"),
                None,
                COMPETITION_POINTS,
                _("No competing origin's rate is loaded."),
            )
        )
    else:
        lead = rank.competitor_best - best
        capped = min(max(lead, -COMPETITION_CAP), COMPETITION_CAP)
        points = COMPETITION_POINTS * (capped + COMPETITION_CAP) / (2 * COMPETITION_CAP)
        if lead > 0:
            text = _(
                "You pay %(lead)s points less than the best-placed other APEC origin (%(competitor)s, %(rate)s%%)."
            )
        elif lead < 0:
            text = _(
                "You pay %(lead)s points more than the best-placed other APEC origin (%(competitor)s, %(rate)s%%)."
            )
        else:
            text = _("You pay the same as the best-placed other APEC origin (%(competitor)s, %(rate)s%%).")
        components.append(
            ScoreComponent(
                "margin_competitors",
                _("Margin over competing origins"),
                points,
                COMPETITION_POINTS,
                text
                % {
                    "lead": _pct(abs(lead)),
                    "competitor": rank.competitor,
                    "rate": _pct(rank.competitor_best),
                },
            )
        )
    components += [
        ScoreComponent(
            "import_demand",
            _("Import demand and growth"),
            None,
            ZERO,
            _("Not loaded: trade flows are not in Rantai yet, so this counts for nothing (weight 0)."),
        ),
    ]
    components.append(_sourcing_component(rank.open_requests))
    return components


def _sourcing_component(found: dict[str, int]) -> ScoreComponent:
    label = _("Open sourcing requests")
    same, near = found.get("subheading", 0), found.get("heading", 0)
    if not same and not near:
        return ScoreComponent("sourcing_requests", label, None, SOURCING_POINTS,
                              _("No buyer on Rantai has an open request for these goods into this economy now."))
    points = min(SOURCING_POINTS, same * SOURCING_PER_REQUEST["subheading"] + near * SOURCING_PER_REQUEST["heading"])
    return ScoreComponent(
        "sourcing_requests", label, points, SOURCING_POINTS,
        _("%(same)d open requests from buyers for this subheading and %(near)d for others of its heading; "
          "each scores 2 and 1 points, up to 10.") % {"same": same, "near": near},
    )  # fmt: skip


def open_requests_by_destination(hs: HsCode) -> dict[str, dict[str, int]]:
    """Open sourcing requests in the subheading's heading, per destination and match level (one query)."""
    from django.apps import apps

    requests = apps.get_model("matching", "SourcingRequest")
    counts: dict[str, dict[str, int]] = {}
    for destination, code in requests.objects.filter(status="open", hs__code__startswith=hs.code[:4]).values_list(
        "destination_id", "hs_id"
    ):
        level = "subheading" if code == hs.code else "heading"
        counts.setdefault(destination, {}).setdefault(level, 0)
        counts[destination][level] += 1
    return counts


STATUS_ORDER = {
    "ok": 0,
    "not_comparable": 1,
    "no_tariff_line": 2,
    "no_schedule_for_date": 3,
    "no_tariff_data": 4,
}


def rank_destinations(
    origin: str | Economy, hs6: str | HsCode, on: dt.date | None = None
) -> list[MarketRank]:
    """The other 20 APEC economies, best market first; those without loaded tariff data last, saying so."""
    snapshot, hs = snapshot_and_hs(hs6)
    origin_economy = (
        origin if isinstance(origin, Economy) else resolve_economy(origin, "origin", snapshot.economies)
    )
    if hs is None:
        raise unknown_hs(hs6 if isinstance(hs6, str) else hs6.code)
    on = on or dt.date.today()
    destinations = [e for e in snapshot.apec if e.iso3 != origin_economy.iso3]
    data = load_rate_data([e.iso3 for e in destinations], hs, on, snapshot)
    requests = open_requests_by_destination(hs)
    ranks: list[MarketRank] = []
    for destination in destinations:
        try:
            answer = answer_from(data, origin_economy, destination)
        except RantaiError as exc:
            ranks.append(MarketRank(destination, exc.code, str(exc.message)))
            continue
        rank = MarketRank(destination, "ok", answer=answer, open_requests=requests.get(destination.iso3, {}))
        if answer.best is None or answer.best.max_percent is None:
            rank.status = "not_comparable"
            rank.message = _(
                "The rates here are specific (an amount per unit): give a unit value to compare."
            )
            ranks.append(rank)
            continue
        highs = _claimable_highs(latest_per_column(data.schedules.get(destination.iso3, [])))
        competitors = [
            (e.iso3, _competitor_best(data, highs, destination.iso3, e.iso3, on))
            for e in destinations
            if e.iso3 != destination.iso3
        ]
        known = [(rate, iso3) for iso3, rate in competitors if rate is not None]
        if known:
            rank.competitor_best, rank.competitor = min(known)
        rank.components = _components(rank)
        ranks.append(rank)
    ranks.sort(key=lambda r: (STATUS_ORDER.get(r.status, 5), -(r.score or ZERO), r.economy.iso3))
    return ranks


def rank_data(rank: MarketRank) -> dict[str, object]:
    best = rank.best
    return {
        "economy": rank.economy.iso3,
        "name": rank.economy.display_name,
        "status": rank.status,
        "message": rank.message,
        "best": regime_data(best) if rank.status == "ok" else None,
        "mfn": regime_data(rank.answer.mfn) if rank.answer else None,
        "margin": number(rank.answer.margin) if rank.answer else None,
        "competitor": rank.competitor or None,
        "competitor_best": number(rank.competitor_best),
        "score": number(rank.score),
        "components": [
            {
                "key": c.key,
                "label": c.label,
                "points": number(c.points),
                "max_points": number(c.max_points),
                "explanation": c.explanation,
            }
            for c in rank.components
        ],
    }
