"""Suggestions in headless Chromium: run both kinds, read a run's suggestions with their
statistics and why, accept one with an edited definition (checked first; the new segment
appears), dismiss one, download the report."""

import glob
import os
import time

from selenium.webdriver.common.by import By
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import call_api
from test_segments_page import sign_in, text_of, visible, wait

ACCEPTED = "Browser suggested high income"
JOB_SECONDS = 120


def open_suggestions(browser, server):
    sign_in(browser, server)
    browser.get(server["url"] + "/#/suggestions")
    visible(browser, "#view-suggestions")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#suggest-primary option"))


def run_from_form(browser):
    """Submits the form and waits for the run's table; answers the run's id."""
    old = browser.current_url
    browser.find_element(By.ID, "suggest-start").click()
    wait(browser, JOB_SECONDS).until(lambda b: b.current_url != old and "#/suggestions/" in b.current_url)
    run_id = int(browser.current_url.rsplit("/", 1)[1])
    wait(browser).until(lambda b: text_of(b, "#suggest-run-title").startswith(f"Run {run_id} "))
    return run_id


def settled(browser, seconds=20):
    """A wait that tries again when the table is redrawn under it."""
    return WebDriverWait(browser, seconds, ignored_exceptions=[StaleElementReferenceException])


def rows(browser):
    return browser.find_elements(By.CSS_SELECTOR, "#suggest-table tbody tr")


def test_run_a_measure_suggestion_and_accept_one(browser, server, screenshot):
    open_suggestions(browser, server)
    Select(browser.find_element(By.ID, "suggest-primary")).select_by_value("annual_income")
    assert not browser.find_element(By.ID, "suggest-share-of").is_enabled(), "a number compares its mean"
    screenshot("form")
    run_id = run_from_form(browser)

    status, run = call_api(server, "GET", f"/api/suggestions/{run_id}")
    assert status == 200
    suggestions = run["run"]["suggestions"]
    assert suggestions, "the retail demo has suggestions for annual_income"
    assert len(rows(browser)) == len(suggestions)
    first = rows(browser)[0]
    assert suggestions[0]["definition_text"] in first.text
    assert f'{suggestions[0]["statistics"]["lift"]:.2f}' in first.text
    why = first.find_element(By.CSS_SELECTOR, "td.message").text
    assert "above overall" in why and "% interval" in why, why
    assert browser.find_element(By.CSS_SELECTOR, f'#suggest-runs tbody tr[data-run="{run_id}"]').text.startswith(str(run_id))
    screenshot("run")

    # Accept the first with an edited name and definition: a dialog asks for both.
    first.find_element(By.CSS_SELECTOR, "button.primary").click()
    field = visible(browser, "#accept-name")
    assert field.get_attribute("value") == suggestions[0]["title"]
    field.clear()
    field.send_keys(ACCEPTED)
    definition = browser.find_element(By.ID, "accept-definition")
    assert definition.get_attribute("value") == suggestions[0]["definition_text"]
    # A mistake is shown in the dialog, which stays open; nothing is made.
    definition.clear()
    definition.send_keys("annual_incme >= 50000")
    browser.find_element(By.ID, "accept-ok").click()
    wait(browser).until(lambda b: "annual_incme" in text_of(b, "#accept-problems"))
    assert "annual_income" in text_of(browser, "#accept-problems"), "the closest name is suggested"
    assert browser.find_element(By.ID, "accept-dialog").get_attribute("open") is not None
    screenshot("accept-problem")
    definition.clear()
    definition.send_keys("annual_income >= 50000 and age >= 30")
    browser.find_element(By.ID, "accept-ok").click()
    wait(browser).until(lambda b: text_of(b, "#suggest-decision").startswith("Made the segment"))
    assert "edited definition" in text_of(browser, "#suggest-decision")
    settled(browser).until(lambda b: "accepted as" in rows(b)[0].text)
    assert rows(browser)[0].find_element(By.CSS_SELECTOR, "td.decision a").text == ACCEPTED
    status, made = call_api(server, "GET", "/api/segments/" + ACCEPTED.replace(" ", "%20"))
    assert status == 200
    assert "annual_income >= 50000" in made["definition"] and "age >= 30" in made["definition"], made["definition"]

    # Dismiss the second.
    if len(suggestions) > 1:
        rows(browser)[1].find_element(By.XPATH, ".//button[text()='Dismiss']").click()
        settled(browser).until(lambda b: "dismissed" in rows(b)[1].find_element(By.CSS_SELECTOR, "td.decision").text)
    screenshot("decided")
    _, listed = call_api(server, "GET", "/api/suggestions")
    summary = next(r for r in listed["runs"] if r["id"] == run_id)
    assert summary["acceptedCount"] == 1
    assert summary["dismissedCount"] == (1 if len(suggestions) > 1 else 0)

    # The report downloads and renders outside the page.
    browser.find_element(By.ID, "suggest-report-html").click()
    report = os.path.join(server["downloads"], f"suggestions-{run_id}.html")
    deadline = time.time() + 20
    while not os.path.exists(report) or glob.glob(report + ".crdownload"):
        assert time.time() < deadline, "the report was not downloaded"
        time.sleep(0.2)
    time.sleep(0.3)
    browser.get("file://" + report)
    assert browser.find_elements(By.CSS_SELECTOR, "svg"), "the report draws its charts"
    assert suggestions[0]["definition_text"] in " ".join(browser.find_element(By.TAG_NAME, "body").text.split())
    screenshot("report")

    # The accepted suggestion is a segment in the table.
    sign_in(browser, server)
    browser.find_element(By.ID, "search").send_keys("Browser suggested")
    row = wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, f'#segments-body tr[data-name="{ACCEPTED}"]'))
    assert row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text == "dynamic"
    screenshot("table")


def test_run_an_activity_suggestion(browser, server, screenshot):
    open_suggestions(browser, server)
    browser.find_element(By.CSS_SELECTOR, "input[name=suggest-kind][value=activity]").click()
    visible(browser, "#suggest-activity")
    assert not browser.find_element(By.ID, "suggest-measure").is_displayed()
    browser.find_element(By.ID, "suggest-type-purchase").click()
    browser.find_element(By.ID, "suggest-clusters").click()
    run_id = run_from_form(browser)
    status, run = call_api(server, "GET", f"/api/suggestions/{run_id}")
    assert status == 200 and run["kind"] == "activity"
    titles = [s["title"] for s in run["run"]["suggestions"]]
    assert "Champions" in titles
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#suggest-table thead th")]
    assert "RECENCY (DAYS)" in [h.upper() for h in headers]
    champions = rows(browser)[titles.index("Champions")]
    assert "purchase" in champions.find_element(By.CSS_SELECTOR, "td.suggestion code").text
    screenshot("activity")
