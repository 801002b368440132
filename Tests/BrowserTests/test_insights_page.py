"""The Insights and Settings views and a segment's schedule, in headless Chromium.

What a person checks: how chosen segments overlap (the matrix matches the API), what
sets a segment apart (ranked, with a sentence each), the system refresh schedule and a
segment's place in it (a refused choice is explained), and that the builder never shows
a stale size beside problems.
"""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import call_api
from test_segments_page import sign_in, text_of, visible, wait


def make_refreshed_segments(server, definitions):
    """Creates the segments that do not exist yet and refreshes them through the API."""
    for name, definition in definitions.items():
        status, _ = call_api(server, "GET", "/api/segments/" + name.replace(" ", "%20"))
        if status == 404:
            status, answer = call_api(server, "POST", "/api/segments", {"name": name, "definition": definition})
            assert status == 201, answer
    status, job = call_api(server, "POST", "/api/refresh", {"segments": list(definitions)})
    assert status == 202, job
    deadline = time.time() + 60
    while job["status"] in ("queued", "running") and time.time() < deadline:
        time.sleep(0.2)
        _, job = call_api(server, "GET", "/api/jobs/" + job["id"])
    assert job["status"] == "succeeded", job


def test_overlap_matrix_and_differentiators(browser, server, screenshot):
    make_refreshed_segments(server, {
        "Insight gold": 'loyalty_tier = "gold"',
        "Insight thirties": "age between 30 and 39",
    })
    sign_in(browser, server)
    browser.get(server["url"] + "/#/insights")
    visible(browser, "#view-insights")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, '#overlap-choices input[value="Insight gold"]'))
    for name in ("Insight gold", "Insight thirties"):
        browser.find_element(By.CSS_SELECTOR, f'#overlap-choices input[value="{name}"]').click()
    browser.find_element(By.CSS_SELECTOR, "#overlap-form button[type=submit]").click()
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#overlap-result table"))

    _, overlap = call_api(server, "POST", "/api/insights/overlap", {"segments": ["Insight gold", "Insight thirties"]})
    both = overlap["intersections"][0]["count"]
    cells = browser.find_elements(By.CSS_SELECTOR, "#overlap-result tbody tr")
    first_row = [cell.find_element(By.CSS_SELECTOR, "span").text for cell in cells[0].find_elements(By.TAG_NAME, "td")]
    assert first_row == [f"{overlap['segments'][0]['count']:,}", f"{both:,}"]
    assert f"In any of them: {overlap['unionCount']:,}" in text_of(browser, "#overlap-result")

    Select(browser.find_element(By.ID, "differentiators-segment")).select_by_value("Insight gold")
    Select(browser.find_element(By.ID, "differentiators-against")).select_by_value("")
    browser.find_element(By.CSS_SELECTOR, "#differentiators-form button[type=submit]").click()
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#differentiators-result tbody tr"))
    rows = browser.find_elements(By.CSS_SELECTOR, "#differentiators-result tbody tr")
    # Everyone in the segment is gold: the tier is the most different field, and says so.
    assert rows[0].find_element(By.TAG_NAME, "th").text == "loyalty_tier"
    assert "gold" in rows[0].find_elements(By.TAG_NAME, "td")[-1].text
    screenshot("insights")


def test_system_and_segment_schedules(browser, server, screenshot):
    make_refreshed_segments(server, {"Insight gold": 'loyalty_tier = "gold"'})
    sign_in(browser, server)
    try:
        browser.get(server["url"] + "/#/settings")
        visible(browser, "#view-settings")
        wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#schedules-table tbody tr"))
        browser.find_element(By.CSS_SELECTOR, "[name=system-frequency][value=weekly]").click()
        for day in ("monday", "thursday"):
            box = browser.find_element(By.CSS_SELECTOR, f"#system-schedule-weekdays input[value={day}]")
            if not box.is_selected():
                box.click()
        times = browser.find_element(By.ID, "system-schedule-times")
        times.clear()
        times.send_keys("06:00, 18:30")
        browser.find_element(By.CSS_SELECTOR, "#system-schedule-form button[type=submit]").click()
        wait(browser).until(lambda b: "Monday, Thursday at 06:00, 18:30" in text_of(b, "#system-schedule-now"))
        _, system = call_api(server, "GET", "/api/schedules/system")
        assert system["schedule"] == {"frequency": "weekly", "weekdays": ["monday", "thursday"], "times": ["06:00", "18:30"]}
        screenshot("settings")

        browser.get(server["url"] + "/#/segment/Insight%20gold")
        wait(browser).until(lambda b: "Refreshes" in text_of(b, "#segment-schedule-now"))
        browser.find_element(By.CSS_SELECTOR, "[name=segment-schedule-kind][value=weekly]").click()
        browser.find_element(By.CSS_SELECTOR, "#segment-schedule-weekdays input[value=tuesday]").click()
        browser.find_element(By.CSS_SELECTOR, "#segment-schedule-form button[type=submit]").click()
        wait(browser).until(lambda b: text_of(b, "#segment-schedule-error"))
        assert "not a system refresh day" in text_of(browser, "#segment-schedule-error")

        browser.find_element(By.CSS_SELECTOR, "#segment-schedule-weekdays input[value=tuesday]").click()
        browser.find_element(By.CSS_SELECTOR, "#segment-schedule-weekdays input[value=thursday]").click()
        browser.find_element(By.CSS_SELECTOR, "#segment-schedule-form button[type=submit]").click()
        wait(browser).until(lambda b: "on Thursday. Next:" in text_of(b, "#segment-schedule-now"))
        _, info = call_api(server, "GET", "/api/segments/Insight%20gold/schedule")
        assert info["schedule"] == {"kind": "weekly", "weekdays": ["thursday"]}
        screenshot("segment")

        browser.find_element(By.ID, "segment-schedule-clear").click()
        wait(browser).until(lambda b: "every system refresh" in text_of(b, "#segment-schedule-now"))
    finally:
        call_api(server, "DELETE", "/api/segments/Insight%20gold/schedule")
        call_api(server, "DELETE", "/api/schedules/system")


def test_the_builder_clears_a_stale_estimate(browser, server, screenshot):
    sign_in(browser, server)
    browser.get(server["url"] + "/#/builder")
    visible(browser, "#view-builder")
    text = browser.find_element(By.ID, "definition-text")
    text.clear()
    text.send_keys("age > 30")
    wait(browser).until(lambda b: b.find_element(By.ID, "estimate").get_attribute("data-definition") == "age > 30")
    assert text_of(browser, "#estimate-count").endswith("customers")
    text.send_keys(" and agee > 3")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#problems li"))
    wait(browser).until(lambda b: text_of(b, "#estimate-count") == "–")
    assert "agee" in text_of(browser, "#problems")
    screenshot("problems")
