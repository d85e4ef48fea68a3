"""The pathway as a ``networkx.DiGraph``, and what each step emphasises.

Node attributes: ``label``, ``kind``, ``lane``, ``branch``, ``order`` (file order),
``first_step`` (the first step that shows it) and ``contested`` (in a contested step).
Edge attributes: ``influence``, ``hedged``, ``evidence``, ``first_step``. The graph
attribute ``steps`` holds, per step, the node ids and edge keys it emphasises.

>>> from explainer import load_pathway
>>> g = build_graph(load_pathway())
>>> g.edges["ketamine", "nmda"]["influence"]
'negative'
"""

import networkx as nx

from explainer.loading.schema import Pathway

CURRENT, PAST, FUTURE = "current", "past", "future"


def build_graph(pathway: Pathway) -> nx.DiGraph:
    """Build the graph; every attribute the drawing needs is on it."""
    g = nx.DiGraph(
        id=pathway.id,
        title=pathway.title,
        steps=[(tuple(s.nodes), tuple(tuple(e) for e in s.edges)) for s in pathway.steps],
    )
    first = _first_steps(pathway)
    contested = {n for s in pathway.steps if s.contested for n in s.nodes}
    for i, n in enumerate(pathway.nodes):
        g.add_node(
            n.id,
            label=n.label,
            kind=n.kind,
            lane=n.lane,
            branch=n.branch,
            order=i,
            first_step=first.get(n.id, len(pathway.steps)),
            contested=n.id in contested,
        )
    for e in pathway.edges:
        g.add_edge(
            e.source,
            e.target,
            influence=e.influence,
            hedged=e.hedged,
            evidence=e.evidence,
            first_step=first.get(e.key, len(pathway.steps)),
        )
    return g


def main_chain(g: nx.DiGraph) -> list:
    """The main chain's nodes, in file order."""
    return sorted(
        (n for n, lane in g.nodes(data="lane") if lane in (None, "main")),
        key=lambda n: g.nodes[n].get("order", 0),
    )


def rows_of(main: list, rows: int) -> dict:
    """Each main-chain node's row when the chain is folded into ``rows`` runs of equal length
    (the last one shorter): a staircase, read left to right and top to bottom."""
    size = -(-len(main) // rows)
    return {n: i // size for i, n in enumerate(main)}


def back_edges(g: nx.DiGraph, first: list) -> set:
    """The edges that close a cycle, met walking the graph depth first from the nodes of
    ``first`` in their order (then the rest in file order), successors in that order too.

    These are the feedback links: the rest read forward. The layout tells dot so, that a loop
    does not turn the chain around (dot, given the loop ``output -> glucose -> insulin ->
    output`` with ``output`` and ``glucose`` in one row, put ``output`` at the row's left end,
    and the chain into it ran back right to left).

    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("b", "a")])
    >>> sorted(back_edges(g, ["a", "b", "c"]))
    [('b', 'a'), ('c', 'a')]
    """
    rank = {n: i for i, n in enumerate(first)}

    def key(n):
        return (rank.get(n, len(first)), g.nodes[n].get("order", 0))

    seen, on_path, back = set(), set(), set()
    for root in sorted(g.nodes, key=key):
        if root in seen:
            continue
        seen.add(root)
        on_path.add(root)
        stack = [(root, iter(sorted(g.successors(root), key=key)))]
        while stack:  # iterative: a 60-node chain is deeper than is wise to recurse
            u, successors = stack[-1]
            v = next(successors, None)
            if v is None:
                on_path.discard(u)
                stack.pop()
            elif v in on_path:
                back.add((u, v))
            elif v not in seen:
                seen.add(v)
                on_path.add(v)
                stack.append((v, iter(sorted(g.successors(v), key=key))))
    return back


def edge_order(g, main: list, turned: set):
    """A sort key: edges in the order dot gets them (``ordering=out`` keeps a box's links out
    in it), by the box dot draws them from. A feedback link of the chain that dot gets turned
    round (``turned``) comes before that box's other links when the boxes it goes back over
    have links out to side boxes: so its arc runs on the outer side of the chain, not round
    the bottom of their fans and back up alongside every link of them (as it did coming last).

    >>> g = nx.DiGraph([("a", "b"), ("a", "s"), ("b", "c"), ("c", "a")])
    >>> nx.set_node_attributes(g, {"a": 0, "b": 1, "c": 2, "s": 3}, "order")
    >>> sorted(g.edges, key=edge_order(g, ["a", "b", "c"], {("c", "a")}))
    [('c', 'a'), ('a', 'b'), ('a', 's'), ('b', 'c')]
    """
    chain = {n: i for i, n in enumerate(main)}
    first = {
        (u, v)
        for u, v in turned
        if u in chain and v in chain and any(w not in chain for b in main[chain[v] : chain[u]] for w in g[b])
    }

    def order(n):
        return g.nodes[n].get("order", 0)

    return lambda e: (order(e[1]), 0, order(e[0])) if e in first else (order(e[0]), 1, order(e[1]))


def _first_steps(pathway: Pathway) -> dict:
    first: dict = {}
    for k, s in enumerate(pathway.steps):
        for item in (*s.nodes, *(tuple(e) for e in s.edges)):
            first.setdefault(item, k)
    return first


def step_state(g: nx.DiGraph, step: int | None) -> tuple[dict, dict]:
    """Per node and per edge: ``current`` (in step ``step``), ``past`` or ``future``.

    ``step=None`` shows the whole pathway: everything is ``past``.
    """
    if step is None:
        return ({n: PAST for n in g.nodes}, {e: PAST for e in g.edges})
    nodes, edges = g.graph["steps"][step]
    node_state = {
        n: CURRENT if n in nodes else PAST if g.nodes[n]["first_step"] < step else FUTURE for n in g.nodes
    }
    edge_state = {
        e: CURRENT if e in edges else PAST if g.edges[e]["first_step"] < step else FUTURE for e in g.edges
    }
    return node_state, edge_state


def visible_subgraph(g: nx.DiGraph, branches=None) -> nx.DiGraph:
    """The graph without the side branches not in ``branches`` (``None``: keep all)."""
    if branches is None:
        return g
    keep = [n for n, b in g.nodes(data="branch") if b is None or b in branches]
    return g.subgraph(keep)
