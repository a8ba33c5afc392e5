"""What goods cost once landed: customs value on the destination's basis, duty, import taxes, each itemised.

Every line carries its amount, currency, rate, the basis it was computed on and the source it rests on. What
is not loaded (an exchange rate, a tax table) is a line that says so with no amount — never a zero — and the
total is then marked incomplete. Money is ``Decimal`` with a currency throughout.

Import taxes come from the ``ImportTax`` table (and per-line ``LineTax`` rows such as BTKI's PPnBM). Where an
economy has no ``ImportTax`` rows loaded, its standard VAT/GST from the reference facts is used and the page
says so. ``ImportTax.conditions`` understands ``importer_has_id`` and ``importer_without_id`` (Indonesia's
PPh 22: 2.5% with an importer identification number (API), 7.5% without).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from rantai.core.errors import RantaiError
from rantai.reference.models import Economy, HsCode, ValuationBasis
from rantai.tariffs.models import ImportTax, LineTax, RateKind, TaxBasis
from rantai.tariffs.rates import (
    HUNDRED,
    ZERO,
    Conversion,
    LineRate,
    NoExchangeRate,
    RateAnswer,
    RegimeRate,
    UnitValue,
    applicable_rates,
    convert,
    field_error,
    resolve_economy,
    resolve_hs6,
)

CENT = Decimal("0.01")
EXCISE_CODES = {"EXCISE", "CUKAI"}
OK, NOT_LOADED, NOT_COMPUTABLE = "ok", "not_loaded", "not_computable"


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostLine:
    key: str
    label: str
    amount: Decimal | None
    currency: str
    rate: Decimal | None = None  # percent for duty and taxes, units per unit for a conversion
    basis: str = ""
    source: str = ""
    status: str = OK
    note: str = ""


@dataclass
class LandedCost:
    origin: Economy
    destination: Economy
    hs: HsCode
    on: dt.date
    currency: str
    valuation_basis: str
    regime: RegimeRate
    line: LineRate
    rates: RateAnswer
    lines: list[CostLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(line.status == OK for line in self.lines)

    @property
    def total(self) -> Decimal | None:
        """FOB + freight + insurance + duty + taxes, or None when any of them is missing."""
        if not self.complete:
            return None
        return money(sum((line.amount or ZERO for line in self.lines if _is_additive(line.key)), ZERO))

    def item(self, key: str) -> CostLine | None:
        return next((item for item in self.lines if item.key == key), None)


def _is_additive(key: str) -> bool:
    return key in ("fob", "freight", "insurance", "duty") or key.startswith("tax:")


def _prefix_matches(prefix: str, hs6: str, national_code: str) -> bool:
    prefix = prefix.replace(".", "").strip()
    return not prefix or national_code.startswith(prefix) or (len(prefix) <= 6 and hs6.startswith(prefix))


def _conditions_apply(conditions: str, importer_has_id: bool) -> bool:
    tokens = {t.strip().lower() for t in conditions.replace(";", ",").split(",") if t.strip()}
    if "importer_has_id" in tokens and not importer_has_id:
        return False
    return not ("importer_without_id" in tokens and importer_has_id)


def _pick_line(regime: RegimeRate, national_code: str | None) -> tuple[LineRate, str]:
    if national_code:
        wanted = national_code.replace(".", "").strip()
        for line in regime.lines:
            if line.national_code == wanted:
                return line, ""
        raise field_error(
            "national_code",
            _("There is no national line %(code)s under this subheading.") % {"code": national_code},
            _("Choose one of: %(codes)s.") % {"codes": ", ".join(line.national_code for line in regime.lines)},
            "unknown_national_code",
        )
    if len(regime.lines) == 1 or not regime.lines_differ:
        return regime.lines[0], ""
    # Lines differ and none was chosen: take the highest known rate so the estimate is not optimistic.
    known = [line for line in regime.lines if line.percent is not None]
    chosen = max(known, key=lambda line: line.percent or ZERO) if known else regime.lines[0]
    return chosen, _(
        "The national lines under this subheading differ; the highest rate (line %(code)s) is used. Choose a line for an exact figure."
    ) % {"code": chosen.national_code}


def _pick_regime(answer: RateAnswer, regime: str | None) -> RegimeRate:
    if regime:
        for option in answer.options:
            if option.regime.lower() == regime.lower():
                return option
        raise field_error(
            "regime",
            _("%(regime)s is not a regime these goods can enter under on this date.") % {"regime": regime},
            _("Choose one of: %(codes)s.") % {"codes": ", ".join(o.regime for o in answer.options)},
            "regime_not_applicable",
        )
    return answer.best or answer.mfn


def landed_cost(
    origin: str | Economy,
    destination: str | Economy,
    hs2022: str | HsCode,
    *,
    fob: Decimal,
    currency: str,
    freight: Decimal = ZERO,
    insurance: Decimal = ZERO,
    on: dt.date | None = None,
    importer_has_id: bool = True,
    regime: str | None = None,
    quantity: Decimal | None = None,
    national_code: str | None = None,
) -> LandedCost:
    """Itemised landed cost in the destination's currency (or the given one when no exchange rate is loaded)."""
    origin_economy = origin if isinstance(origin, Economy) else resolve_economy(origin, "origin")
    dest = destination if isinstance(destination, Economy) else resolve_economy(destination, "destination")
    hs = hs2022 if isinstance(hs2022, HsCode) else resolve_hs6(hs2022)
    on = on or dt.date.today()
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise field_error("currency", _("%(currency)s is not a currency code.") % {"currency": currency},
                          _("Give an ISO 4217 code such as USD."), "invalid_currency")
    for name, value in (("value", fob), ("freight", freight), ("insurance", insurance)):
        if value < 0:
            raise field_error(name, _("Amounts cannot be negative."), _("Give zero or more."), "negative_amount")
    if quantity is not None and quantity <= 0:
        raise field_error("quantity", _("The quantity must be more than zero."), _("Give more than zero."),
                          "invalid_quantity")
    unit_value = UnitValue(fob / quantity, currency) if quantity else None
    answer = applicable_rates(origin_economy, dest, hs, on, unit_value=unit_value)
    chosen = _pick_regime(answer, regime)
    line, line_note = _pick_line(chosen, national_code)

    target = dest.currency or currency
    lines: list[CostLine] = []
    notes: list[str] = [line_note] if line_note else []
    conversion: Conversion | None
    try:
        conversion = convert(Decimal(1), currency, target, on)
    except NoExchangeRate as exc:
        conversion = None
        lines.append(CostLine("conversion", _("Exchange rate"), None, target, status=NOT_LOADED,
                              note=str(exc.message)))
        target = currency
    if conversion is not None and conversion.from_currency != conversion.currency:
        lines.append(CostLine(
            "conversion", _("Exchange rate"), None, target, rate=conversion.rate,
            basis=_("%(target)s per %(given)s on %(date)s") % {
                "target": target, "given": currency,
                "date": conversion.rate_date.isoformat() if conversion.rate_date else on.isoformat()},
            source=conversion.citation,
        ))
    rate = conversion.rate if conversion is not None else Decimal(1)
    fob_t, freight_t, insurance_t = (money(v * rate) for v in (fob, freight, insurance))
    lines += [
        CostLine("fob", _("FOB value"), fob_t, target, basis=_("as given: %(amount)s %(currency)s") % {
            "amount": fob, "currency": currency}),
        CostLine("freight", _("Freight"), freight_t, target, basis=_("as given")),
        CostLine("insurance", _("Insurance"), insurance_t, target, basis=_("as given")),
    ]
    basis = dest.valuation_basis or ValuationBasis.CIF
    if not dest.valuation_basis:
        notes.append(_("The customs valuation basis of %(economy)s is not stated; CIF is assumed.")
                     % {"economy": dest.display_name})
    customs_value = fob_t + freight_t + insurance_t if basis == ValuationBasis.CIF else fob_t
    lines.append(CostLine(
        "customs_value", _("Customs value"), customs_value, target,
        basis=_("CIF: FOB + freight + insurance") if basis == ValuationBasis.CIF else _("FOB: the FOB value"),
        source=dest.source.citation,
    ))
    duty = _duty_line(chosen, line, customs_value, target, currency, rate, quantity, on)
    lines.append(duty)
    lines += _tax_lines(answer, dest, hs, line, customs_value, duty.amount, target, on, importer_has_id, notes)
    return LandedCost(origin_economy, dest, hs, on, target, basis, chosen, line, answer, lines, notes)


def _duty_line(regime: RegimeRate, line: LineRate, customs_value: Decimal, target: str, given_currency: str,
               rate: Decimal, quantity: Decimal | None, on: dt.date) -> CostLine:
    label = _("Import duty (%(regime)s)") % {"regime": regime.name}
    source = regime.source.citation
    text = _("%(rate)s on line %(code)s") % {"rate": line.rate_text, "code": line.national_code}
    if line.kind == RateKind.FREE:
        return CostLine("duty", label, ZERO, rate=ZERO, basis=text, currency=target, source=source)
    if line.kind == RateKind.AD_VALOREM and line.ad_valorem is not None:
        return CostLine("duty", label, money(customs_value * line.ad_valorem / HUNDRED), rate=line.ad_valorem,
                        basis=_("%(text)s of the customs value") % {"text": text}, currency=target, source=source)
    if not line.has_specific or line.specific_amount is None:
        return CostLine("duty", label, None, status=NOT_COMPUTABLE, basis=text,
                        note=_("This rate could not be read as a number; see the schedule."), currency=target, source=source)
    if quantity is None:
        return CostLine("duty", label, None, status=NOT_COMPUTABLE, basis=text,
                        note=_("This duty is charged per %(unit)s: give the quantity.") % {
                            "unit": line.specific_unit or _("unit")}, currency=target, source=source)
    try:
        to_target = convert(Decimal(1), line.specific_currency or target, target, on).rate
    except NoExchangeRate as exc:
        return CostLine("duty", label, None, status=NOT_LOADED, basis=text, note=str(exc.message), currency=target, source=source)
    specific = line.specific_amount / (line.specific_per or Decimal(1)) * quantity * to_target
    ad_valorem = customs_value * (line.ad_valorem or ZERO) / HUNDRED
    if line.kind == RateKind.SPECIFIC:
        amount = specific
    elif line.kind == RateKind.COMPOUND:
        amount = ad_valorem + specific
    elif line.kind == RateKind.MIXED_MAX:
        amount = max(ad_valorem, specific)
    else:
        amount = min(ad_valorem, specific)
    return CostLine("duty", label, money(amount), rate=line.ave,
                    basis=_("%(text)s for %(quantity)s %(unit)s") % {
                        "text": text, "quantity": quantity, "unit": line.specific_unit}, currency=target, source=source)


def _tax_lines(answer: RateAnswer, dest: Economy, hs: HsCode, line: LineRate, customs_value: Decimal,
               duty: Decimal | None, target: str, on: dt.date, importer_has_id: bool,
               notes: list[str]) -> list[CostLine]:
    taxes = [
        t for t in ImportTax.objects.filter(economy=dest, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("source").order_by("tax", "-valid_from", "id")
        if _prefix_matches(t.hs_prefix, hs.code, line.national_code)
    ]
    # The most specific row per tax code and condition wins (an HS prefix over the all-goods row).
    chosen: dict[str, ImportTax] = {}
    for tax in sorted(taxes, key=lambda t: len(t.hs_prefix), reverse=True):
        if _conditions_apply(tax.conditions, importer_has_id):
            chosen.setdefault(tax.tax.upper(), tax)
    line_taxes = _line_taxes(answer, line)
    result: list[CostLine] = []
    if not chosen and not line_taxes:
        return [_vat_from_facts(dest, customs_value, duty, target)]
    excise = ZERO
    ordered = sorted(chosen.values(), key=lambda t: (t.tax.upper() not in EXCISE_CODES, t.tax))
    for tax in ordered:
        code = tax.tax.upper()
        rate, rate_source = tax.rate, tax.source.citation
        if code in line_taxes and line_taxes[code].rate is not None:
            rate = line_taxes[code].rate or ZERO
            rate_source = f"{answer.mfn.source.citation} ({line_taxes[code].rate_text})"
        result.append(_tax_line(code, tax.name, rate, tax.basis, customs_value, duty, excise, target,
                                rate_source, tax.conditions))
        if code in EXCISE_CODES and result[-1].amount is not None:
            excise += result[-1].amount
    for code, line_tax in line_taxes.items():
        if code in chosen or line_tax.rate is None or line_tax.rate == 0:
            continue
        result.append(_tax_line(code, code, line_tax.rate, TaxBasis.CUSTOMS_VALUE_PLUS_DUTY, customs_value,
                                duty, excise, target, f"{answer.mfn.source.citation} ({line_tax.rate_text})", ""))
    if "PPH22" in chosen:
        notes.append(_("PPh 22 is a prepayment of income tax that the importer can credit later."))
    return result


def _line_taxes(answer: RateAnswer, line: LineRate) -> dict[str, LineTax]:
    """Taxes printed on the MFN line with the same national code (BTKI prints PPN and PPnBM per line)."""
    mfn_line = next((m for m in answer.mfn.lines if m.national_code == line.national_code), None)
    if mfn_line is None or mfn_line.line_id is None:
        return {}
    return {t.tax.upper(): t for t in LineTax.objects.filter(line_id=mfn_line.line_id)}


def _tax_line(code: str, name: str, rate: Decimal, basis: str, customs_value: Decimal, duty: Decimal | None,
              excise: Decimal, target: str, source: str, conditions: str) -> CostLine:
    key = f"tax:{code}"
    label = _("%(name)s (%(code)s)") % {"name": name, "code": code} if name != code else code
    if basis == TaxBasis.CUSTOMS_VALUE:
        base: Decimal | None = customs_value
        basis_text = _("customs value")
    elif duty is None:
        base, basis_text = None, _("customs value plus duty")
    elif basis == TaxBasis.CUSTOMS_VALUE_PLUS_DUTY:
        base, basis_text = customs_value + duty, _("customs value plus duty")
    else:
        base, basis_text = customs_value + duty + excise, _("customs value plus duty plus excise")
    if base is None:
        return CostLine(key, label, None, target, rate=rate, basis=basis_text, source=source,
                        status=NOT_COMPUTABLE, note=_("Needs the duty, which could not be computed."))
    note = _("Applies when: %(conditions)s") % {"conditions": conditions} if conditions else ""
    return CostLine(key, label, money(base * rate / HUNDRED), target, rate=rate,
                    basis=_("%(rate)s%% of %(basis)s") % {"rate": rate.normalize(), "basis": basis_text},
                    source=source, note=note)


def _vat_from_facts(dest: Economy, customs_value: Decimal, duty: Decimal | None, target: str) -> CostLine:
    name = dest.vat_name or _("VAT/GST")
    if dest.vat_rate is None:
        if dest.vat_note:
            return CostLine(f"tax:{name.upper()}", name, ZERO, target, rate=None,
                            basis=dest.vat_note, source=dest.source.citation)
        return CostLine("tax:VAT", _("Import taxes"), None, target, status=NOT_LOADED,
                        note=_("No import taxes are loaded for %(economy)s.") % {"economy": dest.display_name})
    line = _tax_line(name.upper(), name, dest.vat_rate, TaxBasis.CUSTOMS_VALUE_PLUS_DUTY, customs_value, duty,
                     ZERO, target, dest.source.citation, "")
    note = _("Standard rate from our economy facts; other import taxes for %(economy)s are not loaded.") % {
        "economy": dest.display_name}
    return CostLine(line.key, line.label, line.amount, line.currency, line.rate, line.basis, line.source,
                    line.status, " ".join(p for p in (line.note, note, dest.vat_note) if p))


def check_amount(raw: str, field_name: str) -> Decimal:
    """Parse an amount typed by a person (``10000``, ``10,000.50``) or raise a field error."""
    try:
        value = Decimal(raw.replace(",", "").strip())
    except Exception:
        raise field_error(field_name, _("%(value)s is not an amount.") % {"value": raw},
                          _("Give a number such as 10000."), "invalid_amount") from None
    if not value.is_finite():
        raise RantaiError(_("Give a finite amount."), fields={field_name: [_("Give a number.")]}, status=422)
    return value


def landed_cost_data(cost: LandedCost) -> dict[str, object]:
    return {
        "origin": cost.origin.iso3,
        "destination": cost.destination.iso3,
        "hs": cost.hs.code,
        "date": cost.on.isoformat(),
        "currency": cost.currency,
        "valuation_basis": cost.valuation_basis,
        "regime": cost.regime.regime,
        "national_code": cost.line.national_code,
        "lines": [
            {"key": item.key, "label": item.label, "amount": str(item.amount) if item.amount is not None else None,
             "currency": item.currency, "rate": str(item.rate.normalize()) if item.rate is not None else None,
             "basis": item.basis, "source": item.source, "status": item.status, "note": item.note}
            for item in cost.lines
        ],
        "total": str(cost.total) if cost.total is not None else None,
        "complete": cost.complete,
        "notes": cost.notes,
    }
