-- The privileges of the portal's own database role, "portal_app" (README, "Database roles").
-- Run it as the role that owns the tables (the one `manage.py migrate` runs as), after every
-- migrate, e.g.:  psql "postgres://portal_owner@db/recovery_portal" -f scripts/db_roles.sql
-- (use sed to replace portal_app if your role is named differently).
GRANT USAGE ON SCHEMA public TO portal_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO portal_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO portal_app;
-- The audit trail: read and append, nothing else. Not the owner, the role can neither switch
-- the append-only triggers off nor TRUNCATE; the chain's head is moved by a trigger on insert.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM portal_app;
REVOKE DELETE, TRUNCATE ON audit_auditchainhead FROM portal_app;
-- Signed notes, addenda, plan versions and acknowledgements: never deleted by the portal's
-- role. Only the destruction of a whole record removes them, through the function below,
-- which runs with the owner's rights and itself checks that the record is closed, not under
-- a legal hold, and approved for destruction. (Goal links of draft notes change as drafts are
-- edited, so DELETE on casework_notegoal stays; its trigger refuses those of signed notes.)
REVOKE DELETE, TRUNCATE ON casework_progressnote, casework_noteaddendum, casework_planversion, casework_planacknowledgement FROM portal_app;
-- A restore (no privileges kept) would let anyone run it again: only the portal's role.
REVOKE ALL ON FUNCTION portal_destroy_locked_rows(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION portal_destroy_locked_rows(bigint) TO portal_app;
