"""Used by the migrations that moved reference names from modeltranslation columns (name_az, name_ru, name_sq)
into one JSON mapping (`names`), so that adding an interface language needs no new column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations

OLD_LANGUAGES = ("az", "ru", "sq")


def _copy(app_label: str, model_name: str) -> Callable[[Any, Any], None]:
    def copy(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        for row in model.objects.all():
            row.name_en = row.name_en or row.name
            row.names = {language: getattr(row, f"name_{language}") for language in OLD_LANGUAGES}
            row.names = {language: text for language, text in row.names.items() if text and text != row.name_en}
            row.save(update_fields=["name_en", "names"])

    return copy


def names_to_json(app_label: str, model_name: str, max_length: int) -> list[Any]:
    """The operations for one model: add `names`, copy, drop the old columns, make `name_en` required."""
    from django.db import models

    from concord.common.translated import names_field

    return [
        migrations.AddField(model_name=model_name, name="names", field=names_field()),
        migrations.RunPython(_copy(app_label, model_name), migrations.RunPython.noop),
        *(
            migrations.RemoveField(model_name=model_name, name=field)
            for field in ("name", *(f"name_{language}" for language in OLD_LANGUAGES))
        ),
        migrations.AlterField(
            model_name=model_name,
            name="name_en",
            field=models.CharField(max_length=max_length, verbose_name="name in English"),
        ),
    ]
