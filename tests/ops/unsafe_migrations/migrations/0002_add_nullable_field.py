from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0001_initial")]
    operations = [
        migrations.AddField("visit", "comment", models.CharField(max_length=100, null=True)),
    ]
