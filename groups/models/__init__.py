from .attendance import Attendance, AttendanceStatus, OutsideMeeting
from .enrollment import RSVP, Enrollment, EnrollmentStatus, RSVPAnswer
from .feed import CalendarFeed
from .group import Audience, Fellowship, Frequency, PeerGroup, Schedule
from .session import Session, SessionChange, SessionChangeKind, SessionStatus

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
