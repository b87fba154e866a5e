"""Helpers of the Playwright scenarios: the interface language switched as a user does, and the text a page shows in
a language."""

from __future__ import annotations

from django.utils import translation
from playwright.sync_api import Page


def switch_language(page: Page, language: str) -> None:
    if language != "en":
        with page.expect_navigation():
            page.select_option("#language-select", language)


def translated(language: str, message: str, context: str = "") -> str:
    with translation.override(language):
        return translation.pgettext(context, message) if context else translation.gettext(message)
