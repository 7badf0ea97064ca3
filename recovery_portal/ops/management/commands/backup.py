"""Write one encrypted backup of the database and the uploaded files (recovery_portal/ops/backups).

manage.py backup                   into BACKUP_DIR, keeping the newest BACKUP_KEEP
manage.py backup --output DIR      into DIR instead
manage.py backup --generate-key    print a new BACKUP_ENCRYPTION_KEY and stop
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from recovery_portal.ops.backups.create import backup_create, configured_identity
from recovery_portal.ops.backups.crypto import BackupError, generate_key


class Command(BaseCommand):
    help = "Write one encrypted backup (database and uploaded files) and prune old ones."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Folder to write to (default: the BACKUP_DIR setting)."
        )
        parser.add_argument(
            "--keep",
            type=int,
            help="How many backups to keep in that folder (default: the BACKUP_KEEP setting).",
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a new encryption key for BACKUP_ENCRYPTION_KEY and do nothing else.",
        )

    def handle(self, *args, output=None, keep=None, generate_key=False, **options):
        if generate_key:
            return self._generate_key()
        if keep is not None and keep < 1:
            raise CommandError("--keep must be at least 1")
        try:
            identity, note = configured_identity(create_development_key=True)
            if note:
                self.stderr.write(self.style.WARNING(note))
            result = backup_create(identity=identity, output_dir=output, keep=keep)
        except BackupError as exc:
            raise CommandError(f"Backup failed: {exc}.")
        except DatabaseError as exc:
            # The driver's words name the host, database and user, never the password.
            raise CommandError(f"Backup failed: the database could not be used: {exc}".strip())
        manifest = result.manifest
        audit = manifest["audit"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written and read back: {result.path} ({result.size / 1e6:.1f} MB): "
                f"{len(manifest['tables'])} tables, {len(manifest['files'])} uploaded files."
            )
        )
        if audit["intact"]:
            self.stdout.write(
                f"Audit trail intact at the backup: {audit['events']} events, "
                f"head hash {audit['head_hash']}."
            )
        else:
            self.stderr.write(
                self.style.ERROR(
                    f"The audit trail was NOT intact when this backup was made: "
                    f"{audit['problem']}. Run manage.py audit_verify."
                )
            )
        for path in result.pruned:
            self.stdout.write(f"Removed an older backup: {path.name}")

    def _generate_key(self):
        self.stdout.write(generate_key(), ending="")
        self.stderr.write(
            "Set the AGE-SECRET-KEY-1… line as BACKUP_ENCRYPTION_KEY in the portal's "
            "environment, and keep a copy of it away from this machine (a password manager, a "
            "sealed envelope): without it no backup can be restored. With the age tool, this "
            "text saved to a file also decrypts a backup: age -d -i key.txt FILE > backup.tar"
        )
