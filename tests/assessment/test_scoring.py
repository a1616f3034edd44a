"""Scores, ranks and periods: the arithmetic the scorecard and the obligations board stand on."""

import datetime as dt

from assessment.periods import spans
from assessment.scoring import Weight, normalised, rank, score


def test_by_target_is_capped_at_full_marks():
    weight = Weight("opinions_collected", 20, by_target=True, target=10)
    assert normalised(5, weight, best=100) == 0.5
    assert normalised(30, weight, best=100) == 1.0
    assert normalised(0, weight, best=100) == 0.0


def test_by_best_point_gives_the_best_full_marks_and_nobody_a_division_by_zero():
    weight = Weight("training_person_times", 10, by_target=False)
    assert normalised(50, weight, best=200) == 0.25
    assert normalised(0, weight, best=0) == 0.0


def test_score_is_the_weighted_sum_and_a_missing_point_did_nothing():
    weights = [
        Weight("opinions_collected", 60, True, 10),
        Weight("events_held", 40, False, None),
    ]
    values = {"opinions_collected": {1: 10, 2: 5}, "events_held": {1: 2, 2: 4}}
    result = score([1, 2, 3], weights, values)
    assert result[1] == {"points": {"opinions_collected": 60.0, "events_held": 20.0}, "total": 80.0}
    assert result[2]["total"] == 30.0 + 40.0
    assert result[3]["total"] == 0.0


def test_the_best_value_is_taken_among_the_points_scored_only():
    weights = [Weight("events_held", 10, False, None)]
    # Point 9 (say a revoked one) is not among those scored: it does not set the bar.
    result = score([1, 2], weights, {"events_held": {1: 2, 2: 1, 9: 100}})
    assert result[1]["total"] == 10.0 and result[2]["total"] == 5.0


def test_equal_totals_share_a_rank_and_the_next_skips():
    assert rank({1: 80, 2: 90, 3: 80, 4: 10}) == {2: 1, 1: 2, 3: 2, 4: 4}


def test_periods_begun_by_today_and_only_ended_ones_are_over():
    quarters = spans(2025, "quarter", dt.date(2025, 8, 15))
    assert [(s.number, s.start, s.end, s.over) for s in quarters] == [
        (1, dt.date(2025, 1, 1), dt.date(2025, 4, 1), True),
        (2, dt.date(2025, 4, 1), dt.date(2025, 7, 1), True),
        (3, dt.date(2025, 7, 1), dt.date(2025, 10, 1), False),
    ]
    months = spans(2024, "month", dt.date(2026, 1, 1))
    assert len(months) == 12 and all(s.over for s in months)
    assert months[-1].end == dt.date(2025, 1, 1)
    assert spans(2025, "year", dt.date(2025, 6, 1))[0].over is False
    assert spans(2030, "month", dt.date(2025, 6, 1)) == []
