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
