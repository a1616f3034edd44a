"""core/pdf.py: A4 pages, Chinese text that survives, fonts inside the file, nothing fetched."""

import http.server
import io
import threading

import pypdf
import pytest
from django.template import engines

from core import pdf

pytestmark = pytest.mark.skipif(not pdf.installed_cjk_font(), reason="no CJK font installed")


def _render(body: str) -> bytes:
    from weasyprint import HTML

    html = (
        engines["django"]
        .from_string('{% extends "pdf/base.html" %}{% block body %}' + body + "{% endblock %}")
        .render({})
    )
    return HTML(string=html, url_fetcher=pdf._inline_only_fetcher()).write_pdf()


def _embedded_fonts(reader: pypdf.PdfReader) -> list[str]:
    names = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor else {}
                if any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.append(str(descendant.get_object()["/BaseFont"]))
    return names


def test_a4_with_chinese_text_and_embedded_fonts():
    reader = pypdf.PdfReader(io.BytesIO(_render("<h1>采纳证书</h1><p>感谢您提出的意见建议</p>")))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = reader.pages[0].extract_text()
    assert "采纳证书" in text.replace(" ", "") and "感谢您提出的意见建议" in text
    assert any("CJK" in name for name in _embedded_fonts(reader))


def test_nothing_outside_the_document_is_fetched(tmp_path):
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the stdlib's name
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>')
    try:
        document = _render(
            f'<img src="http://127.0.0.1:{server.server_port}/probe.png">'
            f'<img src="file://{secret}"><p>正文</p>'
            '<img src="data:image/svg+xml;base64,'
            'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSIxMCIgaGVpZ2h0PSIxMCIvPg==">'
        )
    finally:
        server.shutdown()
    assert hits == []
    assert b"SECRET" not in document
    assert "正文" in pypdf.PdfReader(io.BytesIO(document)).pages[0].extract_text()


def test_render_pdf_uses_a_template():
    document = pdf.render_pdf("pdf/base.html", {})
    assert document.startswith(b"%PDF-")


def test_data_uri():
    assert pdf.data_uri(b"ab", "image/png") == "data:image/png;base64,YWI="


def test_no_printable_template_lays_out_with_flex_boxes():
    """WeasyPrint measures a flex item several times over: a sheet of collection codes laid out
    with flex boxes took more than twice as long as with floats. Printable templates use floats
    and tables."""
    import re
    from pathlib import Path

    from django.template.utils import get_app_template_dirs

    engine = engines["django"].engine
    printable = [
        path
        for folder in [*engine.dirs, *get_app_template_dirs("templates")]
        for path in Path(folder).rglob("*.html")
        if path.match("pdf/base.html") or '"pdf/base.html"' in path.read_text(encoding="utf-8")
    ]
    assert len(printable) > 1
    flex = re.compile(r"display\s*:\s*(inline-)?flex|\bflex(-wrap|-direction|-grow|-shrink)?\s*:")
    assert [str(p) for p in printable if flex.search(p.read_text(encoding="utf-8"))] == []
