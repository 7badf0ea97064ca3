"""Forms of the recovery plan pages (staff) and of "My plan" (the client)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from casework.models import ActionStep, Goal, GoalService, GoalStatus, StepOwner
from casework.models.plan import GOAL_FIELDS, STEP_FIELDS
from casework.selectors.plan import review_date_default
from recovery_portal.forms import DateInput


class PlanStartForm(forms.Form):
    """Start a plan, taking over the needs found at intake that the client chooses."""

    needs = forms.MultipleChoiceField(
        label="Needs from the intake to take over as goals",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each becomes a goal you can then put in the client's own words.",
    )

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = {str(n.pk): n for n in needs}
        self.fields["needs"].choices = [
            (str(n.pk), f"{n.get_domain_display()}: {n.description}") for n in needs
        ]
        self.fields["needs"].initial = list(self.needs)

    def chosen_needs(self) -> list:
        return [self.needs[pk] for pk in self.cleaned_data["needs"]]


class GoalForm(forms.ModelForm):
    services = forms.MultipleChoiceField(
        label="Services that serve this goal",
        required=False,
        choices=GoalService.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Goal
        fields = GOAL_FIELDS
        widgets = {"statement": forms.Textarea(attrs={"rows": 2}), "target_date": DateInput()}


class StepForm(forms.ModelForm):
    done = forms.BooleanField(label="Done", required=False)

    class Meta:
        model = ActionStep
        fields = STEP_FIELDS
        widgets = {"due": DateInput()}
        help_texts = {"owner_other": "Only when someone else does it (a sponsor, a doctor…)."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["done"].initial = self.instance.is_done

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") == StepOwner.OTHER and not cleaned.get("owner_other", "").strip():
            self.add_error("owner_other", "Please say who will do this step.")
        return cleaned


class BarrierForm(forms.Form):
    description = forms.CharField(label="What might get in the way", max_length=500)
    strategy = forms.CharField(
        label="What will help (a strategy)",
        max_length=500,
        required=False,
        help_text="You can add more strategies later.",
    )


class StrategyForm(forms.Form):
    description = forms.CharField(label="What will help", max_length=500)


class ReviewForm(forms.Form):
    """A review: progress on each goal, then keep or revise. One progress field per goal."""

    outcome = forms.ChoiceField(
        label="After this review",
        choices=[
            ("kept", "Keep the plan as it is"),
            ("revised", "Revise the plan: save the changes as a new version for the client"),
        ],
        widget=forms.RadioSelect,
        initial="kept",
    )
    summary = forms.CharField(
        label="Summary of the review", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_review = forms.DateField(label="Next review", widget=DateInput())

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review"].initial = review_date_default()
        self.goals = list(goals)
        for goal in self.goals:
            self.fields[f"status_{goal.pk}"] = forms.ChoiceField(
                label=f"Status of: {goal.statement[:120]}",
                choices=GoalStatus.choices,
                initial=goal.status,
            )
            self.fields[f"progress_{goal.pk}"] = forms.CharField(
                label="Progress since the last review",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_next_review(self):
        value = self.cleaned_data["next_review"]
        if value <= timezone.localdate():
            raise forms.ValidationError("The next review must be after today.")
        return value

    def progress(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data.get(f"progress_{goal.pk}", "") for goal in self.goals}

    def statuses(self) -> dict[int, str]:
        return {goal.pk: self.cleaned_data[f"status_{goal.pk}"] for goal in self.goals}


class MyStepForm(forms.Form):
    done = forms.BooleanField(label="I have done this", required=False)
    comment = forms.CharField(
        label="A note for your case manager (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
