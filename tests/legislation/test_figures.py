"""The figures against numbers counted by hand."""

from datetime import date

import pytest

from legislation import selectors
from liaison.scoping import scope_for
from tests.legislation.factories import ConsultationFactory, DraftFactory, OfficerFactory, OpinionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(lx):
    """江欣苑: 2024 draft A — 4 opinions (2 adopted, 1 partly, 1 not) by officers X, X, Y and a resident;
    2023 draft B — 2 opinions (none adopted) by officer Z.  洪湖: 2024 draft A — 3 opinions, 1 adopted, no officer."""
    a, b = DraftFactory(title="草案甲"), DraftFactory(title="草案乙")
    on_a = ConsultationFactory(draft=a, contact_points=[lx.jxy, lx.honghu])
    on_b = ConsultationFactory(draft=b, contact_points=[lx.jxy])
    x, y, z = (OfficerFactory(contact_point=lx.jxy) for _ in range(3))
    day_2024, day_2023 = date(2024, 6, 1), date(2023, 6, 1)
    for officer, outcome in [(x, "adopted"), (x, "adopted"), (y, "partly_adopted"), (None, "not_adopted")]:
        OpinionFactory(consultation=on_a, contact_point=lx.jxy, officer=officer, outcome=outcome, submitted_on=day_2024)
    for _ in range(2):
        OpinionFactory(consultation=on_b, contact_point=lx.jxy, officer=z, submitted_on=day_2023)
    for outcome in ["adopted", "", "not_adopted"]:
        OpinionFactory(consultation=on_a, contact_point=lx.honghu, outcome=outcome, submitted_on=day_2024)
    return lx


def by_label(rows):
    return {
        row["label"]: {k: row[k] for k in ("opinions", "drafts", "adopted", "adoption_rate", "active_officers")}
        for row in rows
    }


def test_per_contact_point(counted):
    rows = by_label(selectors.figures(scope=scope_for(counted.admin), group_by="contact_point"))
    assert rows == {
        "江欣苑社区基层立法联系点": {
            "opinions": 6,
            "drafts": 2,
            "adopted": 3,
            "adoption_rate": 0.5,
            "active_officers": 3,
        },
        "洪湖基层立法联系点": {"opinions": 3, "drafts": 1, "adopted": 1, "adoption_rate": 0.3333, "active_officers": 0},
    }


def test_per_draft(counted):
    rows = by_label(selectors.figures(scope=scope_for(counted.admin), group_by="draft"))
    assert rows["草案甲"] == {"opinions": 7, "drafts": 1, "adopted": 4, "adoption_rate": 0.5714, "active_officers": 2}
    assert rows["草案乙"] == {"opinions": 2, "drafts": 1, "adopted": 0, "adoption_rate": 0.0, "active_officers": 1}


def test_per_year(counted):
    rows = by_label(selectors.figures(scope=scope_for(counted.admin), group_by="year"))
    assert rows == {
        "2023": {"opinions": 2, "drafts": 1, "adopted": 0, "adoption_rate": 0.0, "active_officers": 1},
        "2024": {"opinions": 7, "drafts": 1, "adopted": 4, "adoption_rate": 0.5714, "active_officers": 2},
    }


def test_totals_over_the_scope(counted):
    assert selectors.figures_total(scope=scope_for(counted.admin)) == {
        "opinions": 9,
        "drafts": 2,
        "adopted": 4,
        "adoption_rate": 0.4444,
        "active_officers": 3,
    }
    assert selectors.figures_total(scope=scope_for(counted.committee_wuhan))["opinions"] == 6


def test_stats_api_groups_filters_and_scopes(api_as, counted):
    client = api_as(counted.committee_wuhan)
    body = client.get("/api/v1/legislation/stats/?group_by=year&year=2024").json()
    assert body["group_by"] == "year"
    assert body["total"] == {"opinions": 4, "drafts": 1, "adopted": 3, "adoption_rate": 0.75, "active_officers": 2}
    assert [row["key"] for row in body["rows"]] == ["2024"]


def test_stats_api_refuses_an_unknown_grouping(api_as, counted):
    response = api_as(counted.committee).get("/api/v1/legislation/stats/?group_by=weather")
    assert response.status_code == 400 and "group_by" in response.json()["detail"]


def test_figures_page_for_committee(client, counted):
    client.force_login(counted.committee)
    page = client.get("/legislation/figures/").content.decode()
    assert "共收集立法意见建议 <b>9</b> 条" in page and "<b>4</b> 条被采纳" in page
    assert "江欣苑社区基层立法联系点" in page and "草案乙" in page and "2023" in page
