"""Start the real platform — migrate, load reference data, compile translations, gunicorn — on a fresh
database and a free port, exactly as an operator would with the ``rantai`` command.

Used by the end-to-end fixtures (``tests/e2e/conftest.py``) and by ``scripts/screenshot.py``.
The database is new every time: a SQLite file in a temporary folder, or, when ``DATABASE_URL`` points at
PostgreSQL, a database of its own (``rantai_e2e_<pid>``) created next to the configured one and dropped
at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parents[2]


class LiveServerError(RuntimeError):
    """The platform could not be set up or did not answer; the message carries its output."""


def rantai_executable() -> str:
    """The ``rantai`` console script of the interpreter running us (the project's virtualenv)."""
    beside = Path(sys.executable).with_name("rantai")
    if beside.exists():
        return str(beside)
    found = shutil.which("rantai")
    if found is None:
        raise LiveServerError("The rantai command is not installed: run ./dev test (pip install -e .[dev]).")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresDatabase:
    """A throw-away database on the PostgreSQL server that ``url`` names."""

    def __init__(self, url: str, name: str) -> None:
        self.admin_url = url
        self.name = name
        parts = urlsplit(url)
        self.url = urlunsplit(parts._replace(path=f"/{name}"))

    def _execute(self, statement: str) -> None:
        import psycopg
        from psycopg import sql

        # CREATE/DROP DATABASE cannot run inside a transaction. Connect to the configured database, or to
        # the server's maintenance database when the configured one does not exist (yet).
        try:
            connection = psycopg.connect(self.admin_url, autocommit=True)
        except psycopg.OperationalError:
            maintenance = urlunsplit(urlsplit(self.admin_url)._replace(path="/postgres"))
            connection = psycopg.connect(maintenance, autocommit=True)
        with connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def create(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        self._execute("CREATE DATABASE {}")

    def drop(self) -> None:
        self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


class LiveRantai:
    """``with LiveRantai(workdir) as server: server.url`` — the platform serving at ``server.url``."""

    def __init__(
        self,
        workdir: Path,
        *,
        startup_timeout: float = 60.0,
        worker: bool = False,
        tariffs: Sequence[tuple[str, Path]] = (),
    ) -> None:
        """``worker`` also runs ``rantai worker`` (jobs such as e-mails then really run; each e-mail is a file in
        ``mail_dir``); ``tariffs`` are (format, path) schedules imported before serving."""
        self.workdir = workdir
        self.startup_timeout = startup_timeout
        self.with_worker = worker
        self.tariffs = list(tariffs)
        self.mail_dir = workdir / "var" / "mail"
        self.worker: subprocess.Popen[bytes] | None = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.postgres: PostgresDatabase | None = None
        self.env = self._environment()

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            RANTAI_PROFILE="test",
            DEBUG="False",
            # Static files, mail and the embedded database all go to a folder of this run.
            RANTAI_VAR_DIR=str(self.workdir / "var"),
            # Files in var/mail, each message headed by its envelope recipients (Bcc included).
            EMAIL_BACKEND="tests.mail_backend.EnvelopeFileBackend",
            PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])),
            DJANGO_SETTINGS_MODULE="rantai.settings",
            PYTHONUNBUFFERED="1",
        )
        env.pop("ALLOWED_HOSTS", None)  # the default includes 127.0.0.1
        database_url = env.get("DATABASE_URL", "")
        if database_url.startswith(("postgres://", "postgresql://")):
            self.postgres = PostgresDatabase(database_url, f"rantai_e2e_{os.getpid()}")
            env["DATABASE_URL"] = self.postgres.url
        else:
            # Unset (or SQLite): the embedded default, with its WAL settings, in RANTAI_VAR_DIR.
            env.pop("DATABASE_URL", None)
        return env

    def _run(self, *args: str) -> None:
        completed = subprocess.run(
            [rantai_executable(), *args], env=self.env, cwd=REPO, capture_output=True, text=True, check=False
        )
        if completed.returncode != 0:
            raise LiveServerError(
                f"rantai {' '.join(args)} failed with exit code {completed.returncode}:\n"
                f"{completed.stdout}\n{completed.stderr}"
            )

    def start(self) -> None:
        (self.workdir / "var").mkdir(parents=True, exist_ok=True)
        if self.postgres is not None:
            self.postgres.create()
        self._run("migrate", "--no-input")
        self._run("data", "load-reference")
        self._run("demo", "load")  # the demo logins (directory.demo) let journeys sign in
        self._run("i18n", "compile")
        for file_format, path in self.tariffs:
            self._run("data", "import", "tariffs", "--format", file_format, str(path))
        if self.with_worker:
            with (self.workdir / "worker.log").open("wb") as log:
                self.worker = subprocess.Popen(
                    [rantai_executable(), "worker"],
                    env=self.env,
                    cwd=REPO,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [rantai_executable(), "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
                env=self.env,
                cwd=REPO,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_answering()

    def _wait_until_answering(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise LiveServerError(f"rantai serve exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=2) as response:  # noqa: S310 (our own URL)
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise LiveServerError(
            f"rantai serve did not answer within {self.startup_timeout:.0f} s:\n{self.log()}"
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def mails(self) -> list[bytes]:
        """Every e-mail the platform sent, oldest first (the file backend writes one file per connection)."""
        if not self.mail_dir.exists():
            return []
        files = sorted(self.mail_dir.iterdir(), key=lambda f: f.stat().st_mtime)
        return [f.read_bytes() for f in files]

    def stop(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.terminate()
            try:
                self.worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.worker.kill()
                self.worker.wait()
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()  # gunicorn's master stops its workers gracefully on SIGTERM
                try:
                    self.process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
        finally:
            if self.postgres is not None:
                self.postgres.drop()

    def __enter__(self) -> LiveRantai:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
