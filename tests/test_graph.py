from explainer.model.graph import CURRENT, FUTURE, PAST, step_state, visible_subgraph


def test_graph_carries_the_pathway(pathway, graph):
    assert set(graph.nodes) == {n.id for n in pathway.nodes}
    assert graph.number_of_edges() == len(pathway.edges)
    assert graph.edges["ketamine", "nmda"]["influence"] == "negative"
    assert graph.edges["nmda", "glutamate_pfc"]["influence"] == "unknown"
    assert graph.edges["ampa", "glutamate_release"]["hedged"] is True
    assert graph.edges["ketamine", "nmda"]["hedged"] is False
    assert graph.nodes["gaba"]["lane"] == "side"
    assert graph.nodes["inflammation"]["branch"] == "inflammation"


def test_main_chain_is_connected_from_ketamine_to_the_effect(graph):
    main = visible_subgraph(graph, branches=())
    import networkx as nx

    path = nx.shortest_path(main, "ketamine", "antidepressant")
    assert path[:3] == ["ketamine", "nmda", "glutamate_pfc"]
    assert "bdnf" in path


def test_step_states_current_past_future(graph):
    nodes, edges = step_state(graph, 2)  # the BDNF step
    assert nodes["bdnf"] == CURRENT
    assert nodes["ketamine"] == PAST and nodes["ampa"] == PAST
    assert nodes["plasticity"] == FUTURE and nodes["gaba"] == FUTURE
    assert edges[("glutamate_release", "bdnf")] == CURRENT
    assert edges[("bdnf", "plasticity")] == FUTURE


def test_whole_pathway_has_nothing_current(graph):
    nodes, edges = step_state(graph, None)
    assert set(nodes.values()) == {PAST} and set(edges.values()) == {PAST}


def test_hiding_a_branch_drops_its_nodes(graph):
    shown = visible_subgraph(graph, branches=("inflammation",))
    assert "gaba" not in shown and "inflammation" in shown
    assert ("ketamine", "gaba") not in shown.edges
