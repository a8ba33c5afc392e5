"""What tariff data is loaded: per economy, regime, agreement/partner group and year, with line counts and
the source each came from. Shared by ``rantai tariffs coverage`` and anything that must say plainly which
economies have no data."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count

from rantai.tariffs.models import Schedule


@dataclass(frozen=True)
class CoverageRow:
    economy: str
    regime: str
    agreement: str
    partner_group: str
    year: int
    hs_version: str
    valid_from: str
    valid_to: str
    lines: int
    format: str
    source: str
    source_version: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def coverage(economy: str | None = None) -> list[CoverageRow]:
    schedules = Schedule.objects.select_related("agreement", "source").annotate(line_count=Count("lines"))
    if economy:
        schedules = schedules.filter(economy_id=economy.upper())
    rows = [
        CoverageRow(
            economy=s.economy_id,
            regime=s.regime,
            agreement=s.agreement.code if s.agreement else "",
            partner_group=s.partner_group,
            year=s.year,
            hs_version=s.hs_version,
            valid_from=s.valid_from.isoformat(),
            valid_to=s.valid_to.isoformat() if s.valid_to else "",
            lines=s.line_count,
            format=s.format,
            source=s.source.file_name or s.source.title,
            source_version=s.source.short_version,
        )
        for s in schedules
    ]
    rows.sort(key=lambda r: (r.economy, r.regime, r.agreement, r.partner_group, r.year, r.valid_from))
    return rows
