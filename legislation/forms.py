import re

from django import forms
from django.utils import timezone

from legislation.models import Article, Consultation, Draft, Opinion
from legislation.splitter import MAX_UPLOAD_BYTES, read_upload
from liaison.errors import DomainError

PHONE = re.compile(r"^[0-9+\- ]{7,20}$")


class DraftForm(forms.ModelForm):
    """Paste the text, or upload it as .txt/.docx; the service splits it into articles."""

    file = forms.FileField(
        label="或上传文本文件",
        required=False,
        help_text=f".txt 或 .docx，不超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx"}),
    )

    class Meta:
        model = Draft
        fields = ["title", "legislature", "legislature_level", "kind", "reading", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14, "placeholder": "第一章　总则\n第一条　为了……"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].help_text = "每条以“第一条”“第二条”等开头，可含“第一章”等章节标题"

    def clean(self):
        data = super().clean()
        if data.get("file"):
            try:
                data["text"] = read_upload(data["file"])
            except DomainError as error:
                self.add_error("file", error.message)
        elif not (data.get("text") or "").strip():
            self.add_error("text", "请粘贴草案全文或上传文本文件。")
        return data


class ConsultationOpenForm(forms.Form):
    draft = forms.ModelChoiceField(label="草案", queryset=Draft.objects.all())
    contact_points = forms.ModelMultipleChoiceField(
        label="发往联系点", queryset=None, widget=forms.CheckboxSelectMultiple
    )
    deadline = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="征求说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, contact_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_points"].queryset = contact_points
        if contact_points.count() == 1:
            self.initial.setdefault("contact_points", list(contact_points))


class OpinionEntryForm(forms.Form):
    """One opinion typed in on the article-by-article page; the submitter fields are shared by the
    whole page (htmx includes them with each article's form)."""

    article = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    content = forms.CharField(label="意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    submitter_name = forms.CharField(label="提出人", max_length=64)
    submitter_kind = forms.ChoiceField(label="提出人类别", choices=Opinion.SubmitterKind.choices)
    channel = forms.ChoiceField(label="收集渠道", choices=Opinion.Channel.choices)
    submitted_on = forms.DateField(label="提出日期", widget=forms.DateInput(attrs={"type": "date"}))
    officer = forms.ModelChoiceField(label="信息员", queryset=None, required=False, empty_label="（无）")

    def __init__(self, *args, consultation: Consultation, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(draft_id=consultation.draft_id)
        self.fields["officer"].queryset = officers
        self.initial.setdefault("submitted_on", timezone.localdate())


class PublicOpinionForm(forms.Form):
    """What a member of the public sends on one article (or on the whole draft)."""

    article = forms.ModelChoiceField(label="针对条文", queryset=None, required=False, empty_label="对草案的总体意见")
    content = forms.CharField(
        label="您的意见和建议", min_length=5, max_length=2000, widget=forms.Textarea(attrs={"rows": 6})
    )
    submitter_name = forms.CharField(label="您的称呼", max_length=32, help_text="可填写姓氏，如“张先生”")
    submitter_phone = forms.CharField(
        label="联系电话（选填）", max_length=20, required=False, help_text="仅用于反馈采纳情况，不会公开"
    )

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(draft_id=consultation.draft_id).order_by("position")
        self.fields["article"].label_from_instance = lambda a: f"{a.number}　{a.text[:24]}"

    def clean_submitter_phone(self):
        phone = self.cleaned_data["submitter_phone"].strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError("请填写正确的电话号码，或留空。")
        return phone


class AdoptForm(forms.Form):
    outcome = forms.ChoiceField(label="采纳情况", choices=Opinion.Outcome.choices)
    note = forms.CharField(label="说明", required=False, max_length=2000)


class MergeForm(forms.Form):
    into = forms.IntegerField(label="并入意见编号", min_value=1)
