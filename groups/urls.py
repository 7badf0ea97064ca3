from django.urls import path

from groups.views import feed, group, mine, public, session

app_name = "groups"

urlpatterns = [
    # Public: no sign-in.
    path("meetings/", public.finder, name="finder"),
    path("meetings/feed.json", public.feed, name="feed"),
    path("meetings/calendar/<str:token>.ics", feed.calendar_feed, name="calendar_feed"),
    path("meetings/<slug:slug>/", public.meeting, name="meeting"),
    path("meetings/<slug:slug>.ics", public.meeting_ics, name="meeting_ics"),
    # Staff.
    path("groups/", group.group_list, name="list"),
    path("groups/new/", group.group_edit, name="new"),
    path("groups/calendar/", group.calendar, name="calendar"),
    path("groups/<int:pk>/", group.group_detail, name="detail"),
    path("groups/<int:pk>/edit/", group.group_edit, name="edit"),
    path("groups/<int:pk>/enroll/", group.enroll, name="enroll"),
    path("groups/<int:pk>/attendance/", group.history, name="history"),
    path("groups/enrollments/<int:pk>/end/", group.enrollment_end, name="enrollment_end"),
    path("groups/sessions/<int:pk>/", session.session, name="session"),
    path("groups/sessions/<int:pk>/mark/", session.attendance_mark, name="attendance_mark"),
    path("groups/sessions/<int:pk>/all-present/", session.attendance_all, name="attendance_all"),
    path("groups/sessions/<int:pk>/cancel/", session.session_cancel, name="session_cancel"),
    path("groups/sessions/<int:pk>/move/", session.session_move, name="session_move"),
    path("clients/<int:pk>/meetings/", mine.record_meetings, name="record_meetings"),
    # The client's own.
    path("my/meetings/", mine.mine, name="mine"),
    path("my/meetings/join/<int:pk>/", mine.join, name="join"),
    path("my/meetings/leave/<int:pk>/", mine.leave, name="leave"),
    path("my/meetings/sessions/<int:pk>/rsvp/", mine.rsvp, name="rsvp"),
    path("my/meetings/outside/", mine.outside_log, name="outside_log"),
    # Anyone with a calendar: clients and facilitators.
    path("calendar-link/", feed.calendar_link, name="calendar_link"),
]
