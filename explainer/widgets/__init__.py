"""Widgets: the stepper, the diagram and the panels (anywidgets), and the Explorer."""
