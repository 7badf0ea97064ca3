"""Consents, disclosures, support network, invitations and the client's own pages."""

urlpatterns: list = []
