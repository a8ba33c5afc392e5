"""Template helpers for the HS browser pages."""

from __future__ import annotations

from django import template
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from rantai.reference.models import HsCode, HsLevel, Relationship

register = template.Library()

# Whole sentences, so translators see what each UNSD flag means for someone converting trade data.
RELATIONSHIP_EXPLANATIONS: dict[str, Promise] = {
    Relationship.ONE_TO_ONE: _(
        "One to one: both codes cover exactly the same goods, so values carry over unchanged."
    ),
    Relationship.ONE_TO_MANY: _(
        "One to many: this HS 2022 code covers goods that the older version split across several codes."
    ),
    Relationship.MANY_TO_ONE: _(
        "Many to one: several HS 2022 codes together cover the goods of this one older code, "
        "so its values must be split between them."
    ),
    Relationship.MANY_TO_MANY: _(
        "Many to many: goods moved between several codes in both directions, so values can only be "
        "converted approximately."
    ),
}

LEVEL_NAMES: dict[str, Promise] = {
    HsLevel.SECTION: _("Section"),
    HsLevel.CHAPTER: _("Chapter"),
    HsLevel.HEADING: _("Heading"),
    HsLevel.SUBHEADING: _("Subheading"),
}


@register.filter
def hs_description(node: HsCode) -> str:
    """The Indonesian description for Indonesian readers where one is loaded, else the English one."""
    if (get_language() or "").startswith("id") and node.description_id:
        return node.description_id
    return node.description


@register.filter
def hs_level_name(level: str) -> str:
    return str(LEVEL_NAMES.get(level, level))


@register.filter
def relationship_explanation(relationship: str) -> str:
    return str(RELATIONSHIP_EXPLANATIONS.get(relationship, ""))


@register.filter
def hs_display_code(code: str) -> str:
    """6-digit codes read as 3002.41, the way customs documents print them; others as stored."""
    if len(code) == 6 and code.isdigit():
        return f"{code[:4]}.{code[4:]}"
    return code
