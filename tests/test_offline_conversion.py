"""Documents that link to the network are read without a single request (issue 25): a canary HTTP
server on 127.0.0.1 and an .odt (linked image, object, paragraph style background), a .doc (linked
image), an .rtf (INCLUDEPICTURE field) and a .docx (external image relationship) pointing at it,
read through the real readers and LibreOffice."""
from __future__ import annotations

import http.server
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import FIXTURES
from extractors.readers import convert, read_document
from extractors.readers.isolated import read_bounded

TASK = "Руководителям школ представить отчёт до 1 июня 2024 года."
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def canary():
    """An HTTP server on 127.0.0.1 that records every request it gets (and answers 404)."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def handle_one_request(self):
            self.raw_requestline = self.rfile.readline(65537)
            if self.raw_requestline and self.parse_request():
                asked.append(f"{self.command} {self.path}")
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


ODF = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
       'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
       'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
       'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
       'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
       'xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.2"')


def linked_odt(path: Path, url: str) -> Path:
    frame = ('<text:p><draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm">'
             '<draw:{kind} xlink:href="{url}" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
             '</draw:frame></text:p>')
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF}><office:body><office:text>'
               f'<text:p text:style-name="Linked">{TASK}</text:p>'
               + frame.format(name="image", kind="image", url=f"{url}/odt-image.png")
               + frame.format(name="object", kind="object", url=f"{url}/odt-object")
               + '</office:text></office:body></office:document-content>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF}><office:styles>'
              '<style:style style:name="Linked" style:family="paragraph"><style:paragraph-properties>'
              f'<style:background-image xlink:href="{url}/odt-style-background.png" xlink:type="simple" '
              'xlink:actuate="onLoad"/></style:paragraph-properties></style:style></office:styles></office:document-styles>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")   # stored, first: how ODF is recognised
        for name, xml in (("content.xml", content), ("styles.xml", styles), ("META-INF/manifest.xml", manifest)):
            z.writestr(name, xml, zipfile.ZIP_DEFLATED)
    return path


def linked_doc(path: Path, url: str) -> Path:
    """A Word 97 file with a linked picture (an INCLUDEPICTURE field), saved by LibreOffice from an .odt."""
    with tempfile.TemporaryDirectory() as tmp:
        odt = linked_odt(Path(tmp) / f"{path.stem}.odt", url)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "doc:MS Word 97", "--outdir", str(path.parent), str(odt)], capture_output=True, timeout=180)
    assert f"{url}/odt-image.png".encode() in path.read_bytes()   # the link is in the file
    return path


def linked_rtf(path: Path, url: str) -> Path:
    task = "".join(f"\\'{b:02x}" for b in TASK.encode("cp1251"))
    path.write_text("{\\rtf1\\ansi\\ansicpg1251\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 " + task + "\\par "
                    "{\\field{\\*\\fldinst INCLUDEPICTURE \"" + url + "/rtf-includepicture.png\" \\\\d }{\\fldrslt }}"
                    "\\par }", encoding="ascii")
    return path


def linked_docx(path: Path, url: str) -> Path:
    """The Tomsk letter with a picture whose relationship points outside the package."""
    picture = ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" style="width:10pt;height:10pt">'
               '<v:imagedata r:id="rIdCanary"/></v:shape></w:pict></w:r></w:p>')
    relation = (f'<Relationship Id="rIdCanary" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/image" Target="{url}/docx-image.png" TargetMode="External"/>')
    with zipfile.ZipFile(FIXTURES / "003_d7222e60e6a354a6.docx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item).decode("utf-8") if item.filename.endswith((".xml", ".rels")) else src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace("<w:body>", "<w:body>" + picture, 1)
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace("</Relationships>", relation + "</Relationships>")
            dst.writestr(item, data)
    return path


@pytest.fixture(scope="module")
def linked(canary, tmp_path_factory) -> dict[str, Path]:
    url, asked = canary
    folder = tmp_path_factory.mktemp("linked")
    return {"odt": linked_odt(folder / "linked.odt", url), "doc": linked_doc(folder / "linked.doc", url),
            "rtf": linked_rtf(folder / "linked.rtf", url), "docx": linked_docx(folder / "linked.docx", url)}


def test_linked_documents_are_read_without_a_request(canary, linked):
    _, asked = canary
    asked.clear()   # LibreOffice saving the .doc may have asked; reading must not
    texts = {kind: read_bounded(path).text for kind, path in linked.items()}
    assert asked == []
    assert all(TASK in texts[kind] for kind in ("odt", "doc")), texts
    assert "Руководителям школ представить отчёт" in texts["rtf"] and "54-2627" in texts["docx"]


@pytest.mark.parametrize("layer", ["settings", "namespace"])
def test_each_layer_alone_keeps_a_conversion_offline(canary, linked, monkeypatch, layer):
    """LibreOffice's settings without the network namespace (a machine where unshare is not allowed),
    and the namespace with LibreOffice's default settings: either alone sends nothing."""
    _, asked = canary
    if layer == "settings":
        monkeypatch.setattr(convert, "offline_prefix", lambda: ())
    else:
        if not convert.offline_prefix():
            pytest.skip("no network namespace on this machine (unshare -n / -rn not allowed)")
        monkeypatch.setattr(convert, "OFFLINE_SETTINGS", {})
    asked.clear()
    for kind in ("odt", "doc"):   # in this process, where the layer was taken away
        assert TASK in read_document(linked[kind]).text
    assert asked == []
