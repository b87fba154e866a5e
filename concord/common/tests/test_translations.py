"""The catalogues are complete: nothing untranslated or fuzzy in any language the settings enable (English is the
source), nothing makemessages would add, and the compiled .mo files match the .po sources."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from config.languages import SOURCE_LANGUAGE, catalogues

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def _entries(path: Path):
    """(msgid, msgstrs, flags) for each entry, via the same reader as ../shared/tools/po_check.py."""
    from concord.common.testing.po import read_po

    return read_po(path)


def test_every_shipped_catalogue_is_enabled_by_default():
    assert {"az", "ru", "sq"} <= set(TRANSLATED)


@pytest.mark.parametrize("language", TRANSLATED)
def test_catalogue_is_complete(language):
    entries = [entry for entry in _entries(catalogues(settings.LOCALE_PATHS)[language] / "django.po") if entry.msgid]
    assert len(entries) > 200
    untranslated = [e.msgid for e in entries if not e.msgstrs or any(not s for s in e.msgstrs.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_the_source(language):
    folder = catalogues(settings.LOCALE_PATHS)[language]
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(folder / "django.po"):
        if entry.msgid and not entry.plural and "fuzzy" not in entry.flags:
            key = f"{entry.context}\x04{entry.msgid}" if entry.context else entry.msgid
            assert compiled._catalog.get(key) == entry.msgstrs["msgstr"], entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed (apt-get install gettext)")
def test_makemessages_would_add_nothing(tmp_path):
    """Runs makemessages over a copy of the project and compares the set of msgids."""
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "var", ".git", "staticfiles", "test-artifacts", "__pycache__"
        ),
    )
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--settings=config.settings_test",
            "-l",
            "az",
            "--no-obsolete",
            "--no-location",
            "--ignore=static/*",
            "--ignore=staticfiles/*",
            "--ignore=var/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    fresh = {e.msgid for e in _entries(copy / "locale" / "az" / "LC_MESSAGES" / "django.po")}
    committed = {e.msgid for e in _entries(LOCALE / "az" / "LC_MESSAGES" / "django.po")}
    assert fresh - committed == set(), "run `make messages` and translate the new strings"
    assert committed - fresh == set(), "the catalogue holds strings the code no longer uses"


@pytest.mark.parametrize(
    ("language", "date", "moment"),
    [
        ("en", "01/12/2026", "01/12/2026 14:05"),
        ("az", "01.12.2026", "01.12.2026 14:05"),
        ("ru", "01.12.2026", "01.12.2026 14:05"),
        ("sq", "01.12.2026", "01.12.2026 14:05"),
    ],
)
def test_each_language_writes_dates_its_own_way(language, date, moment):
    import datetime

    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override(language):
        assert date_format(datetime.date(2026, 12, 1), "SHORT_DATE_FORMAT") == date
        assert date_format(datetime.datetime(2026, 12, 1, 14, 5), "SHORT_DATETIME_FORMAT") == moment
