from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Visit",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("note", models.CharField(max_length=100)),
                ("kept", models.CharField(max_length=100, null=True)),
                ("old_name", models.CharField(max_length=100)),
                ("spare", models.CharField(max_length=100)),
            ],
        ),
        migrations.CreateModel(
            name="Leftover",
            fields=[("id", models.BigAutoField(primary_key=True, serialize=False))],
        ),
    ]
