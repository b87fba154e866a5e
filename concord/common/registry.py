"""Codes that several apps write into one shared column (audit actions, notification kinds, timeline entries).

The column has no `choices`, so a new module adds its codes without a migration in another app: each app keeps
its codes as TextChoices in its own choices.py and registers them in its AppConfig.ready(); the registry gives the
translated label of any code that was registered, and the code itself for one that no longer is.
"""

from __future__ import annotations

from django.db.models import TextChoices


class CodeRegistry:
    def __init__(self, what: str):
        self.what = what
        self._labels: dict[str, object] = {}

    def register(self, choices: type[TextChoices]) -> None:
        for value, label in choices.choices:
            known = self._labels.get(value)
            if known is not None and str(known) != str(label):
                raise ValueError(f"{self.what} {value!r} is registered twice with different labels")
            self._labels[value] = label

    def __contains__(self, code: object) -> bool:
        return code in self._labels

    def label(self, code: str) -> str:
        return str(self._labels.get(code, code))

    def choices(self) -> list[tuple[str, str]]:
        return sorted(((code, str(label)) for code, label in self._labels.items()), key=lambda item: item[1])
