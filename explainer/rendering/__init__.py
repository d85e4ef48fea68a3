"""Rendering: the scene painted (style table), drawn as matplotlib artists and as one SVG."""
