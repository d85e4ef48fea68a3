"""Loading: the edge. Every check of a pathway file and its article, one error type."""
