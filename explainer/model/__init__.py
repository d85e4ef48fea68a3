"""Model and layout: the pathway as a graph, its Graphviz layout and fit, the scene, cameras."""
