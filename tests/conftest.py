"""Shared fixtures: headless matplotlib, no leaked figures or rcParams, the pathway."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from explainer import load_pathway  # noqa: E402
from explainer.graph import build_graph  # noqa: E402


@pytest.fixture(autouse=True)
def _clean_matplotlib():
    saved = matplotlib.rcParams.copy()
    yield
    plt.close("all")
    matplotlib.rcParams.update(saved)


@pytest.fixture(scope="session")
def pathway():
    return load_pathway()


@pytest.fixture(scope="session")
def graph(pathway):
    return build_graph(pathway)
