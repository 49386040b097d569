"""Who may open what: every role × every API endpoint and page × own and other objects.

The world is `seed_demo`'s, so the roles are the demo accounts with their real scopes. "Own" and
"other" objects are picked by who they belong to (see `objects()`): e.g. `visit_own` is a visit of
station_staff's station, `visit_other` one of station_staff_2's. Each request that writes runs in a
savepoint rolled back afterwards, so every cell starts from the same data.

Reading the table: one row per request, one column per role, in the order of ROLES. 404 means the
object is outside the caller's scope (not even its existence is revealed); 401 is the API asking
for credentials; 302 is a page sending an anonymous visitor to the login page.

Decisions the table records: legislation pages and API are closed (403) to roles that do no
legislative work; visits are logged and corrected only by their station's staff (the admin reads
them in the Django admin, 403/404 here); a deputy sees the visits they received and the public
opinions they co-sign; committee staff of 武汉市 do not see deputies or opinions outside 武汉市; a
permission refusal is 403, never a 400 (it was a 400 for correcting another station's visit).
"""

import os
import sys

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from legislation.models import Consultation, Draft, Opinion
from liaison.models import Deputy
from stations import services as stations_services
from stations.models import Station, Visit
from suggestions.models import Category, HandlingUnit, Status, Suggestion

ROLES = (
    "anonymous",
    "deputy",
    "deputy_2",
    "station_staff",
    "station_staff_2",
    "unit_staff",
    "committee",
    "committee_wuhan",
    "legislation_staff",
    "admin",
)

# fmt: off
# method, path, body                                                   anon dep dep2 st st2 unit com comW leg admin
MATRIX = [
    # --- API: people and organisation
    ("GET",   "/api/v1/me/", None,                                     "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/regions/", None,                                "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/congresses/", None,                             "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/deputies/", None,                               "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/deputies/{deputy_own}/", None,                  "401 200 200 200 200 200 200 404 200 200"),
    ("PATCH", "/api/v1/deputies/{deputy_own}/", {"occupation": "测试"}, "401 403 403 403 403 403 200 404 403 200"),
    ("GET",   "/api/v1/groups/", None,                                 "401 200 200 200 200 200 200 200 200 200"),
    # --- API: stations and visits
    ("GET",   "/api/v1/stations/", None,                               "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/stations/{station_own}/", None,                 "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/stations/{station_own}/deputies/", None,        "401 200 200 200 200 200 200 200 200 200"),
    ("PATCH", "/api/v1/stations/{station_own}/", {"opening_hours": "周一至周五"},
                                                                       "401 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/api/v1/schedules/", None,                              "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/visits/", None,                                 "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/visits/{visit_own}/", None,                     "401 404 200 200 404 404 200 200 404 200"),
    ("GET",   "/api/v1/visits/{visit_other}/", None,                   "401 404 404 404 200 404 200 404 404 200"),
    ("GET",   "/api/v1/visits/export/?file=csv", None,                 "401 200 200 200 200 200 200 200 200 200"),
    ("POST",  "/api/v1/visits/", "visit_new",                          "401 403 403 201 403 403 403 403 403 403"),
    ("PATCH", "/api/v1/visits/{today_own}/", {"people_count": 3},      "401 404 404 200 404 404 403 403 404 403"),
    ("PATCH", "/api/v1/visits/{today_other}/", {"people_count": 3},    "401 404 404 404 200 404 403 404 404 403"),
    ("POST",  "/api/v1/visits/{today_own}/to-suggestion/", {},         "401 403 403 201 403 403 403 403 403 201"),
    # --- API: suggestions
    ("GET",   "/api/v1/units/", None,                                  "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/categories/", None,                             "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/suggestions/", None,                            "401 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/api/v1/suggestions/{sugg_dep}/", None,                 "401 200 404 404 404 404 200 404 404 200"),
    ("GET",   "/api/v1/suggestions/{sugg_dep2}/", None,                "401 404 200 404 404 200 200 200 404 200"),
    ("GET",   "/api/v1/suggestions/{sugg_dep2}/events/", None,         "401 404 200 404 404 200 200 200 404 200"),
    ("GET",   "/api/v1/suggestions/{sugg_public_own}/", None,          "401 404 200 200 404 404 200 200 404 200"),
    ("POST",  "/api/v1/suggestions/", "suggestion_new",                "401 201 201 403 403 403 403 403 403 403"),
    ("POST",  "/api/v1/suggestions/{sugg_dep}/assign/", "assign",      "401 403 404 404 404 404 200 404 404 200"),
    ("POST",  "/api/v1/suggestions/{sugg_dep2}/accept/", {},           "401 404 403 404 404 200 403 403 404 200"),
    ("POST",  "/api/v1/suggestions/{sugg_dep_replied}/judge/", {"satisfaction": "satisfied"},
                                                                       "401 200 404 404 404 404 403 404 404 403"),
    ("POST",  "/api/v1/suggestions/{sugg_dep}/withdraw/", {"reason": "测试"},
                                                                       "401 200 404 404 404 404 403 404 404 200"),
    ("GET",   "/api/v1/track/{code}/", None,                           "200 200 200 200 200 200 200 200 200 200"),
    ("POST",  "/api/v1/public/opinions/", "public_opinion",            "201 201 201 201 201 201 201 201 201 201"),
    ("GET",   "/api/v1/stats/handling/?group_by=unit", None,           "401 200 200 200 200 200 200 200 200 200"),
    # --- API: legislation
    ("GET",   "/api/v1/legislation/contact-points/", None,             "401 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/api/v1/legislation/drafts/", None,                     "401 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/api/v1/legislation/consultations/", None,              "401 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/api/v1/legislation/consultations/{consultation}/", None,
                                                                       "401 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/api/v1/legislation/opinions/{opinion_own}/", None,     "401 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/api/v1/legislation/opinions/{opinion_other}/", None,   "401 403 403 403 403 403 200 404 404 200"),
    ("POST",  "/api/v1/legislation/opinions/", "legislation_opinion",  "401 403 403 403 403 403 403 403 201 201"),
    ("GET",   "/api/v1/legislation/stats/", None,                      "401 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/api/v1/schema/", None,                                 "200 200 200 200 200 200 200 200 200 200"),
    # --- pages
    ("GET",   "/", None,                                               "302 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/login/", None,                                         "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/deputies/", None,                                      "302 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/inbox/", None,                                         "302 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/visits/today/", None,                                  "302 403 403 200 200 403 403 403 403 403"),
    ("GET",   "/visits/", None,                                        "302 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/visits/{visit_own}/edit/", None,                       "302 404 404 200 404 404 404 404 404 404"),
    ("GET",   "/visits/{visit_other}/edit/", None,                     "302 404 404 404 200 404 404 404 404 404"),
    ("GET",   "/stations/coverage/", None,                             "302 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/public/stations/", None,                               "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/public/stations/{station_own}/", None,                 "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/public/deputies/{deputy_public_id}/", None,            "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/suggestions/", None,                                   "302 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/suggestions/new/", None,                               "302 200 200 403 403 403 403 403 403 403"),
    ("GET",   "/suggestions/similar/?text=道路", None,                  "302 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/suggestions/unit/", None,                              "302 403 403 403 403 200 403 403 403 200"),
    ("GET",   "/suggestions/triage/", None,                            "302 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/suggestions/key/", None,                               "302 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/suggestions/{sugg_dep}/", None,                        "302 200 404 404 404 404 200 404 404 200"),
    ("GET",   "/suggestions/{sugg_dep2}/", None,                       "302 404 200 404 404 200 200 200 404 200"),
    ("GET",   "/suggestions/{sugg_public_own}/", None,                 "302 404 200 200 404 404 200 200 404 200"),
    ("POST",  "/suggestions/{sugg_dep2}/accept/", {},                  "302 404 403 404 404 302 403 403 404 302"),
    ("GET",   "/opinions/new/?station={station_own}", None,            "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/track/", None,                                         "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/track/{code}/", None,                                  "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/legislation/", None,                                   "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/consultations/new/", None,                 "302 403 403 403 403 403 403 403 200 200"),
    ("GET",   "/legislation/consultations/{consultation}/", None,      "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/consultations/{consultation}/report/", None,
                                                                       "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/consultations/{consultation}/report.xlsx", None,
                                                                       "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/drafts/", None,                            "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/drafts/{draft}/", None,                    "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/figures/", None,                           "302 403 403 403 403 403 200 200 200 200"),
    ("GET",   "/legislation/public/", None,                            "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/legislation/public/{consultation}/", None,             "200 200 200 200 200 200 200 200 200 200"),
    ("GET",   "/admin/", None,                                         "302 302 302 302 302 302 302 302 302 200"),
    ("GET",   "/admin/liaison/deputy/", None,                          "302 302 302 302 302 302 302 302 302 200"),
    # --- dashboards and duty records (履职档案)
    ("GET",   "/api/v1/stats/stations/", None,                         "401 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/api/v1/stats/deputies/?group_by=level", None,          "401 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/api/v1/deputies/{deputy_own}/record/", None,           "401 200 404 404 404 404 200 404 404 200"),
    ("GET",   "/suggestions/dashboard/", None,                         "302 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/suggestions/dashboard/units.xlsx", None,               "302 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/stations/figures/", None,                              "302 403 403 403 403 403 200 200 403 200"),
    ("GET",   "/records/", None,                                       "302 302 302 403 403 403 200 200 403 200"),
    ("GET",   "/records/{deputy_own}/", None,                          "302 200 404 403 403 403 200 404 403 200"),
    ("GET",   "/records/export.xlsx", None,                            "302 200 200 403 403 403 200 200 403 200"),
]
# fmt: on


def objects() -> dict:
    """The own and other objects of each role, found in the demo data by whom they belong to."""
    station_own = Station.objects.get(staff__username="station_staff")
    station_other = Station.objects.get(staff__username="station_staff_2")
    deputy = Deputy.objects.get(user__username="deputy")
    deputy_2 = Deputy.objects.get(user__username="deputy_2")
    unit = HandlingUnit.objects.get(staff__username="unit_staff")
    sugg_dep = Suggestion.objects.filter(lead_deputy=deputy, status=Status.SUBMITTED).first()
    # deputy_2's suggestion waiting for unit_staff's unit to accept it
    sugg_dep2 = Suggestion.objects.filter(
        lead_deputy=deputy_2,
        status=Status.ASSIGNED,
        assignments__unit=unit,
        assignments__active=True,
        assignments__accepted_at__isnull=True,
    ).first()
    consultation = Consultation.objects.filter(contact_points__staff__username="legislation_staff", status="open")
    consultation = consultation.first()
    visit_own = Visit.objects.filter(station=station_own).latest("visited_at").pk
    visit_other = Visit.objects.filter(station=station_other).latest("visited_at").pk
    # Visits logged today, which their station's staff may still correct
    today_own = stations_services.visit_log(
        actor=User.objects.get(username="station_staff"),
        station=station_own,
        content="今日来访",
        visitor_phone="13700001234",
    )
    today_other = stations_services.visit_log(
        actor=User.objects.get(username="station_staff_2"), station=station_other, content="今日来访"
    )
    return {
        "today_own": today_own.pk,
        "today_other": today_other.pk,
        "deputy_own": deputy.pk,
        "deputy_public_id": deputy.public_id,
        "station_own": station_own.pk,
        "visit_own": visit_own,
        "visit_other": visit_other,
        "sugg_dep": sugg_dep.pk,
        "sugg_dep2": sugg_dep2.pk,
        "sugg_dep_replied": Suggestion.objects.filter(lead_deputy=deputy, status=Status.REPLIED).first().pk,
        "sugg_public_own": Suggestion.objects.filter(source_station=station_own, kind="public").first().pk,
        "code": sugg_dep.tracking_code,
        "consultation": consultation.pk,
        "opinion_own": Opinion.objects.filter(
            consultation=consultation, contact_point__staff__username="legislation_staff"
        )
        .first()
        .pk,
        "opinion_other": Opinion.objects.filter(consultation=consultation)
        .exclude(contact_point__staff__username="legislation_staff")
        .first()
        .pk,
        "draft": Draft.objects.first().pk,
        "_station_own": station_own,
        "_unit": unit,
        "_consultation": consultation,
    }


def bodies(world: dict) -> dict:
    """Request bodies valid for the role that may send them."""
    consultation = world["_consultation"]
    return {
        "visit_new": {
            "station": world["station_own"],
            "channel": "in_person",
            "content": "反映小区停车难",
            "visitor_name": "王五",
            "visitor_phone": "13900001111",
        },
        "suggestion_new": {
            "title": "关于增设公交站点的建议",
            "content": "建议在社区门口增设公交站点，方便居民出行。",
            "category": Category.objects.filter(parent__isnull=False).first().pk,
        },
        "assign": {"lead_unit": world["_unit"].pk},
        "public_opinion": {
            "station": world["station_own"],
            "content": "路灯坏了",
            "name": "李四",
            "phone": "13800001234",
        },
        "legislation_opinion": {
            "consultation": consultation.pk,
            "article": consultation.draft.articles.first().pk,
            "content": "建议明确责任主体",
            "submitter_name": "赵六",
        },
    }


def _request(client, method, path, body, is_api):
    kwargs = {}
    if body is not None:
        if is_api:
            kwargs["format"] = "json"
        kwargs["data"] = body
    return getattr(client, method.lower())(path, **kwargs)


@pytest.mark.django_db
def test_every_role_gets_the_expected_status_on_every_endpoint_and_page(settings, monkeypatch):
    settings.PUBLIC_PAGE_RATE = "100000/m"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "public": "100000/min", "login": "100000/min"},
    }
    from rest_framework import throttling

    monkeypatch.setattr(
        throttling.SimpleRateThrottle, "THROTTLE_RATES", settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    )
    call_command("seed_demo", verbosity=0)
    world = objects()
    body_of = bodies(world)
    clients = {}
    for role in ROLES:  # one signed-in session per role, for the API (session auth) and the pages alike
        clients[role] = APIClient()
        if role != "anonymous":
            clients[role].force_login(User.objects.get(username=role))
    actual_rows, mismatches = [], []
    for method, template, body, expected in MATRIX:
        path = template.format(**world)
        body = body_of[body] if isinstance(body, str) else body
        is_api = path.startswith("/api/")
        statuses, details = [], []
        for role in ROLES:
            with transaction.atomic():
                response = _request(clients[role], method, path, body, is_api)
                transaction.set_rollback(True)  # every cell starts from the same data
            statuses.append(str(response.status_code))
            details.append(response.content[:200].decode(errors="replace") if response.status_code == 400 else "")
        actual = " ".join(statuses)
        actual_rows.append(f'("{method}", "{template}", ..., "{actual}")')
        if actual != expected:
            diff = [f"{r}: {e}→{a}" for r, e, a in zip(ROLES, expected.split(), statuses, strict=True) if e != a]
            mismatches.append(f"{method} {template}: " + ", ".join(diff) + " " + "|".join(filter(None, details)))
    if os.environ.get("MATRIX_PRINT"):
        print("\n".join(actual_rows), file=sys.stderr)
    assert not mismatches, "\n".join(mismatches)
