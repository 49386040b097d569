"""The period and region every dashboard is read for, shared by the suggestion, station and duty-record
pages and their exports."""

import calendar
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.utils import timezone

from liaison.models import Region
from liaison.scoping import Scope
from liaison.selectors import region_list

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Regions offered in the picker: a township is too fine for these figures (use its county).
PICKER_LEVELS = (Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    region_code: str  # "" = everything the user may see (admins)
    region_prefix: str
    region_name: str

    @property
    def query(self) -> dict[str, str]:
        """The query parameters that choose this period and region again (for tabs and exports)."""
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "region": self.region_code}

    @property
    def querystring(self) -> str:
        return urlencode(self.query)

    @property
    def label(self) -> str:
        return f"{self.start:%Y年%m月%d日}至{self.end:%Y年%m月%d日}，{self.region_name or '全部区划'}"


def this_year() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), date(today.year, 12, 31)


def month_bounds(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


class PeriodForm(forms.Form):
    """`from`, `to` (default: this year) and `region` (a code within the user's scope, default the
    user's own region). Bound to the query string with the defaults filled in."""

    to = forms.DateField(label="至", widget=DATE_WIDGET)
    region = forms.ChoiceField(label="区划", required=False)

    def __init__(self, query, *, scope: Scope):
        self.scope = scope
        start, end = this_year()
        own = scope.region_code or ""
        data = {"from": start.isoformat(), "to": end.isoformat(), "region": own}
        data.update({k: query.get(k) for k in data if query.get(k)})
        super().__init__(data)
        self.fields = {"from": forms.DateField(label="从", widget=DATE_WIDGET), **self.fields}
        if scope.is_admin or scope.is_committee:
            regions = region_list(scope=scope).filter(level__in=PICKER_LEVELS).order_by("code")
        else:  # a deputy reads their own record: no region to choose
            regions = Region.objects.none()
        self._regions = {r.code: r for r in regions}
        indent = {Region.Level.PROVINCE: "", Region.Level.CITY: "　", Region.Level.COUNTY: "　　"}
        choices = [("", "全部区划")] if scope.is_admin or not scope.is_committee else []
        choices += [(code, f"{indent.get(r.level, '')}{r.name}") for code, r in self._regions.items()]
        self.fields["region"].choices = choices

    def clean_region(self):
        code = self.cleaned_data["region"]
        if not code and self.scope.is_committee and not self.scope.is_admin:
            raise forms.ValidationError("请选择区划")
        return code

    def clean(self):
        data = super().clean()
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", "截止日期不能早于起始日期")
        return data

    @property
    def period(self) -> Period:
        """The chosen period; call after is_valid()."""
        code = self.cleaned_data["region"]
        region = self._regions.get(code)
        return Period(
            start=self.cleaned_data["from"],
            end=self.cleaned_data["to"],
            region_code=code,
            region_prefix=region.prefix if region else "",
            region_name=region.name if region else "",
        )
