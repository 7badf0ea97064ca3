from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0007_remove_field")]
    operations = [migrations.DeleteModel("Leftover")]
