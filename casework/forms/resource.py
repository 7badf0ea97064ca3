"""Forms of the resource directory: search, add or edit, import."""

from __future__ import annotations

from django import forms

from casework.hsds_fields import language_code, language_label, schedule_line, schedule_of_line
from casework.hsds_file import IMPORT_TOO_LARGE, MAX_IMPORT_BYTES
from casework.models import Category, Resource
from casework.models.resource import RESOURCE_FORM_FIELDS
from recovery_portal.forms import DateInput


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ChoiceField(label="Category", required=False)
    stale = forms.BooleanField(label="Only those due for checking", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Any category")] + [
            (c.code, c.name) for c in Category.objects.order_by("name")
        ]


class ResourceForm(forms.ModelForm):
    organization_name = forms.CharField(label="Organization", max_length=200)
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    url = forms.URLField(label="Website", required=False, assume_scheme="https")
    schedules_text = forms.CharField(
        label="Weekly opening hours",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One line each, days then times, e.g. “Mon-Fri 9:00-17:00” or "
        "“Tue, Thu 6pm-8pm”. Anything else (holidays, by appointment) goes under other "
        "opening hours.",
    )
    languages_text = forms.CharField(
        label="Languages",
        required=False,
        help_text="Separated by commas, by name or ISO 639-1 code, e.g. English, Spanish or "
        "en, es.",
    )

    class Meta:
        model = Resource
        fields = RESOURCE_FORM_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "keywords": forms.TextInput(),
            "hours": forms.Textarea(attrs={"rows": 2}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "last_verified_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("organization_name", self.instance.organization.name)
            self.initial.setdefault(
                "languages_text", ", ".join(map(language_label, self.instance.languages))
            )
            self.initial.setdefault(
                "schedules_text", "\n".join(map(schedule_line, self.instance.schedules))
            )
            self.initial.setdefault("categories", list(self.instance.categories.all()))

    field_order = [
        "organization_name",
        "name",
        "categories",
        *RESOURCE_FORM_FIELDS[1 : RESOURCE_FORM_FIELDS.index("hours")],
        "schedules_text",
        "hours",
        "languages_text",
    ]

    def clean_languages_text(self):
        """ISO 639-1 codes; a name we know no code for is refused (Hmong and other languages
        without a 639-1 code come in by HSDS import, which keeps their names)."""
        text = self.cleaned_data.get("languages_text") or ""
        codes, unknown = [], []
        for part in filter(None, (p.strip() for p in text.split(","))):
            code = language_code(part)
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        if unknown:
            raise forms.ValidationError(
                "No ISO 639-1 code known for: %(names)s. Use the code (e.g. “ur”) or the "
                "English name.",
                params={"names": ", ".join(unknown)},
            )
        return codes

    def clean_schedules_text(self):
        schedules = []
        for line in (self.cleaned_data.get("schedules_text") or "").splitlines():
            if not line.strip():
                continue
            schedule = schedule_of_line(line)
            if schedule is None:
                raise forms.ValidationError(
                    "“%(line)s” is not days and times like “Mon-Fri 9:00-17:00”; put it under "
                    "other opening hours instead.",
                    params={"line": line.strip()},
                )
            schedules.append(schedule)
        return schedules


class ImportForm(forms.Form):
    file = forms.FileField(label="HSDS JSON file", help_text="Up to 5 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(IMPORT_TOO_LARGE)
        return upload
