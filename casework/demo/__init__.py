"""Casework's part of the demo organization: a recovery plan and progress notes for every client
on a caseload (``plan``), then a directory of ~30 fictional services, appointments and referrals
in every state (``referral``). ``scale.build_scale`` makes a large organization for the
benchmarks."""
