"""The PostgreSQL connection is lost in the middle of a request that writes.

The backend serving the request (and only that one) is terminated with pg_terminate_backend right
after the suggestion row is inserted, inside the service's transaction. The person gets a clear 503
(a page in Chinese, JSON for the API), nothing of the half-done submission stays in the database, and
the next request works again on a fresh connection.
"""

import psycopg2
import pytest
from django.db import connection

from liaison.models import OutboxMessage
from suggestions import services
from suggestions.models import Category, Suggestion, SuggestionEvent

pytestmark = [pytest.mark.django_db(transaction=True)]


def _terminate_own_backend() -> None:
    """Cut the connection serving this request, from a second connection of the test's own."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    with psycopg2.connect(
        **{k: v for k, v in params.items() if k in ("dbname", "user", "host", "port", "password")}
    ) as killer:
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def connection_lost_after_insert(monkeypatch, postgres_only):
    """The next suggestion submission loses its database connection just after the INSERT."""
    original = services._event
    fired = []

    def cut_then_continue(*args, **kwargs):
        if not fired:
            fired.append(True)
            _terminate_own_backend()
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_event", cut_then_continue)
    return fired


@pytest.fixture
def category(db):
    parent = Category.objects.create(name="城乡建设")
    return Category.objects.create(name="老旧小区改造", parent=parent)


def nothing_half_written():
    return not (Suggestion.objects.exists() or SuggestionEvent.objects.exists() or OutboxMessage.objects.exists())


def test_the_api_answers_503_in_json_and_keeps_nothing(hubei, category, connection_lost_after_insert, api):
    deputy_user = hubei["deputies"]["xie"].user
    api.force_authenticate(deputy_user)
    body = {"title": "关于加装电梯的建议", "content": "老旧小区居民上下楼难。", "category": category.pk}
    response = api.post("/api/v1/suggestions/", body, format="json")
    assert connection_lost_after_insert, "the connection was cut during the request"
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert "数据库" in response.json()["detail"] and response["Retry-After"]
    assert nothing_half_written()
    # The next request gets a fresh connection and succeeds.
    assert api.post("/api/v1/suggestions/", body, format="json").status_code == 201
    assert Suggestion.objects.count() == 1


def test_the_page_answers_503_in_chinese_and_keeps_nothing(hubei, category, connection_lost_after_insert, client):
    client.force_login(hubei["deputies"]["xie"].user)
    form = {
        "title": "关于加装电梯的建议",
        "content": "老旧小区居民上下楼难。",
        "category": category.pk,
        "congress": hubei["terms"]["hubei"].congress_id,
    }
    response = client.post("/suggestions/new/", form)
    assert connection_lost_after_insert
    assert response.status_code == 503
    page = response.content.decode()
    assert response["Content-Type"].startswith("text/html") and "系统暂时无法访问" in page and "没有保存" in page
    assert nothing_half_written()
    assert client.post("/suggestions/new/", form).status_code == 302
    assert Suggestion.objects.count() == 1
