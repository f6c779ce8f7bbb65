"""Two replicas behind nginx on 127.0.0.1, sharing one PostgreSQL database (deploy/replicas.py runs them
with the site file deploy/nginx_site.py writes and a self-signed certificate):

- a therapist's browser works through nginx over https: sign-in, a client record, a saved session;
- the load client (bench/bench_load.py's virtual users) walks the self-check through nginx: twice the
  users of one process, spread over both replicas, every one reaching the result; the p95 against one
  process alone is recorded in artifacts/deploy/load.txt (this 2-core machine runs the client, nginx,
  Chromium and both replicas on the same two cores, so it cannot show a doubled capacity: the bench
  measures that at scale, `bench/bench_load.py --replicas 2`);
- one replica is killed while sessions run: the sessions on the other replica go on without a reconnect
  or an error, the killed replica's users reconnect to the survivor and walk to the result again, the
  therapist stays signed in, and every row saved before is still in the database;
- with no replica up, nginx answers 503 with the security headers.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import random
import re
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.engine import make_url

from bench import bench_load
from deploy import replicas
from logic.auth import accounts
from logic.settings import ClinicSettings
from logic.storage import open_storage
from tests import REPO
from tests.browser.browser_support import LAPTOP_VIEWPORT, screenshot, settled, sign_in

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]

TIMEOUT = 30_000
USER, PASSWORD = "thera", "therapist pass 1"
CLIENT = "Karen Replika"
THINK_S = 1.0
ONE_PROCESS_USERS = 6  # small enough for CI; the bench measures at 25 ... 300
ARTIFACTS = REPO / "artifacts" / "deploy"
SAVED = re.compile(r"The session on \d{4}-\d\d-\d\d has been saved\.")


@dataclass
class Deployment:
    cluster: replicas.Cluster
    database_url: str
    client_id: int


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def deployment(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """A new PostgreSQL database with a therapist and a client, two replicas on it and nginx in front."""
    name = f"rg_deploy_{secrets.token_hex(6)}"
    with psycopg.connect(_libpq(postgres_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    folder = tmp_path_factory.mktemp("deploy")
    key = secrets.token_hex(32)
    try:
        with pytest.MonkeyPatch.context() as patch:  # the replicas' audit key, for the rows written here
            patch.setenv("REAKTIONSGUIDE_AUDIT_KEY", key)
            with open_storage(url, ClinicSettings(data_dir=folder / "data")) as store:
                accounts.create_user(store, USER, PASSWORD, "therapist")
                client = store.create_client({"name": CLIENT, "birth_year": 1968, "consent_health_data": True})
        env = {"REAKTIONSGUIDE_DATABASE_URL": url, "REAKTIONSGUIDE_AUDIT_KEY": key}
        try:
            with replicas.running(folder, env, replicas=2) as cluster:
                yield Deployment(cluster, url, client.id)
        except RuntimeError as error:  # a replica or nginx did not come up: its output is in the message
            pytest.fail(str(error))
    finally:
        with psycopg.connect(_libpq(postgres_url), autocommit=True) as conn:
            for _ in range(100):  # autovacuum may hold the new database a moment (tests/storage_fixtures.py)
                try:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                    break
                except psycopg.errors.InsufficientPrivilege:
                    time.sleep(0.1)


@pytest.fixture(scope="module")
def therapist(browser: Browser, deployment: Deployment) -> Iterator[Page]:
    """The therapist's browser (one tab), through nginx over https with the self-signed certificate."""
    context = browser.new_context(ignore_https_errors=True, viewport=LAPTOP_VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def row_counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(_libpq(database_url)) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def route_of(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == replicas.ROUTE_COOKIE)


def open_record(page: Page, deployment: Deployment) -> None:
    page.get_by_role("link", name="Clients").click()
    settled(page)
    page.locator(f".st-key-client-row-{deployment.client_id}").get_by_role("link").click()
    settled(page)
    expect(page).to_have_url(re.compile(rf"/client\?id={deployment.client_id}"), timeout=TIMEOUT)
    expect(page.get_by_role("heading", name=CLIENT)).to_be_visible(timeout=TIMEOUT)


@pytest.fixture(scope="module")
def saved_session(therapist: Page, deployment: Deployment) -> Page:
    """The therapist signs in through nginx, opens the client's record and saves a session."""
    page = therapist
    base = deployment.cluster.url
    sign_in(page, base, USER, PASSWORD)
    open_record(page, deployment)
    page.get_by_role("tab", name="Sessions").click()
    settled(page)
    box = page.get_by_role("combobox", name="Treatment")
    box.click()
    box.press_sequentially("Trigger-point")
    page.get_by_role("option", name="Trigger-point therapy", exact=True).click()
    page.get_by_role("spinbutton", name="Duration (min)").fill("45")
    page.get_by_role("spinbutton", name="Pressure (0-10)").fill("5")
    page.get_by_role("spinbutton", name="Pain before (0-10)").fill("7")
    page.get_by_role("spinbutton", name="Pain after (0-10)").fill("5")
    page.get_by_role("button", name="Save the session").click()
    settled(page)
    expect(page.get_by_text(SAVED)).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "deploy-therapist-saved")
    return page


def test_a_therapist_works_through_nginx_over_https(saved_session: Page, deployment: Deployment) -> None:
    page = saved_session
    assert page.url.startswith(deployment.cluster.url + "/client?id=")
    assert row_counts(deployment.database_url)["sessions"] == 1
    # The route cookie keeps the browser on one replica: its page, websocket and session routes.
    served = {line.split("upstream=")[1].split()[0] for line in _log_lines(deployment, route_of(page))}
    assert len(served) == 1, served
    # HSTS once (nginx's), the app's own security headers passed on.
    with urllib.request.urlopen(deployment.cluster.url + "/", context=replicas.insecure_local_tls()) as answer:
        headers = answer.headers
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


def _log_lines(deployment: Deployment, route: str) -> list[str]:
    return [line for line in deployment.cluster.access_log.read_text().splitlines() if f"route={route} " in line]


def logged_route(cluster: replicas.Cluster, key: str) -> str:
    """The replica nginx sent a route cookie to (its access log line is written just after the answer)."""
    deadline = time.monotonic() + 10
    while key not in (routes := cluster.routes()):
        assert time.monotonic() < deadline, f"no access log line for route {key}"
        time.sleep(0.02)
    return routes[key]


def routes_to_each_replica(cluster: replicas.Cluster, per_replica: int) -> dict[str, list[str]]:
    """Route cookies that nginx sends to each replica, found by asking /ready with each."""
    found: dict[str, list[str]] = {replica.upstream: [] for replica in cluster.replicas}
    for _ in range(200):
        if all(len(keys) >= per_replica for keys in found.values()):
            break
        key = secrets.token_hex(16)
        request = urllib.request.Request(cluster.url + "/ready", headers={"Cookie": f"{replicas.ROUTE_COOKIE}={key}"})
        with urllib.request.urlopen(request, context=replicas.insecure_local_tls()) as answer:
            assert answer.status == 200
        upstream = logged_route(cluster, key)
        if len(found[upstream]) < per_replica:
            found[upstream].append(key)
    assert all(len(keys) >= per_replica for keys in found.values()), found
    return found


def _in_thread(coroutine):
    """Playwright's sync API holds this thread's event loop: the load client runs in a thread of its own."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_twice_the_users_of_one_process_through_nginx(deployment: Deployment) -> None:
    cluster = deployment.cluster
    one = _in_thread(bench_load.load(cluster.replicas[0].url, ONE_PROCESS_USERS, THINK_S, seed=1))
    routes_before = len(cluster.routes())
    both = _in_thread(bench_load.load(cluster.url, 2 * ONE_PROCESS_USERS, THINK_S, seed=2))

    assert one.errors == [] and both.errors == []
    assert both.levels == [bench_load.RESULT] * (2 * ONE_PROCESS_USERS)
    assert both.reconnects == 0
    # nginx spread the users' route cookies over both replicas.
    served = list(cluster.routes().values())[routes_before:]
    per_replica = {replica.upstream: served.count(replica.upstream) for replica in cluster.replicas}
    assert all(count >= 1 for count in per_replica.values()), per_replica

    def p95(outcome: bench_load.Outcome) -> float:
        return bench_load.percentile([ms for step, ms_ in outcome.times.items() if step != "open" for ms in ms_], 95)

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.txt").write_text(
        f"{ONE_PROCESS_USERS} users on one replica directly: p95 of every Next {p95(one):.0f} ms\n"
        f"{2 * ONE_PROCESS_USERS} users through nginx on 2 replicas: p95 {p95(both):.0f} ms "
        f"(ratio {p95(both) / p95(one):.2f}x); users per replica {per_replica}\n"
        f"think {THINK_S:g} s; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}. The client, nginx,"
        " Chromium and both replicas share these cores, so twice the capacity of one process cannot be shown"
        " here; bench/bench_load.py --replicas 2 measures it at 25 ... 150 sessions per process.\n"
    )


@dataclass
class Walker:
    user: bench_load.VirtualUser
    outcome: bench_load.Outcome
    upstream: str


async def _walk_and_kill(cluster: replicas.Cluster, walkers: list[Walker], victim: replicas.Replica) -> None:
    """Every walker walks the self-check; once each has answered two questions, the victim is killed."""
    rng = random.Random(3)
    tasks = [
        asyncio.create_task(
            bench_load.walk(
                cluster.url, THINK_S, w.outcome, random.Random(rng.random()), rng.uniform(0, THINK_S), user=w.user
            )
        )
        for w in walkers
    ]
    deadline = time.monotonic() + 60
    while any(sum(map(len, w.outcome.times.values())) < 3 and not w.outcome.errors for w in walkers):
        assert time.monotonic() < deadline, "the walkers did not get going"
        await asyncio.sleep(0.05)
    victim.kill()
    await asyncio.gather(*tasks)


def test_a_killed_replica_loses_no_saved_row_and_its_users_start_again(
    saved_session: Page, deployment: Deployment
) -> None:
    cluster, page = deployment.cluster, saved_session
    # The replica the therapist's browser is on is the one that dies.
    therapist_on = cluster.routes()[route_of(page)]
    victim = next(r for r in cluster.replicas if r.upstream == therapist_on)
    survivor = next(r for r in cluster.replicas if r is not victim)
    keys = routes_to_each_replica(cluster, per_replica=4)
    walkers = []
    for upstream, routes in keys.items():
        for key in routes:
            user = bench_load.VirtualUser(cluster.url)
            user.cookies[replicas.ROUTE_COOKIE] = key  # as a browser that got this cookie before
            walkers.append(Walker(user, bench_load.Outcome(), upstream))
    before = row_counts(deployment.database_url)

    _in_thread(_walk_and_kill(cluster, walkers, victim))

    assert not victim.alive() and survivor.alive()
    for w in walkers:
        assert w.outcome.errors == [], (w.upstream, w.outcome.errors)
        assert w.outcome.levels == [bench_load.RESULT], w.upstream
        if w.upstream == survivor.upstream:  # untouched: never dropped, never asked again
            assert w.outcome.reconnects == 0
        else:  # dropped with the replica, reconnected to the survivor, walked the self-check again
            assert w.outcome.reconnects == 1
            assert len(w.outcome.times["next q_red_flags"]) == 2
    # A new browser after the kill is served by the survivor.
    fresh = _in_thread(bench_load.load(cluster.url, 2, THINK_S / 4, seed=4))
    assert fresh.errors == [] and fresh.levels == [bench_load.RESULT] * 2

    # The therapist's tab, reloaded, is on the survivor: still signed in (the session is in the database).
    page.reload()
    settled(page)
    expect(page.get_by_role("heading", name=CLIENT)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(f"Signed in as {USER}").first).to_be_visible(timeout=TIMEOUT)
    assert cluster.routes()[route_of(page)] == survivor.upstream
    screenshot(page, "deploy-therapist-after-failover")

    after = row_counts(deployment.database_url)
    for table, count in before.items():
        assert after[table] >= count, (table, count, after[table])  # nothing saved is lost
    assert after["sessions"] == before["sessions"] == 1 and after["clients"] == before["clients"] == 1


def test_with_no_replica_up_nginx_answers_503_with_the_security_headers(deployment: Deployment) -> None:
    for replica in deployment.cluster.replicas:  # last in this file: the deployment ends here
        replica.kill()
    request = urllib.request.Request(deployment.cluster.url + "/client?id=1")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, context=replicas.insecure_local_tls())
    answer = refused.value
    assert answer.code == 503 and "not available" in answer.read().decode()
    assert answer.headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert answer.headers["X-Frame-Options"] == "DENY" and answer.headers["Cache-Control"] == "no-store"
