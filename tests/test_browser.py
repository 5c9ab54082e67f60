"""``lawnlp serve`` in a real browser: Debian's headless chromium, driven by Selenium, against the running server.

Run alone with ``python -m pytest -q tests/test_browser.py`` (``apt-get install chromium chromium-driver`` first).
The screenshots of the table and of a report view are written to ``docs/``, for the documentation.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from lawnlp.server import create_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "docs" / "sample_report.txt"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromedriver: apt-get install chromium chromium-driver")


@pytest.fixture(scope="module")
def base_url(server_url):
    return server_url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,1000", "--lang=zh-CN"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver, seconds: float = 120):
    return WebDriverWait(driver, seconds)


@pytest.fixture(scope="module")
def batch_page(browser, base_url, seeds, tmp_path_factory) -> str:
    """Upload the sample report and the four seeds through the page's form; the batch's address."""
    folder = tmp_path_factory.mktemp("uploads")
    paths = [SAMPLE]
    for doc, text in sorted(seeds.items()):
        paths.append(folder / f"{doc}.txt")
        paths[-1].write_text(text, encoding="utf-8")
    browser.get(base_url + "/")
    browser.find_element(By.ID, "files").send_keys("\n".join(str(p) for p in paths))
    browser.find_element(By.ID, "analyze").click()
    _wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "reports")))
    return browser.current_url


def _console_errors(browser) -> list[str]:
    """Errors the page's console reported since last asked (a script error, or anything the CSP blocked)."""
    return [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def test_the_upload_page_loads_its_own_files_only(browser, base_url):
    browser.get(base_url + "/")
    assert browser.find_element(By.CSS_SELECTOR, "label.drop").value_of_css_property("border-top-style") == "dashed"
    assert _console_errors(browser) == []


def _column(browser, name: str) -> list[str]:
    headings = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#reports thead th")]
    index = headings.index(name) + 1
    return [td.get_attribute("data-value") for td in browser.find_elements(By.CSS_SELECTOR, f"#reports tbody td:nth-child({index})")]


def test_the_table_lists_every_report_and_sorts(browser, batch_page):
    browser.get(batch_page)
    assert _column(browser, "report") == ["sample_report.txt", "000_a96ddfb8e6442cfd.txt", "001_263b3df54a746a2b.txt",
                                          "002_1fe5bcb0e46deceb.txt", "003_3ef2ffa63908b0bd.txt"]
    assert _column(browser, "kind")[:2] == ["duty report", "duty report"]
    assert float(_column(browser, "copied share")[0]) == 1.0  # the sample is seed 000 under another name
    browser.save_screenshot(str(ROOT / "docs" / "screenshot-table.png"))
    assert _console_errors(browser) == []
    heading = next(th for th in browser.find_elements(By.CSS_SELECTOR, "#reports th") if th.text == "year")
    heading.click()
    years = [int(y) for y in _column(browser, "year") if y]
    assert years == sorted(years) and len(set(years)) > 1
    heading.click()
    assert [int(y) for y in _column(browser, "year") if y] == sorted(years, reverse=True)


def test_a_report_opens_from_the_table_with_coloured_sentences_and_parts(browser, batch_page):
    browser.get(batch_page)
    browser.find_element(By.LINK_TEXT, "sample_report.txt").click()
    _wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "sentences")))
    assert browser.find_element(By.ID, "kind").text.startswith("duty report")
    assert "no required parts" in browser.find_element(By.ID, "parts").text  # a 述职报告 requires none
    colours = {p.get_attribute("data-function"): p.value_of_css_property("background-color")
               for p in browser.find_elements(By.CSS_SELECTOR, "#sentences p.sentence")}
    assert {"achievement", "problem", "plan"} <= set(colours)
    assert len({colours[f] for f in ("achievement", "problem", "plan")}) == 3  # each function its own colour
    assert browser.find_elements(By.CSS_SELECTOR, "#sentences code.measure")
    assert browser.find_elements(By.CSS_SELECTOR, "#problems li")

    browser.find_element(By.ID, "back").click()
    browser.find_element(By.LINK_TEXT, "002_1fe5bcb0e46deceb.txt").click()
    _wait(browser).until(expected_conditions.presence_of_element_located((By.ID, "parts")))
    parts = browser.find_elements(By.CSS_SELECTOR, "#parts li")
    assert len(parts) == 4
    assert [p.get_attribute("class") for p in parts].count("part missing") == 1
    found = browser.find_element(By.CSS_SELECTOR, "#parts li.found a")
    target = found.get_attribute("href").rpartition("#")[2]
    found.click()  # the link leads to the heading that shows the part
    assert browser.find_element(By.ID, target).text.startswith(found.text)
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ROOT / "docs" / "screenshot-report.png"))
    assert _console_errors(browser) == []


def test_the_workbook_downloads_and_opens(browser, batch_page, downloads):
    browser.get(batch_page)
    browser.find_element(By.ID, "download-workbook").click()
    workbook = downloads / "lawnlp-review.xlsx"
    _wait(browser, 60).until(lambda _: workbook.is_file() and not list(downloads.glob("*.crdownload")))
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["reports", "sentences", "problems", "copied"]
    sources = [row[1] for row in book["reports"].iter_rows(min_row=2, values_only=True)]
    assert sources == ["sample_report.txt", "000_a96ddfb8e6442cfd.txt", "001_263b3df54a746a2b.txt",
                       "002_1fe5bcb0e46deceb.txt", "003_3ef2ffa63908b0bd.txt"]
