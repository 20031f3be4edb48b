"""One way to act from the UI (Anki's ``CollectionOp``, on the UI thread): run one core action,
say why core refused it where the page says such things, and tell the other pages what changed.

    ok, ticket = act(self.session, lambda s: queue.recall(s.db, ticket_id), Change.QUEUE,
                     refused=self.message.show_refusal, failed=self.message.show_failure)

The action gets the session: ``s.db`` (the UI thread's connection) and ``s.operator`` (who is
signed in, ``''`` with sign-in off) for the core calls that record who did it.

A refusal is core's ``UserError``: its ``message()`` is for the person, and ``refused`` puts it
where the page shows refusals (a message line, an error label, a field). Anything else goes to
``failed`` on pages that show the unexpected themselves (the queue screens' message line).
Without a handler an error goes on, like any other, to the excepthook's calm box.

Only a change that happened is announced: nothing after a refusal, and ``changes`` may be a
function of the result for an action that can find nothing to do (``if_any``).
Work that runs in a worker (imports, merges) announces with ``Session.announce`` when done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, NamedTuple, TypeVar

from marketapp.core.errors import UserError
from marketapp.ui.shell.session import Change, Session

T = TypeVar("T")


class Done(NamedTuple, Generic[T]):
    ok: bool
    result: T | None


def attempt(run: Callable[[], T], *, refused: Callable[[UserError], object] | None = None,
            failed: Callable[[Exception], object] | None = None) -> Done[T]:
    """Run one core call: ``Done(True, result)``, or ``Done(False, None)`` once a handler
    has shown why not. For calls that change nothing (a preview); changes go through ``act``."""
    try:
        return Done(True, run())
    except Exception as exc:
        if isinstance(exc, UserError) and refused is not None:
            refused(exc)
        elif failed is not None:
            failed(exc)
        else:
            raise
    return Done(False, None)


def act(session: Session, run: Callable[[Session], T], changes: Change | Callable[[T], Change],
        *, refused: Callable[[UserError], object] | None = None,
        failed: Callable[[Exception], object] | None = None) -> Done[T]:
    """``attempt`` the action with the session, then announce ``changes`` if it went through."""
    done = attempt(lambda: run(session), refused=refused, failed=failed)
    if done.ok:
        session.announce(changes if isinstance(changes, Change) else changes(done.result))
    return done


def if_any(changes: Change) -> Callable[[object], Change]:
    """For an action that returns None when it found nothing to do (call next, nobody waiting)."""
    return lambda result: Change.NONE if result is None else changes
