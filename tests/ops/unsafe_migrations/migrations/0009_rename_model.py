from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("unsafe_migrations_example", "0008_delete_model")]
    operations = [migrations.RenameModel("Visit", "Appointment")]
