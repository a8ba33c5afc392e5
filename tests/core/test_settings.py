"""The production profile refuses to start half-configured and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

PROD_ENV = {
    "RANTAI_PROFILE": "prod",
    "SECRET_KEY": "k3Y-for-tests-only-7f9a2c1e4b6d8f0a3c5e7b9d1f3a5c7e9b1d3f5a7c9e1b3d5f7a9c",
    "ALLOWED_HOSTS": "rantai.example.org",
    "DEBUG": "",
}


def run_rantai(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in PROD_ENV}
    return subprocess.run(
        [sys.executable, "-m", "rantai.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_deploy_checks_without_warnings():
    done = run_rantai("check", "--deploy", "--fail-level", "WARNING", **PROD_ENV)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNINGS" not in done.stderr + done.stdout


def test_production_refuses_to_start_without_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    done = run_rantai("check", **env)
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PROD_ENV, "ALLOWED_HOSTS": ""}
    done = run_rantai("check", **env)
    assert done.returncode != 0
    assert "ALLOWED_HOSTS must be set" in done.stderr


def test_production_refuses_debug():
    done = run_rantai("check", **{**PROD_ENV, "DEBUG": "true"})
    assert done.returncode != 0
    assert "DEBUG must be false" in done.stderr


def test_bad_boolean_in_environment_stops_start_up():
    done = run_rantai("check", RANTAI_PROFILE="test", DEBUG="perhaps")
    assert done.returncode != 0
    assert "DEBUG='perhaps' is not a boolean" in done.stderr


def test_unknown_profile_is_rejected():
    done = run_rantai("check", RANTAI_PROFILE="staging")
    assert done.returncode != 0
    assert "RANTAI_PROFILE='staging' must be one of" in done.stderr


def test_database_url_must_be_postgres_or_sqlite():
    done = run_rantai("check", RANTAI_PROFILE="test", DATABASE_URL="mysql://root@127.0.0.1/rantai")
    assert done.returncode != 0
    assert "DATABASE_URL must point at PostgreSQL" in done.stderr
