"""Wording: the plain phrases every output shares, HTML fragments, the diagram in words."""
