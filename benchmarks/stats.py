"""Summaries of timing samples: the median for the headline, the 90th percentile for the tail."""

import statistics
import time


def summary(samples: list[float]) -> dict:
    """``{"median", "p90", "n", "samples"}`` of ``samples`` (all in the samples' unit).

    >>> summary([1.0, 2.0, 3.0])["median"]
    2.0
    """
    ordered = sorted(samples)
    p90 = statistics.quantiles(ordered, n=10, method="inclusive")[-1] if len(ordered) > 1 else ordered[0]
    return {"median": statistics.median(ordered), "p90": p90, "n": len(ordered), "samples": list(samples)}


def time_ms(fn, *args) -> float:
    """Wall time of ``fn(*args)`` in milliseconds, by :func:`time.perf_counter`."""
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000.0
