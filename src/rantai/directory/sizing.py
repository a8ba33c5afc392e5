"""Size class (micro, small, medium, large) from the organisation's own economy's definition."""

from __future__ import annotations

from decimal import Decimal

from rantai.directory.models import Organisation, SizeClass, SizeClassRule


def size_class_for(organisation: Organisation) -> str:
    """Apply the economy's rules in priority order; the first whose measure is known decides.

    Money measures count only in the rule's currency (no conversion: a class must not change with exchange
    rates). No rule, or no known measure, gives ``unknown``.
    """
    rules = SizeClassRule.objects.filter(economy_id=organisation.economy_id).order_by("priority")
    currency = organisation.sales_currency or organisation.economy.currency
    for rule in rules:
        value: Decimal | int | None = getattr(organisation, rule.measure)
        if value is None:
            continue
        if rule.measure != SizeClassRule.Measure.EMPLOYEES and rule.currency and rule.currency != currency:
            continue
        return classify(Decimal(value), rule)
    return SizeClass.UNKNOWN


def classify(value: Decimal, rule: SizeClassRule) -> str:
    if value <= rule.micro_max:
        return SizeClass.MICRO
    if value <= rule.small_max:
        return SizeClass.SMALL
    if value <= rule.medium_max:
        return SizeClass.MEDIUM
    return SizeClass.LARGE
