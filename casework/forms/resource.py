"""Forms of the resource directory: search, add or edit, import."""

from __future__ import annotations

from django import forms

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
    languages_text = forms.CharField(
        label="Languages", required=False, help_text="Separated by commas, e.g. English, Spanish."
    )

    class Meta:
        model = Resource
        fields = RESOURCE_FORM_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "hours": forms.Textarea(attrs={"rows": 2}),
            "eligibility_description": forms.Textarea(attrs={"rows": 2}),
            "fees_description": forms.Textarea(attrs={"rows": 2}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "last_verified_on": DateInput(),
        }

    field_order = ["organization_name", "name", "categories"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("organization_name", self.instance.organization.name)
            self.initial.setdefault("languages_text", ", ".join(self.instance.languages))
            self.initial.setdefault("categories", list(self.instance.categories.all()))

    def clean_languages_text(self):
        text = self.cleaned_data.get("languages_text") or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class ImportForm(forms.Form):
    file = forms.FileField(label="HSDS JSON file", help_text="Up to 5 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(IMPORT_TOO_LARGE)
        return upload
