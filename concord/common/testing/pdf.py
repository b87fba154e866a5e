"""A PDF read back as its reader's tools would: poppler-utils' pdftotext for the words, pdftoppm for a page to look
at. Debian's poppler-utils is not on every machine: where it is missing the test skips at this point with the
command that installs it, unless CI requires it (`CONCORD_PDF_TOOLS=required`), when it fails instead."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from concord.conftest import ARTIFACTS

PDF_TOOLS_REQUIRED = os.environ.get("CONCORD_PDF_TOOLS") == "required"


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} not found (apt-get install poppler-utils)"
    if PDF_TOOLS_REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def pdf_words(pdf: bytes) -> str:
    """The PDF's text with every run of whitespace made one space: a table cell wraps its text, so tests compare
    words, not lines."""
    result = subprocess.run([_poppler("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return " ".join(result.stdout.decode().split())


def save_page_image(pdf: bytes, page: int, name: str, resolution: int = 80) -> Path:
    """One page as a PNG among the test artifacts, to be looked at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / name
    command = [_poppler("pdftoppm"), "-png", "-r", str(resolution), "-f", str(page), "-l", str(page), "-singlefile"]
    subprocess.run([*command, "-", str(target)], input=pdf, check=True)  # noqa: S603
    return target.with_suffix(".png")
