import django.db.models.deletion
from django.db import migrations, models

from concord.common.migration_names import names_to_json
from concord.common.translated import names_field

# Until the pack is loaded again, the holidays stand with this note; the load replaces it with the pack's sources.
CARRIED_OVER = "Public holiday loaded before calendar sources were recorded"


def holidays_to_calendar_days(apps, schema_editor):
    Holiday = apps.get_model("countries", "Holiday")
    CalendarDay = apps.get_model("countries", "CalendarDay")
    CalendarDay.objects.bulk_create(
        CalendarDay(
            country_id=holiday.country_id,
            date=holiday.date,
            kind="holiday",
            source=CARRIED_OVER,
            name_en=holiday.name_en or holiday.name,
            names={
                language: getattr(holiday, f"name_{language}")
                for language in ("az", "ru", "sq")
                if getattr(holiday, f"name_{language}")
            },
        )
        for holiday in Holiday.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [("countries", "0004_move_rules_to_their_apps")]

    operations = [
        *names_to_json("countries", "country", 100),
        migrations.CreateModel(
            name="CalendarDay",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(verbose_name="date")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("holiday", "Public holiday"),
                            ("working_day", "Transferred working day"),
                            ("short_day", "Shortened working day"),
                        ],
                        default="holiday",
                        max_length=12,
                        verbose_name="kind",
                    ),
                ),
                ("yearly", models.BooleanField(default=False, verbose_name="same date every year")),
                ("source", models.CharField(max_length=300, verbose_name="source")),
                ("name_en", models.CharField(blank=True, max_length=200, verbose_name="name in English")),
                ("names", names_field()),
                (
                    "country",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="calendar_days",
                        to="countries.country",
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar day",
                "verbose_name_plural": "calendar days",
                "ordering": ["date"],
                "constraints": [models.UniqueConstraint(fields=("country", "date"), name="calendar_day_unique_date")],
            },
        ),
        migrations.RunPython(holidays_to_calendar_days, migrations.RunPython.noop),
        migrations.DeleteModel(name="Holiday"),
    ]
