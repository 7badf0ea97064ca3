from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0006_rename_field")]
    operations = [migrations.RemoveField("visit", "spare")]
