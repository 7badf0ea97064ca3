"""Casework keeps no models in the Django admin on purpose: plans and progress notes are
clinical records, and administrators see no clinical record (DESIGN.md §1, minimum
necessary). Staff read and write them in the portal, where every access is scoped and audited;
signed notes and plan versions cannot be changed anywhere (database triggers)."""
