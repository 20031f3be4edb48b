"""The app serves the market square itself: the hub's server (``marketapp.web``) inside the
app while it is open, switched in 设置 → 摊位设备 and remembered in the data file
(``hub_enabled``, ``hub_host``, ``hub_port``).

* Starting and stopping run in a worker (listening, the hub's own connection and the web
  thread take a moment, and finding this laptop's addresses may ask the system): the UI
  thread never waits on them, except at exit (``shutdown``), where the app must not leave a
  server behind.
* Where it listens is the user's choice (default: this laptop's LAN address, shown; every
  network only when chosen so). At start-up a saved address that is no longer this laptop's
  is not replaced silently: the server stays off and ``gone`` says which address went and
  which one this laptop has now (the settings offer it).
* News both ways. Phones' writes: the hub calls its subscribers on its own thread; that only
  emits a signal, delivered queued on the UI thread, where the pages are told
  (``SessionEvents.announce``) — at once, without waiting for their refresh timers. Whether
  someone else wrote is read from the desktop connection's ``PRAGMA data_version`` (it moves
  only when another connection commits), so the desktop's own writes echoed back by the hub
  do not refresh every page a second time. The desktop's writes: ``Session.announce`` calls
  ``notify_changed``, and the phones hear of them within a second.
* Devices online (a live page open): the web server's ``Connections`` tell a queued signal too.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from marketapp.core.devices.hub_address import (
    base_url,
    pairing_url,
    remember_switch,
    saved_address,
    serving_wanted,
)
from marketapp.core.errors import UserError
from marketapp.ui.shell.session import Change, Session
from marketapp.ui.shell.tasks import Task

log = logging.getLogger(__name__)

OFF, STARTING, ON, STOPPING = "off", "starting", "on", "stopping"


@dataclass(frozen=True)
class Serving:
    """What a start made (in the worker): the server and hub, and the address phones use."""

    server: object  # marketapp.web.server.HubServer
    hub: object  # marketapp.web.hub.Hub
    public_host: str  # in links and QR codes: the LAN address even when listening everywhere
    port: int


def _start(db_path, host: str, port: int, check: bool):
    """In the worker: a ``Serving``, or the ``HostChoice`` that says the address is gone."""
    from marketapp.web.addresses import ANY, LOOPBACK, choose_host, default_host, lan_addresses
    from marketapp.web.hub import Hub
    from marketapp.web.server import HubServer

    if check:
        choice = choose_host(host, lan_addresses())
        if choice.host is None:
            return choice
        host = choice.host
    hub = Hub(db_path).start()
    server = HubServer(db_path, host, port, hub=hub)
    try:
        server.start()
    except BaseException:
        hub.stop()
        raise
    public = (default_host() or LOOPBACK) if host in ANY else host
    return Serving(server, hub, public, server.port)


def _stop(serving: Serving) -> None:
    try:
        serving.server.stop()  # type: ignore[attr-defined]
    finally:
        serving.hub.stop()  # type: ignore[attr-defined]


def _data_version(session: Session) -> int | None:
    try:
        return session.db.execute("PRAGMA data_version").fetchone()[0]
    except sqlite3.Error:
        return None


class HubControl(QObject):
    changed = Signal()  # on / off / starting / stopping, the address, an error
    online_changed = Signal(int)  # how many devices have a live page open
    _feed = Signal()  # from the hub's thread: something changed
    _online = Signal(object)  # from the web server's thread: the ids online now

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state = OFF
        self.serving: Serving | None = None
        self.wanted: tuple[str, int] | None = None  # where the user wants it to listen
        self.host: str | None = None  # where it listens (or is starting to)
        self.error: str | None = None  # why the last start did not work
        self.gone = None  # a HostChoice: the saved address is no longer this laptop's
        self.online_ids: frozenset[str] = frozenset()
        self.closed = False
        self._task: Task | None = None
        self._check_address = False
        self._unhook: list = []
        self._seen = _data_version(session)
        self._feed.connect(self._hub_changed, Qt.ConnectionType.QueuedConnection)
        self._online.connect(self._online_now, Qt.ConnectionType.QueuedConnection)

    # ------------------------------------------------------------------ what it is

    @property
    def running(self) -> bool:
        return self.state == ON and self.serving is not None

    @property
    def busy(self) -> bool:
        return self._task is not None

    @property
    def port(self) -> int | None:
        return self.serving.port if self.serving else None

    @property
    def url(self) -> str | None:
        """Where phones reach it (the LAN address, even when listening everywhere)."""
        if self.serving is None:
            return None
        return base_url(self.serving.public_host, self.serving.port)

    def link(self, code: str) -> str:
        """A pairing link for a QR code: the IP address, never a name."""
        assert self.serving is not None
        return pairing_url(self.serving.public_host, self.serving.port, code)

    @property
    def online(self) -> int:
        return len(self.online_ids)

    # ------------------------------------------------------------------ switching

    def start_saved(self) -> None:
        """At start-up: serve when the switch was left on, where it was (checked first)."""
        if self.closed or not serving_wanted(self.session.db):
            return
        host, port = saved_address(self.session.db)
        self.gone = None
        self.wanted = (host or "", port)
        self._check_address = True
        self._reconcile()

    def switch_on(self, host: str, port: int) -> None:
        """The user turned the switch on (or chose another address): remembered, then
        started in a worker."""
        remember_switch(self.session.db, True, host, port)
        self.gone = None
        self.error = None
        self.wanted = (host, int(port))
        self._check_address = True
        self._reconcile()
        self.changed.emit()

    def switch_off(self) -> None:
        remember_switch(self.session.db, False)
        self.wanted = None
        self.error = None
        self._reconcile()
        self.changed.emit()

    def _reconcile(self) -> None:
        """Bring what runs to what is wanted, one worker at a time."""
        if self.closed or self._task is not None:
            return  # when the worker is done, this runs again
        if self.serving is not None:
            listening = (self.host, self.serving.port)
            if self.wanted is None or (self.wanted[0], self.wanted[1] or listening[1]) \
                    != listening:
                self._begin_stop()
            return
        if self.wanted is not None:
            self._begin_start(*self.wanted)

    def _begin_start(self, host: str, port: int) -> None:
        db_path, check = self.session.db_path, self._check_address
        self.state, self.host = STARTING, host
        self._run(lambda: _start(db_path, host, port, check), self._started, self._not_started)

    def _begin_stop(self) -> None:
        serving, self.serving = self.serving, None
        self._unhook_all()
        self.state = STOPPING
        self._run(lambda: _stop(serving), lambda _r: self._stopped(), self._stop_failed)

    def _run(self, job, succeeded, failed) -> None:
        task = Task(job, self)
        task.finished.connect(task.deleteLater)
        task.succeeded.connect(lambda result: self._done(task, succeeded, result))
        task.failed.connect(lambda exc: self._done(task, failed, exc))
        self._task = task
        task.start()
        self.changed.emit()

    def _done(self, task: Task, then, value) -> None:
        if self._task is not task or self.closed:
            return  # shutdown took it over
        self._task = None
        then(value)
        self._reconcile()
        self.changed.emit()

    def _started(self, result) -> None:
        from marketapp.web.addresses import HostChoice

        if isinstance(result, HostChoice):
            self.state, self.wanted = OFF, None
            if result.gone:  # the saved address is gone: said, not replaced
                self.gone = result
            else:
                self.error = QCoreApplication.translate(
                    "HubControl", "This laptop has no LAN address (not connected to the "
                    "router?). Connect it, or choose 127.0.0.1 to serve this computer only.")
            return
        self.serving, self.state, self.error = result, ON, None
        self.host = result.server.host
        self.wanted = (self.host, result.port)  # port 0 (any free one) is now this one
        self._hook(result)

    def _not_started(self, exc: BaseException) -> None:
        self.state, self.wanted = OFF, None
        self.error = exc.message() if isinstance(exc, UserError) else str(exc)

    def _stopped(self) -> None:
        self.state = OFF
        self._set_online(frozenset())

    def _stop_failed(self, exc: BaseException) -> None:
        log.error("stopping the hub failed: %s", exc)
        self._stopped()

    # ------------------------------------------------------------------ news both ways

    def _hook(self, serving: Serving) -> None:
        self._seen = _data_version(self.session)
        self._unhook = [serving.hub.subscribe(lambda _version: self._feed.emit()),  # type: ignore[attr-defined]
                        serving.server.connections.watch(self._online.emit)]  # type: ignore[attr-defined]

    def _unhook_all(self) -> None:
        for unhook in self._unhook:
            unhook()
        self._unhook = []

    def notify_changed(self) -> None:
        """The desktop wrote (``Session.announce``): the phones hear of it now."""
        if self.serving is not None:
            self.serving.hub.notify_changed()  # type: ignore[attr-defined]

    def _hub_changed(self) -> None:
        """On the UI thread: the hub saw a change; the pages hear of it if it was not ours."""
        if self.closed:
            return
        version = _data_version(self.session)
        if version is not None and version == self._seen:
            return  # only the desktop's own writes: its pages know
        self._seen = version
        self.session.events.announce(Change.QUEUE | Change.DEVICES)

    def _online_now(self, ids: frozenset[str]) -> None:
        if not self.closed and self.serving is not None:
            self._set_online(ids)

    def _set_online(self, ids: frozenset[str]) -> None:
        if ids != self.online_ids:
            self.online_ids = ids
            self.online_changed.emit(len(ids))

    # ------------------------------------------------------------------ exit

    def shutdown(self) -> None:
        """At exit (``ui.shell.lifecycle``): stop serving and wait for it — the data file is
        about to be backed up and closed. Once; whatever went wrong before."""
        if self.closed:
            return
        self.closed = True
        self.wanted = None
        task, self._task = self._task, None
        if task is not None:
            task.wait()  # a start finishing now: its server is stopped below
            if isinstance(task.result, Serving) and self.serving is None:
                self.serving = task.result
        self._unhook_all()
        serving, self.serving = self.serving, None
        if serving is not None:
            try:
                _stop(serving)
            except Exception:  # exit goes on: the data file must still be closed
                log.exception("stopping the hub at exit failed")
        self.state = OFF
        self.online_ids = frozenset()


def hub_control(session: Session) -> HubControl:
    """The session's hub control, made on first use (one per app: the settings tab, the
    dialog, the status bar and the lifecycle share it)."""
    if session.hub is None:
        session.hub = HubControl(session)
    return session.hub


def describe(control: HubControl) -> str:
    """One line on the server's state, for the settings and the dialog."""
    translate = QCoreApplication.translate
    if control.state == STARTING:
        return translate("HubControl", "Starting…")
    if control.state == STOPPING:
        return translate("HubControl", "Stopping…")
    if control.running:
        text = translate("HubControl", "Serving at {url} · {n} online").format(
            url=control.url, n=control.online)
        if control.host in ("127.0.0.1", "localhost", "::1"):
            text += "\n" + translate("HubControl", "This computer only: phones cannot connect. "
                                                   "Choose this laptop's address on the router "
                                                   "for them.")
        elif control.host in ("0.0.0.0", "::"):
            text += "\n" + translate("HubControl", "Listening on every network this laptop is "
                                                   "on, not only the market's router.")
        return text
    if control.gone is not None:
        if control.gone.found:
            return translate("HubControl", "Not serving: the saved address {old} is no longer "
                                           "this laptop's; its address now is {new}.").format(
                old=control.gone.gone, new=control.gone.found)
        return translate("HubControl", "Not serving: the saved address {old} is no longer this "
                                       "laptop's, and it has no LAN address now (not connected "
                                       "to the router?).").format(old=control.gone.gone)
    if control.error:
        return translate("HubControl", "Could not start: {reason}").format(reason=control.error)
    return translate("HubControl", "Off: stall phones and displays cannot connect.")
