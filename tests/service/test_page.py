"""The editor page in a real browser: Debian's headless Chromium driven by Playwright.

The real app (lifespan, tiny model) runs under uvicorn in a thread; each test opens the page at
`/`, as an editor would. With HYPEGAP_SCREENSHOT_DIR set (`make screenshot` sets it to
reports/), the desktop and phone tests save screenshots there.
"""

import json
import os
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from service.html_text import html_to_text
from tests.service.conftest import API_KEY

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LEVELS = ("faithful", "stretched", "overstated")
MIN_CONTRAST = 4.5


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `apt-get install chromium` (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visit:
    """One browser context on the page, recording requests and script errors."""

    def __init__(self, browser, base_url: str, viewport: dict):
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, base_url=base_url)
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("console", self._console)

    def _console(self, message):
        # Chromium logs every non-2xx fetch as "Failed to load resource"; the tests provoke some.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.problems.append(message.text)

    def open(self):
        self.page.goto("/")
        expect(self.page.locator("#headline")).to_be_visible()
        return self.page

    def score_requests(self) -> int:
        return sum(1 for url in self.requests if url.endswith("/v1/score"))

    def close(self):
        self.context.close()
        assert self.problems == [], self.problems
        outside = [url for url in self.requests if not url.startswith((self.base_url, "data:"))]
        assert outside == [], f"the page fetched from elsewhere: {outside}"


@pytest.fixture
def visit(browser, service_url):
    opened = Visit(browser, service_url, {"width": 1280, "height": 900})
    yield opened
    opened.close()


@pytest.fixture
def page(visit):
    return visit.open()


def screenshot(page, name: str) -> None:
    directory = os.environ.get("HYPEGAP_SCREENSHOT_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / name), full_page=True)


def score(page, headline: str, body: str = "") -> None:
    page.fill("#headline", headline)
    page.fill("#body", body)
    page.click("#score-button")
    expect(page.locator("#result")).to_be_visible()


def visible_text(locator) -> str:
    """The element's text as shown, without the words kept for screen readers only."""
    return locator.evaluate(
        """element => {
            const copy = element.cloneNode(true);
            copy.querySelectorAll('.visually-hidden').forEach(hidden => hidden.remove());
            return copy.textContent;
        }"""
    )


def signed(weight: float) -> str:
    digits = 2 if abs(weight) >= 0.1 else 3
    return ("+" if weight > 0 else "−") + f"{abs(weight):.{digits}f}"


# The JS reads an element's text colour and the colour it is drawn on, compositing the
# translucent backgrounds of its ancestors over white.
COLOURS_JS = """element => {
    const parse = text => {
        const parts = text.match(/[\\d.]+/g).map(Number);
        return parts.length > 3 ? parts.slice(0, 4) : [...parts, 1];
    };
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
        const colour = parse(getComputedStyle(node).backgroundColor);
        if (colour[3] > 0) layers.push(colour);
        if (colour[3] >= 1) break;
    }
    let base = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) {
        base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
    }
    const [r, g, b, a] = parse(getComputedStyle(element).color);
    const text = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
    return [text, base];
}"""


def contrast(locator) -> float:
    def luminance(rgb):
        def channel(value):
            value /= 255
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    text, background = locator.evaluate(COLOURS_JS)
    lighter, darker = sorted((luminance(text), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# Scoring


def test_scores_an_article_and_shows_gauge_level_words_and_reasons(page, tiny_scorer, stories):
    story = stories[1]
    expected = tiny_scorer.score(story["overstated"], story["body"])
    score(page, story["overstated"], story["body"])

    expect(page.locator("#score-value")).to_have_text(f"{expected.score:.2f}")
    expect(page.locator("#level")).to_have_text(expected.level)
    gauge = page.locator("#gauge")
    expect(gauge).to_have_attribute("aria-valuenow", str(expected.score))
    expect(gauge).to_have_attribute("aria-valuetext", f"{expected.score:.2f}, {expected.level}")
    expect(page.locator("#result")).to_have_attribute("data-level", expected.level)
    fill = page.locator("#gauge-fill").evaluate("e => e.style.width")
    assert float(fill.rstrip("%")) == pytest.approx(expected.score * 100)
    expect(page.locator("#model-version")).to_have_text(expected.model_version)
    expect(page.locator("#headline-only")).to_be_visible(visible=expected.headline_only)

    marked = page.locator("#marked-headline")
    assert visible_text(marked) == story["overstated"]
    terms = marked.locator(".term")
    expect(terms).to_have_count(len(expected.explanation.headline_terms))
    for index, term in enumerate(expected.explanation.headline_terms):
        shown = terms.nth(index)
        assert visible_text(shown) == term.text
        direction = "term-up" if term.weight > 0 else "term-down"
        expect(shown).to_have_class(f"term {direction}")
        effect = "raises the score" if term.weight > 0 else "lowers the score"
        expect(shown).to_have_attribute("title", f"{effect}: {signed(term.weight)}")
        expect(shown.locator(".visually-hidden")).to_have_text(
            f" ({effect}, {signed(term.weight)})"
        )
    strengths = [
        float(terms.nth(i).evaluate("e => e.style.getPropertyValue('--strength')"))
        for i in range(terms.count())
    ]
    assert max(strengths) == 1.0
    assert all(0 < strength <= 1 for strength in strengths)

    reasons = page.locator("#reasons li")
    expect(reasons).to_have_count(len(expected.explanation.reasons))
    for index, reason in enumerate(expected.explanation.reasons):
        expect(reasons.nth(index).locator(".reason-message")).to_have_text(reason.message)
        assert visible_text(reasons.nth(index).locator(".weight")) == signed(reason.weight)
    expect(page.locator("#result-status")).to_have_text(
        f"Score {expected.score:.2f}: {expected.level}. "
        f"{len(expected.explanation.reasons)} reasons listed."
    )


def test_ctrl_enter_scores_and_a_missing_body_is_noticed(page, tiny_scorer, stories):
    headline = stories[0]["overstated"]
    expected = tiny_scorer.score(headline, "")
    page.fill("#headline", headline)
    page.press("#headline", "Control+Enter")
    expect(page.locator("#score-value")).to_have_text(f"{expected.score:.2f}")
    expect(page.locator("#headline-only")).to_be_visible()
    expect(page.locator("#headline-only")).to_contain_text("headline alone")
    expect(page.locator("#evidence")).to_be_hidden()


def stub_result(headline: str, evidence: list[str], text: str, body_text=None) -> dict:
    """An API answer as the Scorer with evidence gives it: each sentence found in `text`, with
    offsets counted as Python counts them (code points)."""
    word = headline.index("will")
    return {
        "id": None,
        "score": 0.71,
        "level": "overstated",
        "headline_only": False,
        "model_version": "stub-version",
        "explanation": {
            "headline_terms": [{"text": "will", "start": word, "end": word + 4, "weight": 0.9}],
            "reasons": [
                {
                    "code": "certainty_gap",
                    "message": "the body says 'could raise' where the headline says 'will raise'",
                    "weight": 1.2,
                }
            ],
            "evidence": [
                {
                    "text": sentence,
                    "start": text.index(sentence),
                    "end": text.index(sentence) + len(sentence),
                    "similarity": 0.58 - 0.2 * i,
                }
                for i, sentence in enumerate(evidence)
            ],
            "body_text": body_text,
        },
    }


def answer_with(page, result: dict) -> None:
    page.route(
        "**/v1/score",
        lambda route: route.fulfill(content_type="application/json", body=json.dumps(result)),
    )


def marked_evidence(page) -> list[dict]:
    """Each <mark> of the shown body: its text and where it starts in the shown text."""
    return page.locator("#evidence-body").evaluate(
        """container => [...container.querySelectorAll('mark')].map(mark => {
            const before = document.createRange();
            before.setStart(container, 0);
            before.setEndBefore(mark);
            return {text: mark.textContent, before: before.toString(), title: mark.title};
        })"""
    )


def test_evidence_sentences_are_marked_in_the_body_as_text_never_as_markup(visit):
    page = visit.open()
    headline = "🚨 Central bank will raise interest rates next month"
    first = "Officials said a rise next month could come if prices keep climbing."
    second = "No decision had been made, a spokesman said 📈."
    body = (
        "FRANKFURT (Wire) 🏦 The central bank met on Monday. "
        f"{first} <img src=x onerror=\"document.title='injected'\"> <b>Markets</b> were calm.\n\n"
        f"{second} The next meeting is in six weeks."
    )
    answer_with(page, stub_result(headline, [first, second], body))
    score(page, headline, body)

    expect(page.locator("#evidence")).to_be_visible()
    shown = page.locator("#evidence-body")
    assert shown.evaluate("e => e.textContent") == body
    marks = marked_evidence(page)
    assert [m["text"] for m in marks] == [first, second]
    assert [m["before"] for m in marks] == [body[: body.index(first)], body[: body.index(second)]]
    assert marks[0]["title"] == "matched to the headline (similarity 0.58)"
    assert shown.locator("img, b").count() == 0
    assert page.title() != "injected"
    expect(page.locator("#evidence-count")).to_have_text("2 sentences are marked.")
    expect(page.locator("#reasons .reason-message")).to_have_text(
        "the body says 'could raise' where the headline says 'will raise'"
    )
    expect(page.locator("#marked-headline .term")).to_have_text("will (raises the score, +0.90)")
    assert contrast(shown.locator("mark").first) >= MIN_CONTRAST

    page.locator("#body").press_sequentially(" More.")
    expect(page.locator("#stale-notice")).to_be_visible()
    assert shown.evaluate("e => e.textContent") == body, "the body shown is the body scored"


def test_the_scorers_evidence_is_marked_at_its_offsets_in_the_body(page, tiny_scorer, stories):
    story = stories[3]
    body = f"UPDATE 🛈 {story['body']}"
    evidence = tiny_scorer.score(story["overstated"], body).explanation.evidence
    assert evidence, "the Scorer matched no sentence of the body"
    assert all(body[e.start : e.end] == e.text for e in evidence)
    score(page, story["overstated"], body)

    assert page.locator("#evidence-body").evaluate("e => e.textContent") == body
    marks = marked_evidence(page)
    in_order = sorted(evidence, key=lambda e: e.start)
    assert [m["text"] for m in marks] == [e.text for e in in_order]
    assert [m["before"] for m in marks] == [body[: e.start] for e in in_order]
    assert marks[0]["title"] == f"matched to the headline (similarity {in_order[0].similarity:.2f})"


def test_evidence_in_an_html_body_is_marked_in_the_text_the_service_read(visit):
    page = visit.open()
    headline = "Central bank will raise rates"
    sentence = "A rise could come next month."
    html = f"<h1>Rates</h1><p>The bank met.</p><p><i>{sentence}</i></p><script>x()</script>"
    body_text = html_to_text(html)
    answer_with(page, stub_result(headline, [sentence], body_text, body_text))
    page.fill("#headline", headline)
    page.fill("#body", html)
    page.check("#body-html")
    page.click("#score-button")

    expect(page.locator("#evidence")).to_be_visible()
    assert page.locator("#evidence-body").evaluate("e => e.textContent") == body_text
    (mark,) = marked_evidence(page)
    assert (mark["text"], mark["before"]) == (sentence, body_text[: body_text.index(sentence)])
    expect(page.locator("#evidence-count")).to_have_text("1 sentence is marked.")


def test_calmer_headline_rescores_live_against_the_same_body(visit, tiny_scorer, stories):
    page = visit.open()
    story = stories[1]
    original = tiny_scorer.score(story["overstated"], story["body"])
    calmer = tiny_scorer.score(story["faithful"], story["body"])
    assert calmer.score < original.score
    score(page, story["overstated"], story["body"])
    page.fill("#body", "The body field changed after scoring; the calmer box keeps the old one.")
    expect(page.locator("#calmer-stale")).to_be_visible()

    box = page.locator("#calmer-headline")
    expect(box).to_have_value(story["overstated"])
    expect(page.locator("#calmer-old")).to_have_text(f"{original.score:.2f} {original.level}")
    requests_before = visit.score_requests()
    box.select_text()
    box.press_sequentially(story["faithful"], delay=15)
    expect(page.locator("#calmer-new")).to_have_attribute("data-score", str(calmer.score))
    expect(page.locator("#calmer-new")).to_have_text(f"{calmer.score:.2f} {calmer.level}")
    difference = f"{original.score - calmer.score:.2f}"
    expect(page.locator("#calmer-change")).to_have_text(
        f"The rewrite scores {calmer.score:.2f} ({calmer.level}), "
        f"{difference} lower than the original."
    )
    assert visible_text(page.locator("#calmer-marked")) == story["faithful"]
    page.wait_for_timeout(500)
    # One request for the whole rewrite; a loaded machine may pause typing past the delay.
    sent = visit.score_requests() - requests_before
    assert 1 <= sent <= 3, f"{sent} requests for {len(story['faithful'])} keystrokes"
    expect(page.locator("#score-value")).to_have_text(f"{original.score:.2f}")
    screenshot(page, "page-desktop.png")


def test_a_result_edited_since_scored_is_marked_out_of_date_until_scored_again(
    visit, tiny_scorer, stories
):
    page = visit.open()
    story = stories[1]
    score(page, story["overstated"], story["body"])
    result, notice = page.locator("#result"), page.locator("#stale-notice")
    content, calmer_note = page.locator("#result-content"), page.locator("#calmer-stale")
    expect(notice).to_be_hidden()
    assert content.evaluate("e => getComputedStyle(e).opacity") == "1"

    page.locator("#body").press("End")
    page.locator("#body").press_sequentially(" Officials later denied it.")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Edited since scored")
    expect(result).to_have_attribute("data-edited", "")
    assert float(content.evaluate("e => getComputedStyle(e).opacity")) < 0.6
    expect(page.locator("#result-status")).to_have_text(
        "Edited since scored: the result is for the earlier text."
    )
    expect(calmer_note).to_be_visible()
    expect(page.locator("#verdict-stale")).to_be_visible()
    expect(page.locator("#score-value")).to_have_text(
        f"{tiny_scorer.score(story['overstated'], story['body']).score:.2f}"
    )
    assert visit.score_requests() == 1, "an edit alone must not send the article"

    page.fill("#body", story["body"])
    expect(notice).to_be_hidden()
    expect(result).not_to_have_attribute("data-edited", "")
    expect(calmer_note).to_be_hidden()
    expect(page.locator("#verdict-stale")).to_be_hidden()

    page.locator("#headline").press_sequentially("!")
    expect(notice).to_be_visible()
    expect(calmer_note).to_be_hidden()
    page.fill("#headline", story["overstated"])
    expect(notice).to_be_hidden()

    page.check("#body-html")
    expect(notice).to_be_visible()
    expect(calmer_note).to_be_visible()
    page.uncheck("#body-html")
    expect(notice).to_be_hidden()

    page.fill("#headline", story["faithful"])
    page.click("#rescore-button")
    rescored = tiny_scorer.score(story["faithful"], story["body"])
    expect(page.locator("#score-value")).to_have_text(f"{rescored.score:.2f}")
    expect(notice).to_be_hidden()
    expect(result).not_to_have_attribute("data-edited", "")
    assert visible_text(page.locator("#marked-headline")) == story["faithful"]
    assert visit.score_requests() == 2


def test_an_html_body_is_sent_as_html_and_scored_on_its_text(page, tiny_scorer, stories):
    story = stories[2]
    html = f"<p>{story['body']}</p><script>alert('not article text')</script>"
    expected = tiny_scorer.score(story["faithful"], html_to_text(html))
    page.fill("#headline", story["faithful"])
    page.fill("#body", html)
    page.check("#body-html")
    with page.expect_request("**/v1/score") as sent:
        page.click("#score-button")
    assert sent.value.post_data_json == {
        "headline": story["faithful"],
        "body": html,
        "body_format": "html",
    }
    expect(page.locator("#score-value")).to_have_text(f"{expected.score:.2f}")


# Errors


def test_empty_headline_is_refused_on_the_page(visit):
    page = visit.open()
    page.fill("#body", "A body without a headline.")
    page.click("#score-button")
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).to_have_text("Write a headline to score: the headline is empty.")
    expect(page.locator("#headline")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#headline")).to_be_focused()
    expect(page.locator("#result")).to_be_hidden()
    assert visit.score_requests() == 0


def test_body_too_long_shows_the_services_message(page):
    page.fill("#headline", "Council votes on parking fees")
    page.fill("#body", "a" * 200_001)
    page.click("#score-button")
    error = page.locator("#error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("200,000")
    expect(page.locator("#result")).to_be_hidden()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ("unreachable", "Cannot reach the scoring service"),
        ("not ready", "The scoring service is not ready yet"),
    ],
)
def test_network_failure_and_service_not_ready_are_shown(page, answer, message):
    def reply(route):
        if answer == "unreachable":
            route.abort("connectionrefused")
        else:
            body = {"error": {"code": "not_ready", "message": "no model is loaded"}}
            route.fulfill(status=503, content_type="application/json", body=json.dumps(body))

    page.route("**/v1/score", reply)
    page.fill("#headline", "Storm closes schools")
    page.click("#score-button")
    expect(page.locator("#error")).to_contain_text(message)
    expect(page.locator("#score-button")).to_have_text("Score")


def test_api_key_is_asked_for_kept_and_sent(browser, keyed_service_url, tiny_scorer, stories):
    visit = Visit(browser, keyed_service_url, {"width": 1280, "height": 900})
    try:
        page = visit.open()
        story = stories[2]
        page.fill("#headline", story["faithful"])
        page.fill("#body", story["body"])
        page.click("#score-button")
        expect(page.locator("#error")).to_have_text(
            "This service needs an API key. Enter it under “API key” and score again."
        )
        expect(page.locator("#key-panel")).to_have_attribute("open", "")
        expect(page.locator("#api-key")).to_have_attribute("aria-invalid", "true")

        page.fill("#api-key", "wrong-key")
        page.click("#score-button")
        expect(page.locator("#error")).to_contain_text("refused the API key")

        page.fill("#api-key", API_KEY)
        page.click("#score-button")
        expect(page.locator("#result")).to_be_visible()
        expect(page.locator("#error")).to_be_hidden()
        expect(page.locator("#key-state")).to_have_text("(set)")

        page.reload()
        expect(page.locator("#api-key")).to_have_value(API_KEY)
        expect(page.locator("#model-version")).not_to_have_text("not loaded yet")
        expected = tiny_scorer.score(story["overstated"], story["body"])
        page.fill("#headline", story["overstated"])
        page.fill("#body", story["body"])
        page.press("#body", "Control+Enter")
        expect(page.locator("#score-value")).to_have_text(f"{expected.score:.2f}")
        expect(page.locator("#error")).to_be_hidden()

        page.click("#key-panel summary")
        page.click("#forget-key")
        expect(page.locator("#api-key")).to_have_value("")
        expect(page.locator("#key-state")).to_have_text("(none set)")
        assert page.evaluate("() => localStorage.getItem('hypegap.apiKey')") is None
    finally:
        visit.close()


# Accessibility and small screens


def test_every_field_has_a_label_and_the_keyboard_reaches_everything(page):
    for field in page.locator("textarea, input").all():
        field_id = field.get_attribute("id")
        assert page.locator(f"label[for='{field_id}']").count() == 1, field_id

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#headline")).to_be_focused()
    page.keyboard.type("Markets CRASH as bank fails!")
    page.keyboard.press("Tab")
    expect(page.locator("#body")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#body-html")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#key-panel summary")).to_be_focused()
    page.keyboard.press("Tab")
    button = page.locator("#score-button")
    expect(button).to_be_focused()
    assert button.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("#result")).to_be_visible()

    first_term = page.locator("#marked-headline .term").first
    first_term.focus()
    expect(first_term).to_be_focused()
    tip = first_term.evaluate("e => getComputedStyle(e, '::after').content")
    assert first_term.get_attribute("data-weight") in tip


def test_text_contrast_is_at_least_4_5(page, stories):
    score(page, stories[1]["overstated"], stories[1]["body"])
    page.fill("#headline", "")
    for selector in ["#stale-notice p", "#rescore-button", "#calmer-stale"]:
        ratio = contrast(page.locator(selector))
        assert ratio >= MIN_CONTRAST, f"{selector}: {ratio:.2f}"
    page.click("#score-button")
    page.fill("#headline", stories[1]["overstated"])
    expect(page.locator("#stale-notice")).to_be_hidden()
    checked = [
        "#headline-hint",
        "label[for='headline']",
        ".model-line",
        "#score-button",
        "#error",
        ".reason-message",
        "#calmer-old",
        "#calmer-change",
    ]
    for selector in checked:
        ratio = contrast(page.locator(selector).first)
        assert ratio >= MIN_CONTRAST, f"{selector}: {ratio:.2f}"
    for level in LEVELS:
        page.evaluate(f"() => document.querySelector('#result').dataset.level = '{level}'")
        ratio = contrast(page.locator("#level"))
        assert ratio >= MIN_CONTRAST, f"{level} badge: {ratio:.2f}"
    for weight in page.locator("#reasons .weight").all():
        assert contrast(weight) >= MIN_CONTRAST
    strongest = page.locator("#marked-headline .term").evaluate_all(
        "terms => terms.findIndex(t => t.style.getPropertyValue('--strength') === '1.000')"
    )
    assert contrast(page.locator("#marked-headline .term").nth(strongest)) >= MIN_CONTRAST


def test_fits_a_phone_screen(browser, service_url, tiny_scorer, stories):
    visit = Visit(browser, service_url, {"width": 360, "height": 780})
    try:
        page = visit.open()
        story = stories[4]
        expected = tiny_scorer.score(story["overstated"], story["body"])
        score(page, story["overstated"], story["body"])
        expect(page.locator("#score-value")).to_have_text(f"{expected.score:.2f}")
        expect(page.locator("#calmer")).to_be_visible()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"the page scrolls sideways: {width}px wide"
        for selector in ["#headline", "#body", "#score-button", "#gauge", "#calmer-headline"]:
            box = page.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, selector
        assert page.locator("#score-button").bounding_box()["height"] >= 44
        screenshot(page, "page-phone.png")
    finally:
        visit.close()


# Do you agree?


def stored_verdicts(base_url: str) -> list[dict]:
    return httpx.get(f"{base_url}/v1/feedback", params={"limit": 1000}).json()["items"]


def test_an_editor_disagrees_sends_a_verdict_with_a_note_and_sees_it_confirmed(
    visit, tiny_scorer, stories
):
    page = visit.open()
    story = stories[3]
    headline = f"{story['faithful']} (verdict test)"
    expected = tiny_scorer.score(headline, story["body"])
    score(page, headline, story["body"])
    box = page.locator("#verdict")
    expect(box).to_be_visible()
    expect(page.locator("#verdict-model-level")).to_have_text(expected.level)

    page.click("#verdict-button")
    expect(page.locator("#verdict-error")).to_contain_text("Choose a level first")
    page.check("#verdict-overstated")
    page.fill("#verdict-note", "The body does not say that.")
    page.click("#verdict-button")

    expect(page.locator("#verdict-confirmation")).to_have_text(
        "Thank you: your verdict (overstated) is recorded."
    )
    expect(page.locator("#verdict-error")).to_be_hidden()
    (stored,) = [v for v in stored_verdicts(visit.base_url) if v["headline"] == headline]
    editor = page.evaluate("() => localStorage.getItem('hypegap.editor')")
    assert stored["verdict"] == "overstated" and stored["note"] == "The body does not say that."
    assert stored["body"] == story["body"] and stored["editor"] == editor
    assert (stored["score_shown"], stored["level_shown"]) == (expected.score, expected.level)
    assert stored["model_version"] == expected.model_version

    page.click("#verdict-button")  # sent twice: stored once
    expect(page.locator("#verdict-confirmation")).to_contain_text("recorded")
    assert len([v for v in stored_verdicts(visit.base_url) if v["headline"] == headline]) == 1

    score(page, "Another headline entirely", story["body"])
    expect(page.locator("#verdict-confirmation")).to_have_text("")
    assert page.locator("input[name='verdict']:checked").count() == 0


def test_a_database_that_is_down_is_explained_and_the_verdict_can_be_sent_again(page, stories):
    score(page, stories[0]["overstated"], stories[0]["body"])
    body = {"error": {"code": "database_unavailable", "message": "the database is down"}}
    page.route(
        "**/v1/feedback",
        lambda route: route.fulfill(
            status=503, content_type="application/json", body=json.dumps(body)
        ),
    )
    page.check("#verdict-stretched")
    page.click("#verdict-button")
    expect(page.locator("#verdict-error")).to_contain_text("cannot record verdicts right now")
    expect(page.locator("#verdict-button")).to_have_text("Send verdict")

    page.unroute("**/v1/feedback")
    page.press("#verdict-note", "Control+Enter")
    expect(page.locator("#verdict-confirmation")).to_contain_text("(stretched) is recorded")
    expect(page.locator("#verdict-error")).to_be_hidden()
