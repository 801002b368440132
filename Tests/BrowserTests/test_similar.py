"""Find similar customers from the Segments table in headless Chromium: the slider's band label
and estimated size follow it, Apply re-selects the members, and the expansion segment shows up
in the table with its count."""

import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import call_api
from test_segments_page import sign_in, text_of, visible, wait

SOURCE = "Browser gold tier"
EXPANSION = "Similar to " + SOURCE
JOB_SECONDS = 180


def run_job(server, method, path, body):
    """Starts a job through the API and waits for it; answers the finished job."""
    status, job = call_api(server, method, path, body)
    assert status == 202, job
    deadline = time.time() + JOB_SECONDS
    while job["status"] in ("queued", "running"):
        assert time.time() < deadline, "the job did not finish"
        time.sleep(0.3)
        _, job = call_api(server, "GET", "/api/jobs/" + job["id"])
    return job


def estimated(histogram, threshold):
    """The page's estimate: whole bins above the threshold, and the cut bin's part above it."""
    n = len(histogram)
    total = 0.0
    for index, count in enumerate(histogram):
        low, high = index / n, (index + 1) / n
        if low >= threshold:
            total += count
        elif high > threshold:
            total += count * (high - threshold) * n
    return round(total)


def shown_count(browser):
    return int(text_of(browser, "#similar-estimate-count").lstrip("≈ ").replace(",", ""))


def test_find_similar_with_the_threshold_slider(browser, server, screenshot):
    status, _ = call_api(server, "POST", "/api/segments", {"name": SOURCE, "definition": 'loyalty_tier = "gold"'})
    assert status == 201
    assert run_job(server, "POST", "/api/refresh", {"segments": [SOURCE]})["status"] == "succeeded"

    sign_in(browser, server)
    browser.find_element(By.ID, "search").send_keys(SOURCE)
    row = wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, f'#segments-body tr[data-name="{SOURCE}"]'))
    row.find_element(By.CSS_SELECTOR, f'button[aria-label="Find customers similar to {SOURCE}"]').click()
    visible(browser, "#view-similar")
    wait(browser).until(lambda b: b.find_element(By.ID, "similar-source").get_attribute("value") == SOURCE)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#similar-fields input:checked")) >= 5
    # The encoder's options: measures off (a source defined by a measure would be found by it alone),
    # activity features on, no PCA.
    assert not browser.find_element(By.ID, "similar-measures").is_selected()
    assert browser.find_element(By.ID, "similar-activity").is_selected()
    assert browser.find_element(By.ID, "similar-pca").get_attribute("value") == ""
    screenshot("form")

    browser.find_element(By.ID, "similar-start").click()
    visible(browser, "#similar-result")
    wait(browser, JOB_SECONDS).until(lambda b: text_of(b, "#similar-result-title") == EXPANSION)
    status, result = call_api(server, "GET", "/api/segments/" + EXPANSION.replace(" ", "%20") + "/similar")
    assert status == 200
    summary = result["summary"]
    assert "AUC" in text_of(browser, "#similar-backtest")
    assert len(browser.find_elements(By.CSS_SELECTOR, "#similar-top tbody tr")) == len(summary["topMembers"])
    assert browser.find_elements(By.CSS_SELECTOR, "#similar-histogram svg rect.bar")
    before = shown_count(browser)
    assert before == estimated(summary["histogram"], float(browser.find_element(By.ID, "similar-threshold").get_attribute("value")))
    screenshot("result")

    # Move the slider with the keyboard into the "similar" band: End is 1.00, each Left 0.01 down.
    slider = browser.find_element(By.ID, "similar-threshold")
    slider.send_keys(Keys.END)
    for _ in range(25):
        slider.send_keys(Keys.ARROW_LEFT)
    threshold = float(slider.get_attribute("value"))
    assert abs(threshold - 0.75) < 1e-9
    assert text_of(browser, "#similar-band") == "similar"
    assert slider.get_attribute("aria-valuetext") == "0.75, similar"
    after = shown_count(browser)
    assert after == estimated(summary["histogram"], 0.75)
    assert after != before, "the estimated size follows the slider"
    assert "estimate" in text_of(browser, "#similar-estimate-note")
    for _ in range(20):
        slider.send_keys(Keys.ARROW_LEFT)
    assert text_of(browser, "#similar-band") == "somewhat similar"
    for _ in range(30):
        slider.send_keys(Keys.ARROW_RIGHT)
    assert text_of(browser, "#similar-band") == "very similar"
    assert abs(float(slider.get_attribute("value")) - 0.85) < 1e-9
    screenshot("slider")

    # Apply counts exactly (from the stored scores, not the bins): the very similar band at its lower edge.
    browser.find_element(By.ID, "similar-apply").click()
    wait(browser, JOB_SECONDS).until(lambda b: text_of(b, "#similar-apply-progress").startswith("Applied"))
    status, applied = call_api(server, "GET", "/api/segments/" + EXPANSION.replace(" ", "%20") + "/similar")
    members = applied["summary"]["memberCount"]
    assert abs(applied["summary"]["threshold"] - 0.85) < 1e-9
    very_similar = [b["count"] for b in applied["summary"]["bands"] if b["band"] == "very similar"][0]
    assert members == very_similar
    assert f"exactly {members:,} members" in text_of(browser, "#similar-apply-progress")
    assert f"{members:,}" in text_of(browser, "#similar-result-facts")
    assert "0.85" in text_of(browser, "#similar-result-facts")
    assert "no measures, activity features, no PCA" in text_of(browser, "#similar-result-facts")
    screenshot("applied")

    # Inside a bin the estimate is a guess; Apply still gives the stored count, and the segment has it.
    for _ in range(3):
        slider.send_keys(Keys.ARROW_LEFT)
    browser.find_element(By.ID, "similar-apply").click()
    wait(browser, JOB_SECONDS).until(lambda b: "0.82 or more" in text_of(b, "#similar-apply-progress"))
    _, segments = call_api(server, "GET", "/api/segments?type=expansion")
    stored = next(s for s in segments["segments"] if s["name"] == EXPANSION)["memberCount"]
    assert f"exactly {stored:,} members" in text_of(browser, "#similar-apply-progress")
    status, reselected = call_api(server, "GET", "/api/segments/" + EXPANSION.replace(" ", "%20") + "/similar")
    assert reselected["summary"]["memberCount"] == stored
    assert stored >= members
    slider = browser.find_element(By.ID, "similar-threshold")
    for _ in range(3):
        slider.send_keys(Keys.ARROW_RIGHT)
    browser.find_element(By.ID, "similar-apply").click()
    wait(browser, JOB_SECONDS).until(lambda b: "0.85 or more" in text_of(b, "#similar-apply-progress"))
    assert f"exactly {members:,} members" in text_of(browser, "#similar-apply-progress")

    browser.get(server["url"] + "/#/segments")
    row = wait(browser).until(lambda b: b.find_element(By.CSS_SELECTOR, f'#segments-body tr[data-name="{EXPANSION}"]'))
    assert row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text == "expansion"
    assert row.find_element(By.CSS_SELECTOR, "td.members").text == f"{members:,}"
    screenshot("table")

    # The row's Scores button opens the stored result again.
    row.find_element(By.CSS_SELECTOR, f'button[aria-label="Similarity scores and threshold of {EXPANSION}"]').click()
    wait(browser).until(lambda b: text_of(b, "#similar-result-title") == EXPANSION)
    assert abs(float(browser.find_element(By.ID, "similar-threshold").get_attribute("value")) - 0.85) < 1e-9
