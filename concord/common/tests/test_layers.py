"""Dependencies point one way (DESIGN.md, Seams): modules → the statistics → cases → the platform → common.

The platform apps (accounts, audit, territory, countries, people, notifications, api) may use each other and
common; `cases` may use the platform; the statistics (`stats`) may use cases and the platform: its indicator
catalogue is a seam every module feeds, as the case core's are; a module (risk, and every app added later) may use
the statistics, cases and the platform, but no other module and never be used by them; `common` uses no app. Tests,
test helpers and migrations are not checked: a test may set up whatever it needs."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = {"accounts", "audit", "territory", "countries", "people", "notifications", "api"}
CORE = {"cases"}
SHARED = {"stats"}  # below the modules, above the case core
APPS = sorted(path.name for path in ROOT.iterdir() if (path / "apps.py").exists())
MODULES = set(APPS) - PLATFORM - CORE - SHARED - {"common"}


def _imports(app: str) -> dict[str, set[str]]:
    """The concord apps each source file of `app` imports (top-level and inside functions alike)."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        if {"tests", "migrations", "testing"} & set(path.relative_to(ROOT).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "concord" and len(parts) > 1 and parts[1] in APPS and parts[1] != app:
                    found.setdefault(parts[1], set()).add(str(path.relative_to(ROOT)))
    return found


def _allowed(app: str) -> set[str]:
    if app == "common":
        return set()
    if app in PLATFORM:
        return PLATFORM | {"common"}
    if app in CORE:
        return PLATFORM | {"common"}
    if app in SHARED:
        return PLATFORM | CORE | {"common"}
    return PLATFORM | CORE | SHARED | {"common"}


def test_there_is_at_least_one_module():
    assert "risk" in MODULES


@pytest.mark.parametrize("app", APPS)
def test_dependencies_point_one_way(app):
    wrong = {other: files for other, files in _imports(app).items() if other not in _allowed(app)}
    assert not wrong, f"{app} must not import {sorted(wrong)}: {wrong}"
