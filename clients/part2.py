"""42 CFR Part 2 texts used wherever records leave the portal (disclosures, exports).

Kept in one place so every page, export and e-mail carries the same words. Source: 42 CFR
§2.32(a) as amended by the final rule of February 16, 2024 (89 FR 12472).
"""

from __future__ import annotations

# §2.32(a)(1): the full notice that must accompany each disclosure made with consent.
REDISCLOSURE_NOTICE = (
    "This record which has been disclosed to you is protected by Federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or "
    "testimony that describes the information contained in this record, in any civil, "
    "criminal, administrative, or legislative proceedings by any Federal, State, or local "
    "authority, against the patient, unless authorized by the consent of the patient, except "
    "as provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR "
    "2.64 or 2.65. In addition, the Federal rules prohibit you from making any other use or "
    "disclosure of this record unless at least one of the following applies: (i) Further use "
    "or disclosure is expressly permitted by the written consent of the individual whose "
    "information is being disclosed in this record or as otherwise permitted by 42 CFR part 2. "
    "(ii) You are a covered entity or business associate and have received the record for "
    "treatment, payment, or health care operations, or (iii) You have received the record from "
    "a covered entity or business associate as permitted by 45 CFR part 164, subparts A and E. "
    "A general authorization for the release of medical or other information is NOT sufficient "
    "to meet the required elements of written consent to further use or redisclose the record "
    "(see 42 CFR 2.31)."
)

NOTICE_HEADING = "Notice to the recipient: 42 CFR part 2"

# §2.31(a)(10): what is disclosed under a consent may be redisclosed and lose Part 2's
# protection.
REDISCLOSURE_STATEMENT = (
    "Information shared because of this consent may be shared again by whoever receives it, "
    "and may then no longer be protected by the federal rules on confidentiality of substance "
    "use disorder records (42 CFR part 2)."
)

# The consequences of refusing to sign (§2.31, as in 45 CFR 164.508(c)(2)(ii)).
REFUSAL_STATEMENT = (
    "Signing is your choice. If you do not sign, this information will not be shared with the "
    "recipients named here, and nothing else changes: your services here, payment for them, "
    "your enrollment and your eligibility for benefits never depend on whether you sign."
)

# §2.31(a)(4)(iii): a consent for treatment, payment and health care operations to a covered
# entity or business associate.
HIPAA_REDISCLOSURE_STATEMENT = (
    "If a recipient is a covered entity or business associate under HIPAA and receives your "
    "records for treatment, payment or health care operations, it may share them again as the "
    "HIPAA regulations permit, except that they may not be used or shared for civil, criminal, "
    "administrative or legislative investigations or proceedings against you unless you "
    "consent in writing or a court orders it under 42 CFR part 2, subpart E."
)


# Purposes under which records may reach a covered entity or business associate for treatment
# (coordinating care and referring to providers are treatment in HIPAA's sense).
TREATMENT_PURPOSES = frozenset({"treatment", "care_coordination", "referral"})


def consent_statements(purpose: str) -> str:
    """The statements a consent for ``purpose`` must show, as one text stored with it."""
    statements = [REDISCLOSURE_STATEMENT, REFUSAL_STATEMENT]
    if purpose in TREATMENT_PURPOSES:
        statements.append(HIPAA_REDISCLOSURE_STATEMENT)
    return "\n\n".join(statements)


def minor_consent_age() -> int:
    """The age from which a client signs a consent alone (``PART2_MINOR_CONSENT_AGE``: 18
    unless state law lets minors consent to substance use treatment younger, §2.14)."""
    from django.conf import settings

    return settings.PART2_MINOR_CONSENT_AGE


def minor_needs_guardian_signature() -> bool:
    """Whether a client under ``minor_consent_age()`` needs a parent's or guardian's signature
    too (§2.14: where state law requires parental consent to treatment). The organization's setting
    ``PART2_MINOR_NEEDS_GUARDIAN_SIGNATURE``; required unless it says otherwise."""
    from django.conf import settings

    return settings.PART2_MINOR_NEEDS_GUARDIAN_SIGNATURE
