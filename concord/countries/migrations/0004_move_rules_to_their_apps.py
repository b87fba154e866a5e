from django.db import migrations


class Migration(migrations.Migration):
    """Consent age bands and risk rules now belong to the cases and risk apps, which copied the rows first."""

    dependencies = [
        ("countries", "0003_riskrules"),
        ("cases", "0004_consentageband"),
        ("risk", "0002_riskrules"),
    ]

    operations = [
        migrations.DeleteModel(name="ConsentAgeBand"),
        migrations.DeleteModel(name="RiskRules"),
    ]
