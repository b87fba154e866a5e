from django.db import migrations, models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def copy_opening_times(apps, schema_editor):
    case = apps.get_model("cases", "Case")
    # A history row may outlive its case (retention); it keeps its own start instead.
    opened = Coalesce(Subquery(case.objects.filter(pk=OuterRef("case_id")).values("opened_at")[:1]), F("started_at"))
    for name in ("Involvement", "HistoricalInvolvement"):
        apps.get_model("cases", name).objects.update(case_opened_at=opened)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_timeline_kinds_registered")]

    operations = [
        migrations.AddField(
            model_name="involvement", name="case_opened_at", field=models.DateTimeField(editable=False, null=True)
        ),
        migrations.AddField(
            model_name="historicalinvolvement",
            name="case_opened_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunPython(copy_opening_times, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="involvement", name="case_opened_at", field=models.DateTimeField(editable=False)
        ),
        migrations.AlterField(
            model_name="historicalinvolvement", name="case_opened_at", field=models.DateTimeField(editable=False)
        ),
        migrations.AddIndex(
            model_name="involvement",
            index=models.Index(
                condition=Q(ended_at__isnull=True),
                fields=["agency", "case_opened_at", "case"],
                name="involvement_agency_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["territory", "opened_at"], name="case_territory_opened_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["territory", "next_risk_review_on"], name="case_territory_review_idx"),
        ),
    ]
