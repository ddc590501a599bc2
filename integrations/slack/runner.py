"""Running the Slack app: HTTP under gunicorn (production WSGI server) or Socket Mode over a websocket.

Each gunicorn worker process builds its own services after fork (database pools and threads do not survive a
fork), resumes unfinished work, and hands its running jobs back on exit.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from integrations.slack.app import build_app
from integrations.slack.config import SlackOptions
from integrations.slack.redaction import install_redaction
from integrations.slack.services import SlackServices, build_services
from integrations.slack.wsgi import SlackWsgiApp
from tools.core.errors import NotConfiguredError
from tools.core.settings import Settings

logger = logging.getLogger(__name__)


def configure_logging(services: SlackServices, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_redaction(services.secrets())


def freeze_startup_objects() -> None:
    """Move everything built at start-up (modules, migrations, app) out of the garbage collector's reach.

    Why: a full collection walks every live object; with SQLAlchemy, Alembic and slack_sdk loaded that pause shows
    up as a >100 ms outlier in ack latency every few thousand requests. Frozen objects are never scanned.
    """
    gc.collect()
    gc.freeze()


def build_wsgi(settings: Settings, options: SlackOptions | None = None, **overrides: Any) -> Any:
    """Services + bolt App + WSGI callable for one process; starts recovery and the sweeper."""

    services = build_services(settings, options, **overrides)
    wsgi = SlackWsgiApp(build_app(services))
    wsgi.services = services  # type: ignore[attr-defined]
    services.start()
    freeze_startup_objects()
    return wsgi


def start_background(services: SlackServices) -> None:
    """What a serving process runs beside the listeners: the check-in scheduler (unless turned off)."""
    if services.options.run_scheduler:
        services.start_scheduler()


def serve_http(settings: Settings, options: SlackOptions, *, host: str, port: int, workers: int = 1,
               threads: int = 16, on_ready: Callable[[str, int], None] | None = None) -> None:
    """Serve the WSGI app with gunicorn's threaded workers (blocks until stopped)."""
    from gunicorn.app.base import BaseApplication

    holder: dict[str, Any] = {}

    class HooklineGunicorn(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", 120)
            self.cfg.set("graceful_timeout", 20)
            self.cfg.set("accesslog", None)
            self.cfg.set("when_ready", _when_ready)
            self.cfg.set("worker_exit", _worker_exit)

        def load(self) -> Any:
            wsgi = build_wsgi(settings, options)
            holder["services"] = wsgi.services
            configure_logging(wsgi.services)
            start_background(wsgi.services)
            return wsgi

    def _when_ready(server: Any) -> None:
        for listener in server.LISTENERS:
            address = listener.sock.getsockname()
            if on_ready is not None:
                on_ready(str(address[0]), int(address[1]))

    def _worker_exit(server: Any, worker: Any) -> None:
        services = holder.get("services")
        if services is not None:
            services.stop(wait=False)

    HooklineGunicorn().run()


def serve_socket_mode(settings: Settings, options: SlackOptions, *, stop: threading.Event | None = None,
                      on_ready: Callable[[], None] | None = None, **overrides: Any) -> None:
    """Connect to Slack over Socket Mode (needs SLACK_APP_TOKEN) and serve until `stop` is set or a signal."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler


    if settings.slack_app_token is None:
        raise NotConfiguredError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…, with "
                                 "connections:write).")
    services = build_services(settings, options, **overrides)
    configure_logging(services)
    app = build_app(services, socket_mode=True)
    handler = SocketModeHandler(app, settings.slack_app_token.get_secret_value())
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    services.start()
    freeze_startup_objects()
    start_background(services)
    try:
        handler.connect()
        if on_ready is not None:
            on_ready()
        stop.wait()
    finally:
        handler.close()
        services.stop(wait=False)
