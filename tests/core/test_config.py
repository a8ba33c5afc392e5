from __future__ import annotations

import pytest

from rantai.config import ConfigError, env_bool, env_int, env_list, env_str


def test_boolean_that_is_neither_true_nor_false_is_rejected(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError, match="X_FLAG"):
        env_bool("X_FLAG", False)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("False", False), ("1", True), ("off", False)])
def test_boolean_words(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not expected) is expected


def test_integer_below_minimum_is_rejected(monkeypatch):
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ConfigError, match="at least 1"):
        env_int("X_NUM", 5, minimum=1)


def test_secret_read_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-value\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_str("X_SECRET") == "s3cret-value"


def test_required_value_missing(monkeypatch):
    monkeypatch.delenv("X_NEEDED", raising=False)
    with pytest.raises(ConfigError, match="X_NEEDED must be set"):
        env_str("X_NEEDED", required=True)


def test_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert env_list("X_HOSTS") == ["a.example", "b.example"]
