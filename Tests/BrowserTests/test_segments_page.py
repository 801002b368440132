"""The Segments page in headless Chromium, on a workspace made from fixtures/retail.

What a person does every day: sign in with the token, see the segments table, build a
segment while the estimate follows, save and refresh it, see its count and trend chart,
download its members as CSV, and make a quick segment.
"""

import csv
import glob
import os
import time

import pytest
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import call_api

WAIT_SECONDS = 20


def wait(browser, seconds=WAIT_SECONDS):
    return WebDriverWait(browser, seconds)


def visible(browser, css):
    return wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def text_of(browser, css):
    return browser.find_element(By.CSS_SELECTOR, css).text


def sign_in(browser, server):
    """Opens the page and signs in unless this tab already holds the token."""
    browser.get(server["url"] + "/#/segments")
    wait(browser).until(
        lambda b: b.find_element(By.ID, "view-login").is_displayed() or b.find_element(By.ID, "view-segments").is_displayed()
    )
    if browser.find_element(By.ID, "view-login").is_displayed():
        field = browser.find_element(By.ID, "token")
        field.clear()
        field.send_keys(server["token"])
        browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    visible(browser, "#view-segments")


def open_builder(browser, server):
    browser.get(server["url"] + "/#/builder")
    visible(browser, "#view-builder")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#rules-list .condition select"))


def condition_controls(browser, rule=0, condition=0):
    rules = browser.find_elements(By.CSS_SELECTOR, "#rules-list .rule")
    return rules[rule].find_elements(By.CSS_SELECTOR, ".condition")[condition]


def set_attribute_condition(browser, attribute, operator, value, rule=0, condition=0):
    """Fills one attribute condition of the builder through its labelled controls."""
    label = f"rule {rule + 1}, condition {condition + 1}"
    Select(browser.find_element(By.CSS_SELECTOR, f'select[aria-label="Attribute of {label}"]')).select_by_value(attribute)
    Select(browser.find_element(By.CSS_SELECTOR, f'select[aria-label="Operator of {label}"]')).select_by_value(operator)
    field = browser.find_element(By.CSS_SELECTOR, f'input[aria-label="Value of {label}"]')
    field.clear()
    field.send_keys(value)


def estimate_count(browser):
    """The builder's estimated member count as an int, once it is the estimate of the text shown."""
    wait(browser).until(
        lambda b: b.find_element(By.ID, "estimate").get_attribute("data-definition")
        == b.find_element(By.ID, "definition-text").get_attribute("value").strip()
    )
    return int(text_of(browser, "#estimate-count").split()[0].replace(",", ""))


def test_sign_in_asks_for_the_token_and_refuses_a_wrong_one(browser, server, screenshot):
    browser.get(server["url"] + "/")
    browser.execute_script("sessionStorage.clear()")
    browser.get(server["url"] + "/#/segments")
    visible(browser, "#view-login")
    # The field has a label a screen reader reads.
    label = browser.find_element(By.CSS_SELECTOR, "label[for=token]")
    assert label.text == "API token"
    browser.find_element(By.ID, "token").send_keys("0" * 64)
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait(browser).until(lambda b: "not this workspace" in text_of(b, "#login-error"))
    screenshot("refused")

    sign_in(browser, server)
    assert "Browser test retail" in text_of(browser, "#workspace-name")
    headers = [th.text.strip().lower() for th in browser.find_elements(By.CSS_SELECTOR, "#segments-table thead th")]
    for column in ("name", "type", "state", "status", "members", "last refreshed", "tags"):
        assert column in headers
    screenshot("table")


def test_the_builder_estimates_as_you_edit(browser, server, screenshot):
    sign_in(browser, server)
    open_builder(browser, server)
    set_attribute_condition(browser, "age", ">=", "60")
    wait(browser).until(lambda b: b.find_element(By.ID, "definition-text").get_attribute("value") == "age >= 60")
    older = estimate_count(browser)
    status, direct = call_api(server, "POST", "/api/definitions/estimate", {"definition": "age >= 60"})
    assert status == 200
    assert older == direct["memberCount"]

    # A second rule joined by union: the estimate grows and each rule shows its count.
    browser.find_element(By.ID, "add-rule").click()
    set_attribute_condition(browser, "loyalty_tier", "=", "gold", rule=1)
    wait(browser).until(
        lambda b: b.find_element(By.ID, "definition-text").get_attribute("value") == 'age >= 60\nunion loyalty_tier = "gold"'
    )
    wait(browser).until(lambda b: estimate_count(b) > older)
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#estimate-rules li")) == 2)
    rule_counts = [span.text for span in browser.find_elements(By.CSS_SELECTOR, "[data-rule-count]")]
    assert all(text.endswith("customers") for text in rule_counts)
    screenshot("two-rules")

    # Editing the text by hand: a misspelt attribute is reported with its place.
    text = browser.find_element(By.ID, "definition-text")
    text.clear()
    text.send_keys("agee >= 60")
    wait(browser).until(lambda b: "did you mean" in text_of(b, "#problems"))
    assert "1:1" in text_of(browser, "#problems")
    assert browser.find_element(By.ID, "back-to-form").is_displayed()
    screenshot("problem")


def test_create_refresh_and_download_a_segment(browser, server, screenshot, has_segment_api):
    if not has_segment_api:
        pytest.skip("this server has no segment API yet")
    sign_in(browser, server)
    open_builder(browser, server)
    name = "Gold seniors " + str(int(time.time()))
    browser.find_element(By.ID, "segment-name").send_keys(name)
    set_attribute_condition(browser, "age", ">=", "60")
    browser.find_element(By.ID, "add-rule").click()
    Select(browser.find_element(By.CSS_SELECTOR, 'select[aria-label="How rule 2 combines with the rules before it"]')).select_by_value("intersect")
    set_attribute_condition(browser, "loyalty_tier", "in", "gold, platinum", rule=1)
    expected = estimate_count(browser)
    screenshot("builder")
    browser.find_element(By.ID, "save-segment").click()

    visible(browser, "#view-detail")
    wait(browser).until(lambda b: text_of(b, "#detail-title") == name)
    browser.find_element(By.CSS_SELECTOR, "#detail-actions [data-action=refresh]").click()
    wait(browser, 60).until(lambda b: text_of(b, "#detail-members") == f"{expected:,}")
    wait(browser).until(lambda b: "succeeded" in text_of(b, "#runs-table tbody"))

    # The trend chart has a point for today; hovering it tells the count.
    point = wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#trend-chart svg circle.point")))
    ActionChains(browser).move_to_element(point).perform()
    wait(browser).until(lambda b: f"{expected:,} members" in text_of(b, "#trend-readout"))
    for days in ("7", "180"):
        browser.find_element(By.CSS_SELECTOR, f'#trend-range button[data-days="{days}"]').click()
        wait(browser).until(
            lambda b: b.find_element(By.CSS_SELECTOR, f'#trend-range button[data-days="{days}"]').get_attribute("aria-pressed") == "true"
        )
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#trend-chart svg circle.point"))
    # The preview shows the first members.
    wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "#preview-table tbody tr")) == min(expected, 100))
    screenshot("detail")

    # Download CSV: a file with a header and one row per member.
    before = set(glob.glob(os.path.join(server["downloads"], "*.csv")))
    browser.find_element(By.CSS_SELECTOR, "#detail-actions [data-action=download]").click()

    def downloaded(_):
        fresh = [f for f in set(glob.glob(os.path.join(server["downloads"], "*.csv"))) - before if os.path.getsize(f) > 0]
        return fresh[0] if fresh else False

    path = wait(browser, 30).until(downloaded)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "id"
    assert "age" in rows[0] and "loyalty_tier" in rows[0]
    assert len(rows) - 1 == expected

    # Manage exports: a new export holding this segment, run from the page.
    export_name = "weekly-" + str(int(time.time()))
    browser.find_element(By.ID, "export-new").click()
    prompt = visible(browser, "#prompt-input")
    prompt.send_keys(export_name)
    browser.find_element(By.ID, "prompt-ok").click()
    wait(browser).until(lambda b: b.find_element(By.ID, "prompt-label").text.startswith("Fields"))
    browser.find_element(By.ID, "prompt-ok").click()
    wait(browser).until(lambda b: export_name in text_of(b, "#exports-table tbody"))
    browser.find_element(By.CSS_SELECTOR, f'#exports-table button[aria-label="Run export {export_name}"]').click()
    wait(browser, 30).until(lambda b: f"wrote {expected:,} rows" in text_of(b, "#status"))
    status, export = call_api(server, "GET", "/api/exports/" + export_name)
    assert status == 200 and export["segments"] == [name] and export["recentRuns"][0]["status"] == "succeeded"
    screenshot("exports")

    # Back in the table the segment shows its count.
    browser.get(server["url"] + "/#/segments")
    row = visible(browser, f'#segments-body tr[data-name="{name}"]')
    assert row.find_element(By.CSS_SELECTOR, ".members").text == f"{expected:,}"
    screenshot("table")


def test_quick_segment(browser, server, screenshot, has_segment_api):
    sign_in(browser, server)
    browser.get(server["url"] + "/#/quick")
    visible(browser, "#view-quick")
    label = "the condition"
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, f'select[aria-label="Attribute of {label}"]'))
    # A number shows its percentiles beside the size.
    Select(browser.find_element(By.CSS_SELECTOR, f'select[aria-label="Attribute of {label}"]')).select_by_value("age")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, f'input[aria-label="Value of {label}"]'))
    browser.find_element(By.CSS_SELECTOR, f'input[aria-label="Value of {label}"]').send_keys("40")
    status, ages = call_api(server, "POST", "/api/definitions/quick", {"field": "age"})
    assert status == 200 and [p["percentile"] for p in ages["percentiles"]] == [5, 10, 25, 50, 75, 90, 95]
    wait(browser).until(lambda b: "Percentiles of age" in text_of(b, "#quick-distribution"))
    headers = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#quick-distribution thead th")]
    values = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#quick-distribution tbody td")]
    assert headers == ["P5", "P10", "P25", "P50", "P75", "P90", "P95"]
    assert values == [p["text"] for p in ages["percentiles"]]
    # A fresh quick segment for a category.
    browser.get(server["url"] + "/#/segments")
    visible(browser, "#view-segments")
    browser.get(server["url"] + "/#/quick")
    visible(browser, "#view-quick")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, f'select[aria-label="Attribute of {label}"]'))
    assert not browser.find_elements(By.CSS_SELECTOR, "#quick-distribution *")
    Select(browser.find_element(By.CSS_SELECTOR, f'select[aria-label="Attribute of {label}"]')).select_by_value("country")
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, f'input[aria-label="Value of {label}"]'))
    field = browser.find_element(By.CSS_SELECTOR, f'input[aria-label="Value of {label}"]')
    field.send_keys("FR")
    status, direct = call_api(server, "POST", "/api/definitions/estimate", {"definition": 'country = "FR"'})
    assert status == 200
    assert direct["memberCount"] > 0
    wait(browser).until(lambda b: text_of(b, "#quick-count") == f"{direct['memberCount']:,} customers")
    # Beside the size, the field's distribution: the top values of the category with their counts.
    status, distribution = call_api(server, "POST", "/api/definitions/quick", {"field": "country"})
    assert status == 200 and distribution["topValues"]
    wait(browser).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#quick-distribution tbody tr"))
    assert "Most frequent values of country" in text_of(browser, "#quick-distribution caption")
    shown = [
        (row.find_element(By.CSS_SELECTOR, "th").text, row.find_element(By.CSS_SELECTOR, "td").text)
        for row in browser.find_elements(By.CSS_SELECTOR, "#quick-distribution tbody tr")
    ]
    assert shown == [(v["value"], f"{v['count']:,}") for v in distribution["topValues"]]
    assert ("FR", f"{direct['memberCount']:,}") in shown
    screenshot("estimate")
    if not has_segment_api:
        pytest.skip("this server has no segment API yet: saving is not tested")
    name = "French customers " + str(int(time.time()))
    browser.find_element(By.ID, "quick-name").send_keys(name)
    browser.find_element(By.CSS_SELECTOR, "#quick-form button[type=submit]").click()
    try:
        wait(browser).until(lambda b: text_of(b, "#detail-title") == name)
    except TimeoutException:
        pytest.fail("saving failed: " + text_of(browser, "#quick-error"))
    wait(browser).until(lambda b: text_of(b, "#detail-definition") == 'country = "FR"')
    screenshot("saved")
