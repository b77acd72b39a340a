"""Disclosure control: known tables, and hypothesis properties on random tables.

Property (b) is checked independently of the implementation: exact rational rank tests for
linear derivability, and on small tables a brute-force enumeration of every non-negative integer
table consistent with the published cells and totals.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from maillage_core.disclosure import (
    CountTable,
    MagnitudeTable,
    Policy,
    PublishedCell,
    PublishedTable,
    Status,
    protect,
)


def table(rows: list[list[int]], sensitive: frozenset[str] = frozenset()) -> CountTable:
    return CountTable(
        rows=tuple(f"r{i}" for i in range(len(rows))),
        cols=tuple(f"c{j}" for j in range(len(rows[0]))),
        counts=tuple(tuple(r) for r in rows),
        sensitive_cols=sensitive,
    )


def extended(pub: PublishedTable) -> list[list[PublishedCell]]:
    """Published cells as an extended grid: inner cells, a total column, a total row."""
    grid = [[*row, pub.row_totals[i]] for i, row in enumerate(pub.cells)]
    return [*grid, [*pub.col_totals, pub.total]]


def true_extended(rows: list[list[int]]) -> list[list[int]]:
    ext = [[*r, sum(r)] for r in rows]
    return [*ext, [sum(r[j] for r in ext) for j in range(len(ext[0]))]]


# --- known answers ----------------------------------------------------------------------------


def test_small_counts_and_their_partner_are_suppressed() -> None:
    pub = protect(table([[3, 40, 50], [30, 60, 70], [25, 45, 80]]))
    assert pub.cells[0][0].status is Status.PRIMARY and pub.cells[0][0].value is None
    # the cell is recoverable from its row and column unless each holds a second suppression
    hidden = {(i, j) for i, row in enumerate(pub.cells) for j, c in enumerate(row) if c.suppressed}
    assert sum(1 for i, j in hidden if i == 0) >= 2
    assert sum(1 for i, j in hidden if j == 0) >= 2
    # the cheapest partners are chosen: 25 in column 0, 40 in row 0, then 60 closes the cycle
    assert hidden == {(0, 0), (0, 1), (2, 0), (2, 1)}
    assert pub.total.value == 403 and pub.row_totals[0].value == 93


def test_table_without_small_counts_is_published_whole() -> None:
    pub = protect(table([[0, 40], [30, 11]]))
    assert pub.suppressed_count == 0
    assert [[c.value for c in r] for r in pub.cells] == [[0, 40], [30, 11]]


def test_small_margin_is_suppressed_too() -> None:
    pub = protect(table([[2, 3], [40, 50]]))
    assert pub.row_totals[0].status is Status.PRIMARY  # 5 persons


def test_complement_rule_for_sensitive_column() -> None:
    # 20 people in group r0, 15 with the attribute: the 5 others are exposed
    pub = protect(
        table([[15, 5], [40, 30], [50, 45]], sensitive=frozenset({"rqth"})).__class__(
            rows=("r0", "r1", "r2"),
            cols=("rqth", "other"),
            counts=((15, 5), (40, 30), (50, 45)),
            sensitive_cols=frozenset({"rqth"}),
        )
    )
    assert pub.cells[0][0].status is Status.PRIMARY
    # the same table without the flag only hides the 5
    plain = protect(table([[15, 5], [40, 30], [50, 45]]))
    assert plain.cells[0][0].status is not Status.PRIMARY
    assert plain.cells[0][1].status is Status.PRIMARY


def test_series_suppresses_a_partner_and_hides_no_row_totals() -> None:
    pub = protect(CountTable.series(["a", "b", "c", "d"], [4, 30, 20, 50]))
    statuses = [row[0].status for row in pub.cells]
    assert statuses == [Status.PRIMARY, Status.PUBLISHED, Status.SECONDARY, Status.PUBLISHED]
    assert pub.row_totals == () and pub.total.value == 104


def test_sensitive_series_complement_uses_the_total() -> None:
    pub = protect(CountTable.series(["rqth", "non"], [25, 5], sensitive=True))
    assert all(row[0].suppressed for row in pub.cells)


def test_dominance_rule() -> None:
    mags = MagnitudeTable(
        rows=("a", "b"),
        cols=("x", "y"),
        contributions=(
            ((900.0, 10.0, 10.0, 10.0), (50.0, 40.0, 30.0)),
            ((20.0, 20.0, 20.0), (60.0, 50.0)),
        ),
    )
    pub = protect(mags)
    assert pub.cells[0][0].status is Status.PRIMARY  # 900 > 85 % of 930
    assert pub.cells[1][1].status is Status.PRIMARY  # two contributors only
    assert pub.cells[0][1].status is not Status.PRIMARY
    assert pub.total.value == pytest.approx(1220.0)


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="do not match"):
        protect(CountTable(rows=("a",), cols=("x", "y"), counts=((1,),)))
    with pytest.raises(ValueError, match="non-negative"):
        protect(table([[-1, 2]]))
    with pytest.raises(ValueError, match="unknown sensitive"):
        protect(table([[1, 2]], sensitive=frozenset({"zz"})))


def test_deterministic() -> None:
    rows = [[3, 12, 12, 40], [12, 3, 12, 40], [12, 12, 3, 40]]
    assert protect(table(rows)) == protect(table(rows))


# --- independent checks -----------------------------------------------------------------------


def _rank(matrix: list[list[Fraction]]) -> int:
    m = [row[:] for row in matrix]
    rank, n_cols = 0, len(m[0]) if m else 0
    for col in range(n_cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col] != 0:
                f = m[r][col] / m[rank][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def linearly_derivable(pub: PublishedTable) -> list[tuple[int, int]]:
    """Hidden cells whose value follows from the additivity relations and the published cells."""
    ext = extended(pub)
    n_r, n_c = len(ext), len(ext[0])
    hidden = [(i, j) for i in range(n_r) for j in range(n_c) if ext[i][j].suppressed]
    if not hidden:
        return []
    index = {c: k for k, c in enumerate(hidden)}
    lines: list[list[Fraction]] = []
    for i in range(n_r):  # row relation: inner cells - total = 0
        row = [Fraction(0)] * len(hidden)
        for j in range(n_c):
            if (i, j) in index:
                row[index[(i, j)]] = Fraction(-1 if j == n_c - 1 else 1)
        lines.append(row)
    for j in range(n_c):
        col = [Fraction(0)] * len(hidden)
        for i in range(n_r):
            if (i, j) in index:
                col[index[(i, j)]] = Fraction(-1 if i == n_r - 1 else 1)
        lines.append(col)
    base = _rank(lines)
    out = []
    for k, cell in enumerate(hidden):
        unit = [Fraction(int(q == k)) for q in range(len(hidden))]
        if _rank([*lines, unit]) == base:
            out.append(cell)
    return out


def feasible_values(pub: PublishedTable, cap: int) -> dict[tuple[int, int], set[int]]:
    """Every value each hidden cell takes over all tables matching the publication."""
    ext = extended(pub)
    n_r, n_c = len(ext) - 1, len(ext[0]) - 1
    seen: dict[tuple[int, int], set[int]] = {
        (i, j): set() for i in range(n_r + 1) for j in range(n_c + 1) if ext[i][j].suppressed
    }
    known = [[c.value for c in row] for row in ext]
    cells = [(i, j) for i in range(n_r) for j in range(n_c)]
    current: list[list[int]] = [[0] * n_c for _ in range(n_r)]

    def finish() -> None:
        full = true_extended(current)
        for i in range(n_r + 1):
            for j in range(n_c + 1):
                if known[i][j] is not None and known[i][j] != full[i][j]:
                    return
        for cell in seen:
            seen[cell].add(full[cell[0]][cell[1]])

    def walk(k: int) -> None:
        if k == len(cells):
            finish()
            return
        i, j = cells[k]
        value = known[i][j]
        options = [int(value)] if value is not None else range(cap + 1)
        row_total = known[i][n_c]
        for v in options:
            current[i][j] = v
            if row_total is not None:
                partial = sum(current[i][: j + 1])
                if (j == n_c - 1 and partial != row_total) or partial > row_total:
                    continue
            walk(k + 1)

    walk(0)
    return seen


grids = st.integers(2, 5).flatmap(
    lambda r: st.integers(2, 5).flatmap(
        lambda c: st.lists(
            st.lists(st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=c, max_size=c),
            min_size=r,
            max_size=r,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(rows=grids, sensitive=st.booleans())
def test_no_small_count_published_and_nothing_derivable(
    rows: list[list[int]], sensitive: bool
) -> None:
    flags = frozenset({"c0"}) if sensitive else frozenset()
    pub = protect(table(rows, flags))
    truth = true_extended(rows)
    for i, row in enumerate(extended(pub)):
        for j, cell in enumerate(row):
            if cell.suppressed:
                assert cell.value is None
                continue
            assert cell.value == truth[i][j]
            assert not 1 <= cell.value <= 10  # (a)
            if sensitive and j == 0:
                assert not 1 <= truth[i][len(rows[0])] - cell.value <= 10  # complement
    hidden_lines = [
        sum(c.suppressed for c in line)
        for line in [*extended(pub), *zip(*extended(pub), strict=True)]
    ]
    assert all(n != 1 for n in hidden_lines)  # every line with a suppression holds two
    assert linearly_derivable(pub) == []  # (b), exact linear algebra


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    rows=st.lists(
        st.lists(st.integers(0, 6), min_size=2, max_size=3), min_size=2, max_size=3
    ).filter(lambda rs: len({len(r) for r in rs}) == 1)
)
def test_brute_force_range_of_every_hidden_cell(rows: list[list[int]]) -> None:
    pub = protect(table(rows), Policy(min_count=3))
    hidden_inner = sum(c.suppressed for r in pub.cells for c in r)
    assume(0 < hidden_inner <= 5)
    values = feasible_values(pub, cap=max(max(r) for r in rows) + 4)
    for cell, vals in values.items():
        assert len(vals) >= 2, f"hidden cell {cell} can only be {vals}"


@settings(max_examples=100, deadline=None)
@given(counts=st.lists(st.integers(0, 40), min_size=1, max_size=8), sensitive=st.booleans())
def test_series_properties(counts: list[int], sensitive: bool) -> None:
    pub = protect(
        CountTable.series([f"l{k}" for k in range(len(counts))], counts, sensitive=sensitive)
    )
    line = [row[0] for row in pub.cells] + [pub.total]
    assert sum(c.suppressed for c in line) != 1
    for c in line:
        assert c.suppressed or not 1 <= (c.value or 0) <= 10


@settings(max_examples=100, deadline=None)
@given(
    contrib=st.lists(
        st.lists(
            st.lists(st.floats(0, 1000, allow_nan=False), min_size=0, max_size=5),
            min_size=3,
            max_size=3,
        ),
        min_size=2,
        max_size=4,
    )
)
def test_magnitudes_never_leave_a_derivable_cell(contrib: list[list[list[float]]]) -> None:
    mags = MagnitudeTable(
        rows=tuple(f"r{i}" for i in range(len(contrib))),
        cols=("a", "b", "c"),
        contributions=tuple(tuple(tuple(c) for c in row) for row in contrib),
    )
    pub = protect(mags)
    assert linearly_derivable(pub) == []
