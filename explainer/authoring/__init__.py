"""Authoring: `new` (a starter pathway) and `preview` (a live page rebuilt on save)."""
