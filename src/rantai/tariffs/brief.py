"""The market brief: the destination ranking as a CSV (for spreadsheets) and a PDF (to print or send on).

Both carry the same rows as ``rantai markets``: rank, economy, score and its explained components, the best
rate with the document it needs, the MFN rate, and the source of every rate; economies without loaded
tariff data are listed last saying so.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from django.utils.translation import gettext as _
from fpdf import FPDF

from rantai.tariffs.ranking import MarketRank

CSV_COLUMNS = [
    "rank", "economy", "name", "status", "score", "best_regime", "best_rate", "best_ad_valorem", "document",
    "mfn_rate", "margin_pp", "competitor", "competitor_best", "explanation", "source", "message",
]


def _row(n: int, rank: MarketRank) -> dict[str, object]:
    best = rank.best if rank.status == "ok" else None
    answer = rank.answer
    return {
        "rank": n,
        "economy": rank.economy.iso3,
        "name": rank.economy.display_name,
        "status": rank.status,
        "score": rank.score if rank.score is not None else "",
        "best_regime": best.name if best else "",
        "best_rate": best.rate_text if best else "",
        "best_ad_valorem": best.max_percent if best and best.max_percent is not None else "",
        "document": (best.document or "") if best else "",
        "mfn_rate": answer.mfn.rate_text if answer else "",
        "margin_pp": answer.margin if answer and answer.margin is not None else "",
        "competitor": rank.competitor,
        "competitor_best": rank.competitor_best if rank.competitor_best is not None else "",
        "explanation": " | ".join(f"{c.label}: {c.explanation}" for c in rank.components),
        "source": answer.mfn.source.citation if answer else "",
        "message": rank.message,
    }


def brief_csv(ranks: list[MarketRank]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for n, rank in enumerate(ranks, 1):
        writer.writerow(_row(n, rank))
    return out.getvalue()


# fpdf2's core fonts speak Latin-1; fold the few typographic characters we use to their ASCII cousins.
FOLD = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2192": "->", "\u2019": "'", "\u00b7": "-", "\u2026": "..."})


def _latin1(text: object) -> str:
    folded = unicodedata.normalize("NFKC", str(text)).translate(FOLD)
    return folded.encode("latin-1", "replace").decode("latin-1")


def brief_pdf(ranks: list[MarketRank]) -> bytes:
    first = next((r.answer for r in ranks if r.answer is not None), None)
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    origin = first.origin.display_name if first else ""
    hs = first.hs.code if first else ""
    title = _("Market brief: where to sell HS %(hs)s from %(origin)s") % {"hs": hs, "origin": origin}
    pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    if first:
        pdf.multi_cell(0, 5, _latin1(f"{first.hs.description} - {first.on.isoformat()}"),
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for n, rank in enumerate(ranks, 1):
        row = _row(n, rank)
        pdf.set_font("Helvetica", "B", 11)
        score = f"  {_('score')} {row['score']}" if row["score"] != "" else ""
        pdf.multi_cell(0, 6, _latin1(f"{n}. {row['name']} ({row['economy']}){score}"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        if rank.status != "ok":
            pdf.multi_cell(0, 5, _latin1(rank.message), new_x="LMARGIN", new_y="NEXT")
        else:
            lines = [
                _("Best rate: %(rate)s (%(regime)s)") % {"rate": row["best_rate"], "regime": row["best_regime"]},
                _("MFN rate: %(rate)s") % {"rate": row["mfn_rate"]},
            ]
            if row["document"]:
                lines.append(_("Document: %(document)s") % {"document": row["document"]})
            lines += [f"- {c.label}: {c.explanation}" for c in rank.components]
            lines.append(_("Source: %(source)s") % {"source": row["source"]})
            for text in lines:
                pdf.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    return bytes(pdf.output())
