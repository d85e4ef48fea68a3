"""The shareable folder: its index lists every pathway, every link works offline, axe finds nothing."""

import json
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from explainer.loading.assets import PATHWAYS
from explainer.loading.never_show import found_in
from explainer.loading.pathway import load_pathway
from explainer.outputs.offline import node_modules_dir
from explainer.outputs.site import LABELS, Entry, Link, index_html, pathway_files, write_site
from tests.conftest import screenshot
from tests.other_drug import other_drug

pytestmark = pytest.mark.slow  # every test reads a whole site, built once (35 s under load)

AXE = "axe-core/axe.min.js"


def test_pathway_files_skip_the_references_they_name(tmp_path):
    assert [p.name for p in pathway_files(PATHWAYS)] == ["ketamine-research.yaml", "ketamine.yaml"]
    other_drug(tmp_path)
    (tmp_path / "refs.yaml").write_text("- id: x\n", encoding="utf-8")
    (tmp_path / "uses-refs.yaml").write_text("id: y\nreferences: refs.yaml\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")  # kept: loading it says why
    assert [p.name for p in pathway_files(tmp_path)] == ["broken.yaml", "caffeine.yaml", "uses-refs.yaml"]


def test_index_escapes_what_it_shows():
    link = Link('a".pdf', "<b>PDF</b>", "1 kB")
    entry = Entry(
        "x", "<script>alert(1)</script>", "Source: “A” & B", 2, "x.png", (640, 200), 'a "b"', (link,)
    )
    html = index_html([entry])
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'alt="a &#34;b&#34;"' in html and 'href="a&#34;.pdf"' in html and "&lt;b&gt;PDF" in html


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site for both shipped pathways and a generated other drug."""
    folder = tmp_path_factory.mktemp("caffeine")
    files = [*pathway_files(PATHWAYS), other_drug(folder)]
    out = tmp_path_factory.mktemp("site")
    return write_site(files, out)[-1], [load_pathway(f) for f in files]


def _links(page) -> list[str]:
    return page.evaluate(
        "Array.from(document.querySelectorAll('a[href], img[src]'))"
        ".map(e => e.getAttribute('href') || e.getAttribute('src'))"
    )


def test_index_is_english_disclaims_and_shows_no_advert(site, pathway):
    html = site[0].read_text(encoding="utf-8")
    assert pathway.never_show and not found_in(html, pathway.never_show) and "not medical advice" in html
    assert '<html lang="en">' in html


@pytest.mark.browser
def test_index_lists_every_pathway_and_its_links_work_offline(site, offline_page):
    site, pathways = site
    page = offline_page.page
    page.goto(site.as_uri())
    headings = page.evaluate(
        "Array.from(document.querySelectorAll('h1, h2')).map(h => h.tagName + ':' + h.innerText)"
    )
    assert headings == [
        "H1:Mechanism explainers: materials for a class",
        *(f"H2:{p.title}" for p in sorted(pathways, key=lambda p: p.title.casefold())),
    ]  # by title, not by file name (ketamine-research.yaml would come before ketamine.yaml)
    links = _links(page)
    assert len(links) == len(pathways) * (len(LABELS) + 1)  # its files and a thumbnail per pathway
    for p in pathways:
        for name in (*LABELS, "-thumb.png"):
            assert f"{p.id}{name}" in links
    for href in links:
        parsed = urlparse(href)
        assert not parsed.scheme and not parsed.netloc and not href.startswith("/") and ".." not in href, href
        target = site.parent / unquote(parsed.path)
        assert target.is_file() and target.stat().st_size > 0, href
        _check_file(target)
    for href in (h for h in links if h.endswith(".html")):
        page.goto((site.parent / href).as_uri())
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.lang") == "en", href
    assert offline_page.requests == []
    assert offline_page.errors == []


def _check_file(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        assert data.startswith(b"%PDF")
    elif path.suffix == ".pptx":
        with zipfile.ZipFile(path) as z:
            assert "ppt/presentation.xml" in z.namelist()
    elif path.suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif path.name.endswith("-scorm.zip"):
        with zipfile.ZipFile(path) as z:
            assert "imsmanifest.xml" in z.namelist()
    elif path.name.endswith("-qti.zip"):
        with zipfile.ZipFile(path) as z:
            assert "imsmanifest.xml" in z.namelist() and any("assessment" in n for n in z.namelist())
    elif path.suffix in (".xml", ".sbgn"):
        assert ET.fromstring(data).tag in ("quiz", "{http://sbgn.org/libsbgn/0.3}sbgn")
    elif path.suffix == ".ipynb":
        assert json.loads(data)["nbformat"] == 4
    else:
        assert path.suffix == ".html" and b"<html" in data[:500]


@pytest.mark.browser
def test_index_passes_axe_and_shows_focus(site, offline_page):
    site, _ = site
    axe = node_modules_dir() / AXE
    if not axe.is_file():
        pytest.fail(f"{axe} is missing: run `npm ci` (axe-core is in package.json)")
    page = offline_page.page
    page.goto(site.as_uri())
    page.add_script_tag(path=str(axe))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
    )
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
    assert violations == []
    assert result["passes"]  # axe did run its rules
    alts = page.evaluate("Array.from(document.images).map(i => i.alt)")
    assert all(a.startswith("Diagram of the whole pathway") for a in alts)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.tagName, s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert focused[0] == "A" and focused[1] != "none" and focused[2] >= 2
    screenshot(page, "site-index")
    assert offline_page.requests == []


def test_a_failed_site_writes_nothing(tmp_path):
    from explainer.outputs.files import ExportError

    out = tmp_path / "site"
    with pytest.raises(ExportError, match="npm ci"):
        write_site([PATHWAYS / "ketamine.yaml"], out, node_modules=tmp_path / "no_node_modules")
    assert not out.exists() or list(out.iterdir()) == []


def _contents(path: Path):
    """``(name, bytes)`` of a site file, and of each member of a zip (PowerPoint is one)."""
    yield path.name, path.read_bytes()
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                yield f"{path.name}:{member}", z.read(member)


def test_no_file_names_a_folder_of_the_building_machine(site, tmp_path_factory):
    project = Path(__file__).resolve().parent.parent
    machine = {str(project).encode(), str(tmp_path_factory.getbasetemp()).encode(), str(Path.home()).encode()}
    leaks = [
        (name, folder)
        for path in site[0].parent.iterdir()
        for name, data in _contents(path)
        for folder in machine
        if folder in data
    ]
    assert leaks == []
    notebook = json.loads((site[0].parent / "ketamine-slides.ipynb").read_text(encoding="utf-8"))
    assert "Deck.from_file()" in "".join(notebook["cells"][0]["source"])


def test_two_pathways_with_one_id_are_refused_naming_both(tmp_path):
    from explainer.outputs.files import ExportError

    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    first = other_drug(tmp_path / "one")
    second = other_drug(tmp_path / "two")
    out = tmp_path / "site"
    with pytest.raises(ExportError) as info:
        write_site([first, second], out)
    assert (
        str(first) in str(info.value) and str(second) in str(info.value) and "another id" in str(info.value)
    )
    assert not out.exists() or list(out.iterdir()) == []
