"""The course site in a real browser: Debian's chromium, driven by playwright.

A learner's path, end to end, on the real lesson pages (one real execution of each
notebook, from the site cache): every lesson opened and photographed at laptop and
phone width (test-artifacts/site/), a prediction answered wrongly then rightly, exercise
1.1 solved in the editor after a wrong attempt and a hint, and the pass seen on the
concept page and by `realdata progress`. No request may leave 127.0.0.1.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from realdata.course import registry
from realdata.course.progress import Progress
from realdata.course.workspace import init_workspace
from realdata.site import build
from site_helpers import running

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "site"
SOLUTION_1_1 = registry.exercise("1.1").solution
WRONG_1_1 = SOLUTION_1_1.replace("return len(self.x)", "return len(self.x) + 1")

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (.ci/run installs it with apt-get)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def pages():
    return {lesson.slug: page for lesson, page in build.lessons_with_pages()}


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def site(tmp_path, pages):
    init_workspace(tmp_path)
    with running(tmp_path, pages) as s:
        yield s


def _page(browser, site, requests, **kw):  # noqa: ANN001, ANN003, ANN202
    context = browser.new_context(**kw)
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site.url())  # the token, traded for the cookie
    return page


def _editor_set(page, exercise_id: str, code: str) -> None:  # noqa: ANN001
    content = page.locator(f'section[data-exercise="{exercise_id}"] .cm-content')
    content.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(code)  # as pasted: no auto-indent or auto-closed brackets


def _verdict(page, exercise_id: str) -> str:  # noqa: ANN001
    status = page.locator(f'section[data-exercise="{exercise_id}"] .verdict .status')
    status.wait_for(timeout=240_000)
    return status.inner_text()


def test_a_learners_path(browser, site):
    requests: list[str] = []
    page = _page(browser, site, requests, viewport={"width": 1366, "height": 900})
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    for lesson in registry.LESSONS:
        page.goto(f"http://127.0.0.1:{site.port}/lesson/{lesson.number}/")
        assert page.locator("main h1").inner_text() == f"Lesson {lesson.number}: {lesson.title}"
        assert page.locator("main img.figure").count() >= 1  # figures from the real execution
        assert page.locator("nav.toc li").count() >= 5  # a contents list
        page.screenshot(path=str(ARTIFACTS / f"lesson-{lesson.number}-laptop.png"), full_page=True)

    # predict and verify: wrong, then right
    page.goto(f"http://127.0.0.1:{site.port}/lesson/1/")
    question = page.locator('form.question[data-question="1.check1.a"]')
    question.locator("input").fill("12")
    question.locator("button").click()
    head = question.locator(".answer-head")
    playwright_api.expect(head).to_have_text(re.compile("^Not quite"))
    question.locator("input").fill("13")
    question.locator("button").click()
    playwright_api.expect(head).to_have_text(re.compile("^Correct"))
    assert question.locator(".explanation").is_visible()

    # exercise 1.1: a wrong attempt, a hint, a right one
    page.goto(f"http://127.0.0.1:{site.port}/exercises/1/")
    section = page.locator('section[data-exercise="1.1"]')
    _editor_set(page, "1.1", WRONG_1_1)
    section.locator("button.check").click()
    assert _verdict(page, "1.1").startswith("failed")
    section.locator("button.hint").click()
    assert section.locator("ol.hints li").first.inner_text(timeout=10_000).startswith("Hint 1 of 3 for 1.1")
    _editor_set(page, "1.1", SOLUTION_1_1)
    section.locator(".verdict").evaluate("el => el.replaceChildren()")
    page.keyboard.press("Control+Enter")  # the keyboard alone checks too
    assert _verdict(page, "1.1").startswith("Passed")
    assert "self.x ** 2" in section.locator(".verdict details pre").inner_text()  # the reference solution

    # the pass, on the concept page and in the CLI
    page.goto(f"http://127.0.0.1:{site.port}/concepts/")
    concept = registry.exercise("1.1").concepts[0]
    assert page.locator(f"tr#{concept}").get_attribute("data-mastery") in ("done", "started")
    assert page.locator("tbody tr").count() == 33
    progress = subprocess.run(
        [str(Path(sys.executable).with_name("realdata")), "progress", "--workspace", str(site.workspace)],
        capture_output=True,
        text=True,
    )
    assert any("1.1" in line and "passed" in line for line in progress.stdout.splitlines()), progress.stdout
    assert Progress.load(site.workspace).question_state("1.check1.a") == "correct"

    outside = [u for u in requests if not u.startswith((f"http://127.0.0.1:{site.port}/", "data:"))]
    assert not outside, outside


def test_phone_width_dark_mode_and_charts(browser, site):
    requests: list[str] = []
    page = _page(browser, site, requests, viewport={"width": 390, "height": 844}, color_scheme="dark")
    for lesson in registry.LESSONS:
        page.goto(f"http://127.0.0.1:{site.port}/lesson/{lesson.number}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 1, f"lesson {lesson.number} scrolls sideways at phone width ({width}px)"
        page.screenshot(path=str(ARTIFACTS / f"lesson-{lesson.number}-phone.png"), full_page=True)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(13, 17, 23)"  # the system's dark mode is followed

    # the learning-rate runs, drawn from the lesson's real event files: hover values, runs toggled
    page.goto(f"http://127.0.0.1:{site.port}/lesson/3/")
    chart = page.locator(".runs-chart").first
    chart.scroll_into_view_if_needed()
    assert chart.locator(".u-legend .u-series").count() == 4  # the x axis and three runs
    box = chart.locator(".u-over").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    values = chart.locator(".u-legend .u-value").all_inner_texts()
    assert any(v not in ("", "--") for v in values[1:])  # hovering shows the runs' values
    run = chart.locator(".u-legend .u-series").nth(1)
    run.click()
    assert "u-off" in (run.get_attribute("class") or "")  # clicked off
    outside = [u for u in requests if not u.startswith((f"http://127.0.0.1:{site.port}/", "data:"))]
    assert not outside, outside


def test_keyboard_alone_reaches_the_content(browser, site):
    page = _page(browser, site, [])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_course_wide_search_finds_sections_and_concepts(browser, site):
    page = _page(browser, site, [])
    page.locator("#q").fill("shuffl")
    results = page.locator("#results li a")
    results.first.wait_for(timeout=10_000)
    titles = results.all_inner_texts()
    assert any("Lesson 1" in t for t in titles) and any(t.startswith("Concept:") for t in titles), titles
    results.first.click()
    assert "/lesson/" in page.url or "/concepts" in page.url
