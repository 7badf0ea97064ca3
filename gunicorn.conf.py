"""gunicorn's settings for the portal's web process (the Procfile runs
``gunicorn recovery_portal.wsgi --config gunicorn.conf.py``).

The access log goes to standard output, through a logger that writes paths without query
strings and with secret tokens masked (recovery_portal/gunicorn_logging.py): query strings hold
client searches by name and date of birth, paths hold one-click and password-reset tokens.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
logger_class = "recovery_portal.gunicorn_logging.PrivacyLogger"
# Combined log format; %(r)s and %(f)s are masked by the logger class.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
