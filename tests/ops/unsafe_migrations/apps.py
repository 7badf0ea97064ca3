from django.apps import AppConfig


class UnsafeMigrationsConfig(AppConfig):
    name = "tests.ops.unsafe_migrations"
    label = "unsafe_migrations_example"
    default_auto_field = "django.db.models.BigAutoField"
