"""The share of kramdown's own test cases the preview reproduces never goes down.

``../shared/peer-tests`` holds the test cases of kramdown and kramdown-parser-gfm with what
Jekyll 4.3 itself renders for each (``jekyll-expected/``) and a runner. This test renders
every case in-process with the same pipeline as ``post-editor render --fragment -``, scores it
with the runner's own functions, and compares with ``peer_tests_baseline.json``: the runner's
JSON report, made with

    python3 ../shared/peer-tests/run.py ../shared/peer-tests/kramdown \\
        ../shared/peer-tests/kramdown-gfm --expected jekyll --json OUT

(then trimmed to summaries and per-case pass flags by ``trim_baseline`` below). When a change
makes more cases pass, refresh the baseline the same way so the gain is kept.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from editor.cli_fragment import fragment_html
from editor.core.frontmatter import PostDocument

ROOT = Path(__file__).resolve().parents[3]
PEER = ROOT.parent / "shared" / "peer-tests"
BASELINE = Path(__file__).with_name("peer_tests_baseline.json")
SUITES = ("kramdown", "kramdown-gfm")


def load_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("peer_tests_run", PEER / "run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


def trim_baseline(report: dict) -> dict:
    """What the guard needs of a runner report: per suite its summary and who passed."""
    return {
        "command": report.get("command"),
        "expected": report.get("expected"),
        "suites": {
            name: {
                "summary": suite["summary"],
                "passed": sorted(c["case"] for c in suite["cases"] if c["pass"]),
            }
            for name, suite in report["suites"].items()
        },
    }


def run_suite(runner: ModuleType, name: str) -> tuple[dict, set[str]]:
    cases = runner.load_suite((PEER / name).resolve(), "jekyll")
    results = []
    for case in cases:
        expected = runner.blocks_of(case.expected_file.read_text(encoding="utf-8"))
        document = PostDocument.from_bytes(case.text_file.read_bytes())
        html = fragment_html(document, None, None)
        actual = runner.blocks_of(runner.extract(html, "auto"), "pe-placeholder")
        result = runner.compare(case, expected, actual)
        result.update(case=case.rel, group=case.group)
        results.append(result)
    passed = {r["case"] for r in results if r["pass"]}
    return runner.summarize(results), passed


@pytest.mark.skipif(not (PEER / "run.py").is_file(), reason="../shared/peer-tests is absent")
@pytest.mark.parametrize("suite", SUITES)
def test_share_of_passing_peer_cases_does_not_go_down(suite: str) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    if "cases" in next(iter(baseline["suites"].values())):
        baseline = trim_baseline(baseline)
    before = baseline["suites"][suite]
    summary, passed = run_suite(load_runner(), suite)
    lost = sorted(set(before["passed"]) - passed)
    now = summary["default"]
    then = before["summary"]["default"]
    assert now["passed"] >= then["passed"], (
        f"{suite}: {now['passed']}/{now['cases']} cases pass, the baseline had "
        f"{then['passed']}/{then['cases']}; no longer passing: {lost}"
    )
    assert now["block_recall"] >= then["block_recall"] - 1e-9, (
        f"{suite}: block recall {now['block_recall']:.1%} < {then['block_recall']:.1%}"
    )
