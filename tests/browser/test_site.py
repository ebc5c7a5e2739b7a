"""The data-docs site in a real browser: headless Chromium (Debian's) driven by Selenium with
Debian's chromedriver, every kind of page opened from file://. Run by `.ci/browser` (which
installs what it needs), not by `just interop`.

Each page must load with no console error and no network request, pass axe-core with no
serious or critical violation, and leave a screenshot in $PETROCHIP_SCREENSHOTS; the search
box must find an entity and a figure's link must land on its quote.
"""

import json
import os
import pathlib
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
SITE = pathlib.Path(os.environ.get("PETROCHIP_OUTPUT", ROOT / "output")) / "site"
AXE = pathlib.Path(os.environ["PETROCHIP_AXE"])
SHOTS = pathlib.Path(os.environ.get("PETROCHIP_SCREENSHOTS", tempfile.gettempdir() + "/petrochip-screenshots"))

# One page of each kind.
PAGES = {
    "index": "index.html",
    "validation": "validation.html",
    "a-z": "a-z.html",
    "a-z-page-2": "a-z-p2.html",
    "disagreements": "disagreements.html",
    "contested": "contested.html",
    "table": "table-figures.html",
    "table-page-2": "table-countries-p2.html",
    "source": "source-muller_park_2024.html",
    "entity": "entity-tsmc.html",
}


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="petrochip-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1400",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield driver
    driver.quit()


def url(page):
    return (SITE / page).as_uri()


def requests(driver):
    """URLs the browser asked the network for (the browser's own chrome:// pages are not)."""
    asked = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            asked.append(message["params"]["request"]["url"])
    return [u for u in asked if u.split(":", 1)[0] in ("http", "https", "ws", "wss", "ftp")]


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_each_kind_of_page_loads_cleanly_and_passes_axe(browser, kind):
    page = SITE / PAGES[kind]
    assert page.is_file(), page
    browser.get_log("browser")
    browser.get_log("performance")
    browser.get(url(PAGES[kind]))
    assert browser.find_element(By.TAG_NAME, "h1").text
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == [], errors
    assert requests(browser) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / f"{kind}.png"))
    browser.execute_script(AXE.read_text())
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length])))"
        ".catch(e => done([['axe failed', String(e), 0]]));"
    )
    serious = [v for v in violations if v[1] in ("serious", "critical") or v[0] == "axe failed"]
    assert serious == [], serious


def test_the_search_box_finds_an_entity(browser):
    browser.get(url("a-z.html"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("tsmc")
    assert browser.find_element(By.ID, "search-status").text.endswith(("match", "matches"))
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert url("entity-tsmc.html") in hrefs, hrefs
    browser.find_element(By.CSS_SELECTOR, '#search-results a[href="entity-tsmc.html"]').click()
    assert browser.current_url == url("entity-tsmc.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "TSMC"


def test_a_later_a_to_z_page_sends_its_search_to_the_first(browser):
    browser.get(url("a-z-p2.html"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("tsmc")
    box.submit()
    # submit() returns before the next page has loaded: wait for it, or fail after 10 s.
    WebDriverWait(browser, 10).until(lambda b: b.current_url != url("a-z-p2.html"))
    assert browser.current_url == url("a-z.html") + "?q=tsmc", browser.current_url
    assert browser.find_element(By.ID, "q").get_attribute("value") == "tsmc"
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a")]
    assert url("entity-tsmc.html") in hrefs, hrefs


def test_the_a_to_z_letter_index_leads_to_the_page_where_a_letter_starts(browser):
    browser.get(url("a-z.html"))
    browser.find_element(By.CSS_SELECTOR, 'nav[aria-label="Letters"] a[href="a-z-p2.html#letter-M"]').click()
    assert browser.current_url == url("a-z-p2.html") + "#letter-M"
    assert browser.find_element(By.CSS_SELECTOR, ":target").text == "M"


def test_a_figures_link_lands_on_its_quote(browser):
    browser.get(url("disagreements.html"))
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "with its paragraph")
    target = link.get_attribute("href")
    link.click()
    assert browser.current_url == target
    fragment = target.split("#", 1)[1]
    assert fragment.startswith("figures~"), fragment
    landed = browser.find_element(By.CSS_SELECTOR, ":target")
    assert landed.get_attribute("id") == fragment
    quote = landed.find_element(By.TAG_NAME, "q")
    assert quote.text and quote.get_attribute("lang") in ("fr", "en")
    assert browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;",
        quote,
    )
