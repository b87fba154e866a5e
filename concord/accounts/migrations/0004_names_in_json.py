from django.db import migrations

from concord.common.migration_names import names_to_json


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_api_tokens")]

    operations = [
        *names_to_json("accounts", "agencykind", 200),
        *names_to_json("accounts", "agency", 250),
        migrations.AlterModelOptions(
            name="agency",
            options={"ordering": ["name_en"], "verbose_name": "agency", "verbose_name_plural": "agencies"},
        ),
        migrations.AlterModelOptions(
            name="agencykind",
            options={
                "ordering": ["country_code", "name_en"],
                "verbose_name": "agency kind",
                "verbose_name_plural": "agency kinds",
            },
        ),
    ]
