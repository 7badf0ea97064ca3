"""Operations models (worker and beat check-ins live here)."""
