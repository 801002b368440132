"""Fixtures for the browser tests: headless Chromium through Selenium, pointed at a running server.

scripts/browser-tests starts the server and sets AUDIENCE_URL, AUDIENCE_TOKEN and
AUDIENCE_ARTIFACTS (where screenshots and downloads go).
"""

import json
import os
import shutil
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def _required(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set; run the browser tests through scripts/browser-tests", returncode=2)
    return value


@pytest.fixture(scope="session")
def server():
    """The server's base URL, token and artifacts folder."""
    artifacts = _required("AUDIENCE_ARTIFACTS")
    os.makedirs(os.path.join(artifacts, "downloads"), exist_ok=True)
    return {
        "url": _required("AUDIENCE_URL").rstrip("/"),
        "token": _required("AUDIENCE_TOKEN"),
        "artifacts": artifacts,
        "downloads": os.path.join(artifacts, "downloads"),
    }


def call_api(server, method, path, body=None):
    """Calls the API directly (for checks beside the page); answers (status, parsed JSON or None)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server["url"] + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + server["token"])
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        text = error.read()
        try:
            return error.code, json.loads(text)
        except ValueError:
            return error.code, None


@pytest.fixture(scope="session")
def has_segment_api(server):
    """Whether the server answers the segment routes."""
    status, _ = call_api(server, "GET", "/api/segments")
    return status == 200


@pytest.fixture(scope="session")
def browser(server):
    """One headless Chromium for the session, downloading into the artifacts folder."""
    options = webdriver.ChromeOptions()
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if binary:
        options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": server["downloads"],
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    driver_path = shutil.which("chromedriver")
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": server["downloads"]})
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


@pytest.fixture
def screenshot(browser, server, request):
    """Saves a screenshot named after the test and a step: screenshot("estimate")."""

    def take(step):
        name = f"{request.node.name}-{step}.png"
        browser.save_screenshot(os.path.join(server["artifacts"], name))

    return take
