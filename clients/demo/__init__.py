"""The clients' part of the demo organization: ~45 client records with intakes, screenings and
histories (``record``), then consents, support networks and disclosures (``consent``), and one
emergency access (``emergency``)."""
