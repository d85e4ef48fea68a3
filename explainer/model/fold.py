"""A long main chain folded into rows for ``dot``: each row one rank, read left to right, and
the side boxes kept in the gaps between the rows, never inside one.

A side box that ``dot`` ranks with a row sits between two boxes of the chain, and the row's
links arc over it alongside the arcs already there (atorvastatin's Ezetimibe sat between
Mevalonate and Cholesterol synthesis, and the link between them shared a track with the
feedback arc). So a side box that dot puts in a row (:func:`in_rows`) is held in the gap its
links say (:func:`side_gaps`) by an unseen link from the row above and one to the row below,
and dot runs again: only such boxes, as every unseen link also weighs in dot's ordering.

>>> import networkx as nx
>>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "s"), ("b", "s"), ("s", "d")])
>>> nx.set_node_attributes(g, {"x": "side", "s": "side"}, "lane")
>>> side_gaps(g, ["a", "b", "c", "d"], {"a": 0, "b": 0, "c": 1, "d": 1}, set())
{'s': 1, 'x': 1}
"""

import networkx as nx

from explainer.model.graph import rows_of


def side_gaps(g, main: list, row_of: dict, back: set) -> dict:
    """Per side node, the gap between rows it goes in: ``k`` is between row ``k - 1`` and row
    ``k`` (0: above the first row, the number of rows: below the last).

    A box fed from a row goes in the gap after it (after the latest, if several); a box that
    only feeds others goes in the gap of the first box it feeds (the gap before it, for a box
    of the chain); a box with no way along its links to or from a row has no gap (dot puts it
    where it likes: beside the rows, it stands between none of their boxes). Feedback links
    (``back``) are left out: they run against the reading order.
    """
    dag = nx.DiGraph((u, v) for u, v in g.edges if (u, v) not in back)
    dag.add_nodes_from(g)
    level = {n: 2 * row_of[n] + 1 for n in main}  # a row at an odd level, gaps at even ones
    order = list(nx.lexicographical_topological_sort(dag, key=lambda n: g.nodes[n].get("order", 0)))
    for n in order:
        _from_before(dag, n, level, row_of)
    for n in reversed(order):
        outs = [level[v] - (v in row_of) for v in dag.successors(n) if v in level]
        if n not in level and outs:
            level[n] = min(outs)
    for n in order:  # a box fed only by such a box (and feeding none): after it
        if n not in level:
            _from_before(dag, n, level, row_of)
    return {n: level[n] // 2 for n in sorted(level) if n not in row_of}


def _from_before(dag, n, level: dict, row_of: dict) -> None:
    ins = [level[u] + (u in row_of) for u in dag.predecessors(n) if u in level]
    if n not in row_of and ins:
        level[n] = max(ins)


def fold(a, g, main: list, rows: int, back: set, hold=frozenset(), pos=None) -> None:
    """Cut the main chain of ``g`` into ``rows`` runs, each one rank of the dot graph ``a``, in
    order: a staircase; arc the links of :func:`_below` under their row, and a feedback link
    back to an earlier row into the top of its box; then hold the side boxes of ``hold`` in
    their gaps between the rows, each by unseen links to the boxes of the rows nearest it
    across (``pos``: the centres dot gave the boxes before), so that dot's ordering changes as
    little as it can."""
    row_of = rows_of(main, rows)
    for r in sorted(set(row_of.values())):
        a.add_subgraph([n for n in main if row_of[n] == r], name=f"row{r}", rank="same")
    for x, y in zip(main, main[1:], strict=False):  # unseen links keep a row's order
        if row_of[x] == row_of[y] and not (a.has_edge(x, y) or a.has_edge(y, x)):
            a.add_edge(x, y, style="invis", weight=8)
    for u, v in _below(g, main, row_of, back):
        a.get_edge(u, v).attr.update(tailport="s", headport="s")
    for u, v in back:  # back to an earlier row: into the top of its box, round the row's end, not
        if row_of.get(u, -1) > row_of.get(v, len(main)) and not g.has_edge(v, u):  # across the link
            a.get_edge(u, v).attr["headport"] = "n"  # from row to row (gen26s34's loop crossed itself)
    if not hold:
        return
    gaps, last = side_gaps(g, main, row_of, back), max(row_of.values())
    near = dict(nx.all_pairs_shortest_path_length(g.to_undirected(as_view=True)))
    pos = {n: (near[n], p[0]) for n, p in pos.items()}
    for n in sorted(hold):
        k = gaps[n]
        if k > 0:
            _unseen(a, _nearest(pos, n, main, row_of, k - 1), n)
        if k <= last:
            _unseen(a, n, _nearest(pos, n, main, row_of, k))


def _below(g, main: list, row_of: dict, back: set) -> list:
    """The links that skip boxes of their row and have fewer links to meet below the row than
    above it, or as few and would run along another arc over the row (their spans
    interleave): dot arcs them under the row instead of over it. Over it, the links into the
    boxes they skip from above ran along the arc (atorvastatin's Blood LDL -> fewer heart
    attacks, over Atherosclerotic plaque growth, and the link into it from immune cells), and
    two feedback arcs whose spans interleave shared a track (the SSRI's firing -> synaptic
    serotonin and desensitisation -> autoreceptors)."""
    gaps = side_gaps(g, main, row_of, back)
    level = {**{n: 2 * r + 1 for n, r in row_of.items()}, **{n: 2 * k for n, k in gaps.items()}}
    chain = {n: i for i, n in enumerate(main)}
    skips = [
        (u, v)
        for u, v in g.edges
        if u in row_of and row_of.get(v) == row_of[u] and abs(chain[u] - chain[v]) > 1
    ]
    out, over = [], []
    for u, v in sorted(skips, key=lambda e: (abs(chain[e[0]] - chain[e[1]]), chain[e[0]], chain[e[1]])):
        r, (lo, hi) = row_of[u], sorted((chain[u], chain[v]))
        ends = [
            level.get(m, -1) for b in main[lo + 1 : hi] for m in nx.all_neighbors(g, b) if m not in (u, v)
        ]
        below, above = sum(x > 2 * r + 1 for x in ends), sum(x < 2 * r + 1 for x in ends)
        along = any(a < lo < b < hi or lo < a < hi < b for q, a, b in over if q == r)
        if below < above or (below == above and along):
            out.append((u, v))
        else:
            over.append((r, lo, hi))
    return out


def in_rows(g, pos: dict, main: list, rows: int, back: set) -> set:
    """The side boxes ``dot`` put in a folded row's rank (``pos``: box centres), with the side
    boxes linked to them in their gap: holding one box pushes those along into the row next."""
    row_of = rows_of(main, rows)
    ys = {pos[n][1] for n in main}
    gaps = side_gaps(g, main, row_of, back)
    inside = {n for n in gaps if any(abs(pos[n][1] - y) < 0.5 for y in ys)}
    same = nx.Graph((u, v) for u, v in g.edges if u in gaps and v in gaps and gaps[u] == gaps[v])
    return {m for n in inside for m in (nx.node_connected_component(same, n) if n in same else {n})}


def _nearest(pos: dict, n, main: list, row_of: dict, row: int):
    """The box of ``row`` nearest ``n`` across the rows (the first in the chain if several)."""
    members = [m for m in main if row_of[m] == row]
    hops, x = pos[n]
    return min(members, key=lambda m: (hops.get(m, len(pos)), abs(pos[m][1] - x), main.index(m)))


def _unseen(a, u, v) -> None:
    """An unseen link that only ranks ``v`` after ``u`` (none if the two are linked already)."""
    if not (a.has_edge(u, v) or a.has_edge(v, u)):
        a.add_edge(u, v, style="invis", weight=0)
