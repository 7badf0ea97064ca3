"""Casework's part of the demo organization: a recovery plan and progress notes for every client
on a caseload (``plan``), then a directory of ~30 fictional services, appointments and referrals
in every state (``referral``). ``build_scale`` makes a large organization for the benchmarks."""

from .plan import seed as seed_plans
from .referral import bench_email, build_scale, seed_appointments_referrals


def seed(people) -> None:
    seed_plans(people)
    seed_appointments_referrals(people)


__all__ = ["bench_email", "build_scale", "seed"]
