"""``cxmap report`` in a real headless browser (Debian's chromium and chromium-driver).

The page must load without console errors (a blocked network request or a
broken inline SVG shows up there), list every touchpoint in its table, paint
something (a screenshot with more than one colour) and print to a PDF.
"""

from __future__ import annotations

import base64
import re
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxmap.validate import load_map
from tests.helpers import ROOT, cli

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def _browser_paths() -> tuple[str, str] | str:
    """(browser, driver), or the reason they cannot be used."""
    browser = next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        return "chromium or chromedriver is missing (make test installs them as root)"
    if shutil.which("dot") is None:
        return "Graphviz's dot is missing"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is missing (pip install -e '.[test]')"
    return browser, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless chromium with a fresh profile and nothing running in the background."""
    found = _browser_paths()
    if isinstance(found, str):
        pytest.skip(found)
    binary, driver_path = found
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1280,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def png_colours(png: bytes, limit: int = 2, step: int = 7) -> set[bytes]:
    """Distinct colours of every ``step``-th pixel of each row of an 8-bit, non-interlaced
    RGB(A) PNG; stops once ``limit`` colours are found.
    """
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours: set[bytes] = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, channels * step))
        if len(colours) >= limit:
            return colours
        previous = line
    return colours


def test_png_colours_reads_a_known_image() -> None:
    """The decoder itself, on a 2x2 RGB image: a Sub-filtered row, then an Up-filtered one."""
    # row 1 (Sub): red, then blue written as the difference to red: (0-255, 0-0, 255-0) mod 256
    # row 2 (Up): zero differences to row 1, so red and blue again
    raw = zlib.compress(b"\x01\xff\x00\x00\x01\x00\xff" + b"\x02" + b"\x00" * 6)

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    assert png_colours(png, limit=99, step=1) == {b"\xff\x00\x00", b"\x00\x00\xff"}
    assert png_colours(png, limit=99, step=2) == {b"\xff\x00\x00"}


@pytest.mark.parametrize("name", ["hotel-stay", "saas-onboarding", "running-shoes"])
def test_report_in_a_real_browser(browser: Any, tmp_path: Path, name: str) -> None:
    from selenium.webdriver.common.by import By

    map_path = ROOT / "examples" / f"{name}.cxmap.yaml"
    out = tmp_path / "report.html"
    survey = tmp_path / "survey.csv"
    journey = load_map(map_path)
    first = journey.touchpoints[0].id
    survey.write_text(
        "touchpoint,metric,value\n" + "".join(f"{first},csat,{1 + i % 5}\n" for i in range(50)),
        encoding="utf-8",
    )
    run = cli("report", map_path, "--survey", survey, "-o", out)
    assert run.exit_code == 0, run.stderr

    browser.get_log("browser")  # drop anything from an earlier page
    browser.get(out.as_uri())
    assert browser.title.startswith(journey.title)

    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []

    rows = browser.find_elements(By.CSS_SELECTOR, "#touchpoint-table tbody tr")
    assert len(rows) == len(journey.touchpoints)
    assert [r.get_attribute("id") for r in rows] == [f"tp-{tp.id}" for tp in journey.touchpoints]
    diagram = browser.find_element(By.CSS_SELECTOR, "#diagram svg")
    assert diagram.size["width"] > 200 and diagram.size["height"] > 200
    assert browser.find_elements(By.CSS_SELECTOR, "#gap-table tbody tr")

    assert len(png_colours(browser.get_screenshot_as_png())) > 1

    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF")


def _page_checks(browser: Any, page: Path) -> None:
    """Fix first comes first; printed, the page has several pages and nothing wider than one."""
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []
    after_header = browser.execute_script(
        "const h = document.querySelector('body > header');"
        "let n = h.nextElementSibling; return n ? n.id : null;"
    )
    assert after_header == "fix-first"
    assert browser.find_element(By.CSS_SELECTOR, "#canvas svg").size["width"] > 200
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages > 1, f"{pages} page"
    # laid out for print (A4 portrait, 12 mm margins: 186 mm = 703 CSS px), no element sticks out
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.set_window_size(703 + 16, 1000)
    try:
        widest = browser.execute_script(
            "const w = document.documentElement.clientWidth; let worst = 0; let what = '';"
            "for (const e of document.body.querySelectorAll('*')) {"
            "  const r = e.getBoundingClientRect();"
            "  if (r.width > 0 && r.right - w > worst) {"
            "    worst = r.right - w; what = e.tagName + '.' + e.className + '#' + e.id; } }"
            "return [worst, what];"
        )
        assert widest[0] <= 1, f"{widest[1]} is {widest[0]:.0f} px wider than the printed page"
        # every column is wide enough for the longest word of its heading (fixed table layout
        # with equal columns printed "Touchpoin-t", "Experienc-e" and a # column an eighth wide)
        split = browser.execute_script(
            "const c = document.createElement('canvas').getContext('2d'); const bad = [];"
            "for (const e of document.querySelectorAll('th')) {"
            "  const s = getComputedStyle(e);"
            "  c.font = s.fontWeight + ' ' + s.fontSize + ' ' + s.fontFamily;"
            "  const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);"
            "  for (const w of e.textContent.split(/\\s+/))"
            "    if (w && c.measureText(w).width > room + 0.5) bad.push(w); }"
            "return bad;"
        )
        assert split == [], f"headings split inside a word when printed: {split}"
        number, name = browser.execute_script(
            "const h = document.querySelectorAll('#touchpoint-table th');"
            "return [h[0].clientWidth, h[2].clientWidth];"
        )
        assert number * 3 < name, "the # column is as wide as the touchpoint column"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1280, 900)


def test_report_fix_first_and_print(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    survey = ROOT / "examples" / "surveys" / "hotel-stay.csv"
    run = cli("report", ROOT / "examples" / "hotel-stay.cxmap.yaml", "-s", survey, "-o", out)
    assert run.exit_code == 0, run.stderr
    _page_checks(browser, out)


def test_report_without_dot_in_the_browser(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    folders = [
        f for f in os.environ["PATH"].split(os.pathsep) if f and not (Path(f) / "dot").exists()
    ]
    out = tmp_path / "report.html"
    survey = ROOT / "examples" / "surveys" / "hotel-stay.csv"
    with monkeypatch.context() as patch:
        patch.setenv("PATH", os.pathsep.join(folders))
        assert shutil.which("dot") is None
        run = cli("report", ROOT / "examples" / "hotel-stay.cxmap.yaml", "-s", survey, "-o", out)
    assert run.exit_code == 0, run.stderr
    assert "not installed" in out.read_text(encoding="utf-8")
    _page_checks(browser, out)
