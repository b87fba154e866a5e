from django.db import migrations

from concord.common.migration_names import names_to_json


class Migration(migrations.Migration):
    dependencies = [("territory", "0001_initial")]

    operations = names_to_json("territory", "territory", 200)
