"""A teacher's content error in a notebook: its message, one line a problem, and nothing else.

A typo in a pathway file (``hedge:`` for ``hedged:``) raised a :class:`PathwayError` whose
traceback filled the screen in JupyterLab, then a ``NameError`` in every later cell; in Voilà,
students saw only "There was an error when executing cell [1]" (Voilà hides error outputs).
Loaded as an IPython extension (one line at the top of a notebook)::

    %load_ext explainer.notebook_errors

a :class:`PathwayError` shows as its message (``ketamine.yaml:12: steps[2] ('bdnf'): unknown
field 'hedge'; did you mean 'hedged'? ...``): no traceback, an ordinary output that Voilà shows
too, and the cell counts as run, so Voilà and a Run All go on. Until a pathway loads again, a
later cell that fails only because the pathway's name is undefined (``NameError``) shows
nothing: one message, not a cascade. Any other error shows as usual.
"""

from html import escape
from pathlib import Path

from IPython.display import display

from explainer.loading.pathway import Pathway, PathwayError

HEADING = "The pathway file has a problem; fix it, then run the notebook again:"


class ContentErrors:
    """The extension's state for one IPython shell: whether a pathway failed to load."""

    def __init__(self, shell):
        self.shell = shell
        self.failed = False

    def handle(self, shell, etype, value, tb, tb_offset=None):
        """IPython's custom exception handler for PathwayError and NameError."""
        if isinstance(value, PathwayError):
            self.failed = True
            display(message_bundle(value), raw=True)
        elif not self.failed:  # a NameError of its own: the usual traceback
            stb = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
            shell._showtraceback(etype, value, stb)
        return None

    def post_run_cell(self, result) -> None:
        """A content error, or its consequence, is not a failed cell: Voilà and Run All go on."""
        error = result.error_in_exec
        if isinstance(error, PathwayError) or (self.failed and isinstance(error, NameError)):
            result.error_in_exec = None
        elif error is None and any(isinstance(v, Pathway) for v in self.shell.user_ns.values()):
            self.failed = False  # a pathway loaded: errors show as usual again


def message_lines(error: PathwayError) -> list[str]:
    """The error's problems, each ``NAME:LINE: item: what; fix``, the file named without its folder
    (the page may be a student's: no path of the server's disk)."""
    name = Path(error.file).name
    return [line.replace(error.file, name, 1) for line in str(error).splitlines()]


def message_bundle(error: PathwayError) -> dict:
    """The output: plain text for a terminal or a test, and a short alert for the page."""
    lines = message_lines(error)
    html = (
        '<div class="explainer-content-error" role="alert">'
        f"<p><b>{escape(HEADING)}</b></p><pre>{escape(chr(10).join(lines))}</pre></div>"
    )
    return {"text/plain": "\n".join([HEADING, *lines]), "text/html": html}


def load_ipython_extension(shell) -> None:
    """``%load_ext explainer.notebook_errors``: content errors show as their message alone."""
    state = ContentErrors(shell)
    shell.set_custom_exc((PathwayError, NameError), state.handle)
    shell.events.register("post_run_cell", state.post_run_cell)
    shell._explainer_content_errors = state


def unload_ipython_extension(shell) -> None:
    state = getattr(shell, "_explainer_content_errors", None)
    if state is not None:
        shell.set_custom_exc((), None)
        shell.events.unregister("post_run_cell", state.post_run_cell)
        del shell._explainer_content_errors
