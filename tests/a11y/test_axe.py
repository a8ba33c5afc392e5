"""axe-core in the real browser on every public page, in English and Bahasa Indonesia, on a phone and a desktop:
no serious or critical violation. Add a page to PAGES as it lands (journeys will add the signed-in ones)."""

from __future__ import annotations

from typing import Any

import pytest

PAGES = [
    "/",
    "/hs/",
    "/hs/09/",
    "/hs/0901/",
    "/hs/090111/",
    "/hs/search/?q=coffee",
    "/accounts/login/",
    "/accounts/signup/",
    "/sources/",
    "/search/?q=kopi",
    "/tariffs/",
]
LANGUAGES = {"en": "", "id": "/id"}
BLOCKING = ("serious", "critical")


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s): {targets})")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_no_serious_or_critical_accessibility_violation(
    request: pytest.FixtureRequest, axe_source: str, device: str, language: str, path: str
) -> None:
    tab = request.getfixturevalue("audit_phone_page" if device == "phone" else "audit_page")
    response = tab.goto(LANGUAGES[language] + path)
    assert response is not None and response.status == 200, path
    violations = [v for v in axe_violations(tab, axe_source) if v["impact"] in BLOCKING]
    assert not violations, f"{language}{path} on {device}:\n{describe(violations)}"
