"""Country packs in tests: a copy of a pack with one change, read back for its problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from concord.countries.loader import PackInvalid, read_pack

TEST_PACKS = Path(__file__).resolve().parents[2] / "countries" / "tests" / "packs"


def changed_pack(tmp_path: Path, code: str, file: str, old: str, new: str, *, source: Path | None = None) -> Path:
    """A copy of a pack (a shipped one, or `source`) with `old` replaced by `new` in `file`; its folder."""
    folder = tmp_path / code
    shutil.copytree(source or read_pack(code).folder, folder, dirs_exist_ok=True)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def broken_pack(tmp_path: Path, file: str, old: str, new: str, *, code: str = "az", source: Path | None = None) -> list:
    """The problems of a pack (az unless named) with `old` replaced by `new` in `file`."""
    folder = changed_pack(tmp_path, code, file, old, new, source=source)
    with pytest.raises(PackInvalid) as error:
        read_pack(code, folder)
    return error.value.problems
