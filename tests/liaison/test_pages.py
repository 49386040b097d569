import pytest
from django.urls import reverse

from tests.liaison.factories import DeputyFactory, MandateFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    page = client.get(reverse("login")).content.decode()
    assert "登录" in page and 'lang="zh-hans"' in page


def test_signing_in_leads_to_the_home_page_of_the_role(client, hubei):
    response = client.post(reverse("login"), {"username": "deputy", "password": "pass-1234"}, follow=True)
    page = response.content.decode()
    assert "工作台" in page and "人大代表" in page


def test_wrong_password_shows_a_chinese_form_error(client, hubei):
    response = client.post(reverse("login"), {"username": "deputy", "password": "wrong"})
    assert "请输入一个正确的" in response.content.decode()


def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_committee_home_shows_its_region(client, hubei):
    client.force_login(hubei["committee_wuhan"])
    assert "420100" in client.get(reverse("home")).content.decode()


def test_logout(client, hubei):
    client.force_login(hubei["committee"])
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_deputy_list_page_is_scoped_and_filtered(client, hubei):
    client.force_login(hubei["committee_wuhan"])
    response = client.get(reverse("deputy-directory"))
    assert response.templates[0].name == "liaison/deputy_list.html"
    page = response.content.decode()
    assert "<h1>代表名录</h1>" in page
    assert "陈志强" in page and "谢爱娥" not in page
    client.force_login(hubei["admin"])
    page = client.get(reverse("deputy-directory") + "?level=provincial").content.decode()
    assert "谢爱娥" in page and "陈志强" not in page


def test_deputy_list_page_uses_a_fixed_number_of_queries(client, hubei, django_assert_max_num_queries):
    for _ in range(40):
        MandateFactory(deputy=DeputyFactory(), term=hubei["terms"]["jianghan"], region=hubei["regions"]["jianghan"])
    client.force_login(hubei["committee"])
    # session, user, five for the user's scope, unread count, page count, page, mandates
    with django_assert_max_num_queries(11):
        assert client.get(reverse("deputy-directory")).status_code == 200


def test_admin_covers_the_people_models_in_chinese(client, hubei):
    client.force_login(hubei["admin"])
    for model in ["region", "congress", "term", "deputy", "mandate", "deputygroup", "committeestaff"]:
        response = client.get(reverse(f"admin:liaison_{model}_changelist") + "?q=湖北")
        assert response.status_code == 200, model
    assert "代表工作机构人员" in client.get(reverse("admin:index")).content.decode()
