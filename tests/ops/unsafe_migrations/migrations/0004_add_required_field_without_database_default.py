from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0003_add_field_with_database_default")]
    operations = [
        # Django fills existing rows with the default, then drops it: the old code's INSERTs,
        # which leave the column out, fail.
        migrations.AddField("visit", "kind", models.CharField(default="x", max_length=10)),
    ]
