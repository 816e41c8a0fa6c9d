"""The archive in a real browser: headless Debian chromium driven by Playwright.

``archive serve`` runs on a free loopback port against the demo archive (seeds/
and, when it is there, ../shared/corpus), and each test does what an analyst
would. Every test saves a screenshot in test-artifacts/screenshots/ and every
page's render time goes to test-artifacts/page-times.tsv and the end of the
test report.

The tests skip when chromium or Playwright is missing, unless
ARCHIVE_BROWSER_TESTS=required (set by .ci/run), where they fail instead.
Playwright never downloads a browser here: it drives /usr/bin/chromium.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
CHROMIUM = Path(os.environ.get("ARCHIVE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
# Window-sized pictures for the README; copy them to docs/screenshots/ to update it.
DOC_SHOTS = SCREENSHOTS / "docs"
# Without the background-networking flags chromium tries to reach Google services.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
QUOTE = "These contacts spurred international recognition of the new government in Afghanistan."
PAGE_TIMES: list[tuple[str, str, float]] = []


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements.txt)"
    return None


MISSING = _missing()
REQUIRED = os.environ.get("ARCHIVE_BROWSER_TESTS") == "required"
pytestmark = pytest.mark.skipif(bool(MISSING) and not REQUIRED, reason=str(MISSING))


# Fixtures -------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"archive serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"archive serve did not answer at {url} within {timeout} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def demo_archive(seed_archive, tmp_path_factory) -> Path:
    """The README's demo archive, ``archive load seeds ../shared/corpus``; seeds/ alone without ../shared."""
    if not CORPUS.exists():
        return seed_archive
    db_path = tmp_path_factory.mktemp("demo") / "archive.db"
    subprocess.run([sys.executable, "-m", "archive.cli", "load", "seeds", str(CORPUS), "--db", str(db_path),
                    "--silent"], cwd=REPO, capture_output=True)  # exit status 1: the corpus has 6 empty files
    return db_path


@pytest.fixture(scope="module")
def server(demo_archive, tmp_path_factory, request):
    """``archive serve --db ... --port <free port>`` as a subprocess; yields its base URL."""
    if MISSING:
        pytest.fail(f"browser tests are required here but {MISSING}")
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "archive.cli", "serve", "--db", str(demo_archive), "--port", str(port)],
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/", process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        _report_page_times(request.config)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        warm_up = chromium.new_page()  # the first navigation also pays for starting the renderer
        warm_up.goto(server + "/-/static-plugins/archive/archive.css")
        warm_up.close()
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server, request):
    """A fresh tab that may only talk to the archive's server; screenshot saved at the end."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    blocked = []

    def only_loopback(route):
        url = route.request.url
        if urlparse(url).hostname in ("127.0.0.1", "localhost") or not url.startswith("http"):
            route.continue_()
        else:  # nothing leaves the machine
            blocked.append((route.request.resource_type, url))
            route.abort()

    tab.route("**/*", only_loopback)
    tab.base = server
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{request.node.name.removeprefix('test_')}.png"), full_page=True)
    context.close()
    # Pages must work offline: the map has no tiles, and nothing else comes from elsewhere either.
    assert blocked == [], f"requests outside the archive: {blocked}"


def visit(page, path_or_url: str, test: str):
    """Open a URL (or follow a click made before) and log how long the page took to render."""
    if path_or_url:
        page.goto(path_or_url if path_or_url.startswith("http") else page.base + path_or_url)
    page.wait_for_load_state("load")
    milliseconds = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n.loadEventEnd - n.startTime; }")
    PAGE_TIMES.append((test, page.url.removeprefix(page.base), milliseconds))
    return milliseconds


def document(page, name: str) -> None:
    """Save what the window shows, from the top of the page, as a picture for the docs."""
    DOC_SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    bottom = page.evaluate("document.querySelector('footer').getBoundingClientRect().bottom")
    height = min(VIEWPORT["height"], int(bottom) + 1)
    page.screenshot(path=str(DOC_SHOTS / f"{name}.png"),
                    clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})


def _report_page_times(config) -> None:
    if not PAGE_TIMES:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"{ms:8.0f} ms  {test:<45} {url}" for test, url, ms in PAGE_TIMES]
    (ARTIFACTS / "page-times.tsv").write_text(
        "test\turl\tms\n" + "".join(f"{t}\t{u}\t{ms:.0f}\n" for t, u, ms in PAGE_TIMES))
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if reporter and capture:
        slowest = max(ms for _, _, ms in PAGE_TIMES)
        with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
            reporter.ensure_newline()
            reporter.write_sep("-", f"browser page render times (slowest {slowest:.0f} ms; target < 500 ms)")
            for line in lines:
                reporter.write_line(line)


# What an analyst does -------------------------------------------------------

def test_the_index_says_what_is_there_and_what_is_not_known(page):
    visit(page, "/", "index")
    assert page.locator(".archive-counts li").count() == 7
    gaps = page.locator("ul.archive-gaps li")
    assert gaps.count() == 6 and "without a publication date" in gaps.first.inner_text()
    document(page, "index")
    page.get_by_role("link", name="the review list").click()
    visit(page, "", "index")
    assert page.locator("h1").inner_text() == "What needs a human"
    assert page.locator("ol.review-items li").count() >= 1
    assert page.locator("code.review-fix").first.inner_text().startswith("archive ")
    document(page, "review")


def test_search_what_a_minister_said_about_something(page):
    visit(page, "/", "search")
    page.get_by_role("searchbox", name="Search the archive").fill("Lavrov NATO")
    page.get_by_role("button", name="Search").click()
    visit(page, "", "search")
    result = page.locator(".statement-results li").first
    assert "NATO military presence" in result.inner_text()
    assert result.locator("mark.match").first.inner_text() == "NATO"
    assert "Sergey Lavrov" in result.inner_text()
    # A speaker's name alone finds all the speaker's statements; the speaker facet narrows to them.
    page.get_by_role("searchbox", name="Search the archive").fill("Lavrov")
    page.get_by_role("button", name="Search").click()
    visit(page, "", "search")
    assert page.locator(".statement-results li").count() >= 7
    page.locator("#facet-kind").get_by_role("link", name="statements").click()
    visit(page, "", "search")
    assert "kind=statements" in page.url and page.locator("#facet-kind li.chosen").count() == 1
    document(page, "search")
    # FTS syntax works, and a syntax error gets an explanation instead of an error page.
    page.get_by_role("searchbox", name="Search the archive").fill('"recognition')
    page.get_by_role("button", name="Search").click()
    visit(page, "", "search")
    assert "could not be read as FTS5 syntax" in page.locator(".search-message").inner_text()
    assert page.locator(".statement-results mark.match", has_text="recognition").count() >= 1


def test_facet_by_speaker_then_open_the_person(page):
    visit(page, "/archive/statement_rows?_facet=speaker", "facet_person")
    page.locator("#facet-speaker").get_by_role("link", name="Sergey Lavrov", exact=True).click()
    visit(page, "", "facet_person")
    assert "speaker=Sergey+Lavrov" in page.url
    speakers = page.locator("table.rows-and-columns td.col-speaker").all_inner_texts()
    assert speakers and set(speakers) == {"Sergey Lavrov"}
    page.locator("td.col-speaker a").first.click()
    visit(page, "", "facet_person")
    assert re.search(r"/archive/people/\d+$", page.url)
    assert page.locator("h1").inner_text() == "Sergey Lavrov"
    assert page.title() == "Sergey Lavrov"
    assert page.locator(".row-subtitle a", has_text="Russia").count() == 1
    assert page.locator("th[data-column=name_norm]").count() == 0
    statements = page.locator(".archive-row ul.facts.statements li")
    meetings = page.locator(".archive-row ul.facts.meetings li")
    assert statements.count() >= 1 and meetings.count() >= 1
    assert page.locator(".archive-row", has_text="international recognition").count() == 1
    document(page, "person")
    page.get_by_role("link", name=re.compile(r"^All \d+ statements as a table")).click()
    visit(page, "", "facet_person")
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1
    page.go_back()
    meetings.first.locator("a.fact-title").click()
    visit(page, "", "facet_person")
    assert re.search(r"/archive/meetings/\d+$", page.url)
    assert not re.match(r"^meetings: ", page.locator("h1").inner_text())
    assert page.locator(".row-evidence blockquote").count() == 1
    assert page.locator("td.col-place_id a").count() == 1  # a label, not a bare id
    document(page, "meeting")


def test_article_page_highlights_the_statement_in_context(page):
    visit(page, "/-/search?q=recognition", "article")
    page.locator(".statement-results li").first.get_by_role("link", name=re.compile("in context")).click()
    visit(page, "", "article")
    assert re.search(r"/-/article/\d+#statement-\d+$", page.url)
    body = page.locator("#article-body")
    assert body.locator("mark.ent-person").count() >= 1
    assert body.locator("mark.ent-country").count() >= 1
    assert body.locator(".fact-statement").count() >= 1
    assert body.locator(".fact-meeting").count() >= 1
    focused = body.locator(".fact.focus")
    assert focused.count() >= 1 and "international recognition" in focused.first.inner_text()
    document(page, "article")
    # The legend turns a kind of highlight off and on.
    page.locator(".article-legend input[data-kind=date]").uncheck()
    assert "hide-date" in page.locator("body").get_attribute("class")
    page.locator(".article-legend input[data-kind=date]").check()


def test_the_articles_table_shows_snippets_not_bodies(page):
    visit(page, "/archive/articles", "articles")
    headers = page.locator("table.rows-and-columns th").all_inner_texts()
    assert [h.replace("\xa0", " ").strip() for h in headers] == ["id", "title", "published ▲", "source", "body"]
    assert page.evaluate("document.body.scrollHeight") < 40000
    document(page, "articles")


def test_the_map_shows_meetings_on_the_world_outline_offline(page):
    visit(page, "/", "map")
    page.locator("header .archive-nav").get_by_role("link", name="Map").click()
    visit(page, "", "map")
    assert page.url.endswith("/-/map")
    page.locator("#archive-map.map-ready.outline-loaded").wait_for(timeout=15000)
    assert page.locator(".leaflet-outline-pane path").count() >= 100  # the countries, drawn locally
    markers = page.locator("path.map-marker")
    assert markers.count() >= 1
    # Every circle lies inside the map (none clipped at an edge).
    box = page.locator("#archive-map").bounding_box()
    for marker in markers.all():
        b = marker.bounding_box()
        assert box["y"] <= b["y"] and b["y"] + b["height"] <= box["y"] + box["height"]
    markers.first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    page.wait_for_function("getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'")
    page.wait_for_timeout(400)  # the map pans to show the whole popup
    assert "evidence in context" in popup.inner_text()
    assert popup.locator(".fact-item a[href^='/archive/people/']").count() >= 1 or "People" not in popup.inner_text()
    document(page, "map")
    popup.get_by_role("link", name="evidence in context →").first.click()
    visit(page, "", "map")
    assert re.search(r"/-/article/\d+#meeting-\d+$", page.url)
    assert page.locator(".fact.focus").count() >= 1


def test_the_map_filters_by_country(page):
    visit(page, "/-/map", "map")
    page.locator("select[name=country]").select_option(label="China")
    page.get_by_role("button", name="Show").click()
    visit(page, "", "map")
    assert "country=CN" in page.url
    page.locator("#archive-map.map-ready").wait_for(timeout=15000)
    assert page.locator("path.map-marker").count() >= 1


def test_timeline_for_one_person(page):
    visit(page, "/-/timeline", "timeline")
    assert page.locator("svg.timeline-chart rect.bar").count() >= 1
    assert page.locator("svg.timeline-chart text.axis").count() >= 3
    assert page.locator("#not-on-the-chart").inner_text().startswith("Not on the chart")
    document(page, "timeline")
    page.locator("select[name=person]").select_option(label="Sergey Lavrov")
    page.get_by_role("button", name="Show").click()
    visit(page, "", "timeline")
    assert page.locator("h1").inner_text() == "Timeline of Sergey Lavrov"


def test_who_meets_whom(page):
    visit(page, "/-/meets", "meets")
    assert page.locator("table.meets-matrix td a").count() >= 1
    document(page, "meets")
    page.locator("select[name=country]").select_option(label="China")
    page.get_by_role("button", name="Show").click()
    visit(page, "", "meets")
    assert page.locator("ol.bar-list li").count() >= 1
    page.get_by_role("link", name="two countries only").click()
    visit(page, "", "meets")
    assert "max=2" in page.url
    visit(page, "/-/meets", "meets")  # people meeting people, over every meeting
    page.locator("p.view-tabs").get_by_role("link", name="People").click()
    visit(page, "", "meets")
    assert "view=people" in page.url
    cell = page.locator("table.meets-matrix td:not(.diagonal) a").first
    n = int(cell.inner_text())
    cell.click()
    visit(page, "", "meets")
    assert page.locator("table.rows-and-columns tbody tr").count() == n
