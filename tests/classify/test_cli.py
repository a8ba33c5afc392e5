"""``rantai classify``: the JSON contract, one object per input line, failing lines reported, exit status."""

from __future__ import annotations

import json
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command


def run(data: bytes, *args: str) -> list[dict[str, object]]:
    out = StringIO()
    call_command("classify", *args, input=BytesIO(data), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_json_contract_one_object_per_line():
    rows = run(b"kopi bubuk luwak sangrai 250 gram\nroasted coffee beans\n", "--json", "--top", "3")

    assert [row["text"] for row in rows] == ["kopi bubuk luwak sangrai 250 gram", "roasted coffee beans"]
    for row in rows:
        assert set(row) == {"text", "lang", "candidates"}
        assert len(row["candidates"]) == 3  # type: ignore[arg-type]
        for candidate in row["candidates"]:  # type: ignore[attr-defined]
            assert set(candidate) == {"hs6", "score", "description", "why"}
            assert len(candidate["hs6"]) == 6 and candidate["hs6"].isdigit()
            assert 0.0 <= candidate["score"] <= 1.0
            assert isinstance(candidate["why"], list)
        assert row["candidates"][0]["hs6"] == "090121"  # type: ignore[index]
    assert [row["lang"] for row in rows] == ["id", "en"]


@pytest.mark.django_db
def test_bad_lines_give_an_error_object_and_a_failing_exit():
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("classify", "--json", input=BytesIO(b"kopi\x00\n\nteh hijau\n\xff\xfe\n"), stdout=out)

    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [sorted(row) for row in rows] == [["error", "text"], ["error", "text"],
                                             ["candidates", "lang", "text"], ["error", "text"]]
    assert rows[2]["candidates"][0]["hs6"] == "090210"
    assert failure.value.returncode == 1
