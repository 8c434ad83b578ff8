"""The year's journey in a real browser, by clicking and typing only.

The demo office (``init --demo --today 2026-11-24``) waits at step 5 of 2026
with Seksi Kesejahteraan Sosial returned. From there: kesos corrects its
format in Excel and resubmits; JF compiles again; Sekcam accepts every unit;
Kasubbag PEP writes a narrative, is refused "Draft selesai" while two sasaran
have no analysis, writes those two analyses (faktor pendukung, penghambat, upaya)
and sends the draft; Sekcam returns it once,
then accepts it, records the finalisation meeting and hands the LAKIP over;
the Camat approves; JF numbers the cover letter, records copies and sending.
The final LAKIP is downloaded through the browser, read back with pypdf and
verified on the public page. Reload keeps a session; Keluar ends it.

The test reads the database through lib after key steps; it never writes.
"""
from __future__ import annotations

import hashlib
import io
import re
import time

from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from lib import archive, cycles, narratives, users
from lib.lkjip import analyses, readiness
from lib.format import store
from lib.services import documents
from tests.e2e.ui import Person

YEAR = 2026
KESOS_INDICATOR = "Jumlah penduduk miskin yang difasilitasi bantuan sosial"
NEW_REALISASI = "1.215 orang"
KATA_PENGANTAR_ADDITION = "Laporan ini juga memuat koreksi data penduduk miskin sesuai DTKS."
DRAFT_RETURN_REASON = "Mohon lengkapi analisis faktor penghambat pada Bab III."
# the two sasaran the demo's 2026 draft has no analysis for, and what the PEP writes
ANALYSES = {
    "SS3": ("Pemutakhiran DTKS bersama operator nagari.",
            "Data penduduk miskin dari nagari terlambat masuk.",
            "Verifikasi data DTKS setiap triwulan bersama Dinas Sosial."),
    "SS5": ("Loket PATEN menambah petugas pada jam sibuk.",
            "Ruang tunggu pelayanan masih sempit.",
            "Menata ulang ruang pelayanan dari anggaran pemeliharaan."),
}
NAMES = {"kesos": "Desi Ratnasari, S.Sos", "jf": "Yulia Fitri, S.E",
         "sekcam": "Hendra Saputra, S.STP, M.Si", "pep": "Fitria Handayani, S.E, M.M",
         "camat": "Drs. MUFTIL WAHYUDI", "admin": "Rina Marlina, S.Kom"}


# ---------------------------------------------------------------- database reads
def _cycle(app):
    db = app.db()
    try:
        return cycles.get_cycle(db, YEAR)
    finally:
        db.conn.close()


def _read(app, fn):
    db = app.db()
    try:
        return fn(db)
    finally:
        db.conn.close()


def _unit_states(app) -> dict[str, dict]:
    return _read(app, lambda db: cycles.unit_states(db, cycles.get_cycle(db, YEAR)))


def _active_step(app) -> int | None:
    return _read(app, lambda db: cycles.active_step(db, cycles.get_cycle(db, YEAR)))


def _runs(app, step_no: int):
    return _read(app, lambda db: [r for r in cycles.runs(db, cycles.get_cycle(db, YEAR))
                                  if r.step_no == step_no])


# ---------------------------------------------------------------- workbook edit
def _set_realisasi(path, indikator: str, value: str) -> None:
    """What the unit head does in Excel: overwrite one Realisasi cell."""
    wb = load_workbook(path)
    changed = 0
    for ws in wb.worksheets:
        header_row = real_col = None
        for row in ws.iter_rows(max_row=40):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip().lower().startswith(
                        "realisasi"):
                    header_row, real_col = cell.row, cell.column
                    break
            if header_row:
                break
        if not header_row:
            continue
        for row in ws.iter_rows(min_row=header_row + 1):
            if any(isinstance(c.value, str) and c.value.strip() == indikator for c in row):
                ws.cell(row=row[0].row, column=real_col, value=value)
                changed += 1
    assert changed == 1, f"indikator {indikator!r} tidak ditemukan tepat satu kali di {path}"
    wb.save(path)


# ---------------------------------------------------------------- the journey
def test_year_journey_in_the_browser(app, browser, screenshots, tmp_path):
    people: dict[str, Person] = {}
    t0 = time.monotonic()

    def stage(name: str) -> None:  # shown with the failure report (and with -s)
        print(f"[{time.monotonic() - t0:6.1f} s] {name}", flush=True)

    def person(username: str) -> Person:
        p = Person(browser, app.base_url, app, screenshots)
        p.login(username, NAMES[username])
        p.shot(f"{username}-beranda")
        people[username] = p
        return p

    start = _unit_states(app)
    assert start["kesos"]["state"] == "dikembalikan"
    assert _active_step(app) == 3
    kesos_round = start["kesos"]["round"]

    try:
        stage("kesos: Excel out, fix, in, Kirim")
        kesos = person("kesos")
        kesos.go("Formulir Unit", "Formulir Pengumpulan Perencanaan Kinerja")
        kesos.expect_alert("Format dikembalikan oleh Sekcam")
        kesos.shot("kesos-formulir")
        xlsx = kesos.download("Unduh format terisi (.xlsx)", tmp_path / "format-kesos.xlsx")
        _set_realisasi(xlsx, KESOS_INDICATOR, NEW_REALISASI)
        kesos.upload("Unggah format terisi", xlsx)
        expect(kesos.page.get_by_text("Pratinjau lembar")).to_be_visible()
        kesos.settle()
        kesos.click("Simpan hasil impor")
        kesos.expect_alert("Impor tersimpan")
        kesos.settle()
        rows = _read(app, lambda db: store.list_rows(db, YEAR, "kesos"))
        assert {r["indikator"]: r["realisasi"] for r in rows}[KESOS_INDICATOR] == NEW_REALISASI
        kesos.click("Kirim")
        kesos.expect_alert("Format terkirim ke Sekcam")
        kesos.settle()
        assert _unit_states(app)["kesos"]["state"] == "dikirim"
        kesos.close()

        stage("JF compiles again (step 4)")
        jf = person("jf")
        jf.go("Rekapitulasi", "Rekapitulasi Format")
        jf.click("Himpun (selesaikan langkah 4)")
        jf.expect_alert("Format dihimpun")
        jf.settle()
        jf.shot("jf-rekapitulasi")
        kesos_state = _unit_states(app)["kesos"]
        assert kesos_state["round"] == kesos_round
        assert kesos_state["compiled_round"] == kesos_round

        stage("Sekcam accepts every unit (step 5)")
        sekcam = person("sekcam")
        sekcam.go("Pemeriksaan Format", "Pemeriksaan Format Unit")
        sekcam.shot("sekcam-pemeriksaan")
        waiting = [c for c, s in _unit_states(app).items() if s["state"] == "dikirim"]
        assert "kesos" in waiting and len(waiting) >= 2
        unit_box = sekcam.page.get_by_role("combobox", name="Unit yang diperiksa", exact=True)
        for _ in waiting:
            name = unit_box.input_value()
            sekcam.click(f"Terima {name}")
            sekcam.settle()
            dialog = sekcam.page.get_by_role("dialog")       # asks first, naming the unit
            expect(dialog.get_by_text(f"Terima format {name} tahun {YEAR}?")).to_be_visible()
            sekcam.click(f"Ya, terima {name}", within=dialog)
            sekcam.expect_alert(f"Format {name} diterima.")
            sekcam.settle()
        sekcam.expect_alert("Semua format unit sudah diterima")
        assert {s["state"] for s in _unit_states(app).values()} == {"diterima"}
        assert _active_step(app) == 6

        stage("PEP writes and sends the draft (step 6)")
        pep = person("pep")
        pep.go("Penyusunan LKjIP", "Penyusunan LKjIP")
        kata = pep.page.get_by_label("Kata Pengantar", exact=True)
        original = kata.input_value()
        kata.fill(original.rstrip() + "\n\n" + KATA_PENGANTAR_ADDITION)
        kata.blur()
        pep.settle()
        pep.click("Simpan naskah")
        pep.expect_alert("Naskah tersimpan (1 bagian diubah).")
        pep.settle()
        texts = {t.section: t for t in _read(app, lambda db: narratives.sections(db, YEAR))}
        assert texts["kata_pengantar"].stored
        assert KATA_PENGANTAR_ADDITION in texts["kata_pengantar"].text
        pep.shot("pep-penyusunan")
        pep.click("Draft selesai, kirim ke Sekcam")
        pep.expect_alert("Draft belum dapat dikirim ke Sekcam")
        pep.settle()
        assert _active_step(app) == 6
        for kode, (pendukung, penghambat, upaya) in ANALYSES.items():
            box = pep.page.locator('[data-testid="stExpander"]').filter(
                has=pep.page.locator("summary").filter(
                    has_text=re.compile(rf"{kode} .*belum ditulis")))
            form = box.locator('[data-testid="stForm"]')
            if not form.is_visible():   # open sasaran without an analysis start expanded
                box.locator("summary").first.click()
                pep.settle()
            for label, text in (("Faktor Pendukung", pendukung), ("Faktor Penghambat", penghambat),
                                ("Upaya Perbaikan", upaya)):
                form.get_by_label(label, exact=True).fill(text)
                form.get_by_label(label, exact=True).blur()
            pep.settle()
            pep.click("Simpan analisis", within=form)
            pep.expect_alert(f"Analisis sasaran {kode} tersimpan.")
            pep.settle()
        saved = _read(app, lambda db: {db.execute("SELECT kode FROM renstra_sasaran WHERE id = ?",
                                                  [sid]).fetchone()[0]: a for sid, a in
                                       analyses.for_year(db, YEAR).items()})
        for kode, (pendukung, penghambat, upaya) in ANALYSES.items():
            assert (saved[kode].pendukung, saved[kode].penghambat, saved[kode].upaya) == (
                pendukung, penghambat, upaya)
        assert not _read(app, lambda db: readiness.check(db, YEAR).blocking)
        pep.click("Draft selesai, kirim ke Sekcam")
        pep.expect_alert("Draft LKjIP dikirim ke Sekcam")
        pep.settle()
        assert _active_step(app) == 7

        stage("Sekcam returns the draft once (step 7)")
        sekcam.go("Siklus LKjIP", "Siklus LKjIP")
        sekcam.shot("sekcam-siklus-koreksi")
        review = sekcam.form("Kembalikan untuk revisi")
        review.get_by_label("Alasan (wajib bila dikembalikan)").fill(DRAFT_RETURN_REASON)
        sekcam.click("Kembalikan untuk revisi", within=review)
        sekcam.expect_alert("Keputusan dicatat.")
        sekcam.settle()
        assert _active_step(app) == 6
        returned = [r for r in _runs(app, 7) if r.outcome == "dikembalikan"
                    and r.reason == DRAFT_RETURN_REASON]
        assert len(returned) == 1

        stage("PEP sends again")
        pep.reload()
        expect(pep.page.get_by_role("heading", name="Penyusunan LKjIP", exact=True)).to_be_visible()
        pep.expect_alert(DRAFT_RETURN_REASON)
        pep.click("Draft selesai, kirim ke Sekcam")
        pep.expect_alert("Draft LKjIP dikirim ke Sekcam")
        pep.settle()
        assert _active_step(app) == 7
        pep.close()

        stage("Sekcam accepts, meeting, hand-over (7-9)")
        sekcam.reload()
        expect(sekcam.page.get_by_role("heading", name="Siklus LKjIP", exact=True)).to_be_visible()
        review = sekcam.form("Terima draft")
        sekcam.click("Terima draft", within=review)
        sekcam.expect_alert("Keputusan dicatat.")
        sekcam.settle()
        assert _active_step(app) == 8

        everyone = _read(app, lambda db: users.list_users(db, active_only=True))
        label = {u.username: f"{u.name} ({u.jabatan or u.role_label})" for u in everyone}
        meeting = sekcam.form("Catat rapat finalisasi")
        expect(meeting).to_be_visible()
        attendees = ["camat", "sekcam", "pep", "jf"]
        sekcam.pick_many("Daftar hadir", [label[u] for u in attendees])
        meeting.get_by_label("Pimpinan rapat").fill(NAMES["camat"])
        meeting.get_by_label("Agenda (satu per baris)").fill(
            "Pembahasan draft LAKIP 2026\nPenyempurnaan Bab III")
        meeting.get_by_label("Keputusan (satu per baris)").fill(
            "Draft LAKIP disepakati\nLAKIP diajukan kepada Camat")
        sekcam.click("Catat rapat finalisasi", within=meeting)
        sekcam.expect_alert("Rapat finalisasi dicatat.")
        sekcam.settle()
        assert _active_step(app) == 9
        meeting_run = [r for r in _runs(app, 8) if r.completed_at][-1]
        assert meeting_run.data["peserta"] == [label[u] for u in attendees]
        assert meeting_run.data["pimpinan"] == NAMES["camat"]

        handover = sekcam.form("Serahkan LKjIP kepada Camat")
        sekcam.click("Serahkan LKjIP kepada Camat", within=handover)
        sekcam.expect_alert("LKjIP diserahkan kepada Camat")
        sekcam.settle()
        assert _active_step(app) == 10
        sekcam.close()

        stage("the Camat approves (step 10)")
        camat = person("camat")
        camat.go("Persetujuan", "Persetujuan")
        camat.shot("camat-persetujuan")
        camat.click(f"Setujui LKjIP {YEAR}")
        dialog = camat.page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        camat.settle()
        camat.click("Ya, lanjutkan", within=dialog)
        camat.expect_alert(f"LKjIP {YEAR} disetujui dan dikunci.")
        camat.settle()
        expect(dialog).to_be_hidden()
        final = _read(app, lambda db: archive.get_final(db, YEAR))
        assert final is not None and final["verify_code"]
        assert _active_step(app) == 11
        camat.close()

        stage("JF: number, copies, sending (11-13)")
        jf.go("Siklus LKjIP", "Siklus LKjIP")
        letter = jf.form("Beri nomor dan buat surat pengantar")
        jf.click("Beri nomor dan buat surat pengantar", within=letter)
        jf.expect_alert("Surat pengantar bernomor dibuat.")
        jf.settle()
        numbered = [r for r in _runs(app, 11) if r.completed_at]
        assert numbered and numbered[-1].data.get("nomor")

        copies = jf.form("Catat penggandaan")
        copies.get_by_label("Jumlah eksemplar").fill("4")
        jf.click("Catat penggandaan", within=copies)
        jf.expect_alert("Penggandaan dicatat.")
        jf.settle()
        assert [r for r in _runs(app, 12) if r.completed_at][-1].data["eksemplar"] == 4

        sending = jf.form("Catat pengiriman")
        sending.get_by_label("Diterima oleh").fill("Sri Wahyuni, S.AP")
        jf.click("Catat pengiriman", within=sending)
        jf.expect_alert("Pengiriman dicatat.")
        jf.settle()
        jf.shot("jf-siklus-selesai")
        assert _cycle(app).closed
        assert _active_step(app) is None

        stage("the final LAKIP through the browser")
        jf.go("Dokumen", "Dokumen")
        jf.choose("Tahun laporan", str(YEAR))
        jf.choose("Dokumen", documents.DOC_LABELS["lakip"])
        jf.click("Buat dokumen")
        expect(jf.page.get_by_role("button", name=re.compile(r"^Unduh .*\.pdf"))).to_be_visible()
        jf.settle()
        jf.shot("jf-dokumen")
        pdf_path = _download_pdf(jf, tmp_path / "lakip-final.pdf")
        data = pdf_path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == final["sha256"]
        text = " ".join(" ".join(page.extract_text() or "" for page in
                                 PdfReader(io.BytesIO(data)).pages).split())
        assert "LAPORAN KINERJA" in text.upper()
        assert "Guguak" in text and str(YEAR) in text
        assert "DRAFT" not in text.upper()
        assert KATA_PENGANTAR_ADDITION in text
        for pendukung, penghambat, upaya in ANALYSES.values():   # what the PEP wrote
            assert pendukung in text and upaya in text
        assert NEW_REALISASI in text

        stage("reload keeps the session, Keluar ends it")
        jf.reload()
        expect(jf.sidebar.get_by_text(NAMES["jf"], exact=True)).to_be_visible()
        expect(jf.page.get_by_role("heading", name="Dokumen", exact=True)).to_be_visible()
        jf.logout()
        jf.reload()
        expect(jf.page.get_by_label("Nama pengguna")).to_be_visible()
        expect(jf.page.get_by_text(NAMES["jf"], exact=True)).to_have_count(0)

        stage("public verification of the download")
        jf.go("Verifikasi Dokumen", "Verifikasi Dokumen")  # public: the logged-out menu
        jf.upload("Unggah berkas dokumen", pdf_path)
        expect(jf.page.get_by_text(pdf_path.name)).to_be_visible()
        jf.click("Periksa")
        jf.expect_alert("Cocok dengan dokumen final yang disahkan")
        jf.settle()
        jf.shot("tamu-verifikasi")
        jf.close()

        stage("the administrator's main page")
        person("admin").close()
        stage("done")
    finally:
        for p in people.values():
            try:
                p.close()
            except Exception:  # already closed
                pass


def _download_pdf(person: Person, dest):
    with person.page.expect_download() as info:
        person.page.get_by_role("button", name=re.compile(r"^Unduh .*\.pdf")).click()
    info.value.save_as(str(dest))
    return dest
