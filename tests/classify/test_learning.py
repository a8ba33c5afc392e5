"""Recorded decisions change the next query at once, in this process and in another one."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from rantai.classify.actions import record_decision
from rantai.classify.engine import classify
from rantai.classify.models import ClassificationDecision
from rantai.core.errors import RantaiError
from tests.subprocess_env import RANTAI, database_url

TEXT = "kripik tempe sagu pedas"
CORRECTED = "210690"  # food preparations n.e.c. — what a customs official might rule for a tempeh snack


@pytest.mark.django_db(transaction=True)
def test_a_correction_changes_the_next_top1_here_and_in_another_process():
    before = classify(TEXT).candidates[0].hs6
    assert before != CORRECTED

    record_decision(TEXT, CORRECTED, role="official", kind="ruling")

    after = classify("keripik tempe sagu pedas 100 gram")
    assert after.candidates[0].hs6 == CORRECTED
    assert any("recorded decision" in reason for reason in after.candidates[0].why)
    env = {**os.environ, "DATABASE_URL": database_url(), "RANTAI_PROFILE": "test"}
    done = subprocess.run([*RANTAI, "classify", "--json", "--top", "3"], input=f"{TEXT}\n", env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["candidates"][0]["hs6"] == CORRECTED


@pytest.mark.django_db
def test_role_weights_and_bad_codes():
    with pytest.raises(RantaiError, match="not an HS 2022 subheading"):
        record_decision(TEXT, "9999")
    decision = record_decision("Kopi Bubuk Sangrai 250 gram", "0901.21")
    assert decision.hs_id == "090121" and decision.role == "msme"
    assert decision.tokens == ["bubuk", "kopi", "sangrai"]
    assert ClassificationDecision.objects.count() == 1
