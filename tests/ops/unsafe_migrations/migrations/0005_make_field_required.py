from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("unsafe_migrations_example", "0004_add_required_field_without_database_default")
    ]
    operations = [
        migrations.AlterField("visit", "kept", models.CharField(default="", max_length=100)),
    ]
