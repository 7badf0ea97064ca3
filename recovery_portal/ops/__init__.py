"""Operations: what keeps a production portal running without an operations team —
backups and restores, the watchdog behind /healthz (workers and beat check in here), and
the pieces the deployment kit in deploy/ relies on."""
