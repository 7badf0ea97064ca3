"""Restore a backup made by ``manage.py backup`` into an EMPTY database and media folder.

    manage.py restore FILE              verify, ask, restore, check, report
    manage.py restore FILE --no-input   the same without asking (scripts, the restore drill)
    manage.py restore FILE --check      only verify the file (decrypts, checksums); changes nothing

The steps are in recovery_portal/ops/backups/restore.py.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from recovery_portal.ops.backups import database as backup_database
from recovery_portal.ops.backups.create import configured_identity
from recovery_portal.ops.backups.crypto import BackupError
from recovery_portal.ops.backups.restore import backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restore a backup into an empty database and an empty MEDIA_ROOT, then check it."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file (….tar.age).")
        parser.add_argument("--no-input", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify that the file decrypts and is complete; change nothing.",
        )

    def handle(self, *args, file: Path, no_input=False, check=False, **options):
        try:
            identity, note = configured_identity()
            if note:
                self.stderr.write(self.style.WARNING(note))
            if check:
                return self._describe(backup_verify(file, identity), verified=True)
            confirm = (lambda manifest: True) if no_input else self._confirm
            report = backup_restore(file, identity, confirm=confirm)
        except BackupError as exc:
            raise CommandError(f"Restore failed: {exc}.")
        except DatabaseError as exc:
            # The driver's words name the host, database and user, never the password.
            raise CommandError(f"Restore failed: the database could not be used: {exc}".strip())
        self._report(report)
        if not report.ok:
            raise CommandError(
                "The restore finished but its checks did NOT pass (above). Do not put this "
                "database into service before you understand why."
            )

    def _describe(self, manifest, *, verified=False):
        database = manifest["database"]
        self.stdout.write(
            f"Backup made {manifest['created_at']} by Recovery Portal "
            f"{manifest['portal_version']} ({database['engine']}): "
            f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
            f"{len(manifest['files'])} uploaded files, "
            f"{manifest['audit']['events']} audit events."
        )
        if verified:
            self.stdout.write(
                self.style.SUCCESS(
                    "Verified: it decrypts with this key and every checksum matches."
                )
            )

    def _confirm(self, manifest) -> bool:
        self._describe(manifest, verified=True)
        target = backup_database.describe_target()
        try:
            answer = input(f"Restore it into {target} and MEDIA_ROOT? Type 'yes' to go on: ")
        except EOFError:  # no one to answer (a script): use --no-input
            return False
        return answer.strip().lower() == "yes"

    def _report(self, report):
        manifest = report.manifest
        self.stdout.write(f"Restored {report.target} and {report.files} uploaded files.")
        if report.mismatched_tables:
            for table, (expected, found) in sorted(report.mismatched_tables.items()):
                self.stderr.write(
                    self.style.ERROR(f"Row count of {table}: backup {expected}, now {found}")
                )
        else:
            self.stdout.write(f"Row counts: all {len(manifest['tables'])} tables match the backup.")
        if report.audit_ok:
            self.stdout.write(
                f"Audit trail intact: {report.audit_events} events, head hash "
                f"{report.audit_head} (as when the backup was made)."
            )
        else:
            self.stderr.write(self.style.ERROR(f"Audit trail: {report.audit_message}"))
        if manifest["database"]["engine"] == backup_database.POSTGRESQL:
            self.stdout.write(
                "Next: the restored tables belong to the role that ran this restore. Re-run "
                "scripts/db_roles.sql as that role so the portal's own role gets its rights "
                "back (README, 'Database roles'), then `manage.py migrate` if this version of "
                "the portal is newer than the backup, then start the services."
            )
        if report.ok:
            self.stdout.write(self.style.SUCCESS("Restore complete; every check passed."))
