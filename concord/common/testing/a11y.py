"""Accessibility checks in the browser tests: axe-core (vendored from npm by `make vendor`) run on the page."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
# The WCAG 2.1 A and AA rules: the level DESIGN.md promises.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts: tuple[str, ...] = ("critical", "serious")) -> list[str]:
    """The violations of the given impact on the current page, as "rule: target" lines (empty when there are
    none). The script is evaluated by the test driver, so the page's strict CSP stays as it is."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {', '.join(str(node['target']) for node in violation['nodes'])}"
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]
