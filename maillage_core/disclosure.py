"""Statistical disclosure control: the one function every published table goes through.

Rules (QUALITY.md "Published statistics", after INSEE's table-protection practice):

- **Primary suppression, counts of persons**: a cell (or margin) whose count is in
  ``1..min_count-1`` (1..10 by default) is suppressed.
- **Complement rule, sensitive attributes** (e.g. RQTH): in a column flagged sensitive, the
  complement ``row total - cell`` must be 0 or ``>= min_count``; otherwise the cell is suppressed.
  In a one-dimensional sensitive series the complement is ``total - cell``.
- **Dominance rule, magnitudes** (n, k): a magnitude cell is sensitive when its ``n`` largest
  contributions exceed ``k`` % of the cell total, or when it has fewer than ``min_contributors``
  contributors (an empty cell is not sensitive).
- **Secondary suppression**: the table with its margins is a set of linear relations (each row
  and each column of the table *with* its total sums to that total). Hidden cells are edges of a
  bipartite graph whose vertices are those lines; a hidden cell is exactly recomputable from the
  published values iff its edge is a *bridge* of that graph (the null space of the relations is
  the cycle space). Secondary suppression therefore adds hidden cells until no hidden edge is a
  bridge — which implies every line holding a hidden cell holds at least two. For each bridge
  the cheapest cycle through it is hidden (Dijkstra; cost = cell value + 1, margins doubled, zeros
  avoided; ties by position): deterministic, favours the smallest cells, and every hidden value
  can then move by ±1 along a cycle, so its feasible range is never a single value.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

Number = int | float


class Status(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"  # suppressed by the threshold, complement or dominance rule
    SECONDARY = "secondary"  # suppressed so that a primary cell cannot be recomputed


@dataclass(frozen=True)
class Policy:
    """Thresholds; defaults are the platform's published-statistics rules."""

    min_count: int = 11  # counts 1..10 are suppressed
    dominance_n: int = 1  # number of largest contributors summed
    dominance_k: float = 85.0  # percent of the cell total
    min_contributors: int = 3


DEFAULT_POLICY = Policy()


@dataclass(frozen=True)
class CountTable:
    """Counts of persons (or units) in ``rows x cols``; margins are computed, not given.

    ``one_dimensional`` tables have a single column and publish only the grand total.
    """

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]
    sensitive_cols: frozenset[str] = frozenset()
    one_dimensional: bool = False

    @classmethod
    def series(
        cls, labels: Sequence[str], counts: Sequence[int], *, sensitive: bool = False
    ) -> CountTable:
        """A one-dimensional table: ``labels`` with their counts and a total."""
        return cls(
            rows=tuple(labels),
            cols=("count",),
            counts=tuple((int(c),) for c in counts),
            sensitive_cols=frozenset({"count"}) if sensitive else frozenset(),
            one_dimensional=True,
        )


@dataclass(frozen=True)
class MagnitudeTable:
    """Magnitudes (e.g. employees) with the individual contributions to each cell."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    contributions: tuple[tuple[tuple[float, ...], ...], ...]


@dataclass(frozen=True)
class PublishedCell:
    value: Number | None  # None when suppressed
    status: Status
    reason: str = ""

    @property
    def suppressed(self) -> bool:
        return self.status is not Status.PUBLISHED


@dataclass(frozen=True)
class PublishedTable:
    """What may leave the platform. ``row_totals`` is empty for a one-dimensional table."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: tuple[tuple[PublishedCell, ...], ...]
    row_totals: tuple[PublishedCell, ...]
    col_totals: tuple[PublishedCell, ...]
    total: PublishedCell
    suppressed_count: int = field(default=0)


def protect(table: CountTable | MagnitudeTable, policy: Policy = DEFAULT_POLICY) -> PublishedTable:
    """Apply primary then secondary suppression; the single entry point for publications."""
    _check_shape(table)
    values, primary = (
        _count_primary(table, policy)
        if isinstance(table, CountTable)
        else _magnitude_primary(table, policy)
    )
    one_dim = isinstance(table, CountTable) and table.one_dimensional
    hidden = set(primary)
    if one_dim:
        _secondary_one_dim(values, hidden)
    else:
        _secondary_two_dim(values, hidden)
    return _publish(table.rows, table.cols, values, primary, hidden, one_dim)


# --- primary suppression -------------------------------------------------------------------

Cell = tuple[
    int, int
]  # (i, j) in the extended table; i == R is the total row, j == C the total column


def _check_shape(table: CountTable | MagnitudeTable) -> None:
    grid: Sequence[Sequence[object]] = (
        table.counts if isinstance(table, CountTable) else table.contributions
    )
    if not table.rows or not table.cols:
        raise ValueError("a table needs at least one row and one column")
    if len(grid) != len(table.rows) or any(len(r) != len(table.cols) for r in grid):
        raise ValueError("table values do not match its row and column labels")
    if isinstance(table, CountTable):
        if table.one_dimensional and len(table.cols) != 1:
            raise ValueError("a one-dimensional table has exactly one column")
        if any(c < 0 for r in table.counts for c in r):
            raise ValueError("counts must be non-negative")
        unknown = table.sensitive_cols - set(table.cols)
        if unknown:
            raise ValueError(f"unknown sensitive columns: {sorted(unknown)}")
    elif any(x < 0 for r in table.contributions for cell in r for x in cell):
        raise ValueError("contributions must be non-negative")


def _extend(inner: Sequence[Sequence[Number]]) -> list[list[Number]]:
    """Inner values plus a total column and a total row."""
    rows = [[*r, sum(r)] for r in inner]
    totals = [sum(r[j] for r in rows) for j in range(len(rows[0]))]
    return [*rows, totals]


def _count_primary(table: CountTable, policy: Policy) -> tuple[list[list[Number]], set[Cell]]:
    ext = _extend(table.counts)
    n_rows, n_cols = len(table.rows), len(table.cols)
    primary: set[Cell] = set()
    for i, line in enumerate(ext):
        for j, value in enumerate(line):
            if table.one_dimensional and j == n_cols:
                continue  # row totals of a series are the cells themselves: not published
            if 0 < value < policy.min_count:
                primary.add((i, j))
    sensitive = [j for j, c in enumerate(table.cols) if c in table.sensitive_cols]
    for i in range(n_rows + 1):
        for j in sensitive:
            # the group: the row total (the grand total for a series)
            base = ext[n_rows][n_cols] if table.one_dimensional else ext[i][n_cols]
            complement = base - ext[i][j]
            if 0 < complement < policy.min_count:
                primary.add((i, j))
    return ext, primary


def _is_dominated(contributions: Sequence[float], policy: Policy) -> bool:
    """(n, k) rule: top-n share > k %, or fewer than ``min_contributors`` (empty: not sensitive)."""
    positive = sorted((c for c in contributions if c > 0), reverse=True)
    if not positive:
        return False
    if len(positive) < policy.min_contributors:
        return True
    return sum(positive[: policy.dominance_n]) * 100.0 > policy.dominance_k * sum(positive)


def _magnitude_primary(
    table: MagnitudeTable, policy: Policy
) -> tuple[list[list[Number]], set[Cell]]:
    grid = table.contributions
    n_rows, n_cols = len(table.rows), len(table.cols)
    ext_contrib: list[list[list[float]]] = [[list(c) for c in row] for row in grid]
    for row in ext_contrib:
        row.append([x for cell in row for x in cell])
    ext_contrib.append(
        [[x for i in range(n_rows) for x in ext_contrib[i][j]] for j in range(n_cols + 1)]
    )
    values: list[list[Number]] = [[sum(c) for c in row] for row in ext_contrib]
    primary = {
        (i, j)
        for i, row in enumerate(ext_contrib)
        for j, contrib in enumerate(row)
        if _is_dominated(contrib, policy)
    }
    return values, primary


# --- secondary suppression -----------------------------------------------------------------


def _secondary_one_dim(values: list[list[Number]], hidden: set[Cell]) -> None:
    """A series has one relation (cells sum to the total): one hidden cell needs a partner."""
    line = [(i, 0) for i in range(len(values))]
    while sum(c in hidden for c in line) == 1:
        candidates = [c for c in line if c not in hidden]
        hidden.add(min(candidates, key=lambda c: (_weight(values, c), c)))


def _secondary_two_dim(values: list[list[Number]], hidden: set[Cell]) -> None:
    while True:
        bridge = _first_bridge(hidden)
        if bridge is None:
            return
        hidden.update(_repair(bridge, values, hidden))


def _weight(values: list[list[Number]], cell: Cell) -> float:
    """Cost of suppressing ``cell``: its value (margins count double), zeros almost never."""
    i, j = cell
    value = float(values[i][j])
    if value == 0:
        return 1e15
    margin = i == len(values) - 1 or j == len(values[0]) - 1
    return value * (2.0 if margin else 1.0) + 1.0


def _repair(bridge: Cell, values: list[list[Number]], hidden: set[Cell]) -> list[Cell]:
    """The visible cells of the cheapest cycle through ``bridge`` (Dijkstra, hidden cells free)."""
    n_rows, n_cols = len(values), len(values[0])
    start: Vertex = ("r", bridge[0])
    goal: Vertex = ("c", bridge[1])
    best: dict[Vertex, float] = {start: 0.0}
    back: dict[Vertex, tuple[Vertex, Cell]] = {}
    heap: list[tuple[float, Vertex]] = [(0.0, start)]
    while heap:
        dist, v = heapq.heappop(heap)
        if v == goal:
            break
        if dist > best[v]:
            continue
        kind, k = v
        nxt = (
            [(("c", j), (k, j)) for j in range(n_cols)]
            if kind == "r"
            else [(("r", i), (i, k)) for i in range(n_rows)]
        )
        for w, cell in nxt:
            if cell == bridge:
                continue
            d = dist + (0.0 if cell in hidden else _weight(values, cell))
            if d < best.get(w, float("inf")):
                best[w] = d
                back[w] = (v, cell)
                heapq.heappush(heap, (d, w))
    path: list[Cell] = []
    v = goal
    while v != start:
        v, cell = back[v]
        path.append(cell)
    return [c for c in path if c not in hidden]


Vertex = tuple[str, int]


def _adjacency(hidden: set[Cell]) -> dict[Vertex, list[tuple[Vertex, Cell]]]:
    adj: dict[Vertex, list[tuple[Vertex, Cell]]] = {}
    for i, j in sorted(hidden):
        adj.setdefault(("r", i), []).append((("c", j), (i, j)))
        adj.setdefault(("c", j), []).append((("r", i), (i, j)))
    return adj


def _component(
    start: Vertex, adj: dict[Vertex, list[tuple[Vertex, Cell]]], skip: Cell
) -> set[Vertex]:
    seen = {start}
    stack = [start]
    while stack:
        v = stack.pop()
        for w, edge in adj.get(v, []):
            if edge != skip and w not in seen:
                seen.add(w)
                stack.append(w)
    return seen


def _first_bridge(hidden: set[Cell]) -> Cell | None:
    """The first hidden cell (in row-major order) whose edge is a bridge, by Tarjan's low-link."""
    adj = _adjacency(hidden)
    order: dict[Vertex, int] = {}
    low: dict[Vertex, int] = {}
    bridges: list[Cell] = []
    for root in sorted(adj):
        if root in order:
            continue
        # iterative DFS: (vertex, edge used to reach it, iterator position)
        order[root] = low[root] = len(order)
        stack: list[tuple[Vertex, Cell | None, int]] = [(root, None, 0)]
        while stack:
            v, via, pos = stack[-1]
            if pos < len(adj[v]):
                stack[-1] = (v, via, pos + 1)
                w, edge = adj[v][pos]
                if edge == via:
                    continue
                if w in order:
                    low[v] = min(low[v], order[w])
                else:
                    order[w] = low[w] = len(order)
                    stack.append((w, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[v])
                    if low[v] > order[parent] and via is not None:
                        bridges.append(via)
    return min(bridges) if bridges else None


# --- output --------------------------------------------------------------------------------


def _publish(
    rows: tuple[str, ...],
    cols: tuple[str, ...],
    values: list[list[Number]],
    primary: set[Cell],
    hidden: set[Cell],
    one_dim: bool,
) -> PublishedTable:
    def cell(i: int, j: int) -> PublishedCell:
        if (i, j) in primary:
            return PublishedCell(None, Status.PRIMARY, "confidential")
        if (i, j) in hidden:
            return PublishedCell(None, Status.SECONDARY, "protects another cell")
        return PublishedCell(values[i][j], Status.PUBLISHED)

    n_rows, n_cols = len(rows), len(cols)
    return PublishedTable(
        rows=rows,
        cols=cols,
        cells=tuple(tuple(cell(i, j) for j in range(n_cols)) for i in range(n_rows)),
        row_totals=() if one_dim else tuple(cell(i, n_cols) for i in range(n_rows)),
        col_totals=tuple(cell(n_rows, j) for j in range(n_cols)),
        total=cell(n_rows, 0) if one_dim else cell(n_rows, n_cols),
        suppressed_count=len(hidden),
    )
