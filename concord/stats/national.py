"""The statistics module's part of the national data set: the incident facts, derived once every case is written,
and the ended years' counts kept from them, by the same work the nightly job does."""

from __future__ import annotations

from typing import Any

from django.db import models

from concord.cases.national import Chunk
from concord.stats import report


class StatisticsSection:
    # Derived in the database, not generated with ids: no sequence to reset.
    models: tuple[type[models.Model], ...] = ()

    def build(self, chunk: Chunk) -> None:
        """Nothing per chunk: a fact needs its incident's flags and perpetrators, written by the other sections."""

    def finish(self, run: Any) -> None:
        report.count_country(run.country.code)
