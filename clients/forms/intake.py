"""The steps of the intake wizard, in order, with the form each step shows.

1. identity — identity and contact (edits the Client record itself);
2.–8. one step per life domain (answers kept in ``Intake.sections[step]``);
9. strengths — strengths, goals in the client's own words, and needs (``IntakeNeed`` rows);
10. screenings — the instruments of ``clients/instruments``, each scored on save;
then the review page finishes the intake.

Every field of a domain step is optional except where noted: people share what they are ready
to share, and a step can be saved as a draft and resumed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from clients.models import Intake, LifeDomain, NeedPriority
from clients.models.intake import EMPLOYMENT_CHOICES, HOUSING_CHOICES, IntakeStep
from recovery_portal.forms import DateInput

DATE_ERROR = "Please enter the date as YYYY-MM-DD, for example 2024-03-31."
YES_NO = [("", "—"), ("yes", "Yes"), ("no", "No"), ("unsure", "Not sure / prefer not to say")]


def _date(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(),
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


def _text(label: str, *, rows: int = 3, required: bool = False, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


def _choice(label: str, choices, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False, **kwargs)


def _count(label: str, *, maximum: int = 100, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=maximum,
        error_messages={
            "invalid": "Please enter a whole number.",
            "min_value": "Please enter 0 or more.",
            "max_value": f"Please enter {maximum} or less.",
        },
        **kwargs,
    )


SUBSTANCES = [
    ("alcohol", "Alcohol"),
    ("opioids", "Opioids (heroin, fentanyl, pain pills)"),
    ("stimulants", "Stimulants (methamphetamine, cocaine)"),
    ("cannabis", "Cannabis"),
    ("benzodiazepines", "Benzodiazepines / sedatives"),
    ("tobacco", "Tobacco / nicotine"),
    ("other", "Other"),
]


class SubstanceUseForm(forms.Form):
    primary_substance = _choice("Substance that causes the most trouble now", SUBSTANCES)
    other_substances = forms.MultipleChoiceField(
        label="Other substances used in the past year",
        choices=SUBSTANCES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    age_first_use = _count("Age at first use", maximum=100)
    last_use_date = _date("Date of last use", help_text="Leave empty if unknown.")
    prior_treatment_episodes = _count("Earlier treatment episodes", maximum=200)
    overdose_history = _choice(
        "Overdose",
        [
            ("never", "Never"),
            ("past_year", "In the past year"),
            ("earlier", "More than a year ago"),
        ],
    )
    medication_for_recovery = _choice(
        "Medication for recovery now",
        [
            ("none", "None"),
            ("buprenorphine", "Buprenorphine"),
            ("methadone", "Methadone"),
            ("naltrexone", "Naltrexone"),
            ("other", "Other"),
        ],
    )
    has_naloxone = _choice("Has naloxone (Narcan) at hand", YES_NO[1:])
    notes = _text("Notes, in the person's words where possible")

    def clean_last_use_date(self):
        value = self.cleaned_data.get("last_use_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of last use cannot be in the future.")
        return value


class PhysicalHealthForm(forms.Form):
    primary_care = forms.CharField(label="Primary care provider", required=False, max_length=200)
    health_insurance = _choice(
        "Health insurance",
        [
            ("medicaid", "Medicaid"),
            ("medicare", "Medicare"),
            ("private", "Private / employer"),
            ("none", "None"),
            ("other", "Other"),
        ],
    )
    conditions = _text("Ongoing health conditions")
    medications = _text("Medications")
    pregnant = _choice("Pregnant", YES_NO[1:])
    notes = _text("Notes")


class MentalHealthForm(forms.Form):
    diagnoses = _text("Mental health diagnoses the person shares")
    in_treatment = _choice("In mental health treatment now", YES_NO[1:])
    hospitalizations = _count("Psychiatric hospital stays (ever)", maximum=200)
    trauma_history = _choice("History of trauma the person chooses to share", YES_NO[1:])
    notes = _text("Notes")


class HousingForm(forms.Form):
    housing_status = _choice("Where the person lives now", HOUSING_CHOICES)
    safe_and_stable = _choice("Housing feels safe and supports recovery", YES_NO[1:])
    at_risk_of_losing = _choice("At risk of losing housing in the next 60 days", YES_NO[1:])
    notes = _text("Notes")


class EmploymentEducationForm(forms.Form):
    employment_status = _choice("Employment", EMPLOYMENT_CHOICES)
    education = _choice(
        "Highest education",
        [
            ("less_than_high_school", "Less than high school"),
            ("high_school", "High school diploma or GED"),
            ("some_college", "Some college or trade school"),
            ("degree", "College degree"),
        ],
    )
    income_sources = forms.CharField(label="Income sources", required=False, max_length=300)
    notes = _text("Notes")


class LegalForm(forms.Form):
    probation_or_parole = _choice("On probation or parole", YES_NO[1:])
    pending_charges = _choice("Pending charges or court dates", YES_NO[1:])
    recovery_court = _choice("In a drug or recovery court", YES_NO[1:])
    next_court_date = _date("Next court date")
    notes = _text("Notes")


class FamilySocialForm(forms.Form):
    lives_with = forms.CharField(label="Lives with", required=False, max_length=200)
    children = _count("Children under 18", maximum=30)
    children_in_care = _choice("Children currently in someone else's care", YES_NO[1:])
    supportive_people = _text("People who support their recovery")
    wants_family_involved = _choice("Would like family involved in their recovery", YES_NO[1:])
    notes = _text("Notes")


class StrengthsGoalsForm(forms.Form):
    strengths = _text("Strengths", help_text="What the person is good at, proud of, or enjoys.")
    goals_in_own_words = _text(
        "Goals, in the person's own words",
        rows=4,
        required=True,
        help_text="Write what they say, as they say it.",
    )
    notes = _text("Notes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goals_in_own_words"].error_messages["required"] = (
            "Please write down the person's goals in their own words (a sentence is enough)."
        )


class NeedForm(forms.Form):
    domain = forms.ChoiceField(label="Life area", choices=[("", "—"), *LifeDomain.choices])
    description = forms.CharField(label="Need", max_length=300)
    priority = forms.ChoiceField(
        label="Priority", choices=NeedPriority.choices, initial=NeedPriority.SOON
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].error_messages["required"] = "Please choose the life area."
        self.fields["description"].error_messages["required"] = "Please describe the need."


class BaseNeedFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.empty_permitted = True
            form.use_required_attribute = False


NeedFormSet = forms.formset_factory(
    NeedForm, formset=BaseNeedFormSet, extra=3, max_num=30, can_delete=True
)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    form_class: type[forms.Form] | None  # None: a step with its own page (identity, screenings)


# The form of each domain step; identity and screenings have pages of their own.
_STEP_FORMS: dict[str, type[forms.Form]] = {
    IntakeStep.SUBSTANCE_USE: SubstanceUseForm,
    IntakeStep.PHYSICAL_HEALTH: PhysicalHealthForm,
    IntakeStep.MENTAL_HEALTH: MentalHealthForm,
    IntakeStep.HOUSING: HousingForm,
    IntakeStep.EMPLOYMENT_EDUCATION: EmploymentEducationForm,
    IntakeStep.LEGAL: LegalForm,
    IntakeStep.FAMILY_SOCIAL: FamilySocialForm,
    IntakeStep.STRENGTHS: StrengthsGoalsForm,
}
STEPS: tuple[Step, ...] = tuple(
    Step(step.value, step.label, _STEP_FORMS.get(step.value)) for step in IntakeStep
)
STEP_KEYS = tuple(step.key for step in STEPS)
SECTION_STEPS = tuple(step for step in STEPS if step.form_class is not None)


def step_by_key(key: str) -> Step | None:
    return next((step for step in STEPS if step.key == key), None)


def next_step(key: str) -> Step | None:
    index = STEP_KEYS.index(key)
    return STEPS[index + 1] if index + 1 < len(STEPS) else None


def previous_step(key: str) -> Step | None:
    index = STEP_KEYS.index(key)
    return STEPS[index - 1] if index > 0 else None


def resume_step(sections: dict) -> Step:
    """Where to pick a draft up: the first step not saved yet (else the screenings)."""
    return next((step for step in STEPS if step.key not in sections), STEPS[-1])


def to_json(cleaned: dict) -> dict:
    """A step's cleaned answers as JSON values (dates as YYYY-MM-DD); empty answers dropped."""
    out = {}
    for name, value in cleaned.items():
        if value in (None, "", [], ()):
            continue
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def section_display(step: Step, data: dict) -> list[tuple[str, str]]:
    """(label, readable answer) for each answered field of a saved step, in form order."""
    if step.form_class is None:
        return []
    rows = []
    for name, field in step.form_class.base_fields.items():
        if name not in data:
            continue
        value = data[name]
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list):
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        else:
            shown = str(choices.get(value, value))
        rows.append((str(field.label), shown))
    return rows


def intake_sections(intake: Intake) -> list[dict]:
    """The saved domain steps of ``intake`` as readable rows (labels from the step's form)."""
    return [
        {"step": step, "rows": section_display(step, intake.sections.get(step.key, {}))}
        for step in SECTION_STEPS
    ]
