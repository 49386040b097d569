"""In real Chromium: the unit accepts and replies; the deputy judges the reply; it is closed."""

import pytest

from suggestions import services
from suggestions.models import Status, Suggestion
from tests.browser_support import PHONE, chromium, sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_unit_replies_and_the_deputy_judges(live_server, world):
    suggestion = services.suggestion_submit(
        actor=world["deputies"]["jianghan"].user,
        title="关于加快老旧小区加装电梯的建议",
        content="居民上下楼难，希望加大补贴。",
        category=world["categories"]["old_housing"],
    )
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.ASSIGNED  # routed after commit

    with chromium() as browser:
        unit = browser.new_page(**PHONE)
        sign_in(unit, live_server.url, "unit_staff", "pass-1234", "/suggestions/unit/")
        unit.get_by_role("link", name="关于加快老旧小区加装电梯的建议").click()
        unit.get_by_role("button", name="接收办理").click()
        unit.wait_for_selector("text=办理中")
        unit.get_by_label("A类：已解决或基本解决").check()
        unit.fill("#action-reply textarea[name=content]", "已完成3个小区加装电梯，补贴标准提高至每台15万元。")
        unit.get_by_label("已当面答复代表").check()
        unit.locator("#action-reply").get_by_role("button", name="答复", exact=True).click()
        unit.wait_for_selector(".badge.status-replied")
        assert "第1次答复 · A类" in unit.inner_text("body")

        deputy = browser.new_page(**PHONE)
        sign_in(deputy, live_server.url, "deputy_2", "pass-1234", "/suggestions/")
        deputy.get_by_role("link", name="关于加快老旧小区加装电梯的建议").click()
        assert "补贴标准提高至每台15万元" in deputy.inner_text("body")
        deputy.get_by_label("满意", exact=True).check()
        deputy.fill("#action-judge textarea[name=comment]", "办理及时，群众满意")
        deputy.locator("#action-judge").get_by_role("button", name="评价答复").click()
        deputy.wait_for_selector(".badge.status-closed")
        assert "陈志强：满意——办理及时，群众满意" in deputy.inner_text("body")
        assert deputy.evaluate("document.documentElement.scrollWidth") <= 390, "no sideways scrolling on a phone"

    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.result, suggestion.satisfaction) == ("closed", "A", "satisfied")
