from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0002_add_nullable_field")]
    operations = [
        # The old code's INSERTs leave the column out: the database fills it in.
        migrations.AddField("visit", "flag", models.BooleanField(db_default=False)),
    ]
