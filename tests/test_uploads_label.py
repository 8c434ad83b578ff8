"""Issue 20, point 2: uploads speak Indonesian.

Each uploader's types and limit come from one table (lib.uploads.UPLOADERS): the label
says them, the widget is given the same limit, the service refuses beyond it, and
``maxUploadSize`` is the largest. The widget accepts any file type, so a wrong file
(a .docx dropped on the Excel uploader) reaches Perkin's content check and is refused
in Indonesian, never by Streamlit's English MIME message."""
from __future__ import annotations

import ast
import io
import tomllib
import zipfile

import pytest

from lib import files, office, paths, uploads
from lib.errors import ValidationError
from lib.planning import cards, pk
from tests.conftest import login_as
from tests.samples import pdf_bytes, png_bytes

YEAR = 2026


def docx_bytes() -> bytes:
    """A small but sound Word package (what a .docx written by Word holds at least)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://'
                   'schemas.openxmlformats.org/package/2006/relationships"/>')
        z.writestr("word/document.xml",
                   '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.'
                   'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Laporan</w:t>'
                   '</w:r></w:p></w:body></w:document>')
    return buf.getvalue()


# ------------------------------------------------------------------ the table
def test_the_server_limit_is_the_largest_uploader_limit():
    config = tomllib.loads((paths.ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == uploads.largest_mb() == 10


@pytest.mark.parametrize("kind", sorted(uploads.UPLOADERS))
def test_every_label_says_the_limit_the_service_enforces(kind):
    u = uploads.UPLOADERS[kind]
    assert f"maks. {u.max_mb} MB" in u.label()
    assert u.types in u.label() and u.label().startswith(u.what)
    with pytest.raises(ValidationError, match=f"batas {u.max_mb} MB"):
        u.check_size(b"x" * (u.max_bytes + 1))
    u.check_size(b"x" * u.max_bytes)   # exactly the limit is allowed


def test_the_services_take_their_limits_from_the_table():
    assert files.MAX_BYTES == uploads.UPLOADERS["bukti"].max_bytes
    assert office.LOGO_MAX_BYTES == uploads.UPLOADERS["logo"].max_bytes == 2 * 1024 * 1024
    assert pk.MAX_SCAN_BYTES == uploads.UPLOADERS["pk_pindaian"].max_bytes
    assert cards.MAX_IMPORT_BYTES == uploads.UPLOADERS["tahun"].max_bytes == 5 * 1024 * 1024


def test_labels_read_as_indonesian_staff_write_them():
    assert uploads.UPLOADERS["bukti"].label() == (
        "Berkas bukti (PDF, PNG, JPG, Excel .xlsx atau Word .docx; maks. 10 MB)")
    assert uploads.UPLOADERS["logo"].label("Unggah logo") == (
        "Unggah logo (PNG atau JPG; maks. 2 MB)")
    assert uploads.UPLOADERS["format"].label() == "Berkas format (Excel .xlsx; maks. 10 MB)"


def test_wrong_type_names_what_the_file_is():
    u = uploads.UPLOADERS["arsip"]
    with pytest.raises(ValidationError) as err:
        u.check(docx_bytes())
    assert str(err.value) == ("Pindaian harus PDF, PNG atau JPG (dikenali dari isinya, bukan "
                              "dari nama berkas); berkas ini Word .docx.")
    with pytest.raises(ValidationError, match="isi berkas ini tidak dikenali"):
        u.check(b"just text")
    assert u.check(pdf_bytes()) == uploads.PDF


def test_format_import_refuses_a_file_over_its_limit_before_parsing():
    from lib import excel

    with pytest.raises(ValidationError, match="Berkas format terlalu besar .*batas 10 MB"):
        excel.read_format_xlsx(b"PK\x03\x04" + b"\0" * uploads.UPLOADERS["format"].max_bytes)


# ------------------------------------------------------------------ the pages
def _uploader_calls(tree) -> list[ast.Call]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute) and n.func.attr == "file_uploader"]


def test_pages_use_the_one_uploader_helper():
    """Only pages/_ui.uploader calls st.file_uploader, with type=None and its limit."""
    for path in sorted((paths.ROOT / "pages").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = _uploader_calls(tree)
        if path.name == "_ui.py":
            assert len(calls) == 1
            kw = {k.arg: k.value for k in calls[0].keywords}
            assert isinstance(kw["type"], ast.Constant) and kw["type"].value is None
            assert "max_upload_size" in kw
        else:
            assert not calls, f"{path.name} calls st.file_uploader itself"


def _logo_page():
    at = login_as("admin")
    at.switch_page("pages/admin_profil.py").run()
    assert not at.exception
    return at


def test_the_widget_accepts_any_type_and_carries_the_limit(demo_db):
    at = _logo_page()
    up = at.file_uploader(key="admin.profil.logo")
    assert up.allowed_type == []                       # the check is Perkin's, by content
    assert up.proto.max_upload_size_mb == 2
    assert up.label == "Unggah logo (PNG atau JPG; maks. 2 MB)"


def test_a_docx_on_the_excel_uploader_gets_perkins_message(demo_db, people):
    from tests.test_formats import add_master

    add_master(demo_db, people["sekcam"], indikator="Persentase profil nagari", target="100%")
    at = login_as("pem")
    at.switch_page("pages/formulir.py").run()
    assert not at.exception
    up = at.file_uploader(key="formulir.impor.0")
    assert up.allowed_type == [] and "Excel .xlsx; maks. 10 MB" in up.label
    up.set_value(("laporan.xlsx", docx_bytes(),
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    at.run()
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert any("dokumen Word (.docx), bukan Excel .xlsx" in e for e in errors), errors


def test_a_docx_as_logo_is_refused_in_indonesian_and_nothing_saved(demo_db):
    at = _logo_page()
    at.file_uploader(key="admin.profil.logo").set_value(("logo.png", docx_bytes(), "image/png"))
    next(b for b in at.button if b.label == "Simpan logo").click().run()
    assert not at.exception
    errors = [str(e.value) for e in at.error]
    assert any("Logo harus berupa gambar PNG atau JPG" in e and "berkas ini Word .docx" in e
               for e in errors), errors
    assert office.get_profile(demo_db)["logo"] is None
    # a real PNG under the same uploader is taken
    at.file_uploader(key="admin.profil.logo").set_value(("logo.png", png_bytes(), "image/png"))
    next(b for b in at.button if b.label == "Simpan logo").click().run()
    assert not at.exception
    assert office.get_profile(demo_db)["logo"] is not None
