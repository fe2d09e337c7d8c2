"""The built site (``make site``) in a real (headless) Chromium: every page opens with no
console error and no request to another host, its images load, a copy button copies, and
axe-core finds no serious or critical accessibility violation (colour contrast of text to WCAG
AA among them). Every local link and asset of every page resolves to a file of the site.

Run with ``make test-site`` (after ``make site``). The site is served from 127.0.0.1 by a
server in this process; requests anywhere else are blocked and reported. Screenshots go to
test-artifacts/site/ (git-ignored).
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from launch import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
SHOTS = ROOT / "test-artifacts" / "site"
# Every page; not the theme's template fragments Sphinx copies into _static/.
PAGES = (
    sorted(
        str(p.relative_to(SITE))
        for p in SITE.rglob("*.html")
        if p.relative_to(SITE).parts[0] != "_static"
    )
    if SITE.is_dir()
    else []
)


def _figure_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "figures").glob("*.json") if not p.name.startswith("."))


@pytest.fixture(scope="module")
def server():
    if not (SITE / "index.html").is_file():
        pytest.fail("no site/index.html: run `make site` first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test reports what matters
        pass


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: make test-site installs Debian's chromium")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def test_the_site_has_every_figure_notebook_and_reference_page():
    pages = set(PAGES)
    for fig in _figure_ids():
        assert f"figures/{fig}.html" in pages
        for kind in ("png", "svg", "pdf", "csv", "json"):
            assert (SITE / "figures" / f"{fig}.{kind}").is_file(), (fig, kind)
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        assert f"notebooks/{nb.stem}.html" in pages
    assert {"index.html", "data-dictionary.html", "api.html", "figures/index.html"} <= pages
    for md in (ROOT / "docs").glob("*.md"):
        assert f"{md.stem}.html" in pages


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.urls.append(value)


def test_every_local_link_and_asset_resolves_none_is_remote_and_all_licensed():
    broken, remote_assets, unlicensed = [], [], []
    for page in PAGES:
        parser = _Links()
        parser.feed((SITE / page).read_text(encoding="utf-8"))
        text = (SITE / page).read_text(encoding="utf-8")
        if "CC BY 4.0" not in text:  # the licence of the data and figures, on every page
            unlicensed.append(page)
        for m in re.finditer(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=\"([^\"]+)\"", text):
            tag, _, url = m.groups()
            rel = re.search(r'rel="([^"]*)"', m.group(0))
            if tag == "link" and rel and rel.group(1) not in ("stylesheet", "preload", "icon"):
                continue
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                remote_assets.append((page, url))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//", "mailto:")):
                continue
            target = SITE / unquote(urljoin(page, parts.path))
            if parts.path and not target.exists():
                broken.append((page, url))
    assert not broken, broken[:20]
    assert not remote_assets, remote_assets[:20]
    assert not unlicensed, unlicensed


def _open(page, url: str) -> tuple[list[str], list[str]]:
    """Open ``url``; return the console errors and the requests to another host."""
    errors: list[str] = []
    remote: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r) -> None:
        host = urlsplit(r.request.url).hostname
        if urlsplit(r.request.url).scheme in ("http", "https") and host != "127.0.0.1":
            remote.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return errors, remote


BROKEN_IMAGES = """() => Array.from(document.images)
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute('src'))"""


def test_every_page_opens_cleanly_offline_with_its_images(server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems = {}
    try:
        for name in PAGES:
            page = context.new_page()
            errors, remote = _open(page, server + name)
            page.evaluate(
                "() => document.querySelectorAll('img').forEach(i => i.loading = 'eager')"
            )
            page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
            broken = page.evaluate(BROKEN_IMAGES)
            if errors or remote or broken:
                problems[name] = {"console": errors, "remote": remote, "images": broken}
                page.screenshot(path=str(SHOTS / (name.replace("/", "_") + ".png")))
            page.close()
    finally:
        context.close()
    assert PAGES and not problems, json.dumps(problems, indent=1)[:4000]


def test_a_copy_button_copies_the_bibtex(server, browser):
    fig = _figure_ids()[0]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        _open(page, f"{server}figures/{fig}.html")
        button = page.get_by_role("button", name="Copy BibTeX")
        button.click()
        page.wait_for_function("() => document.querySelector('.kd-status').textContent !== ''")
        copied = page.evaluate("() => navigator.clipboard.readText()")
        shown = page.inner_text(f"#cite-{fig}-bibtex")
        assert copied.strip() == shown.strip() and copied.startswith("@misc{kursk-data-")
        assert "Copied the BibTeX" in page.inner_text(".kd-status")
    finally:
        context.close()


def test_no_serious_accessibility_violation_and_text_contrast_meets_aa(server, browser):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    found = {}
    try:
        for name in PAGES:
            page = context.new_page()
            _open(page, server + name)
            # WCAG 2 A and AA rules (colour contrast of text among them) and best practices.
            results = axe.run(page)
            bad = [
                {
                    "rule": v["id"],
                    "impact": v["impact"],
                    "nodes": [n["target"] for n in v["nodes"][:3]],
                }
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"
            ]
            if bad:
                found[name] = bad
            page.close()
    finally:
        context.close()
    assert not found, json.dumps(found, indent=1)[:6000]


def test_dark_theme_text_contrast_meets_aa(server, browser):
    """The theme's dark mode (a reader's choice, kept in localStorage) on a page of each
    kind: no serious or critical violation, no contrast failure."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('mode', 'dark');")
    pages = ["index.html", f"figures/{_figure_ids()[0]}.html", "data-dictionary.html"]
    pages += [p for p in PAGES if p.startswith("notebooks/")][:1]
    found = {}
    try:
        for name in pages:
            page = context.new_page()
            _open(page, server + name)
            assert page.evaluate("document.documentElement.dataset.theme") == "dark"
            bad = [
                (v["id"], v["impact"])
                for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"
            ]
            if bad:
                found[name] = bad
            page.close()
    finally:
        context.close()
    assert not found, found


def test_the_contrast_check_can_fail(server, browser):
    """Guard against a check that cannot fail: grey-on-white text added to a page is caught."""
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    context = browser.new_context()
    try:
        page = context.new_page()
        _open(page, server + "index.html")
        page.evaluate(
            """() => { const p = document.createElement('p');
            p.textContent = 'faint words'; p.style.color = '#cccccc';
            p.style.background = '#ffffff'; document.querySelector('main').append(p); }"""
        )
        ids = [v["id"] for v in axe_module.Axe().run(page).response["violations"]]
        assert "color-contrast" in ids
    finally:
        context.close()
