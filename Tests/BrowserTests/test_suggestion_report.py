"""The HTML report of a suggestion run, rendered in headless Chromium: not blank, and the
numbers on the page are the run's numbers."""

import io
import json
import os
import subprocess

from selenium.webdriver.common.by import By


def audience(*arguments, cwd):
    """Runs the audience binary that scripts/browser-tests was given; answers its stdout."""
    binary = os.environ["AUDIENCE_BIN"]
    return subprocess.run([binary, *arguments], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_the_suggestion_report_renders_the_runs_numbers(browser, server, tmp_path):
    root = os.environ["AUDIENCE_ROOT"]
    workspace = str(tmp_path / "credit-g")
    audience("init", workspace, "--from", os.path.join(root, "fixtures", "credit-g"), cwd=tmp_path)
    audience("ingest", "--workspace", workspace, cwd=tmp_path)
    run = json.loads(audience("suggest", "measure", "credit_amount", "--workspace", workspace, "--json", cwd=tmp_path))
    report = str(tmp_path / "report.html")
    audience("suggest", "show", str(run["id"]), "--workspace", workspace, "--report", report, cwd=tmp_path)

    browser.get("file://" + report)
    shot = os.path.join(server["artifacts"], "suggestion-report.png")
    browser.save_screenshot(shot)
    from PIL import Image  # ships with matplotlib, which the notebooks install

    with open(shot, "rb") as file:
        colors = Image.open(io.BytesIO(file.read())).convert("RGB").getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 50, "the screenshot is blank or nearly so"
    assert browser.find_elements(By.CSS_SELECTOR, "svg"), "the report draws its charts in inline SVG"

    text = " ".join(browser.find_element(By.TAG_NAME, "body").text.split())
    suggestions = run["run"]["suggestions"]
    assert suggestions, "credit-g has suggestions for credit_amount"
    for suggestion in suggestions:
        statistics = suggestion["statistics"]
        row = (
            f'{suggestion["rank"]} {suggestion["member_count"]} '
            f'{100 * suggestion["share_of_customers"]:.1f}% {statistics["segment_value"]:.1f} '
            f'{statistics["overall_value"]:.1f} {statistics["lift"]:.2f}'
        )
        assert row in text, f"the page lacks the row {row!r}"
        assert suggestion["definition_text"] in text
