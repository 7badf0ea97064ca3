"""What goes with a record when it is destroyed (``clients.services.destruction``): the walk
of the foreign keys from the client and from its portal account (``Doomed``), and the
django-simple-history rows of what was destroyed (``history_purge``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q
from django.db.models.deletion import (
    DO_NOTHING,
    SET_DEFAULT,
    SET_NULL,
    Collector,
    get_candidate_relations_to_delete,
)

from clients.models import Client
from clients.services.retention import DestructionRefused
from recovery_portal.accounts.models import User

# Rows a destruction never touches: the audit trail (append-only, kept at least
# AUDIT_RETENTION_YEARS) and the reviews, which say what was destroyed and on whose approval.
KEPT_MODELS = {"audit.auditevent", "audit.auditchainhead", "clients.retentionreview"}
# What the client's portal account owns, (model, field pointing at the account): these go with
# the record. Any other row pointing at the account that the record's own walk did not reach
# (an on-call shift, a note written, a reminder authored for someone else, the admin's log)
# belongs to the organization or to another person, and stops the destruction.
ACCOUNT_OWNED = {
    ("account.emailaddress", "user"),
    ("mfa.authenticator", "user"),
    ("accounts.user_groups", "user"),
    ("accounts.user_user_permissions", "user"),
    ("notifications.preference", "user"),
    ("notifications.reminder", "recipient"),
    ("notifications.customreminder", "recipient"),
    ("notifications.inboundtext", "sender"),
    ("peer_groups.calendarfeed", "owner"),
}


class Doomed:
    """Everything that goes with one client, found by walking the foreign keys that point at
    the client (and the client's account), then at each row found, and so on.

    Relations that cascade, protect or restrict belong to what they point at and go with it;
    ``SET_NULL`` ones are only unlinked (they belong to someone else); ``DO_NOTHING`` ones are
    the history tables, purged afterwards. The kept models are never entered. A row found
    that names another client stops everything: the walk must never reach another record.
    From the account, only what it owns is entered (``take_account``).
    """

    def __init__(self, client: Client):
        self.client = client
        self.collector = Collector(using=connection.alias, origin=client)
        self.seen: dict[type[models.Model], set] = defaultdict(set)

    def take(self, objs: list[models.Model], source: type[models.Model] | None = None) -> None:
        if not objs:
            return
        model = type(objs[0])
        new = [obj for obj in objs if obj.pk not in self.seen[model]]
        if not new:
            return
        self.seen[model].update(obj.pk for obj in new)
        self._check_owner(model, new)
        if model is not User:  # the account stays (audit events point at it), scrubbed
            # The dependency makes the Collector delete these before their ``source``; a
            # self-reference (an appointment moved to another) needs none.
            self.collector.add(new, source=source if source not in (model, User) else None)
        for related in get_candidate_relations_to_delete(model._meta):
            field = related.field
            related_model = related.related_model
            if related_model._meta.label_lower in KEPT_MODELS:
                continue
            on_delete = field.remote_field.on_delete
            if on_delete is DO_NOTHING:
                continue
            rows = related_model._base_manager.filter(**{f"{field.name}__in": new})
            if on_delete in (SET_NULL, SET_DEFAULT):
                if rows.exists():
                    value = None if on_delete is SET_NULL else field.get_default()
                    self.collector.add_field_update(field, value, rows)
                continue
            self.take(list(rows), source=model)

    def take_account(self, user: User) -> None:
        """The client's portal account (kept, scrubbed): the rows it owns (``ACCOUNT_OWNED``)
        go with the record. Any other row pointing at it must be part of the record already
        (a plan acknowledgement, a support contact the client added); one that is not (an
        on-call shift, a note, a reminder written for someone else, the admin's log) stops
        the destruction, naming its kind. History rows naming the account are checked once
        the record's history is purged (``account_history_left``). Walk the record first."""
        self.seen[User].add(user.pk)
        for related in get_candidate_relations_to_delete(User._meta):
            field, model = related.field, related.related_model
            if model._meta.label_lower in KEPT_MODELS:
                continue
            rows = model._base_manager.filter(**{field.name: user})
            if (model._meta.label_lower, field.name) in ACCOUNT_OWNED:
                self.take(list(rows), source=User)
                continue
            if field.remote_field.on_delete in (DO_NOTHING, SET_NULL, SET_DEFAULT):
                continue  # history rows; the account is not deleted, nothing to unlink
            if set(rows.values_list("pk", flat=True)) - self.seen[model]:
                raise DestructionRefused(
                    "The destruction would reach data that is not this client's "
                    "(%(model)s, linked to the portal account); nothing was changed.",
                    code="other_data",
                    params={"model": model._meta.label},
                )

    def _check_owner(self, model, objs) -> None:
        """Every client a row names (``client_id``, or any foreign key to a client) must be
        this one."""
        if model is Client:
            others = [obj.pk for obj in objs if obj.pk != self.client.pk]
        else:
            names = [
                field.attname
                for field in model._meta.concrete_fields
                if field.attname == "client_id"
                or (field.is_relation and field.related_model is Client)
            ]
            others = [
                obj.pk
                for obj in objs
                for name in names
                if getattr(obj, name) not in (None, self.client.pk)
            ]
        if others:
            raise DestructionRefused(
                "The destruction would reach another client's data (%(model)s); "
                "nothing was changed.",
                code="other_data",
                params={"model": model._meta.label},
            )

    def take_generic_pointers(self) -> None:
        """Rows that point at a destroyed row by content type and id: reminders whose source
        it was, entries of the admin's log (which keep the object's name)."""
        pointers = [
            (model, gfk.ct_field, gfk.fk_field)
            for model in apps.get_models()
            for gfk in model._meta.private_fields
            if isinstance(gfk, GenericForeignKey) and model._meta.label_lower not in KEPT_MODELS
        ]
        pointers.append((LogEntry, "content_type", "object_id"))
        done: set[tuple[type, object]] = set()
        while pending := [
            (model, pk) for model, pks in self.seen.items() for pk in pks if (model, pk) not in done
        ]:
            by_model = defaultdict(list)
            for model, pk in pending:
                done.add((model, pk))
                by_model[model].append(str(pk))
            for model, pks in by_model.items():
                content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
                for pointer, ct_field, fk_field in pointers:
                    rows = pointer._base_manager.filter(
                        **{ct_field: content_type, f"{fk_field}__in": pks}
                    )
                    self.take(list(rows))

    def files(self) -> list[dict[str, str]]:
        """Each uploaded file: its field ("clients.consent.scan", which knows its storage) and
        its name in that storage (random, never the uploaded name)."""
        found = []
        for model, instances in self.collector.data.items():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    label = f"{model._meta.label_lower}.{field.name}"
                    found += [
                        {"field": label, "name": stored.name}
                        for obj in instances
                        if (stored := getattr(obj, field.name)) and stored.name
                    ]
        return found

    def counts(self) -> dict[str, int]:
        return {
            model._meta.label_lower: len(instances)
            for model, instances in self.collector.data.items()
            if instances
        }


def account_history_left(user: User) -> str:
    """After the purge: the kind of history row (if any) still naming the account, i.e. a
    change it made to something that is not this record's; empty when there is none."""
    for history in apps.get_models():
        if getattr(history, "instance_type", None) is None:
            continue
        for field in history._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is User
                and history._base_manager.filter(**{field.attname: user.pk}).exists()
            ):
                return history._meta.label
    return ""


def history_purge(seen: dict[type[models.Model], set]) -> Counter:
    """Delete the django-simple-history rows of what was destroyed.

    History tables have no foreign keys, so nothing cascades into them: a row goes when its
    object's id is among the destroyed ones, or when it points at a destroyed row (e.g. the
    history of a goal removed long ago, whose plan is destroyed now). Repeated until nothing
    new is found. Run after the delete, which itself writes a last history row per object.
    """
    historical = [m for m in apps.get_models() if getattr(m, "instance_type", None) is not None]
    ids = {model: set(pks) for model, pks in seen.items() if model is not User}
    purged: Counter = Counter()
    changed = True
    while changed:
        changed = False
        for history in historical:
            base = history.instance_type
            pk_name = base._meta.pk.attname
            where = Q()
            if ids.get(base):
                where |= Q(**{f"{pk_name}__in": ids[base]})
            for field in history._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is not None and target is not User and ids.get(target):
                    where |= Q(**{f"{field.attname}__in": ids[target]})
            if not where:
                continue
            rows = list(history._base_manager.filter(where).values_list("history_id", pk_name))
            if not rows:
                continue
            found = {object_id for _, object_id in rows} - ids.setdefault(base, set())
            if found:
                ids[base] |= found
                changed = True
            deleted, _ = history._base_manager.filter(
                history_id__in=[history_id for history_id, _ in rows]
            ).delete()
            purged[history._meta.label_lower] += deleted
    return purged
