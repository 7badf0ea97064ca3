"""The admin's front page lists what administrators manage (issue 18, item 9): no Celery beat
schedules (the periodic tasks are set in code), and Django's auth groups called "Roles"."""

from django.urls import reverse


def test_the_front_page_hides_beat_schedules_and_calls_groups_roles(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("admin:index")).content.decode()
    for hidden in ("Clocked", "Solar events", "Crontabs", "Intervals"):
        assert f">{hidden}<" not in html
    assert ">Periodic tasks<" in html
    assert ">Roles<" in html and ">Groups<" not in html
    assert "Roles and their permissions" in html
    roles = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "<h1>Roles</h1>" in roles
    # Hidden from the list, still there for a periodic task's form.
    assert (
        client.get(reverse("admin:django_celery_beat_clockedschedule_changelist")).status_code
        == 200
    )
