"""The demo organization's groups: a realistic week, past attendance, a waiting list, the demo
facilitator running two groups; seeding twice changes nothing."""

import pytest

from groups.models import Attendance, Enrollment, Fellowship, PeerGroup, Session
from groups.selectors.feed import meeting_guide_feed
from recovery_portal.home.demo import seed_all

from .meeting_guide_rules import rule_errors, schema_errors


@pytest.mark.django_db
def test_the_demo_shows_every_part_of_groups_and_seeding_again_changes_nothing():
    seed_all()
    counts = [
        PeerGroup.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
        Enrollment.objects.count(),
    ]
    kinds = set(PeerGroup.objects.values_list("kind", flat=True))
    assert {
        Fellowship.AA,
        Fellowship.NA,
        Fellowship.SMART,
        Fellowship.FAMILY,
        Fellowship.PEER,
    } <= kinds
    assert PeerGroup.objects.filter(facilitators__email="facilitator@example.org").count() == 2
    assert Enrollment.objects.filter(status="waiting").exists()
    full = PeerGroup.objects.get(slug="peer-support-circle")
    assert full.enrollments.filter(status="enrolled").count() == full.capacity
    assert Attendance.objects.filter(client__user__email="client@example.org").exists()
    # The Meeting Guide feed: fellowship meetings listed (one online only), SMART and the
    # in-house groups not; valid for meeting apps.
    feed = {m["slug"]: m for m in meeting_guide_feed()}
    assert "daily-reflections-online-aa" in feed and "tuesday-night-hope-aa" in feed
    assert not {"smart-recovery-midday", "peer-support-circle", "cbt-skills"} & set(feed)
    assert PeerGroup.objects.get(slug="smart-recovery-midday").is_public
    assert feed["daily-reflections-online-aa"]["approximate"] == "yes"
    assert schema_errors(list(feed.values())) == [] and rule_errors(list(feed.values())) == []
    seed_all()
    assert counts == [
        PeerGroup.objects.count(),
        Session.objects.count(),
        Attendance.objects.count(),
        Enrollment.objects.count(),
    ]
