"""Forms of records retention: a legal hold placed or lifted (from the record's Status tab or
the retention admin), and an administrator's decision on a record past retention."""

from __future__ import annotations

from django import forms

from clients.models import PaperDisposal, RetentionStatus
from recovery_portal.forms import DateInput


class LegalHoldForm(forms.Form):
    """Place a hold (``action=place``) or lift the one in force (``action=lift``)."""

    action = forms.ChoiceField(
        choices=[("place", "Place a legal hold"), ("lift", "Lift the legal hold")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Why",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For a hold: what it is for, e.g. a court case or request number. "
        "Administrators and supervisors read it; no clinical details, please.",
    )


class RetentionDecisionForm(forms.Form):
    """Approve the destruction (the record number typed again, and what became of the paper
    originals and printouts), carry out an approval another administrator gave, keep the
    record, or place or lift a legal hold — whichever the review's state allows."""

    decision = forms.ChoiceField(widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Needed to keep the record, or to place or lift a legal hold.",
    )
    confirm_record_number = forms.CharField(
        label="Type the record number again to approve its destruction",
        required=False,
        max_length=20,
    )
    # 42 CFR §2.16: paper is sanitized too. Required to approve.
    paper_disposal = forms.ChoiceField(
        label="Paper originals and printouts (to approve)",
        required=False,
        choices=PaperDisposal.choices,
        widget=forms.RadioSelect,
        help_text="Shred every paper original and printout of this record before approving, "
        "or confirm that there are none.",
    )
    paper_destroyed_on = forms.DateField(
        label="Paper shredded on",
        required=False,
        widget=DateInput(),
    )
    paper_destroyed_by = forms.CharField(
        label="Paper shredded by",
        required=False,
        max_length=200,
        help_text="The name of the person who shredded it.",
    )

    def __init__(self, *args, review, held: bool, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        choices = []
        if review.status == RetentionStatus.PENDING and not held:
            choices.append(
                ("approve", "Approve the destruction (a second administrator carries it out)")
            )
        # Two people: the administrator who approved a destruction never carries it out.
        approver = review.decided_by_id == user.pk
        if review.status == RetentionStatus.APPROVED and not held and not approver:
            choices.append(("destroy", "Carry out the approved destruction now (cannot be undone)"))
        if review.status in (
            RetentionStatus.PENDING,
            RetentionStatus.ON_HOLD,
            RetentionStatus.APPROVED,
        ):
            choices.append(("keep", "Keep the record (say why)"))
        if review.client_id is not None and review.status != RetentionStatus.DESTROYED:
            hold = ("lift", "Lift the legal hold") if held else ("hold", "Place a legal hold")
            choices.append(hold)
        self.fields["decision"].choices = choices

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in ("keep", "hold", "lift") and not (data.get("reason") or "").strip():
            self.add_error("reason", "Please give the reason.")
        if decision == "approve":
            if not (data.get("confirm_record_number") or "").strip():
                self.add_error("confirm_record_number", "Please type the record number.")
            paper = data.get("paper_disposal")
            if not paper:
                self.add_error(
                    "paper_disposal",
                    "Please say whether the paper originals and printouts were shredded, "
                    "or that there are none.",
                )
            elif paper == PaperDisposal.SHREDDED:
                if not data.get("paper_destroyed_on"):
                    self.add_error("paper_destroyed_on", "Please give the date it was shredded.")
                if not (data.get("paper_destroyed_by") or "").strip():
                    self.add_error("paper_destroyed_by", "Please say who shredded it.")
        return data
