"""Casework pages, one module per part (staff plan, staff notes, the client's own pages)."""
