"""M10 scorers: VADER README vectors, the normalisation, thresholds, label/provided scores, cache, parallelism."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, strategies as st
from vaderSentiment import vaderSentiment as vs

from smaa_build.analyses.value import sentiment as se
from smaa_build.errors import AnalysisError

README = {
    "VADER is very smart, handsome, and funny.": 0.8545,
    "VADER is smart, handsome, and funny.": 0.8316,
    "VADER is not smart, handsome, nor funny.": -0.7424,
    "The book was good.": 0.4404,
}


@pytest.mark.parametrize("text,compound", README.items())
def test_vader_readme_examples(text, compound):
    assert se.vader_polarity(text)["compound"] == pytest.approx(compound, abs=1e-4)


def test_vader_proportions_first_example():
    out = se.vader_polarity("VADER is very smart, handsome, and funny.")
    assert (out["pos"], out["neu"], out["neg"]) == pytest.approx((0.701, 0.299, 0.0), abs=1e-3)


def test_good_is_hand_checkable():
    assert se.normalize(1.9) == pytest.approx(1.9 / math.sqrt(1.9**2 + 15))
    assert se.normalize(1.9) == pytest.approx(0.4404, abs=1e-4)


def test_normalize_vectors():
    assert se.normalize(2.0) == pytest.approx(0.458831, abs=1e-6)
    assert se.normalize(-3.1) == pytest.approx(-0.624893, abs=1e-6)


@given(st.floats(-1e6, 1e6, allow_nan=False))
def test_normalize_matches_vader_package(s):
    assert se.normalize(s) == pytest.approx(vs.normalize(s), abs=1e-12)
    assert -1 <= se.normalize(s) <= 1


def test_classify_thresholds():
    out = se.classify([0.05, 0.0499, -0.0499, -0.05, 0.9, -0.9])
    assert out.tolist() == [1, 0, 0, -1, 1, -1]


def test_label_and_provided_scores():
    labels = pd.Series(["negative", "Neutral ", "POSITIVE", "unsure", None])
    out = se.label_scores(labels)
    assert out[:3].tolist() == [-1.0, 0.0, 1.0] and np.isnan(out[3:]).all()
    assert se.provided_scores(pd.Series([0.5, 3, -7, "x"])).tolist()[:3] == [0.5, 1.0, -1.0]


def test_score_posts_dispatch_and_errors(tmp_path):
    posts = pd.DataFrame({"text": ["good", "bad"], "label": ["positive", "negative"], "score": [0.3, -0.2]})
    assert se.score_posts(posts, "human_label")[0].tolist() == [1.0, -1.0]
    assert se.score_posts(posts, "provided")[0].tolist() == [0.3, -0.2]
    scores, prov = se.score_posts(posts, "vader", tmp_path)
    assert scores[0] > 0 > scores[1] and prov["version"] == se.vader_version() == "3.3.2"
    with pytest.raises(AnalysisError, match="expected one of"):
        se.score_posts(posts, "textblob")
    with pytest.raises(AnalysisError, match="no `score` column"):
        se.score_posts(posts.drop(columns="score"), "provided")


def test_cache_hit_and_per_text_store(tmp_path, monkeypatch):
    texts = pd.Series(["I love it", "I hate it", "meh"])
    first, hit1 = se.cached_vader(texts, tmp_path)
    second, hit2 = se.cached_vader(texts, tmp_path)
    assert (hit1, hit2) == (False, True) and np.array_equal(first, second)
    assert [f.name for f in tmp_path.iterdir()] == ["texts-k1-vader-3.3.2.npz"]
    scored = []
    real = se.score_unique
    monkeypatch.setattr(se, "score_unique", lambda t, p=None: scored.extend(t) or real(t, p))
    third, hit3 = se.cached_vader(pd.Series(["I love it", "I hate it", "meh!", "I love it"]), tmp_path)
    assert not hit3 and scored == ["meh!"]  # one edited text: one text scored
    assert np.array_equal(third, real(["I love it", "I hate it", "meh!", "I love it"]))


def test_cache_ignores_corrupt_store(tmp_path):
    texts = ["fine", "awful"]
    se.cached_vader(texts, tmp_path)
    path = next(tmp_path.iterdir())
    path.write_bytes(b"not a numpy file")
    scores, hit = se.cached_vader(texts, tmp_path)
    assert not hit and scores[1] < 0 and se.cached_vader(texts, tmp_path)[1]


def test_parallel_equals_serial():
    texts = [t + f" {i}" for i in range(300) for t in README]
    serial = se.score_unique(texts, processes=1)
    parallel = se.score_unique(texts, processes=2)
    assert np.array_equal(serial, parallel)


def test_duplicates_scored_once(monkeypatch):
    seen = []
    real = se.score_unique
    monkeypatch.setattr(se, "score_unique", lambda texts, processes=None: seen.append(len(texts)) or real(texts, 1))
    out = se.vader_scores(["good", "bad", "good", None, "good"], processes=1)
    assert seen == [3]  # "good", "bad", "" (missing text)
    assert out[0] == out[2] == out[4] and out[3] == 0.0
