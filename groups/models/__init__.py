from groups.models.attendance import Attendance, AttendanceStatus, OutsideMeeting
from groups.models.enrollment import RSVP, Enrollment, EnrollmentStatus, RSVPAnswer
from groups.models.feed import CalendarFeed
from groups.models.group import Audience, Fellowship, Frequency, PeerGroup, Schedule
from groups.models.session import Session, SessionChange, SessionChangeKind, SessionStatus

__all__ = [
    "RSVP",
    "Attendance",
    "AttendanceStatus",
    "Audience",
    "CalendarFeed",
    "Enrollment",
    "EnrollmentStatus",
    "Fellowship",
    "Frequency",
    "OutsideMeeting",
    "PeerGroup",
    "RSVPAnswer",
    "Schedule",
    "Session",
    "SessionChange",
    "SessionChangeKind",
    "SessionStatus",
]
