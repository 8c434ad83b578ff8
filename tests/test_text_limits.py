"""Issue #18, point 4: text is data.

Markdown from a workbook cell and from a user's typed number is shown as text (the
one helper lib.markdown.escape); NUL and control characters are refused in text
fields; one table of length limits (lib.limits) is enforced in lib; action names
in messages come from one label table (lib.labels)."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from lib import (access, archive, events, labels, limits, markdown, office, office_calendar,
                 register)
from lib.format import master, store
from lib.errors import PermissionDenied, ValidationError
from tests.conftest import login_as
from tests.cyclehelp import YEAR

EVIL = "![x](http://evil.example/p.png) [klik](http://evil.example) <img src=x> :red[merah]"


def _unrendered(value: str) -> bool:
    """True when every bracket of the Markdown source is escaped: no link, image,
    autolink, HTML tag or :color[...] directive can form."""
    return all(value[i - 1:i] == "\\" for i, ch in enumerate(value) if ch in "[]<>")


# ------------------------------------------------------------------ the one escaping helper
@pytest.mark.parametrize("text", [EVIL, "# judul\n- butir\n1. satu\n===", "`kode` *tebal* _miring_",
                                  "$x^2$ | a | b |", "Yulia Fitri, S.E. (Kasi) 85,71%"])
def test_escape_leaves_no_markup(text):
    out = markdown.escape(text)
    assert _unrendered(out)
    for line in out.splitlines():
        assert not line.startswith(("#", "- ", "1. ", "==="))
    assert out.replace("\\", "") == text.replace("\\", "")  # the same characters, escaped


def test_markdown_in_a_workbook_cell_is_shown_as_text(demo_db, people):
    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Sasaran Strategis", "Indikator Kinerja", "Target",
               "Realisasi/ Progres Capaian", "Program/Kegiatan/ Sub Kegiatan", "Sumber Data",
               "Yang membidangi", "Ket"])
    ws.append(["1", "Sasaran A", "Indikator A", "100%", "", "", "", EVIL, ""])
    buf = io.BytesIO()
    wb.save(buf)
    at = login_as("sekcam")
    at.switch_page("pages/master.py").run()
    at.file_uploader(key="master.impor.0").set_value(("format.xlsx", buf.getvalue(), None))
    at.run()
    assert not at.exception
    shown = [w.value for w in at.warning] + [e.value for e in at.error] + \
        [m.value for m in at.markdown]
    assert any("evil.example" in v for v in shown)           # the cell is shown...
    assert all(_unrendered(v) for v in shown)                 # ...as text only


def test_markdown_in_a_conflict_message_is_shown_as_text(demo_db, people):
    register.take(demo_db, people["jf"], doc_type="lainnya", date=dt.date(2027, 1, 22),
                  typed_number=EVIL[:80])
    at = login_as("jf")
    at.switch_page("pages/register.py").run()
    at.radio(key="register.sumber").set_value("agenda").run()
    at.text_input(key="register.nomor").input(EVIL[:80])
    next(b for b in at.button if b.key == "register.ambil").click().run()
    assert not at.exception
    assert at.error and "sudah terdaftar" in at.error[0].value
    assert "evil.example" in at.error[0].value and _unrendered(at.error[0].value)


# ------------------------------------------------------------------ NUL and control characters
def test_nul_in_a_letter_number_and_subject_is_refused(demo_db, people):
    jf = people["jf"]
    for kwargs, where in (({"typed_number": "800/001\x00/CGG"}, "Nomor surat"),
                          ({"subject": "Undangan\x00rapat"}, "Perihal surat"),
                          ({"subject": "Undangan\x1b[31mrapat"}, "Perihal surat")):
        with pytest.raises(ValidationError, match=f"{where} memuat karakter kendali"):
            register.take(demo_db, jf, doc_type="lainnya", date=dt.date(2027, 1, 22), **kwargs)
    assert register.list_letters(demo_db) == []
    with pytest.raises(ValidationError, match="satu baris"):
        register.take(demo_db, jf, doc_type="lainnya", date=dt.date(2027, 1, 22),
                      subject="baris satu\nbaris dua")


def _profile(db, **change):
    p = office.get_profile(db)
    return {k: p.get(k) or "" for k in office.PROFILE_FIELDS} | change


def test_nul_and_length_in_profile_fields_are_refused(demo_db, people):
    admin = people["admin"]
    before = office.get_profile(demo_db)
    with pytest.raises(ValidationError, match="karakter kendali"):
        office.update_profile(demo_db, admin, _profile(demo_db, kecamatan="Guguak\x00"))
    with pytest.raises(ValidationError, match=r"Alamat terlalu panjang \(1\.048\.576 karakter, "
                                              r"maksimal 300\)"):
        office.update_profile(demo_db, admin, _profile(demo_db, alamat="a" * 1024 * 1024))
    assert office.get_profile(demo_db) == before
    office.update_profile(demo_db, admin, _profile(demo_db, alamat="Jl. Raya\nGuguak"))


def test_length_limit_of_a_letter_subject(demo_db, people):
    with pytest.raises(ValidationError, match="maksimal 300"):
        register.take(demo_db, people["jf"], doc_type="lainnya", date=dt.date(2027, 1, 22),
                      subject="x" * 1024 * 1024)
    ok = register.take(demo_db, people["jf"], doc_type="lainnya", date=dt.date(2027, 1, 22),
                       subject="x" * 300)
    assert len(ok["subject"]) == 300


def test_nul_in_a_format_row_is_refused(demo_db, people):
    with pytest.raises(ValidationError, match="karakter kendali"):
        master.save_master_row(demo_db, people["sekcam"], YEAR, {
            "sasaran": "Sasaran\x00", "indikator": "Indikator", "target": "100%",
            "unit": "pem"})
    assert store.list_rows(demo_db, YEAR) == []


def test_nul_in_a_unit_name_and_a_holiday_is_refused(demo_db, people):
    with pytest.raises(ValidationError, match="karakter kendali"):
        office.save_unit(demo_db, people["admin"], code="baru", name="Seksi\x07Baru", new=True)
    with pytest.raises(ValidationError, match="karakter kendali"):
        office_calendar.add_holiday(demo_db, people["admin"], dt.date(2027, 8, 18), "Cuti\x00")


# ------------------------------------------------------------------ the tables
def test_every_limited_field_has_a_label_and_formats_reads_the_one_table():
    assert set(limits.FIELDS) == set(limits.LABELS)
    assert store.MAX_LEN is limits.FORMAT_MAX_LEN


def test_every_permission_and_event_has_an_indonesian_label(demo_db):
    assert set(access.PERMISSIONS) <= set(labels.PERMISSION_LABELS)
    for action in access.PERMISSIONS:
        assert "." not in labels.permission_label(action)


def test_a_refusal_never_names_a_code(demo_db, people):
    with pytest.raises(PermissionDenied) as err:
        archive.upload_scan(demo_db, people["pem"], YEAR, b"x", "scan")
    assert str(err.value) == "Anda tidak berhak mengunggah pindaian ke arsip."
    assert "archive.upload" not in str(err.value)


def test_recorded_event_names_have_labels(demo_db, people):
    register.take(demo_db, people["jf"], doc_type="lainnya", date=dt.date(2027, 1, 22))
    names = {e["action"] for e in events.list_events(demo_db)}
    assert names
    for name in names:
        assert labels.event_label(name) != name


def test_nul_in_reasons_names_and_narratives_is_refused(demo_db, people):
    from lib import budget, narrative_defaults, narratives, users
    from lib.services import workflow

    with pytest.raises(ValidationError, match="karakter kendali"):
        workflow.reopen(demo_db, people["camat"], YEAR, "Salah\x00angka")
    with pytest.raises(ValidationError, match="karakter kendali"):
        users.update_user(demo_db, people["admin"], "jf", name="Yulia\x00", role="jf")
    with pytest.raises(ValidationError, match="karakter kendali"):
        budget.save_budget_row(demo_db, people["umum"], YEAR, "Program\x00", "Rp1.000", "Rp500")
    with pytest.raises(ValidationError, match="karakter kendali"):
        narratives.save(demo_db, people["pep"], YEAR,
                        {narrative_defaults.SECTION_KEYS[0]: "Teks\x00"}, {})


# ------------------------------------------------- the SOP definition, settings, usernames
def _revisions(db) -> int:
    return db.execute("SELECT COUNT(*) FROM sop_revisions").fetchone()[0]


@pytest.mark.parametrize("change, says", [
    (lambda s: s.__class__(**{**s.__dict__, "kegiatan": "x" * 1_000_000}),
     "Kegiatan langkah terlalu panjang (1.000.000 karakter, maksimal 500)"),
    (lambda s: s.__class__(**{**s.__dict__, "kelengkapan": "Nota\x00dinas"}),
     "Kelengkapan langkah memuat karakter kendali"),
    (lambda s: s.__class__(**{**s.__dict__, "output": "Dokumen\x1b[31m"}),
     "Output langkah memuat karakter kendali"),
])
def test_sop_step_texts_are_limited_and_nothing_is_saved(demo_db, people, change, says):
    from lib import sop

    current = sop.load_current(demo_db)
    steps = list(current.steps)
    steps[0] = change(steps[0])
    before = _revisions(demo_db)
    with pytest.raises(ValidationError) as e:
        sop.save_revision(demo_db, people["admin"], header=current.header, steps=steps)
    assert "Langkah 1: " + says in str(e.value)
    assert _revisions(demo_db) == before
    assert sop.load_current(demo_db).steps == current.steps


@pytest.mark.parametrize("field, value, says", [
    ("nama_sop", "PERENCANAAN\x00", "Header SOP (Nama SOP): Isian header SOP memuat karakter"),
    ("peringatan", "y" * 1001, "Header SOP (Peringatan): Isian header SOP terlalu panjang"),
    ("dasar_hukum", ["Perpres 29/2014", "z" * 5000],
     "Header SOP (Dasar hukum): Butir header SOP terlalu panjang (5.000 karakter"),
])
def test_sop_header_fields_are_limited(demo_db, people, field, value, says):
    from lib import sop

    current = sop.load_current(demo_db)
    before = _revisions(demo_db)
    with pytest.raises(ValidationError) as e:
        sop.save_revision(demo_db, people["admin"], header={**current.header, field: value},
                          steps=list(current.steps))
    assert says in str(e.value)
    assert _revisions(demo_db) == before


def test_sop_revision_note_is_limited(demo_db, people):
    from lib import sop

    current = sop.load_current(demo_db)
    with pytest.raises(ValidationError, match="Catatan revisi terlalu panjang"):
        sop.save_revision(demo_db, people["admin"], header=current.header,
                          steps=list(current.steps), note="n" * 501)
    saved = sop.save_revision(demo_db, people["admin"], header=current.header,
                              steps=list(current.steps), note="n" * 500)
    assert saved.revision_id != current.revision_id


@pytest.mark.parametrize("key, value, says", [
    ("letter_pattern", "{nomor}" + "/x" * 100, "Pola nomor surat terlalu panjang"),
    ("letter_pattern", "{nomor}/\x00", "Pola nomor surat memuat karakter kendali"),
    ("letter_pattern", ["{nomor}"], "Pola nomor surat harus berupa teks"),
    ("timezone", "Asia/Jakarta\x00", "Zona waktu memuat karakter kendali"),
    ("timezone", "Mars/Olympus", "Zona waktu 'Mars/Olympus' tidak dikenal"),
    ("tembusan_nota_dinas", ["Bupati\x07"], "Tembusan ke-1: Tujuan tembusan memuat karakter"),
])
def test_free_text_settings_are_limited(demo_db, people, key, value, says):
    before = office.get_setting(demo_db, key)
    with pytest.raises(ValidationError, match=says.replace("(", r"\(").replace(")", r"\)")):
        office.set_settings(demo_db, people["admin"], {key: value})
    assert office.get_setting(demo_db, key) == before


@pytest.mark.parametrize("kwargs, says", [
    ({"username": "budi\x00"}, "Nama pengguna memuat karakter kendali"),
    ({"username": "b" * 100_000}, "Nama pengguna terlalu panjang (100.000 karakter, maksimal 32)"),
    ({"nip": "1" * 31}, "NIP terlalu panjang"),
    ({"pangkat": "Penata\x00"}, "Pangkat/golongan memuat karakter kendali"),
    ({"jabatan": "j" * 201}, "Jabatan terlalu panjang"),
])
def test_user_fields_are_limited_and_nobody_is_created(demo_db, people, kwargs, says):
    from lib import users

    count = users.count_users(demo_db)
    args = {"username": "budi", "name": "Budi", "role": "jf", "password": "rahasia-kuat-2026",
            "password2": "rahasia-kuat-2026"} | kwargs
    with pytest.raises(ValidationError, match=says.replace("(", r"\(").replace(")", r"\)")):
        users.create_user(demo_db, people["admin"], **args)
    assert users.count_users(demo_db) == count
