"""``text.json_in_html``: the one way JSON goes into an HTML page (the explorer page's widget state).

It must stay JSON (the renderer parses it with ``JSON.parse``: ``<\\!--`` is not JSON and blanked
the page) and no text may end the ``<script>`` element or open a comment inside it.
"""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.words.text import json_in_html

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)
TRICKY = ["</script>", "</SCRIPT >", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "\u2028\u2029", "\ud800"]


@settings(max_examples=300, derandomize=True, database=None)
@given(JSON | st.lists(st.sampled_from(TRICKY) | st.text(), max_size=6).map("".join))
def test_any_value_round_trips_and_cannot_leave_the_script_element(value):
    out = json_in_html(value)
    assert json.loads(out) == value
    assert not set(out) & {"<", ">", "&"}
    assert out.isascii()  # U+2028/U+2029 and lone surrogates escaped too


def test_the_comment_opener_is_a_json_escape_not_a_backslash_bang():
    out = json_in_html({"title": "a <!-- b"})
    assert "\\u003c!--" in out and "<\\!--" not in out
    assert json.loads(out)["title"] == "a <!-- b"


def test_the_never_shown_check_reads_through_the_json_escapes():
    import pytest

    from explainer.outputs.files import ExportError, checked

    advert = "Call us at (844) 650-0064 to experience the change’s start"
    page = f"<script>{json_in_html({'text': advert})}</script>"
    assert "’" not in page
    with pytest.raises(ExportError, match="never shown"):
        checked(page, "the page", ("to experience the change’s start",))
