"""``manage.py seed_demo --scale N`` bulk-builds a large organization once: case managers who
can sign in (TOTP enrolled), clients on their caseloads with appointments and referrals."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from casework.demo.scale import bench_email
from casework.models import Appointment, ProgressNote, RecoveryPlan, Referral
from clients.models import CaseAssignment
from clients.selectors.record import clients_for
from recovery_portal.accounts.models import User
from recovery_portal.accounts.services import has_totp


def test_the_large_organization_is_built_once_with_signable_staff(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", force=True, scale=60, managers=3, small_managers=2, stdout=out)
    assert "Large organization built in" in out.getvalue()
    manager = User.objects.get(email=bench_email("cm", 0))
    small = User.objects.get(email=bench_email("cm-small", 1))
    assert manager.keeps_caseload and has_totp(manager)
    assert clients_for(manager).count() == 20
    assert clients_for(small).count() == 20
    bench_clients = CaseAssignment.objects.filter(case_manager__email__endswith="bench.example.org")
    assert bench_clients.count() == 100
    assert Appointment.objects.filter(staff=manager).count() == 20 * 5
    assert Referral.objects.filter(made_by=small).count() == 20
    assert RecoveryPlan.objects.filter(client__in=clients_for(manager)).count() == 20
    assert ProgressNote.objects.filter(author=manager).count() == 20 * 2
    bench_client = User.objects.get(email=bench_email("client", 0))
    assert bench_client.is_client and bench_client.client_record is not None
    # The bench's plans are real ones: each page the benchmark opens answers.
    client.force_login(manager)
    for record in clients_for(manager)[:3]:
        assert client.get(reverse("casework:plan", args=[record.pk])).status_code == 200
    client.force_login(bench_client)
    assert client.get(reverse("casework:my_plan")).status_code == 200

    again = StringIO()
    call_command("seed_demo", force=True, scale=60, managers=3, stdout=again)
    assert "already there" in again.getvalue()
    assert (
        CaseAssignment.objects.filter(case_manager__email__endswith="bench.example.org").count()
        == 100
    )
