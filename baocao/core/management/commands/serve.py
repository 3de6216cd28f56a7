"""baocao serve [--bind ADDR] [--workers N] [--timeout S]: the production server (gunicorn).

Defaults come from the environment (BAOCAO_BIND, BAOCAO_WORKERS, BAOCAO_TIMEOUT,
BAOCAO_MAX_REQUESTS, BAOCAO_FORWARDED_ALLOW_IPS; see docs/settings.md).  Runs in the
foreground, logs to standard error, stops gracefully on SIGTERM (what systemd sends)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def gunicorn_options(bind: str, workers: int, timeout: int) -> dict:
    return {
        "bind": [part.strip() for part in bind.split(",") if part.strip()],
        "workers": workers,
        "worker_class": "sync",
        "timeout": timeout,
        "graceful_timeout": 30,
        "keepalive": 5,
        "limit_request_line": 8190,
        "max_requests": settings.BAOCAO_MAX_REQUESTS,
        "max_requests_jitter": settings.BAOCAO_MAX_REQUESTS // 10,
        "forwarded_allow_ips": settings.BAOCAO_FORWARDED_ALLOW_IPS,
        # Requests are logged by baocao.lib.requestlog (one JSON line each, with the user and
        # the query count); gunicorn's own access log would say the same twice.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "baocao",
        "control_socket_disable": True,
    }


class Command(BaseCommand):
    help = "Serve baocao in production (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=None,
                            help="address:port, or unix:/path (default BAOCAO_BIND)")
        parser.add_argument("--workers", type=int, default=None,
                            help="worker processes (default BAOCAO_WORKERS)")
        parser.add_argument("--timeout", type=int, default=None,
                            help="seconds before a silent worker is restarted "
                                 "(default BAOCAO_TIMEOUT)")

    def handle(self, bind=None, workers=None, timeout=None, **options):
        from gunicorn.app.base import BaseApplication

        bind = bind or settings.BAOCAO_BIND
        workers = workers or settings.BAOCAO_WORKERS
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        config = gunicorn_options(bind, workers, timeout or settings.BAOCAO_TIMEOUT)

        class Application(BaseApplication):
            def load_config(self):
                known = self.cfg.settings
                for key, value in config.items():
                    if key in known:
                        self.cfg.set(key, value)

            def load(self):
                from baocao.wsgi import application

                return application

        self.stderr.write(f"baocao serve: {', '.join(config['bind'])}, {workers} workers")
        Application().run()
