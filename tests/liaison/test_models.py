import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from liaison.models import Deputy, Region, region_prefix
from tests.liaison.factories import MandateFactory


@pytest.mark.parametrize(
    "code, prefix",
    [("420000", "42"), ("420100", "4201"), ("420103", "420103"), ("420103003", "420103003"), ("421083", "421083")],
)
def test_region_prefix_strips_the_zero_pairs_of_higher_levels(code, prefix):
    assert region_prefix(code) == prefix


def test_everything_under_wuhan_is_a_prefix_filter(hubei):
    under_wuhan = Region.objects.filter(code__startswith=hubei["regions"]["wuhan"].prefix)
    assert set(under_wuhan.values_list("name", flat=True)) == {"武汉市", "江汉区", "唐家墩街道"}


def test_region_full_name_joins_its_parents(hubei):
    assert Region.objects.get(code="420103003").full_name == "湖北省武汉市江汉区唐家墩街道"


def test_a_deputy_of_two_levels_is_one_record_with_two_mandates(hubei):
    xie = Deputy.objects.get(name="谢爱娥")
    assert sorted(m.level for m in xie.mandates.all()) == ["municipal", "provincial"]
    assert Deputy.objects.filter(name="谢爱娥").count() == 1


def test_one_mandate_per_congress_term(hubei):
    with pytest.raises(IntegrityError):
        MandateFactory(deputy=hubei["deputies"]["xie"], term=hubei["terms"]["hubei"])


def test_a_mandate_cannot_end_before_it_starts(hubei):
    mandate = hubei["deputies"]["xie"].mandates.first()
    mandate.ended_on = mandate.started_on.replace(year=2020)
    with pytest.raises(ValidationError) as error:
        mandate.full_clean()
    assert "终止日期不能早于起始日期" in str(error.value)
