"""Forms for the suggestion pages; they check the shape of input, the services check the rules."""

from django import forms

from liaison import uploads
from liaison.models import Congress, Deputy, Mandate
from suggestions.models import Category, DeclineReason, HandlingUnit, Result, Satisfaction

check_upload = uploads.validator(uploads.ATTACHMENT)  # size, type and content of an attachment


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleFileField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            check_upload(upload)
        return cleaned


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category):
        return str(category)


class SubmitForm(forms.Form):
    title = forms.CharField(label="标题", max_length=120, widget=forms.TextInput(attrs={"placeholder": "关于……的建议"}))
    content = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 8}))
    category = CategoryChoiceField(label="分类", queryset=Category.objects.none(), required=False)
    congress = forms.ModelChoiceField(label="提交人大", queryset=Congress.objects.none(), empty_label=None)
    co_signers = forms.ModelMultipleChoiceField(
        label="联名代表", queryset=Deputy.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    files = MultipleFileField(label="附件", required=False, help_text="可多选，每个不超过10MB")

    def __init__(self, *args, deputy: Deputy, **kwargs):
        super().__init__(*args, **kwargs)
        congresses = Congress.objects.filter(
            terms__mandates__deputy=deputy, terms__mandates__status=Mandate.Status.SERVING
        ).distinct()
        self.fields["congress"].queryset = congresses
        self.fields["category"].queryset = Category.objects.filter(parent__isnull=False).select_related("parent")
        self.fields["co_signers"].queryset = (
            Deputy.objects.filter(mandates__term__congress__in=congresses, mandates__status=Mandate.Status.SERVING)
            .exclude(pk=deputy.pk)
            .distinct()
            .order_by("name")
        )


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label="主办单位", queryset=HandlingUnit.objects.order_by("region__code", "name"))
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位", queryset=HandlingUnit.objects.order_by("region__code", "name"), required=False
    )
    due_on = forms.DateField(
        label="答复期限",
        required=False,
        help_text="留空则为交办后3个月",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(label="不予登记理由", choices=DeclineReason.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回原因", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class ReplyForm(forms.Form):
    result = forms.ChoiceField(label="办理结果", choices=Result.choices, widget=forms.RadioSelect)
    content = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 6}))
    face_to_face = forms.BooleanField(label="已当面答复代表", required=False)
    attachment = forms.FileField(label="答复函（附件）", required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_upload(upload)
        return upload


class JudgeForm(forms.Form):
    satisfaction = forms.ChoiceField(label="评价", choices=Satisfaction.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class CoViewForm(forms.Form):
    content = forms.CharField(label="协办意见", widget=forms.Textarea(attrs={"rows": 4}))


class ExtendForm(forms.Form):
    due_on = forms.DateField(label="延期至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="延期理由（将告知代表）", widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class MergeForm(forms.Form):
    into = forms.IntegerField(label="并入建议编号", min_value=1)


class KeyForm(forms.Form):
    key = forms.BooleanField(label="重点督办", required=False)


class PublicOpinionForm(forms.Form):
    content = forms.CharField(label="您的意见或建议", max_length=2000, widget=forms.Textarea(attrs={"rows": 6}))
    name = forms.CharField(label="姓名（选填）", max_length=32, required=False)
    phone = forms.RegexField(
        label="手机号（选填，便于回访）",
        regex=r"^\+?[0-9\- ]{5,20}$",
        required=False,
        error_messages={"invalid": "电话号码格式不正确"},
    )


class TrackForm(forms.Form):
    code = forms.CharField(label="查询码", max_length=12)
