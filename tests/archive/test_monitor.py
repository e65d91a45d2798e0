"""The link monitor: each URL a live analysis cites, checked politely, with its history."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive import monitor
from archive.models import LinkCheck
from serving.management.commands.run_schedule import JOBS
from tests.archive.conftest import PAGE, citing_analysis, source

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_seed_analyses")]


class FakeTime:
    """A clock that only moves when slept on: the pacing is exact and nobody waits."""

    def __init__(self):
        self.now = 1000.0
        self.slept = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time():
    return FakeTime()


@pytest.fixture
def check(fake_time):
    """Run the monitor once with a fast pace (fake time), returning its counts."""

    def run(rate=100.0, host_interval=0.0):
        return monitor.check_all(pacer=monitor.Pacer(rate, host_interval, fake_time.clock, fake_time.sleep))

    return run


def latest(source):
    return LinkCheck.objects.filter(source=source).first()


def test_ok_moved_broken_and_changed_are_told_apart_and_kept_as_history(web, archiving, publish_citing, check):
    @web.route("/changing")
    def changing(handler):
        handler.answer(200, PAGE.format(text=web.changing_text).encode())

    web.changing_text = "The original statement."
    fine, moved, gone, failing, changing = (
        source(web.url("/page"), title="Fine"),
        source(web.url("/old-address"), title="Moved"),
        source(web.url("/gone"), title="Gone"),
        source(web.url("/broken"), title="Failing"),
        source(web.url("/changing"), title="Changing"),
    )
    publish_citing(fine, moved, gone, failing, changing)  # archived: the copies are what "changed" compares to

    web.changing_text = "A statement rewritten since the analysis relied on it."
    assert check() == {"ok": 1, "moved": 1, "broken": 2, "changed": 1}

    assert latest(fine).outcome == "ok"
    assert latest(fine).status_code == 200
    assert latest(moved).outcome == "moved"
    assert latest(moved).final_url == web.url("/page")
    assert latest(moved).problem == f"Now at {web.url('/page')}"
    assert latest(gone).outcome == "broken"
    assert latest(gone).problem == "HTTP 404 Not Found"
    assert latest(failing).outcome == "broken"
    assert latest(failing).status_code == 500
    assert latest(changing).outcome == "changed"
    assert latest(changing).body_hash

    # The next run adds to the history; the change undone is "ok" again.
    web.changing_text = "The original statement."
    check()
    assert LinkCheck.objects.filter(source=changing).count() == 2
    assert [c.outcome for c in LinkCheck.objects.filter(source=changing)] == ["ok", "changed"]
    assert LinkCheck.objects.count() == 10


def test_markup_that_changes_around_the_same_text_is_not_a_change(web, archiving, publish_citing, check):
    page_source = source(web.url("/page"))
    publish_citing(page_source)
    web.routes["/page"] = lambda h: h.answer(
        200, PAGE.format(text=web.text).replace("hijacked", "another tracker").encode()
    )
    check()
    assert latest(page_source).outcome == "ok"


def test_head_first_and_get_when_head_is_refused(web, kazakhstan, check):
    plain = source(web.url("/page"))
    refuses_head = source(web.url("/head-refused"))
    citing_analysis(kazakhstan, plain, refuses_head, live=True)  # archiving off: nothing to compare with
    check()
    assert [method for method, *_ in web.hits("/page")] == ["HEAD"]
    assert [method for method, *_ in web.hits("/head-refused")] == ["HEAD", "GET"]
    assert latest(refuses_head).outcome == "ok"


def test_a_dead_name_is_broken_and_a_private_address_could_not_be_checked(web, kazakhstan, check, connections):
    dead = source("http://nowhere.test/report")
    private = source("http://10.0.0.1/intranet")
    citing_analysis(kazakhstan, dead, private, live=True)
    check()
    assert latest(dead).outcome == "broken"
    assert latest(dead).problem == "nowhere.test does not resolve."
    assert latest(private).outcome == "error"
    assert latest(private).problem.startswith("Refused: 10.0.0.1 resolves to a non-public address")
    assert connections == []


def test_only_live_analyses_are_checked_and_each_url_once(web, kazakhstan, check):
    shared = web.url("/page")
    first, second = source(shared, title="First"), source(shared, title="Second")
    citing_analysis(kazakhstan, first, title="One", live=True)
    citing_analysis(kazakhstan, second, title="Two", live=True)
    citing_analysis(kazakhstan, source(web.url("/gone")), title="A draft")  # not live: not checked
    check()
    assert len(web.requests) == 1
    assert latest(first).outcome == latest(second).outcome == "ok"
    assert web.hits("/gone") == []


def test_requests_are_spaced_per_host_and_overall(web, kazakhstan, fake_time, monkeypatch):
    urls = [web.url(f"/page?n={n}", host="sources.test") for n in range(3)]
    urls += [web.url(f"/page?n={n}", host="ngo.test") for n in range(2)]
    citing_analysis(kazakhstan, *[source(url) for url in urls], live=True)
    sent = []
    pacer = monitor.Pacer(rate=2.0, host_interval=10.0, clock=fake_time.clock, sleep=fake_time.sleep)
    real_wait = pacer.wait

    def wait(host):
        real_wait(host)
        sent.append((host, fake_time.now))

    monkeypatch.setattr(pacer, "wait", wait)
    monitor.check_all(pacer=pacer)

    # Host by host in turn, so one site's spacing does not hold the others back.
    assert [host for host, _ in sent] == ["sources.test", "ngo.test", "sources.test", "ngo.test", "sources.test"]
    times = [moment for _, moment in sent]
    assert all(later - earlier >= 0.5 for earlier, later in zip(times, times[1:], strict=False))  # 2 a second
    for host in ("sources.test", "ngo.test"):
        own = [moment for name, moment in sent if name == host]
        assert all(later - earlier >= 10.0 for earlier, later in zip(own, own[1:], strict=False))
    assert times[-1] - times[0] == 20.0  # the third request to sources.test waits out the spacing
    assert sum(fake_time.slept) == pytest.approx(20.0)
    assert [request[1].split(":")[0] for request in web.requests] == [host for host, _ in sent]


def test_a_redirect_is_paced_as_a_request_of_its_own(web, kazakhstan, fake_time):
    citing_analysis(kazakhstan, source(web.url("/old-address")), live=True)
    pacer = monitor.Pacer(rate=1.0, host_interval=5.0, clock=fake_time.clock, sleep=fake_time.sleep)
    monitor.check_all(pacer=pacer)
    assert fake_time.slept == [5.0]  # /old-address, then (same host) /page


def test_the_command_checks_and_the_scheduler_runs_it_daily(web, kazakhstan, monkeypatch, settings):
    settings.LINK_CHECK_HOST_INTERVAL = 0
    settings.LINK_CHECK_MAX_RATE = 0  # no pacing in this test (the pacing is tested above)
    citing_analysis(kazakhstan, source(web.url("/page")), source(web.url("/gone")), live=True)
    out = io.StringIO()
    call_command("check_cited_links", stdout=out)
    assert out.getvalue() == "Checked: 1 broken, 1 ok.\n"
    assert ("check_cited_links", 24 * 60 * 60) in JOBS


def test_old_history_is_pruned(web, kazakhstan, check, settings):
    old = LinkCheck.objects.create(
        url="https://example.org/", outcome="ok", checked_at=timezone.now() - datetime.timedelta(days=500)
    )
    recent = LinkCheck.objects.create(url="https://example.org/", outcome="ok")
    check()
    assert not LinkCheck.objects.filter(pk=old.pk).exists()
    assert LinkCheck.objects.filter(pk=recent.pk).exists()
