from django import forms
from django.utils import timezone

from liaison.errors import DomainError
from stations import services
from stations.models import Visit
from suggestions.models import Category

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _now_to_the_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class VisitForm(forms.Form):
    """The fields of a visit, in the order staff fill them in at the desk."""

    visited_at = forms.DateTimeField(label="接待时间", widget=DATETIME_WIDGET)
    channel = forms.ChoiceField(label="渠道", choices=Visit.Channel.choices)
    deputies = forms.ModelMultipleChoiceField(
        label="接待代表", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    visitor_name = forms.CharField(label="来访人姓名", max_length=32, required=False, help_text="可匿名")
    visitor_phone = forms.CharField(
        label="联系电话", max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    people_count = forms.IntegerField(label="人数", min_value=1, initial=1)
    category = forms.ModelChoiceField(label="分类", queryset=None, required=False, empty_label="（不分类）")
    content = forms.CharField(label="反映内容", widget=forms.Textarea(attrs={"rows": 4}))
    outcome = forms.ChoiceField(label="处理方式", choices=Visit.Outcome.choices)
    outcome_note = forms.CharField(label="处理说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputies"].queryset = deputies
        self.fields["category"].queryset = Category.objects.select_related("parent").order_by(
            "parent__order", "parent_id", "order", "id"
        )


def _validated_photo(image):
    if image:
        try:
            services.validate_photo(image)
        except DomainError as error:
            raise forms.ValidationError(error.message) from error
    return image


class VisitLogForm(VisitForm):
    """Logging a visit: now, and today's deputies on duty, are filled in."""

    photo = forms.ImageField(label="照片", required=False, help_text="JPG、PNG 或 WebP，不超过 5 MB")

    def __init__(self, *args, on_duty=(), **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"visited_at": _now_to_the_minute(), "deputies": list(on_duty), **kwargs["initial"]}
        super().__init__(*args, **kwargs)

    def clean_photo(self):
        return _validated_photo(self.cleaned_data.get("photo"))


class VisitEditForm(VisitForm):
    """Correcting a visit. Each field carries the value it was shown with, so only what this
    person changed is saved and a colleague's concurrent correction of another field stays."""

    def __init__(self, *args, visit: Visit, **kwargs):
        initial = {field: getattr(visit, field) for field in services.VISIT_EDITABLE}
        initial["visited_at"] = timezone.localtime(visit.visited_at).replace(second=0, microsecond=0)
        initial["deputies"] = [d.pk for d in visit.deputies.all()]
        super().__init__(*args, initial=initial, **kwargs)
        for field in self.fields.values():
            field.show_hidden_initial = True

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class VisitPhotoForm(forms.Form):
    image = forms.ImageField(label="添加照片", help_text="JPG、PNG 或 WebP，不超过 5 MB")

    def clean_image(self):
        return _validated_photo(self.cleaned_data.get("image"))
