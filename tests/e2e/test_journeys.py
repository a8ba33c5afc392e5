"""The whole story, the way people live it, in a real browser against the real server and its worker.

An MSME signs up, verifies its e-mail address from the e-mail the worker sent, registers its business number
and asks for verification, adds a product with an HS code the classifier suggests, and checks where it can
sell and at what duty (Japan's real tariff is loaded); a trade official of its economy verifies it; a buyer
finds it in search, posts a sourcing request, the MSME quotes, the buyer awards.

Each journey runs on a phone and on a desktop, in English and in Bahasa Indonesia. Fields are found by their
names (the same in both languages); the language is checked on the pages. Screenshots of every step are kept
in ``var/ci-output/journeys/`` (CI output).
"""

from __future__ import annotations

import datetime as dt
import email
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.a11y.test_axe import BLOCKING, axe_violations, describe
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import horizontal_overflow
from tests.e2e.live_server import REPO, LiveRantai

pytestmark = pytest.mark.e2e
# The server's first classification loads the classifier; on a busy CI machine that takes seconds.
expect.set_options(timeout=30_000)

DEMO_PASSWORD = "rantai-demo-2026"
PASSWORD = "kopi-gayo-lestari-2026"
SCREENSHOTS = REPO / "var" / "ci-output" / "journeys"
LANG_PREFIX = {"en": "", "id": "/id"}


class Journey:
    """One run: a language, a device, and a tab per person."""

    def __init__(self, browser: Any, server: LiveRantai, language: str, device: str, axe_source: str) -> None:
        self.browser, self.server, self.language, self.device = browser, server, language, device
        self.axe_source = axe_source
        self.audited: dict[str, int] = {}
        self.prefix = LANG_PREFIX[language]
        self.contexts: list[Any] = []
        self.step = 0
        self.folder = SCREENSHOTS / f"{language}-{device}"
        self.folder.mkdir(parents=True, exist_ok=True)

    def _context(self, **extra: Any) -> Any:
        options: dict[str, Any] = {"viewport": PHONE if self.device == "phone" else DESKTOP}
        if self.device == "phone":
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        return self.browser.new_context(
            base_url=self.server.url, locale="id-ID" if self.language == "id" else "en-US", **options, **extra
        )

    def tab(self) -> Page:
        context = self._context()
        context.set_default_timeout(20_000)
        self.contexts.append(context)
        return context.new_page()

    def go(self, page: Page, path: str) -> None:
        response = page.goto(self.prefix + path)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"

    def shot(self, page: Page, name: str) -> None:
        self.step += 1
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        assert horizontal_overflow(page) <= 1, f"{name}: the page is wider than the {self.device} screen"
        page.screenshot(path=str(self.folder / f"{self.step:02d}-{name}.png"), full_page=True)
        self.audit(page, name)

    def audit(self, page: Page, name: str) -> None:
        """axe-core on the page as this person sees it: no serious or critical violation.

        axe is injected as a script, which the platform's Content-Security-Policy rightly refuses, so the
        audit opens the same address with the same cookies in a tab that lets it through; the journey's own
        tabs keep the policy, so a page that needs an inline script would fail the journey.
        """
        context = self._context(storage_state=page.context.storage_state(), bypass_csp=True)
        try:
            audit = context.new_page()
            audit.goto(page.url)
            violations = [v for v in axe_violations(audit, self.axe_source) if v["impact"] in BLOCKING]
        finally:
            context.close()
        self.audited[name] = len(violations)
        assert not violations, f"{name} ({page.url}) on {self.device}:\n{describe(violations)}"

    def sign_in(self, page: Page, email_address: str, password: str) -> None:
        self.go(page, "/accounts/login/")
        page.locator("input[name=username]").fill(email_address)
        page.locator("input[name=password]").fill(password)
        page.locator("main form button[type=submit]").click()
        expect(page.locator("input[name=password]")).to_have_count(0)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def mail_to(server: LiveRantai, address: str) -> list[str]:
    """Plain-text bodies of the e-mails sent to ``address`` (the file backend separates messages by a rule)."""
    bodies = []
    for content in server.mails():
        for raw in re.split(rb"\n-{79}\n", content):
            message = email.message_from_bytes(raw.strip())
            # Identical notices go to many owners at once in Bcc: the envelope names every recipient.
            if address not in str(message.get("X-Envelope-To", "")):
                continue
            part = next((p for p in message.walk() if p.get_content_type() == "text/plain"), message)
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                bodies.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return bodies


def wait_for_mail(page: Page, server: LiveRantai, address: str, pattern: str) -> re.Match[str]:
    """The worker sends e-mails after the request ends: poll for up to 30 s."""
    for _ in range(60):
        for body in mail_to(server, address):
            found = re.search(pattern, body)
            if found:
                return found
        page.wait_for_timeout(500)
    raise AssertionError(f"no e-mail to {address} matching {pattern!r}; got: {mail_to(server, address)}")


def submit(page: Page, form_selector: str) -> None:
    page.locator(f"{form_selector} button[type=submit]").first.click()


def msme_signs_up_and_lists_a_product(j: Journey, page: Page, address: str, org_name: str, nib: str) -> str:
    """Returns the product's page path."""
    j.go(page, "/accounts/signup/")
    page.locator("input[name=full_name]").fill("Siti Journey")
    page.locator("input[name=email]").fill(address)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("select[name=preferred_language]").select_option(j.language)
    page.locator("input[name=organisation_name]").fill(org_name)
    page.locator("input[name=organisation_kind][value=msme]").check()
    page.locator("select[name=economy]").select_option("IDN")
    j.shot(page, "signup")
    submit(page, "main form")
    expect(page.locator("input[name=password1]")).to_have_count(0)

    link = wait_for_mail(page, j.server, address, r"https?://\S+/accounts/verify/\S+/")
    verify_path = re.sub(r"^https?://[^/]+", "", link.group(0))
    response = page.goto(verify_path)
    assert response is not None and response.status == 200
    j.shot(page, "email-verified")

    # Register the business number and ask the trade authority for verification.
    j.go(page, "/dashboard/")
    j.shot(page, "dashboard")
    page.locator("a[href*='/edit/']").first.click()
    page.locator("select[name=scheme]").select_option("id-nib")
    page.locator("input[name=value]").fill(nib)
    submit(page, "form[action*='/identifiers/']")
    expect(page.locator("code", has_text=nib)).to_be_visible()
    page.locator(
        "form[action*='/verification/'] textarea, form[action*='/verification/'] input[type=text]"
    ).first.fill("NIB dari OSS." if j.language == "id" else "Our NIB from OSS.")
    submit(page, "form[action*='/verification/']")
    expect(page.locator("form[action*='/verification/']")).to_have_count(0)
    j.shot(page, "verification-asked")

    # A product, its HS code taken from the classifier's suggestions.
    j.go(page, "/catalogue/new/")
    page.locator("#id_sku").fill("KOPI-250")
    page.locator("#id_title").press_sequentially("Kopi arabika Gayo sangrai bubuk", delay=20)
    use = page.locator("#hs-suggestions [data-hs-use='090121']")
    expect(use).to_be_visible()
    j.shot(page, "hs-suggested")
    use.click()
    expect(page.locator("#id_hs_code")).to_have_value("090121")
    page.locator("#id_language").fill("id")
    page.locator("#id_unit").select_option("kg")
    page.locator("#id_min_order").fill("100")
    page.locator("#id_monthly_capacity").fill("2000")
    page.locator("#id_price_min").fill("9")
    page.locator("#id_price_max").fill("12")
    page.locator("#id_currency").fill("USD")
    page.locator("#id_lead_time_days").fill("21")
    submit(page, "main form.form:not([action])")
    publish = page.locator("form[action*='/publish/'] button")
    publish.click()
    expect(page.locator("form[action*='/unpublish/']")).to_be_visible()

    # Where can it sell, at what duty: Japan's real schedule gives Indonesia's preferences.
    panel = page.locator(".markets-panel")
    japan = panel.locator("li", has_text="Jap")
    expect(japan.first).to_be_visible()
    expect(japan.first).to_contain_text("%")
    j.shot(page, "where-to-sell")
    product_link = page.locator("a[href*='/p/']").first.get_attribute("href")
    assert product_link
    return re.sub(r"^/id(?=/)", "", product_link)


def official_verifies(j: Journey, page: Page, org_name: str) -> None:
    j.sign_in(page, "official@rantai.test", DEMO_PASSWORD)
    j.go(page, "/official/queue/")
    page.get_by_role("link", name=org_name).click()
    page.locator("input[name=decision][value=approve], select[name=decision]").first.wait_for()
    decision = page.locator("select[name=decision]")
    if decision.count():
        decision.select_option("approve")
    else:
        page.locator("input[name=decision][value=approve]").check()
    j.shot(page, "official-review")
    submit(page, "form:has([name=decision])")
    expect(page.locator("[name=decision]")).to_have_count(0)


def buyer_finds_it_and_asks(j: Journey, page: Page, org_name: str, title: str) -> str:
    """The buyer finds the MSME in search, then posts a request; returns the request's path."""
    j.sign_in(page, "buyer@rantai.test", DEMO_PASSWORD)
    j.go(page, "/search/?q=kopi+arabika+gayo")
    result = page.locator("main li, main article", has_text=org_name).first
    expect(result).to_be_visible()
    j.shot(page, "buyer-search")

    j.go(page, "/sourcing/new/")
    page.locator("#id_title").press_sequentially(title, delay=20)
    use = page.locator("#hs-suggestions [data-hs-use='090121']")
    expect(use).to_be_visible()
    use.click()
    expect(page.locator("#id_hs_code")).to_have_value("090121")
    page.locator("#id_quantity").fill("500")
    page.locator("#id_unit").select_option("kg")
    page.locator("#id_target_price").fill("11")
    page.locator("#id_currency").fill("USD")
    page.locator("#id_destination").select_option("JPN")
    page.locator("#id_incoterm").select_option("FOB")
    page.locator("#id_deadline").fill((dt.date.today() + dt.timedelta(days=30)).isoformat())
    j.shot(page, "request-form")
    page.locator("button[name=action][value=publish]").click()

    # The engine ranks the MSME among the matched suppliers and says why.
    match = page.locator("#matches-heading ~ ol article", has_text=org_name)
    expect(match).to_be_visible()
    expect(match.locator(".component-reason").first).not_to_be_empty()
    j.shot(page, "matches")
    return re.sub(r"^https?://[^/]+(/id)?", "", page.url)


def msme_quotes(j: Journey, page: Page, address: str, request_path: str, title: str) -> None:
    """Told by e-mail (through the worker) and on its sourcing page, the MSME answers with a quote."""
    wait_for_mail(page, j.server, address, re.escape(request_path))
    j.go(page, "/sourcing/")
    page.locator("main a", has_text=title).first.click()
    form = page.locator("form[action$='/quote/']")
    form.locator("[name$=price]").fill("10.50")
    form.locator("[name$=currency]").fill("USD")
    form.locator("[name$=incoterm]").select_option("FOB")
    form.locator("[name$=lead_time_days]").fill("21")
    form.locator("[name$=valid_until]").fill((dt.date.today() + dt.timedelta(days=20)).isoformat())
    form.locator("[name$=message]").fill("Kopi Gayo sangrai, kemasan 250 g." if j.language == "id" else "Roasted Gayo.")
    j.shot(page, "quote-form")
    form.locator("button[type=submit]").click()
    expect(page.locator("form[action*='/withdraw/']")).to_be_visible()
    j.shot(page, "quoted")


def buyer_awards(j: Journey, page: Page, request_path: str, org_name: str) -> None:
    j.go(page, request_path)
    quote = page.locator("li", has=page.locator("form[action*='/award/']")).filter(has_text=org_name).first
    quote.locator("details:has(form[action*='/award/']) > summary").click()
    quote.locator("form[action*='/award/'] button[type=submit]").click()
    expect(page.locator("form[action*='/award/']")).to_have_count(0)
    j.shot(page, "awarded")


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_msme_to_award(
    browser: Any, live_server_process: LiveRantai, axe_source: str, language: str, device: str
) -> None:
    j = Journey(browser, live_server_process, language, device, axe_source)
    run = f"{language}-{device}-{dt.datetime.now():%H%M%S}"
    address = f"siti-{run}@journey.test"
    org_name = f"Kopi Journey {run}"
    try:
        msme = j.tab()
        nib = f"8{time.time_ns() // 1000 % 10**12:012d}"  # a registration number is one organisation's only
        msme_signs_up_and_lists_a_product(j, msme, address, org_name, nib)
        official_verifies(j, j.tab(), org_name)
        buyer = j.tab()
        title = f"Roasted arabica coffee, ground, 250 g bags ({run})"
        request_path = buyer_finds_it_and_asks(j, buyer, org_name, title)
        msme_quotes(j, msme, address, request_path, title)
        buyer_awards(j, buyer, request_path, org_name)
        # Everyone sees the state: the MSME's quote is the one awarded.
        j.go(msme, request_path)
        expect(msme.locator("form[action*='/withdraw/']")).to_have_count(0)
        j.shot(msme, "msme-sees-award")
    finally:
        j.close()
