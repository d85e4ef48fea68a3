"""The SCORM 1.2 package: a manifest an LMS accepts, and a page that reports to the LMS.

The manifest is checked for the SCORM 1.2 profile (namespaces, schema and version, one SCO
listing every file the zip holds). The page inside is opened in Chromium as an LMS opens it:
served over HTTP (a real server, started here on 127.0.0.1) in a frame of a page whose
``window.API`` is a stand-in for the LMS's SCORM 1.2 API that records every call.
"""

import io
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest
from lxml import etree

from explainer import load_pathway
from explainer.outputs.files import ExportError
from explainer.outputs.lms import ADLCP, IMSCP, XSI, lms_files
from explainer.outputs.offline import SCORM_12_SCHEMAS
from explainer.words.wording import DISCLAIMER
from tests.conftest import SSRI
from tests.servers import _server, free_port
from tests.synthetic import synthetic_pathway

# The stand-in LMS: its SCORM 1.2 API records each call and keeps the values set, and the lesson
# is in a frame, as Moodle and the SCORM engines of Canvas, Blackboard and Brightspace show it.
LMS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Stand-in LMS</title>
<script>
window.calls = []; window.data = {"cmi.core.lesson_status": "not attempted"};
function record(name, value, arg) { window.calls.push([name, arg]); return value; }
window.API = {
  LMSInitialize: (a) => record("LMSInitialize", "true", a),
  LMSFinish: (a) => record("LMSFinish", "true", a),
  LMSGetValue: (k) => { window.calls.push(["LMSGetValue", k]); return window.data[k] || ""; },
  LMSSetValue: (k, v) => { window.calls.push(["LMSSetValue", k, v]); window.data[k] = v; return "true"; },
  LMSCommit: (a) => record("LMSCommit", "true", a),
  LMSGetLastError: () => "0", LMSGetErrorString: () => "", LMSGetDiagnostic: () => "",
};
</script></head>
<body><iframe id="sco" src="course/LAUNCH" style="width:1500px;height:900px"></iframe></body></html>
"""


def _zip(files: dict[str, bytes], pathway) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(files[f"{pathway.id}-scorm.zip"]))


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lms")
    pathways = {
        "ketamine": load_pathway(),  # every step with choices
        "ssri": load_pathway(SSRI),  # some with choices, some without
        "generated": synthetic_pathway(folder, seed=3),  # none
    }
    return {name: (p, lms_files(p)) for name, p in pathways.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ketamine", "ssri", "generated"])
def test_manifest_is_scorm_1_2_and_lists_every_file(packages, name):
    pathway, files = packages[name]
    with _zip(files, pathway) as z:
        names = z.namelist()
        manifest = ET.fromstring(z.read("imsmanifest.xml"))
        assert z.testzip() is None
    assert manifest.tag == f"{{{IMSCP}}}manifest"
    assert manifest.findtext(f"{{{IMSCP}}}metadata/{{{IMSCP}}}schema") == "ADL SCORM"
    assert manifest.findtext(f"{{{IMSCP}}}metadata/{{{IMSCP}}}schemaversion") == "1.2"
    orgs = manifest.find(f"{{{IMSCP}}}organizations")
    (org,) = orgs.findall(f"{{{IMSCP}}}organization")
    assert orgs.get("default") == org.get("identifier")
    (item,) = org.findall(f"{{{IMSCP}}}item")
    resource, schemas = manifest.findall(f"{{{IMSCP}}}resources/{{{IMSCP}}}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{{{ADLCP}}}scormtype") == "sco" and resource.get("type") == "webcontent"
    assert resource.get("href") == f"{pathway.id}-explorer.html"
    assert [f.get("href") for f in resource.findall(f"{{{IMSCP}}}file")] == [resource.get("href")]
    assert schemas.get(f"{{{ADLCP}}}scormtype") == "asset"  # the controlling documents, at the root
    assert sorted(f.get("href") for f in schemas.findall(f"{{{IMSCP}}}file")) == sorted(SCORM_12_SCHEMAS)
    listed = [f.get("href") for f in manifest.iter(f"{{{IMSCP}}}file")]
    assert names[0] == "imsmanifest.xml" and sorted(listed) == sorted(names[1:])  # every file, no other
    locations = manifest.get(f"{{{XSI}}}schemaLocation").split()[1::2]
    assert set(locations) <= set(names)
    ids = [e.get("identifier") for e in manifest.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids))
    with _zip(files, pathway) as z:
        z_text = z.read("imsmanifest.xml").decode("utf-8")
        page = z.read(f"{pathway.id}-explorer.html").decode("utf-8")
    assert DISCLAIMER in z_text and pathway.source.publisher in z_text
    assert DISCLAIMER in page and 'id="explainer-lms"' in page
    # the diagram is still SVG: building the manifest left ElementTree's namespace prefixes alone
    assert "<svg " in page and "ns0:" not in page


def scorm_12_schema(schemas: dict[str, bytes]) -> etree.XMLSchema:
    """The IMS CP 1.1.2 and ADL SCORM 1.2 schemas as a package holds them, for lxml (libxml2).

    libxml2 refuses ``ims_xml.xsd`` as published (it declares the xml namespace as the default
    namespace, which XML forbids): that one declaration is dropped. The IMS metadata schema is
    left out: libxml2 finds its content models ambiguous, and the manifest has no metadata in it.
    """
    resolver = {
        name: data.replace(b' xmlns="http://www.w3.org/XML/1998/namespace"', b"")
        for name, data in schemas.items()
    }

    class Resolver(etree.Resolver):
        def resolve(self, url, pubid, context):
            name = url.rsplit("/", 1)[-1]
            return self.resolve_string(resolver[name], context) if name in resolver else None

    driver = f"""<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">
      <xsd:import namespace="{IMSCP}" schemaLocation="imscp_rootv1p1p2.xsd"/>
      <xsd:import namespace="{ADLCP}" schemaLocation="adlcp_rootv1p2.xsd"/>
    </xsd:schema>"""
    parser = etree.XMLParser()
    parser.resolvers.add(Resolver())
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url="file:///schemas/driver.xsd"))


@pytest.mark.slow  # three SCORM packages, each an explorer page, to build
@pytest.mark.parametrize("name", ["ketamine", "ssri", "generated"])
def test_manifest_is_valid_against_the_scorm_1_2_schemas(packages, name):
    pathway, files = packages[name]
    with _zip(files, pathway) as z:
        schema = scorm_12_schema({n: z.read(n) for n in SCORM_12_SCHEMAS})
        manifest = etree.fromstring(z.read("imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log
    manifest.find(f".//{{{IMSCP}}}resource").set(f"{{{ADLCP}}}scormtype", "SCO")  # SCORM 2004's spelling
    assert not schema.validate(manifest)  # the check sees a wrong value


@pytest.fixture(scope="module")
def lms_site(packages, tmp_path_factory):
    """Each package unpacked under its own folder beside a stand-in LMS page, served over HTTP."""
    root = tmp_path_factory.mktemp("lms-site")
    for name, (pathway, files) in packages.items():
        with _zip(files, pathway) as z:
            z.extractall(root / name / "course")
        (root / name / "lms.html").write_text(
            LMS_PAGE.replace("LAUNCH", f"{pathway.id}-explorer.html"), encoding="utf-8"
        )
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)]
    with _server(cmd, f"http://127.0.0.1:{port}/", root):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def lms_page(browser, lms_site):
    """A page that may load only the test server's files."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    errors, elsewhere = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(r):
        if r.request.url.startswith(lms_site):
            r.continue_()
        else:
            elsewhere.append(r.request.url)
            r.abort()

    context.route("**/*", route)  # every page of the context, a lesson's own window too
    context.on("page", lambda new: new.on("pageerror", lambda exc: errors.append(str(exc))))
    yield page, errors, elsewhere
    context.close()


def _calls(page) -> list:
    return page.evaluate("window.calls")


def _set(calls, key) -> list:
    return [c[2] for c in calls if c[0] == "LMSSetValue" and c[1] == key]


@pytest.mark.browser
@pytest.mark.parametrize("name", ["ssri", "generated"])
def test_page_reports_progress_to_the_lms(lms_page, lms_site, packages, name):
    page, errors, elsewhere = lms_page
    pathway, _ = packages[name]
    page.goto(f"{lms_site}/{name}/lms.html")
    frame = page.frame_locator("#sco")
    steps = frame.locator(".exs-step")
    steps.first.wait_for()
    assert frame.locator("svg.explainer-diagram").count() == 1
    page.wait_for_function("window.calls.some(c => c[1] === 'cmi.core.lesson_status')")
    calls = _calls(page)
    assert calls[0] == ["LMSInitialize", ""]
    assert _set(calls, "cmi.core.lesson_status") == ["incomplete"]
    n = len(pathway.steps)
    for k in range(1, n):  # step 1 is on show from the start; visit all but the last
        if k < n - 1:
            steps.nth(k).click()
    page.wait_for_timeout(300)
    assert "completed" not in _set(_calls(page), "cmi.core.lesson_status")
    steps.nth(n - 1).click()
    page.wait_for_function("window.data['cmi.core.lesson_status'] === 'completed'")
    choice_steps = [k for k, s in enumerate(pathway.steps) if s.choices]
    for i, k in enumerate(choice_steps[:2]):  # the first answered right, the second wrong
        steps.nth(k).click()
        step = pathway.steps[k]
        right = step.choices.index(step.correct)
        pick = right if i == 0 else next(j for j in range(len(step.choices)) if j != right)
        choice = frame.locator(f"input.explainer-choice[data-step='{k}'][value='{pick}']")
        choice.evaluate("e => e.click()")  # as a reader's click: Playwright's lands on the sticky stage
        assert choice.is_checked()
    page.wait_for_timeout(300)
    scores = _set(_calls(page), "cmi.core.score.raw")
    if choice_steps:
        assert scores[-1] == str(round(100 / len(choice_steps)))
    else:
        assert scores == []
    page.evaluate("document.getElementById('sco').remove()")  # the LMS closes the lesson
    page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
    calls = _calls(page)
    assert [c[0] for c in calls].count("LMSFinish") == 1 and calls[-1][0] == "LMSFinish"
    assert calls[-2][0] == "LMSCommit"
    assert _set(calls, "cmi.core.session_time")[-1].count(":") == 2
    assert errors == [] and elsewhere == []


@pytest.mark.browser
def test_page_opened_in_a_new_window_finds_the_api_on_its_opener(lms_page, lms_site, packages):
    """An LMS set to open the lesson in a new window: the API is on the window that opened it."""
    page, errors, elsewhere = lms_page
    pathway, _ = packages["generated"]
    page.goto(f"{lms_site}/generated/lms.html")
    page.evaluate("document.getElementById('sco').remove()")
    page.evaluate("window.calls = []")
    with page.expect_popup() as opened:
        page.evaluate(f"window.open('course/{pathway.id}-explorer.html', 'lesson')")
    lesson = opened.value
    steps = lesson.locator(".exs-step")
    steps.first.wait_for()
    for k in range(1, len(pathway.steps)):
        steps.nth(k).click()
    page.wait_for_function("window.data['cmi.core.lesson_status'] === 'completed'")
    lesson.close(run_before_unload=True)
    page.wait_for_function("window.calls.some(c => c[0] === 'LMSFinish')")
    assert _calls(page)[0] == ["LMSInitialize", ""]
    assert errors == [] and elsewhere == []


@pytest.mark.browser
def test_page_without_an_lms_is_the_plain_page(lms_page, lms_site, packages):
    page, errors, elsewhere = lms_page
    pathway, _ = packages["ssri"]
    page.goto(f"{lms_site}/ssri/course/{pathway.id}-explorer.html")
    page.locator(".exs-step").nth(2).click()
    page.locator(".exs-step[aria-checked='true']").filter(has_text="3").wait_for()
    assert errors == [] and elsewhere == []


def test_never_shown_text_stops_the_export():
    """The manifest is checked as the page is (the page here is a stand-in: only the manifest speaks)."""
    pathway = load_pathway().model_copy(update={"never_show": ("For education only, not medical advice.",)})
    with pytest.raises(ExportError, match="SCORM manifest"):
        lms_files(pathway, page={f"{pathway.id}-explorer.html": b"<!DOCTYPE html><p>page</p>"})


def test_choices_are_radio_buttons_marking_the_right_one_as_text():
    """The page's self-check, which the score reads: one radio group a step, only the right choice
    marked correct, every choice escaped."""
    from explainer.words.text import choices_html
    from tests.choices import with_choices

    pathway = with_choices(load_pathway(), every=1, extra=" <b>&</b>")
    fragment = choices_html(pathway, 0)
    inputs = etree.fromstring(fragment, etree.HTMLParser()).findall(".//input")
    assert [i.get("data-correct") for i in inputs] == ["false", "true", "false"]
    assert {i.get("name") for i in inputs} == {f"exq-{pathway.id}-0"}
    assert "<b>" not in fragment and "&lt;b&gt;&amp;&lt;/b&gt;" in fragment
    assert choices_html(load_pathway(SSRI), 3) == ""  # a step without choices shows none


def test_two_explorers_of_one_pathway_keep_their_answers_apart():
    """Radio buttons of one name are one group in the whole document: two explorers of one pathway
    in a notebook (or on a page) must not uncheck each other's answer."""
    from explainer import Explorer
    from tests.choices import with_choices

    pathway = with_choices(load_pathway(), every=1)

    def names(ex):
        html = "".join(ex.panels.pages)
        return [i.get("name") for i in etree.fromstring(html, etree.HTMLParser()).findall(".//input")]

    one, two = Explorer(pathway), Explorer(pathway)
    try:
        a, b = names(one), names(two)
        assert a and b and not set(a) & set(b), (a[:3], b[:3])
        assert len(set(a)) == len(pathway.steps)  # still one group per step
    finally:
        one.close()
        two.close()
