"""Outputs: every output as {name: bytes}, checked, written all or none."""
