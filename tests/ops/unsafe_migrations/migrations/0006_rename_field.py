from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0005_make_field_required")]
    operations = [migrations.RenameField("visit", "old_name", "new_name")]
