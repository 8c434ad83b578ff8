"""Every document rendered through lib.services.documents from a demo database driven by
the real services (tests/cyclehelp.py), read back with pypdf."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from lib import archive, budget, clock, cycles, narratives, office
from lib.format import master, store, unit_form
from lib.lkjip import analyses
from lib.planning import renstra
from lib.services import documents
from lib.errors import Conflict, PermissionDenied, StateError, ValidationError
from tests.cyclehelp import YEAR, Clock, run_to
from lib.services import workflow


FIXED = dt.datetime(2027, 2, 1, 9, 0, tzinfo=clock.TZ)
T0 = dt.datetime(2027, 1, 4, 8, 0, tzinfo=clock.TZ)
S1 = "Meningkatnya kualitas pelayanan publik"
S2 = "Meningkatnya ketenteraman dan tata kelola"

# unit, sasaran, indikator, target, polarity, realisasi, belum_berjalan, program
ROWS = [
    ("pem", S1, "Persentase layanan administrasi selesai tepat waktu", "90%", "positif",
     "85,5%", False, "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"),
    ("pelayanan", S1, "Jumlah KTP-el yang diterbitkan", "1.250 orang", "positif",
     "1.000 orang", False, "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik"),
    ("trantib", S2, "Jumlah pengaduan gangguan trantib", "10 kejadian", "negatif",
     "12 kejadian", False, "Program Ketentraman dan Ketertiban Umum"),
    ("umum", S2, "Nilai SAKIP kecamatan", "BB", "positif", "B", False,
     "Program Penunjang Urusan Pemerintahan Daerah"),
    ("kesos", S2, "Persentase PMKS tertangani", "80%", "positif", "", True,
     "Koordinasi Kegiatan Kesejahteraan Sosial"),
]
# hand-computed: 85,5/90 = 95 %; 1.000/1.250 = 80 %; (2 - 12/10) = 80 %; B against BB
# without scores: "tidak tercapai", no percentage, out of the averages (DOMAIN.md §6)


def seed(db, people):
    for unit, sasaran, indikator, target, pol, _, _, program in ROWS:
        master.save_master_row(db, people["sekcam"], YEAR, {
            "sasaran": sasaran, "indikator": indikator, "target": target, "polarity": pol,
            "unit": unit, "program": program, "sumber_data": "Laporan seksi"}, now=T0)
    for unit, _, indikator, _, _, real, belum, _ in ROWS:
        row = next(r for r in store.list_rows(db, YEAR, unit) if r["indikator"] == indikator)
        unit_form.save_unit_form(db, people[unit], YEAR, unit, {
            row["id"]: {"realisasi": real, "belum_berjalan": belum}},
            store.form_rev(db, YEAR, unit), now=T0)
    budget.save_budget_row(db, people["umum"], YEAR,
                           "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
                           "Rp27.350.000", "Rp25.000.000", now=T0)
    narratives.save(db, people["pep"], YEAR, {
        "kata_pengantar": "Puji syukur atas selesainya {judul} Kecamatan {kecamatan} Tahun "
                          "{tahun}."}, {}, now=T0)
    # the analysis belongs to the sasaran's identity: the Renstra first, the rows linked
    pid = renstra.save_period(db, people["sekcam"], {"start_year": 2021, "end_year": 2026,
                                                     "visi": "Visi", "misi": ["Misi"]}, now=T0)
    s1 = renstra.save_sasaran(db, people["sekcam"], pid, {"text": S1}, now=T0)
    renstra.save_sasaran(db, people["sekcam"], pid, {"text": S2}, now=T0)
    renstra.link_year(db, people["sekcam"], YEAR, now=T0)
    analyses.save(db, people["pep"], YEAR, s1, {"penghambat": "Jaringan internet sering putus."},
                  now=T0)


def pages_text(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def render_text(db, doc, **kw):
    data, name, warnings = documents.render(db, doc, YEAR, creation_date=FIXED, **kw)
    assert data.startswith(b"%PDF-")
    return data, name, warnings, pages_text(data)


def assert_page_numbers(pages):
    n = len(pages)
    for i, text in enumerate(pages, 1):
        assert f"Halaman {i} dari {n}" in text


@pytest.fixture
def seeded(demo_db, people):
    seed(demo_db, people)
    return demo_db


# ------------------------------------------------------------------ drafts, any moment
@pytest.mark.slow
def test_every_document_renders_on_an_empty_office(demo_db):
    for doc in sorted(documents.DOCS):
        data, name, warnings = documents.render(demo_db, doc, YEAR, unit_code="pem")
        assert data.startswith(b"%PDF-") and name.endswith(".pdf")
        assert all(isinstance(w, str) for w in warnings)
    _, _, warnings = documents.render(demo_db, "lakip", YEAR)
    assert any("Belum ada indikator" in w for w in warnings)
    with pytest.raises(ValidationError, match="Pilih unit"):
        documents.render(demo_db, "format", YEAR)
    with pytest.raises(ValidationError, match="tidak dikenal"):
        documents.render(demo_db, "surat-cinta", YEAR)


def test_lakip_draft_at_step_5_has_the_rows_so_far(seeded, people):
    run_to(seeded, people, 5)
    data, name, warnings, pages = render_text(seeded, "lakip")
    assert name == "LKjIP-2026-v1-draft.pdf"
    assert_page_numbers(pages)
    for text in pages:
        assert "DRAFT" in text
    whole = " ".join(pages)
    assert "LAPORAN KINERJA INSTANSI PEMERINTAH" in pages[0] and "TAHUN 2026" in pages[0]
    assert "Puji syukur atas selesainya LKjIP Kecamatan Guguak Tahun 2026." in whole
    assert "Jaringan internet sering putus." in whole
    for _, _, indikator, *_ in ROWS:
        assert indikator.split()[0] in whole
    assert "95,00%" in whole and "80,00%" in whole   # documents print two decimals
    # averages: S1 (95 + 80) / 2 = 87,5 %; overall (95 + 80 + 80) / 3 = 85 %
    assert "87,50%" in whole and "Rata-rata seluruh indikator 85,00%" in whole
    assert "Nilai SAKIP kecamatan BB B - Tidak tercapai" in whole
    assert "Kegiatan belum berjalan" in whole
    assert "Rp27.350.000" in whole and "Rp25.000.000" in whole
    assert "Drs. MUFTIL WAHYUDI" in whole and "NIP. 19731107 199303 1 002" in whole


def test_format_and_rekap(seeded, people):
    data, name, _, pages = render_text(seeded, "format", unit_code="pem")
    assert name == "format-pem-2026.pdf"
    whole = " ".join(pages)
    assert "FORMULIR PENGUMPULAN PERENCANAAN KINERJA" in whole
    assert "KECAMATAN GUGUAK TAHUN 2026" in whole and "Seksi Pemerintahan" in whole
    assert "85,5%" in whole and "Afrizal, S.Sos" in whole
    _, name, _, pages = render_text(seeded, "format", unit_code="pmd")
    assert name == "format-pmd-2026-kosong.pdf"
    _, _, warnings, pages = render_text(seeded, "rekap")
    whole = " ".join(pages)
    assert "REKAPITULASI DATA PERENCANAAN KINERJA" in whole
    assert "95,00%" in whole and "Sangat Baik" in whole and "87,50%" in whole
    assert all("DRAFT" in p for p in pages)  # not yet reviewed at step 5
    assert any("langkah 5" in w for w in warnings)
    assert_page_numbers(pages)


# ------------------------------------------------------------------ the full cycle
@pytest.fixture
def finished(seeded, people):
    run_to(seeded, people, 14)  # every step done, approval included
    return seeded


def test_letters_notulen_receipt_and_sop_of_a_finished_cycle(finished):
    db = finished
    _, _, _, pages = render_text(db, "nota-dinas")
    nd = pages[0]
    assert "PEMERINTAH KABUPATEN LIMA PULUH KOTA" in nd and "KECAMATAN GUGUAK" in nd
    assert "NOTA DINAS" in nd and "800/001/CGG/I/2027" in nd
    assert "11 Januari 2027" in nd and "Tahun 2026" in nd
    assert "DRAFT" not in nd and "Halaman" not in nd   # one page: no page number

    _, _, _, pages = render_text(db, "notulen")
    whole = " ".join(pages)
    assert "NOTULEN" in whole and "RAPAT FINALISASI LKjIP TAHUN 2026" in whole
    assert "Rabu, 20 Januari 2027" in whole and "Aula Kantor Camat" in whole
    assert "Finalisasi LAKIP" in whole and "LAKIP disetujui untuk diajukan" in whole
    assert "DAFTAR HADIR" in whole and "Hendra Saputra" in whole  # Sekcam: notulis
    assert_page_numbers(pages)

    _, _, _, pages = render_text(db, "surat-pengantar")
    sp = pages[0]
    assert "SURAT PENGANTAR" in sp and "Bupati" in sp and "22 Januari 2027" in sp
    assert re.search(r"000\.1\.5/\d{3}/CGG/I/2027", sp), sp
    assert "2 (dua) eksemplar" in sp and "DRAFT" not in sp

    _, _, _, pages = render_text(db, "tanda-terima")
    tt = pages[0]
    assert "TANDA TERIMA" in tt and "Bagian Organisasi" in tt and "23 Januari 2027" in tt
    assert "Diantar langsung" in tt and "Budi" in tt and "Yulia Fitri" in tt  # JF sends

    _, _, _, pages = render_text(db, "sop")
    whole = " ".join(pages)
    assert "STANDAR OPERASIONAL PROSEDUR" in whole and "PERENCANAAN KINERJA" in whole
    assert_page_numbers(pages)


def test_approval_freezes_the_final_and_render_returns_the_stored_bytes(finished):
    db = finished
    final = archive.get_final(db, YEAR)
    assert final["version"] == 1 and final["approved_by_name"] == "Drs. MUFTIL WAHYUDI"
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}", final["verify_code"])
    import hashlib
    assert hashlib.sha256(final["content"]).hexdigest() == final["sha256"]
    data, name, warnings = documents.render(db, "lakip", YEAR)
    assert data == final["content"] and name == "LKjIP-2026-v1.pdf" and warnings == []
    again, _, _ = documents.render(db, "lakip", YEAR, creation_date=FIXED)
    assert again == final["content"]  # never regenerated
    pages = pages_text(data)
    assert_page_numbers(pages)
    for text in pages:
        assert "DRAFT" not in text
        assert f"Kode verifikasi: {final['verify_code']}" in text
    # a later change of the data does not touch the final
    row = store.list_rows(db, YEAR, "pem")[0]
    db.execute("UPDATE indicators SET realisasi = '10%' WHERE id = ?", [row["id"]])
    assert documents.render(db, "lakip", YEAR)[0] == final["content"]
    with pytest.raises(Exception, match="frozen"):
        db.execute("UPDATE archive SET content = x'00' WHERE id = ?", [final["id"]])


def test_reopen_makes_version_2_and_keeps_version_1(finished, people):
    db = finished
    v1 = archive.get_final(db, YEAR, 1)
    with pytest.raises(StateError, match="sudah disetujui"):  # the approved text is closed
        narratives.save(db, people["pep"], YEAR, {"bab4_saran": "Saran baru."}, {})
    clk = Clock("2027-02-01T08:00:00")
    workflow.reopen(db, people["camat"], YEAR, "Koreksi angka IKM", now=clk.tick())
    data, name, _ = documents.render(db, "lakip", YEAR)
    assert name == "LKjIP-2026-v2-draft.pdf" and data != v1["content"]
    assert "DRAFT" in pages_text(data)[0]
    narratives.save(db, people["pep"], YEAR, {"bab4_saran": "Saran baru."}, {})
    from tests.cyclehelp import do_step
    defn = cycles.definition(db, cycles.get_cycle(db, YEAR))
    for no in range(defn.step_of_kind("draft").no, defn.step_of_kind("persetujuan").no + 1):
        do_step(db, people, no, clk)
    v2 = archive.get_final(db, YEAR)
    assert v2["version"] == 2 and v2["verify_code"] != v1["verify_code"]
    assert archive.get_final(db, YEAR, 1)["content"] == v1["content"]
    assert documents.render(db, "lakip", YEAR)[0] == v2["content"]
    assert [e["version"] for e in archive.list_archive(db, YEAR)
            if e["doc_type"] == "lakip"] == [1, 2]


@pytest.mark.slow
def test_fixed_creation_date_gives_identical_bytes(seeded):
    for doc in ("nota-dinas", "rekap", "lakip", "sop"):
        a = documents.render(seeded, doc, YEAR, creation_date=FIXED)[0]
        b = documents.render(seeded, doc, YEAR, creation_date=FIXED)[0]
        assert a == b, doc


def test_missing_profile_and_signer_data_give_placeholders_and_warnings(seeded, people):
    db = seeded
    db.execute("UPDATE users SET nip = '', pangkat = '' WHERE username = 'camat'")
    db.execute("UPDATE users SET active = 0 WHERE username = 'sekcam'")
    data, _, warnings = documents.render(db, "nota-dinas", YEAR)
    text = pages_text(data)[0]
    assert "(NIP belum diisi)" in text and "LOGO" in text
    assert any("NIP Drs. MUFTIL WAHYUDI" in w for w in warnings)
    assert any(w.startswith("Logo kabupaten belum diunggah") for w in warnings)
    data, _, warnings = documents.render(db, "notulen", YEAR)
    assert "(nama belum diisi)" in " ".join(pages_text(data))
    assert any("Sekretaris Camat" in w for w in warnings)


def test_acting_camat_is_shown(seeded):
    seeded.execute("UPDATE users SET acting = 'Plt.' WHERE username = 'camat'")
    data, _, _ = documents.render(seeded, "nota-dinas", YEAR)
    assert "Plt. Camat Guguak" in pages_text(data)[0]


# ------------------------------------------------------------------ narratives
def test_narratives_rights_revs_and_defaults(seeded, people):
    db = seeded
    secs = {t.section: t for t in narratives.sections(db, YEAR)}
    assert secs["kata_pengantar"].stored and secs["kata_pengantar"].rev == 1
    assert not secs["ikhtisar"].stored and "Kecamatan Guguak Tahun 2026" in secs["ikhtisar"].text
    with pytest.raises(PermissionDenied):
        narratives.save(db, people["pem"], YEAR, {"ikhtisar": "x"}, {})
    with pytest.raises(Conflict):
        narratives.save(db, people["pep"], YEAR, {"kata_pengantar": "baru"}, {})
    assert narratives.save(db, people["pep"], YEAR, {"kata_pengantar": "baru"},
                                  {"kata_pengantar": 1}) == 1
    # an untouched default is not stored
    assert narratives.save(db, people["pep"], YEAR,
                                  {"ikhtisar": secs["ikhtisar"].text}, {}) == 0
    (a,) = analyses.for_year(db, YEAR).values()
    assert [t for _, t in analyses.FIELDS] == ["Faktor Pendukung", "Faktor Penghambat",
                                               "Upaya Perbaikan"]
    assert a.penghambat == "Jaringan internet sering putus." and a.rev == 1
    assert a.pendukung == "" and a.upaya == ""   # empty by default: no boilerplate
    with pytest.raises(ValidationError):
        narratives.save(db, people["pep"], YEAR, {"bab9": "x"}, {})


# ------------------------------------------------------------------ CLI
def test_cli_render_writes_the_pdf(seeded, tmp_path, capsys):
    from lib import cli

    out = tmp_path / "keluar" / "lakip.pdf"
    assert cli.main(["render", "lakip", "--year", str(YEAR), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    captured = capsys.readouterr()
    assert "tersimpan di" in captured.out and "Peringatan: Logo" in captured.err
    assert cli.main(["render", "format", "--year", str(YEAR), "--out", str(out)]) == 1
    assert "Pilih unit" in capsys.readouterr().err
    assert cli.main(["render", "format", "--year", str(YEAR), "--unit", "pem",
                     "--out", str(tmp_path / "f.pdf")]) == 0
    assert cli.main(["render", "lakip", "--year", str(YEAR), "--out", "x.odt"]) == 2
