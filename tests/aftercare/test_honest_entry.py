"""Honest outcome entry (issue 16, item 6): nothing a person reports about themselves or a client
is pre-filled; "declined" and "not asked" are answers kept as such and counted as missing; the
BARC-10 at follow-up is entered item by item; its baseline is the first BARC-10 of the current
episode; "no use since the last contact" with days of use is refused only when the last contact
was 30 or more days before."""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aftercare.forms import CheckInForm, OutcomeForm
from aftercare.models import AftercarePlan, CheckIn, CheckInAlert, FollowUpNeed, Outcome
from aftercare.selectors.followup import baseline_barc10_of
from aftercare.selectors.outcomes import outcomes
from aftercare.services.followup import attempt_record, followup_complete
from clients.forms.screening import screening_form_class
from clients.instruments.catalog import instruments
from clients.models import ClientStatus
from clients.services.intake import intake_complete, intake_section_save, intake_start
from clients.services.record import client_status_change
from tests.factories import ClientFactory

from .conftest import barc10_items, barc10_screen, complete, days_ago

pytestmark = pytest.mark.django_db


class _Answers(HTMLParser):
    """What a rendered form has chosen already: checked radios and boxes, selected options
    (other than the empty one) and number inputs with a value, by field name."""

    def __init__(self):
        super().__init__()
        self.chosen: list[tuple[str, str]] = []
        self.fields: set[str] = set()
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self.fields.add(a["name"])
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" in a:
                self.chosen.append((a["name"], a.get("value", "")))
            if kind == "number" and a.get("value") not in (None, ""):
                self.chosen.append((a["name"], a["value"]))
        elif tag == "textarea" and a.get("name"):
            self.fields.add(a["name"])
        elif tag == "select":
            self._select = a.get("name")
            self.fields.add(self._select)
        elif tag == "option" and "selected" in a and a.get("value", "") != "":
            self.chosen.append((self._select, a["value"]))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _chosen(html: str, names) -> list[tuple[str, str]]:
    parser = _Answers()
    parser.feed(html)
    assert set(names) <= parser.fields, set(names) - parser.fields  # every question is there
    return [(name, value) for name, value in parser.chosen if name in set(names)]


def _plan(start_plan, client_record, days: int):
    return start_plan(client_record, discharged=days_ago(days))


def _step(plan, label_start: str):
    return plan.followups.get(label__startswith=label_start)


# --- Nothing pre-filled ------------------------------------------------------------------


def test_the_outcome_form_is_rendered_blank(client, case_manager, start_plan, client_record):
    plan = _plan(start_plan, client_record, 10)
    client.force_login(case_manager)
    url = reverse("aftercare:outcome", args=[plan.client_id, _step(plan, "7-day").pk])
    page = client.get(url).content.decode()
    questions = [name for name in OutcomeForm().fields if name not in ("completed_on", "needs")]
    assert len(questions) == 18  # eight questions with their reasons, and ten BARC-10 items
    assert _chosen(page, questions) == []
    assert "Declined to answer" in page and "Not asked" in page


def test_the_check_in_form_is_rendered_blank(client, client_user, client_record, plan):
    client.force_login(client_user)
    page = client.get(reverse("aftercare:my_checkins")).content.decode()
    assert _chosen(page, CheckInForm().fields) == []
    assert "I&#x27;d rather not say" in page or "I'd rather not say" in page


def test_every_screening_form_is_rendered_blank(client, case_manager, client_record):
    client.force_login(case_manager)
    for code, instrument in instruments().items():
        url = reverse("clients:screening_new", args=[client_record.pk, code])
        page = client.get(url).content.decode()
        assert _chosen(page, screening_form_class(instrument)().fields) == [], code


# --- Declined and not asked, stored and shown ---------------------------------------------


def _answers(**changes) -> dict:
    return {
        "completed_on": timezone.localdate().isoformat(),
        "any_use_since_last_contact": "declined",
        "days_of_use_last_30": "",
        "days_of_use_last_30_not_given": "declined",
        "housing": "not_asked",
        "work_or_school": "part_time",
        "meetings_last_30": "",
        "meetings_last_30_not_given": "not_asked",
        "barc10": "asked",
        **{f"barc10_q{n}": "5" for n in range(1, 11)},
        "barc10_q3": "declined",
        **changes,
    }


def test_declined_and_not_asked_are_stored_as_such_and_shown(
    client, case_manager, start_plan, client_record
):
    plan = _plan(start_plan, client_record, 10)
    followup = _step(plan, "7-day")
    client.force_login(case_manager)
    url = reverse("aftercare:outcome", args=[plan.client_id, followup.pk])
    assert client.post(url, _answers()).status_code == 302
    found = Outcome.objects.get(followup=followup)
    assert (found.any_use_since_last_contact, found.any_use_since_last_contact_not_given) == (
        None,
        "declined",
    )
    assert (found.days_of_use_last_30, found.days_of_use_last_30_not_given) == (None, "declined")
    assert (found.meetings_last_30, found.meetings_last_30_not_given) == (None, "not_asked")
    assert found.housing == "not_asked" and found.work_or_school == "part_time"
    # One item declined: the items are kept, with no total.
    assert found.barc10_answers["q3"] == "declined" and found.barc10_answers["q1"] == 5
    assert found.barc10_score is None
    page = client.get(reverse("aftercare:followup", args=[plan.client_id, followup.pk]))
    text = page.content.decode()
    assert text.count("Declined to answer") >= 3 and text.count("Not asked") >= 2
    assert "No total: some items were declined or not asked" in text


def test_a_question_left_blank_is_asked_for_and_nothing_is_saved(
    client, case_manager, start_plan, client_record
):
    plan = _plan(start_plan, client_record, 10)
    followup = _step(plan, "7-day")
    client.force_login(case_manager)
    url = reverse("aftercare:outcome", args=[plan.client_id, followup.pk])
    page = client.post(url, _answers(days_of_use_last_30_not_given="", barc10_q7=""))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Please enter the number, or choose" in text
    assert "Please choose an answer to item 7" in text
    assert not Outcome.objects.exists()


def test_a_need_too_long_to_keep_whole_is_refused_not_cut(
    client, case_manager, start_plan, client_record
):
    plan = _plan(start_plan, client_record, 10)
    followup = _step(plan, "7-day")
    client.force_login(case_manager)
    url = reverse("aftercare:outcome", args=[plan.client_id, followup.pk])
    page = client.post(url, _answers(needs="A bus pass\n" + "x" * 301))
    assert page.status_code == 200
    assert "The need on line 2 is 301 characters long" in page.content.decode()
    assert not Outcome.objects.exists() and not FollowUpNeed.objects.exists()
    with pytest.raises(ValidationError, match="301 characters long"):
        complete(followup, case_manager, timezone.localdate(), needs=["y" * 301])
    # 300 characters, one unbroken word, is kept whole and wraps on the Follow-ups tab.
    assert client.post(url, _answers(needs="z" * 300)).status_code == 302
    assert FollowUpNeed.objects.get().description == "z" * 300
    tab = client.get(reverse("aftercare:followups", args=[plan.client_id])).content.decode()
    assert re.search(r'<ul class="[^"]*followup-needs[^"]*">\s*<li[^>]*>\s*z{300} ', tab)
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    assert re.search(r"\.followup-needs\s*\{[^}]*overflow-wrap:\s*anywhere", css)


def test_a_check_in_may_keep_cravings_and_use_to_oneself(
    client, client_user, client_record, case_manager, plan
):
    client.force_login(client_user)
    url = reverse("aftercare:my_checkins")
    answers = {"mood": "3", "craving": "declined", "any_use": "declined", "sleep": "well"}
    assert client.post(url, answers).status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.craving, checkin.craving_not_given) == (None, "declined")
    assert (checkin.any_use, checkin.any_use_not_given) == (None, "declined")
    assert not CheckInAlert.objects.exists()  # nothing assumed, so no alert either
    client.force_login(case_manager)
    page = client.get(reverse("aftercare:checkins", args=[client_record.pk])).content.decode()
    assert "Rather not say" in page
    # Left blank, the craving question is asked for, not taken as 0.
    client.force_login(client_user)
    response = client.post(url, {**answers, "craving": ""})
    assert "Please choose a number for your cravings" in response.content.decode()
    assert CheckIn.objects.count() == 1


# --- BARC-10 item by item ----------------------------------------------------------------


def test_barc10_items_make_the_total_and_a_partial_one_has_none(
    start_plan, client_record, case_manager
):
    plan = _plan(start_plan, client_record, 40)
    whole = complete(_step(plan, "7-day"), case_manager, days_ago(30), barc10=barc10_items(37))
    assert (whole.barc10_score, len(whole.barc10_answers)) == (37, 10)
    partial = {**barc10_items(37), "q2": "declined", "q9": "not_asked"}
    part = complete(_step(plan, "30-day"), case_manager, timezone.localdate(), barc10=partial)
    assert part.barc10_score is None and part.barc10_answers["q9"] == "not_asked"
    with pytest.raises(ValidationError):
        complete(_step(plan, "90-day"), case_manager, timezone.localdate(), barc10={"q1": 4})


# --- Baseline: the first BARC-10 of the current episode -----------------------------------


def _episode(record, actor, *, barc_first: int, barc_later: int, at: dt.datetime) -> None:
    """An intake with its BARC-10, and a later BARC-10 in the same episode."""
    with time_machine.travel(at, tick=False):
        intake = intake_start(client=record, actor=actor)
        barc10_screen(record, actor, barc_first, intake=intake)
        intake_section_save(
            intake=intake, step="strengths", answers={"goals_in_own_words": "Work"}, actor=actor
        )
        intake_complete(intake=intake, actor=actor)
    barc10_screen(record, actor, barc_later, at=at + dt.timedelta(days=60))


def _returning_client(case_manager, supervisor, program=None):
    """Two episodes: BARC-10 20 then 30 in the first (discharged), 40 then 50 in the second."""
    record = ClientFactory(
        case_manager=case_manager, actor=supervisor, status=ClientStatus.INTAKE, program=program
    )
    now = timezone.now()
    _episode(record, case_manager, barc_first=20, barc_later=30, at=now - dt.timedelta(days=600))
    with time_machine.travel(now - dt.timedelta(days=400), tick=False):
        client_status_change(
            client=record, to_status=ClientStatus.DISCHARGED, actor=case_manager, reason="Done"
        )
    _episode(record, case_manager, barc_first=40, barc_later=50, at=now - dt.timedelta(days=200))
    return record


def test_the_baseline_is_the_first_barc10_of_the_current_episode(
    case_manager, supervisor, start_plan
):
    record = _returning_client(case_manager, supervisor)
    plan = start_plan(record, discharged=days_ago(10))
    assert plan.baseline_barc10 == 40  # not 20, the earliest ever
    assert baseline_barc10_of(_step(plan, "7-day")) == 40


def test_a_first_episode_without_an_intake_does_not_give_the_readmitted_episode_its_baseline(
    case_manager, supervisor, start_plan
):
    """The first episode marker is a re-admission (no intake was recorded for the first
    episode): a BARC-10 from before it belongs to the earlier episode."""
    now = timezone.now()

    def on(day: int):
        return time_machine.travel(now + dt.timedelta(days=day), tick=False)

    with on(-300):
        record = ClientFactory(case_manager=case_manager, actor=supervisor)
    barc10_screen(record, case_manager, 20, at=now - dt.timedelta(days=200))  # no intake
    for day, status in ((-150, ClientStatus.DISCHARGED), (-100, ClientStatus.INTAKE)):
        with on(day):
            client_status_change(client=record, to_status=status, actor=case_manager, reason="x")
    barc10_screen(record, case_manager, 35, at=now - dt.timedelta(days=99))
    barc10_screen(record, case_manager, 45, at=now - dt.timedelta(days=60))
    for status in (ClientStatus.ACTIVE, ClientStatus.DISCHARGED):
        with on(-10):
            client_status_change(client=record, to_status=status, actor=case_manager, reason="x")
    plan = start_plan(record, discharged=days_ago(10))
    assert plan.baseline_barc10 == 35  # not 20, from before the re-admission
    assert baseline_barc10_of(_step(plan, "7-day")) == 35


def test_the_report_compares_a_returning_client_with_their_current_episode(
    case_manager, supervisor, start_plan
):
    for _ in range(11):
        record = _returning_client(case_manager, supervisor)
        plan = start_plan(record, discharged=days_ago(10))
        AftercarePlan.objects.filter(pk=plan.pk).update(baseline_barc10=20)  # an old copy
        complete(_step(plan, "7-day"), case_manager, timezone.localdate(), barc10=45)
    row = next(r for r in outcomes(supervisor)["rows"] if r["program"] == "All programs")
    barc = row["measures"]["barc10"]
    assert (barc["n"], barc["intake"], barc["now"], barc["change"]) == (11, 40.0, 45.0, 5.0)


# --- "No use since the last contact" and days of use --------------------------------------


def _no_use_but_days(followup, actor, on=None):
    return complete(
        followup,
        actor,
        on or timezone.localdate(),
        any_use_since_last_contact=False,
        days_of_use_last_30=4,
    )


def test_at_7_days_no_use_since_the_last_contact_with_days_of_use_is_valid(
    start_plan, client_record, case_manager
):
    plan = _plan(start_plan, client_record, 7)
    outcome = _no_use_but_days(_step(plan, "7-day"), case_manager)
    assert (outcome.any_use_since_last_contact, outcome.days_of_use_last_30) == (False, 4)


def test_at_30_days_with_a_contact_10_days_earlier_it_is_valid(
    start_plan, client_record, case_manager
):
    plan = _plan(start_plan, client_record, 30)
    attempt_record(
        followup=_step(plan, "7-day"),
        method="call",
        reached=True,
        actor=case_manager,
        at=timezone.now() - dt.timedelta(days=10),
    )
    outcome = _no_use_but_days(_step(plan, "30-day"), case_manager)
    assert outcome.days_of_use_last_30 == 4


def test_at_6_months_with_the_last_contact_60_days_earlier_it_is_refused(
    client, start_plan, client_record, case_manager
):
    plan = _plan(start_plan, client_record, 200)
    complete(_step(plan, "90-day"), case_manager, days_ago(60))
    six_months = _step(plan, "6-month")
    with pytest.raises(ValidationError, match="60 days before this follow-up"):
        _no_use_but_days(six_months, case_manager)
    client.force_login(case_manager)
    url = reverse("aftercare:outcome", args=[plan.client_id, six_months.pk])
    form_page = client.get(url).content.decode()
    assert "The last contact we know of" in form_page and "(60 days ago)" in form_page
    answers = _answers(
        any_use_since_last_contact="no",
        days_of_use_last_30="4",
        days_of_use_last_30_not_given="",
    )
    response = client.post(url, answers)
    text = response.content.decode()
    assert response.status_code == 200
    assert "60 days before this follow-up" in text and "cannot both be right" in text
    six_months.refresh_from_db()
    assert six_months.is_open and not Outcome.objects.filter(followup=six_months).exists()
    # The same answers with some use since the last contact are fine.
    assert client.post(url, {**answers, "any_use_since_last_contact": "yes"}).status_code == 302


# --- The report: declined and not asked are missing ---------------------------------------


def test_the_outcomes_report_counts_declined_and_not_asked_as_missing(
    case_manager, supervisor, start_plan
):
    for i in range(22):
        record = ClientFactory(case_manager=case_manager, actor=supervisor)
        barc10_screen(record, case_manager, 30)
        plan = start_plan(record, discharged=days_ago(10))
        AftercarePlan.objects.filter(pk=plan.pk).update(
            baseline_housing="shelter", baseline_work="unemployed_looking", baseline_any_use=True
        )
        answered = i < 11
        followup_complete(
            followup=_step(plan, "7-day"),
            actor=case_manager,
            completed_on=timezone.localdate(),
            any_use_since_last_contact=False if answered else "declined",
            days_of_use_last_30=0 if answered else "declined",
            housing="own_or_rent" if answered else "not_asked",
            work_or_school="part_time" if answered else "declined",
            meetings_last_30=4,
            barc10=barc10_items(42) if answered else {**barc10_items(42), "q1": "declined"},
        )
    row = next(r for r in outcomes(supervisor)["rows"] if r["program"] == "All programs")
    assert row["people"] == 22
    m = row["measures"]
    # Only the eleven who answered: declined is neither "not housed", "no work" nor "no use".
    assert (m["housing"]["n"], m["housing"]["now"]) == (11, 100)
    assert (m["work"]["n"], m["work"]["now"]) == (11, 100)
    assert m["use"]["n"] == 11
    assert (m["barc10"]["n"], m["barc10"]["now"]) == (11, 42.0)
