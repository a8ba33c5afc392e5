"""Turning raw scores into probabilities.

A softmax over the candidates' raw scores with temperature ``TEMPERATURE``, plus one "none of these" outcome
with raw score ``NULL_SCORE``, so that a lone weak candidate is not reported as certain. Both constants were
fitted by maximum likelihood (grid search) on the shared labelled synthetic file
``labelled/hsclassify_micro_synthetic_product_texts.csv`` (English rows), with ``bench/hs_classify.py
--fit-calibration``; the lexicon was not tuned on it.
"""

from __future__ import annotations

import math

TEMPERATURE = 2.0
NULL_SCORE = 4.0


def probabilities(raw: list[float], temperature: float = TEMPERATURE, null_score: float = NULL_SCORE) -> list[float]:
    if not raw:
        return []
    peak = max(max(raw), null_score)
    exps = [math.exp((value - peak) / temperature) for value in raw]
    total = sum(exps) + math.exp((null_score - peak) / temperature)
    return [value / total for value in exps]
