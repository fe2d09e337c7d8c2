"""Where a dumbbell row's labels go (#24, rating 7: pairs read diagonally), on fictional
geometry: display pixels, one point per pixel, a 600 px plot starting at zero."""

from __future__ import annotations

from kursk_data.plotting.dumbbell_parts import plan_row
from kursk_data.plotting.style import MARK_SIZE

PLOT = (0.0, 600.0)


def _one(width: float) -> list[tuple[int, float]]:
    return [(1, width)]


def test_a_pair_with_room_reads_across_on_its_line():
    # Marks at 200 and 400: the lower's 100 px label fits left of it, the higher's right.
    plan = plan_row([(200, 200), (400, 400)], [_one(100), _one(100)], 0.0, PLOT, 1.0)
    assert plan is not None
    assert [(side, lift, vert) for side, _, lift, vert in plan] == [(-1, 0.0, 0), (1, 0.0, 0)]


def test_a_label_takes_more_lines_before_it_changes_side():
    # 150 px on one line does not fit left of 120; on two lines (80 px) it does.
    plan = plan_row([(120, 120), (400, 400)], [[(1, 150), (2, 80)], _one(100)], 0.0, PLOT, 1.0)
    assert plan is not None and plan[0][:2] == (-1, 1)


def test_a_mark_at_zero_is_named_on_its_right_and_close_marks_stay_on_the_row():
    # 0 and 6 px: nothing fits left of zero; the two marks are closer than a mark. Rating 10:
    # neither is lifted off the row (a dodge reads as two rows); the higher claim's label is
    # on the line right of its mark, the lower's just over the row, clear of the marks.
    plan = plan_row([(0, 0), (6, 6)], [_one(120), _one(120)], 0.0, PLOT, 1.0)
    assert plan is not None
    (s0, _, up, v0), (s1, _, down, v1) = plan
    assert (s0, s1) == (1, 1) and up == down == 0.0
    assert v1 == 0 and v0 >= MARK_SIZE / 2 + 1.0


def test_close_marks_with_room_left_are_named_one_left_one_right():
    # Rating 10: where the lower claim's label fits left of its mark, one label each side.
    plan = plan_row([(300, 300), (306, 306)], [_one(120), _one(120)], 0.0, PLOT, 1.0)
    assert plan is not None
    assert [(p[0], p[2], p[3]) for p in plan] == [(-1, 0.0, 0), (1, 0.0, 0)]


def test_an_over_figures_label_stays_off_its_fade():
    # The higher claim is "over" 500: its fade takes the room right of it, so its label goes
    # left, over the lower claim's mark: set under the row, not across the other mark.
    reach = [(300, 300), (500, float("inf"))]
    plan = plan_row([(300, 300), (500, 500)], [_one(60), _one(300)], 0.0, PLOT, 1.0, reach)
    assert plan is not None
    assert plan[1][0] == -1 and plan[1][3] < 0 and plan[0][3] == 0


def test_no_room_either_side_hands_the_row_back():
    assert plan_row([(300, 300), (310, 310)], [_one(900), _one(900)], 0.0, PLOT, 1.0) is None
    assert plan_row([(1, 1), (2, 2), (3, 3)], [_one(9)] * 3, 0.0, PLOT, 1.0) is None
