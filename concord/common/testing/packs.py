"""Country packs in tests: a copy of a shipped pack with one change, read back for its problems."""

from __future__ import annotations

import shutil

import pytest

from concord.countries.loader import PackInvalid, read_pack


def broken_pack(tmp_path, file: str, old: str, new: str) -> list:
    """The problems of the az pack with `old` replaced by `new` in `file`."""
    folder = tmp_path / "az"
    shutil.copytree(read_pack("az").folder, folder, dirs_exist_ok=True)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(PackInvalid) as error:
        read_pack("az", folder)
    return error.value.problems
