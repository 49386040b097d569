"""Load scenario: station staff logging visits, deputies submitting, a unit accepting and replying,
committee staff opening their lists and figures — all at once, against gunicorn + a Celery worker.

Run by bench/load.sh (50 users, 2 minutes, loopback). Every visit and suggestion written carries a
unique marker; when the run stops, the database is checked: every marked row is there, and every
suggestion has been routed (it left `submitted`). Any HTTP error or missing/unrouted row fails the run.
"""

import itertools
import os
import re
import time
import uuid

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2024")
RUN = uuid.uuid4().hex[:8]
written = {"visits": [], "suggestions": []}
unit_slots = itertools.count()
UNIT_USERS = 5
unit_shares = itertools.count()


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        """Sign in on the page (CSRF included) for the pages, and get a token for the API."""
        page = self.client.get("/login/", name="/login/")
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": csrf, "next": "/"},
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ POST",
        )
        token = self.client.post(
            "/api/v1/auth/token/", json={"username": self.username, "password": PASSWORD}, name="/api/v1/auth/token/"
        ).json()["token"]
        self.api = {"Authorization": f"Token {token}"}

    def api_get(self, path, name=None):
        return self.client.get(path, headers=self.api, name=name or path.split("?")[0])

    def api_post(self, path, body, name=None):
        return self.client.post(path, json=body, headers=self.api, name=name or path)


class StationStaff(PortalUser):
    weight = 4

    def on_start(self):
        self.username = "station_staff" if next(unit_slots) % 2 else "station_staff_2"
        super().on_start()
        self.station = self.api_get("/api/v1/me/").json()["stations"][0]

    @task(3)
    def log_visit(self):
        marker = f"load-{RUN}-{uuid.uuid4().hex[:12]}"
        body = {
            "station": self.station,
            "channel": "in_person",
            "content": f"群众反映小区停车难 {marker}",
            "visitor_name": "王五",
            "visitor_phone": "13900001111",
        }
        if self.api_post("/api/v1/visits/", body).status_code == 201:
            written["visits"].append(marker)

    @task(1)
    def day_page(self):
        self.client.get(f"/visits/today/?station={self.station}", name="/visits/today/")


class Deputy(PortalUser):
    weight = 3
    categories = {"deputy": "乡村振兴", "deputy_2": "老旧小区改造"}  # each has a routing rule

    def on_start(self):
        self.username = "deputy_2" if next(unit_slots) % 2 else "deputy"
        super().on_start()
        found = self.api_get(f"/api/v1/categories/?search={self.categories[self.username]}", "/api/v1/categories/")
        self.category = next(c["id"] for c in found.json()["results"] if c["name"] == self.categories[self.username])
        # deputy_2 submits to the 江汉区 congress, whose routing rule sends 老旧小区改造 to unit_staff's unit
        congresses = self.api_get("/api/v1/congresses/?search=江汉区", "/api/v1/congresses/").json()["results"]
        self.congress = congresses[0]["id"] if self.username == "deputy_2" and congresses else None

    @task(3)
    def submit(self):
        marker = f"load-{RUN}-{uuid.uuid4().hex[:12]}"
        body = {
            "title": f"关于改善社区设施的建议 {marker[-6:]}",
            "content": f"建议加大投入。{marker}",
            "category": self.category,
        }
        if self.congress:
            body["congress"] = self.congress
        if self.api_post("/api/v1/suggestions/", body).status_code == 201:
            written["suggestions"].append(marker)

    @task(1)
    def my_suggestions(self):
        self.api_get("/api/v1/suggestions/?ordering=-submitted_at")


class UnitStaff(PortalUser):
    fixed_count = UNIT_USERS
    username = "unit_staff"

    def on_start(self):
        super().on_start()
        self.share = next(unit_shares)

    @task
    def accept_and_reply(self):
        """Work through the unit's new assignments; each unit user takes its own share (by id) so two
        of them never race for the same suggestion."""
        found = self.api_get(
            "/api/v1/suggestions/?status=assigned&ordering=-submitted_at", "/api/v1/suggestions/?status"
        )
        mine = [s for s in found.json()["results"] if s["id"] % UNIT_USERS == self.share][:2]
        for suggestion in mine:
            pk = suggestion["id"]
            if self.api_post(f"/api/v1/suggestions/{pk}/accept/", {}, "/api/v1/suggestions/[id]/accept/").ok:
                self.api_post(
                    f"/api/v1/suggestions/{pk}/reply/",
                    {"result": "B", "content": "已列入年度计划，正在推进。", "face_to_face": False},
                    "/api/v1/suggestions/[id]/reply/",
                )
        self.client.get("/suggestions/unit/", name="/suggestions/unit/")


class Committee(PortalUser):
    weight = 2

    def on_start(self):
        self.username = "committee" if next(unit_slots) % 2 else "committee_wuhan"
        super().on_start()

    @task(2)
    def lists(self):
        self.client.get("/suggestions/", name="/suggestions/")
        self.client.get("/suggestions/triage/", name="/suggestions/triage/")

    @task(1)
    def dashboards(self):
        self.client.get("/", name="/ (dashboard)")
        self.client.get("/stations/coverage/", name="/stations/coverage/")
        self.api_get("/api/v1/stats/handling/?group_by=unit", "/api/v1/stats/handling/")


@events.quitting.add_listener
def check_every_row(environment, **kwargs):
    """Every row written is in the database and every suggestion has been routed (waits for the worker)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    django.setup()
    from stations.models import Visit
    from suggestions.models import Status, Suggestion

    def missing_and_unrouted():
        visits = set(Visit.objects.filter(content__contains=f"load-{RUN}-").values_list("content", flat=True))
        ours = Suggestion.objects.filter(content__contains=f"load-{RUN}-")
        # Routed: assigned by a routing rule, or put in the committee's triage queue (no rule matched).
        triaged = set(ours.filter(events__action="triage").values_list("pk", flat=True))
        rows = {c.rsplit("。", 1)[-1]: (s, pk) for pk, c, s in ours.values_list("pk", "content", "status")}
        by_marker_v = {c.rsplit(" ", 1)[-1] for c in visits}
        missing = [m for m in written["visits"] if m not in by_marker_v]
        missing += [m for m in written["suggestions"] if m not in rows]
        unrouted = [m for m, (s, pk) in rows.items() if s == Status.SUBMITTED and pk not in triaged]
        return missing, unrouted

    deadline = time.monotonic() + 120
    missing, unrouted = missing_and_unrouted()
    while (missing or unrouted) and time.monotonic() < deadline:
        time.sleep(2)
        missing, unrouted = missing_and_unrouted()
    stats = environment.stats.total
    print(
        f"LOAD CHECK: visits written {len(written['visits'])}, suggestions written {len(written['suggestions'])}, "
        f"missing {len(missing)}, unrouted {len(unrouted)}, "
        f"requests {stats.num_requests}, failures {stats.num_failures}"
    )
    if missing or unrouted or stats.num_failures:
        environment.process_exit_code = 1
