"""Screening instruments are data: every band edge of every instrument scores into its band."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from clients.instruments.catalog import _parse, answers_for_score, instrument, instruments

ALL = sorted(instruments().values(), key=lambda i: i.code)
EDGES = [
    pytest.param(i, band, score, id=f"{i.code}-{score}")
    for i in ALL
    for band in i.bands
    for score in sorted({band.min, band.max})
]


def test_the_five_intake_instruments_are_installed_with_source_and_terms():
    assert {"audit_c", "nida_single_question", "phq9", "gad7", "barc10"} <= set(instruments())
    for each in ALL:
        assert each.source.strip() and each.terms.strip(), each.code


@pytest.mark.parametrize(("inst", "band", "score"), EDGES)
def test_every_band_edge_scores_into_its_band(inst, band, score):
    result = inst.score(answers_for_score(inst, score))
    assert result.score == score
    assert result.band == band


@pytest.mark.parametrize(
    ("code", "score", "label_start"),
    [
        ("phq9", 4, "Minimal"),
        ("phq9", 5, "Mild"),
        ("phq9", 9, "Mild"),
        ("phq9", 10, "Moderate depression"),
        ("phq9", 14, "Moderate depression"),
        ("phq9", 15, "Moderately severe"),
        ("phq9", 19, "Moderately severe"),
        ("phq9", 20, "Severe"),
        ("phq9", 27, "Severe"),
        ("gad7", 4, "Minimal"),
        ("gad7", 5, "Mild"),
        ("gad7", 10, "Moderate"),
        ("gad7", 15, "Severe"),
        ("gad7", 21, "Severe"),
        ("audit_c", 2, "Negative"),
        ("audit_c", 3, "Positive screen for women"),
        ("audit_c", 4, "Positive screen:"),
        ("audit_c", 8, "Positive screen, high"),
        ("nida_single_question", 0, "Negative"),
        ("nida_single_question", 1, "Positive"),
        ("barc10", 10, "Below 47"),
        ("barc10", 46, "Below 47"),
        ("barc10", 47, "47 or above"),
        ("barc10", 60, "47 or above"),
    ],
)
def test_published_cut_offs(code, score, label_start):
    inst = instrument(code)
    assert inst.score(answers_for_score(inst, score)).band.label.startswith(label_start)


def test_barc10_is_ten_items_scored_one_to_six():
    barc = instrument("barc10")
    assert len(barc.items) == 10
    assert all([o.value for o in item.options] == [1, 2, 3, 4, 5, 6] for item in barc.items)
    assert (barc.min_score, barc.max_score) == (10, 60)
    with pytest.raises(ValueError, match="not an answer"):
        barc.score({**answers_for_score(barc, 30), "q1": 0})


def test_phq9_item_nine_above_zero_raises_a_safety_alert_and_zero_does_not():
    phq = instrument("phq9")
    assert phq.score(answers_for_score(phq, 8, keep={"q9": 0})).alerts == ()
    alerts = phq.score(answers_for_score(phq, 1, keep={"q9": 1})).alerts
    assert [a.kind for a in alerts] == ["self_harm"]


def test_a_missing_answer_cannot_be_scored():
    with pytest.raises(ValueError, match="not answered"):
        instrument("gad7").score({"q1": 1})


def _definition(**changes):
    data = {
        "code": "mine",
        "name": "Mine",
        "source": "Our own questionnaire",
        "terms": "Ours, free to use",
        "options": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}],
        "items": [{"key": "q1", "text": "One?"}, {"key": "q2", "text": "Two?"}],
        "scoring": "sum",
        "bands": [
            {"min": 0, "max": 0, "label": "None", "level": "low"},
            {"min": 1, "max": 2, "label": "Some", "level": "mild"},
        ],
    }
    data.update(changes)
    return data


def test_an_instrument_whose_bands_leave_a_gap_is_refused(tmp_path):
    bad = _definition(bands=[{"min": 0, "max": 0, "label": "None", "level": "low"}])
    with pytest.raises(ImproperlyConfigured, match="cover 0–2"):
        _parse(bad, tmp_path / "mine.json")


def test_an_instrument_without_terms_of_use_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="terms"):
        _parse(_definition(terms=""), tmp_path / "mine.json")


def test_an_organization_adds_its_own_instrument_from_a_folder(tmp_path, settings):
    (tmp_path / "mine.json").write_text(json.dumps(_definition()), encoding="utf-8")
    settings.SCREENING_INSTRUMENTS_DIRS = [str(tmp_path)]
    instruments.cache_clear()
    try:
        mine = instrument("mine")
        assert mine.score({"q1": 1, "q2": 1}).band.label == "Some"
    finally:
        instruments.cache_clear()
