"""Thresholds from the literature: listed for the analyses that ran, and stated with the values the code uses."""

from smaa_build.analyses.chapter1 import alignment, reliability
from smaa_build.analyses import literature
from smaa_build.analyses.value import sentiment


def test_only_the_analyses_that_ran_list_their_thresholds():
    names = lambda items: {c["name"] for c in items}  # noqa: E731
    interviews_only = names(literature({"reliability", "alignment"}))
    assert "Cohen's κ bands" in interviews_only and "r_wg(J) agreement bands" in interviews_only
    assert "VADER class thresholds" not in interviews_only
    assert "VADER class thresholds" in names(literature({"value"}))
    assert names(literature()) >= interviews_only | {"VADER class thresholds", "Bland–Altman limits of agreement"}


def test_stated_bands_are_the_bands_applied():
    stated = next(c["value"] for c in alignment.LITERATURE if c["name"] == "r_wg(J) agreement bands")
    assert stated.startswith("≤ 0.30 lack of agreement, ≤ 0.50 weak")
    assert [alignment.rwg_band(r) for r in (0.30, 0.31, 0.50, 0.70, 0.90, 0.91)] == [
        "lack of agreement", "weak", "weak", "moderate", "strong", "very strong"]
    assert [reliability.landis_koch(k) for k in (-0.1, 0.20, 0.21, 0.61, 0.81)] == [
        "poor", "slight", "fair", "substantial", "almost perfect"]
    vader = next(c["value"] for c in sentiment.LITERATURE)
    assert vader == "compound ≥ 0.05 positive, ≤ −0.05 negative, else neutral"
    assert sentiment.classify([0.05, 0.0499, -0.05]).tolist() == [1, 0, -1]
