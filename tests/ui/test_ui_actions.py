"""ui.shell.actions: one core action, its refusal shown by the page's handler, and the other
pages told what changed only when something did."""

from __future__ import annotations

import pytest

from marketapp.core.errors import UserError
from marketapp.ui.shell.actions import act, attempt, if_any
from marketapp.ui.shell.session import Change


class Refusal(UserError):
    messages = {"no": ("不行", "No")}


def heard(session) -> list[str]:
    seen: list[str] = []
    for name in ("villagers_changed", "market_changed", "queue_changed"):
        getattr(session.events, name).connect(lambda name=name: seen.append(name))
    return seen


def test_an_action_that_went_through_is_announced_with_its_result(qapp, session):
    seen = heard(session)
    session.sign_in_as("王芳")
    done = act(session, lambda s: f"{s.operator} merged", Change.VILLAGERS)
    assert done == (True, "王芳 merged") and seen == ["villagers_changed"]


def test_a_refusal_goes_to_the_page_and_nothing_is_announced(qapp, session):
    seen, said = heard(session), []

    def refuse(_s):
        raise Refusal("no")

    done = act(session, refuse, Change.QUEUE, refused=said.append)
    assert done == (False, None) and seen == []
    assert len(said) == 1 and isinstance(said[0], Refusal)


def test_without_handlers_errors_go_on_to_the_excepthook(qapp, session):
    seen = heard(session)

    def refuse(_s):
        raise Refusal("no")

    with pytest.raises(Refusal):
        act(session, refuse, Change.QUEUE)
    with pytest.raises(ZeroDivisionError):
        act(session, lambda _s: 1 / 0, Change.QUEUE, refused=lambda exc: None)
    assert seen == []


def test_the_unexpected_goes_to_failed_and_a_refusal_too_when_no_refused_is_given():
    failures: list[Exception] = []
    assert attempt(lambda: 1 / 0, failed=failures.append) == (False, None)

    def refuse():
        raise Refusal("no")

    assert attempt(refuse, failed=failures.append) == (False, None)
    assert [type(f) for f in failures] == [ZeroDivisionError, Refusal]


def test_nothing_found_to_do_is_not_announced(qapp, session):
    seen = heard(session)
    assert act(session, lambda _s: None, if_any(Change.QUEUE)).ok
    assert seen == []
    act(session, lambda _s: "A001", if_any(Change.QUEUE))
    assert seen == ["queue_changed"]


def test_the_day_is_announced_before_its_queues(qapp, session):
    seen = heard(session)
    session.announce(Change.QUEUE | Change.MARKET | Change.VILLAGERS)
    assert seen == ["villagers_changed", "market_changed", "queue_changed"]
