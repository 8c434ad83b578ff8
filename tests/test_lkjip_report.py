"""The LKjIP built from the database (lib.services.documents.lakip_report) for the demo
office's history: the 2025 report carries every element of DOMAIN.md §10, read back
from the real PDF with pypdf."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from lib.documents.lakip import render_lakip_lists
from lib.lkjip import sentences
from lib.services import documents

FIXED = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.timezone.utc)


def _text(data: bytes) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.slow
def test_2025_report_carries_every_element_a_reviu_looks_for(history_db):
    db = history_db
    report, _ = documents.lakip_report(db, 2025, draft=True)
    sasaran_ids = {r.sasaran_id for r in report.rows}
    assert None not in sasaran_ids
    # one analysis per sasaran, keyed by the Renstra sasaran's id, each written
    assert set(report.analyses) >= sasaran_ids
    assert len({(a.pendukung, a.penghambat, a.upaya) for a in report.analyses.values()}) == \
        len(report.analyses)
    assert report.reviu is not None and report.pk is not None and report.renstra is not None
    assert report.legal_basis and report.units and report.sdm
    assert report.profile.report_title == "LKjIP"
    # earlier years come from the cards: 2024 is Perkin's own year, 2023 typed on the card
    years = {e.year for r in report.rows for e in r.earlier}
    assert {2023, 2024} <= years

    data, lists = render_lakip_lists(report, creation_date=FIXED)
    pages = _text(data)
    whole = " ".join(pages)
    for element in ("PERNYATAAN TELAH DIREVIU", "DAFTAR TABEL", "DAFTAR GRAFIK",
                    "1.2 Dasar Hukum", "Bagan Struktur Organisasi", "Jumlah Pegawai menurut Golongan",
                    "Visi", "Misi", "Tujuan", "Indikator Kinerja Utama", "Formula / Cara Ukur",
                    "Tabel 3.1 Interval Penilaian Kinerja", "Perbandingan Target, Realisasi dan "
                    "Capaian", "terhadap Target Akhir Renstra", "Program Pendukung Sasaran",
                    "efisiensi sasaran ini", "3.2 Realisasi Anggaran", "LAMPIRAN PERJANJIAN "
                    "KINERJA TAHUN 2025", "PIHAK PERTAMA", "Rekapitulasi Capaian Indikator"):
        assert element in whole, element
    assert whole.count("Analisis penyebab keberhasilan atau kegagalan") == len(sasaran_ids)
    assert "LOGO" not in whole and "…" not in whole
    # the Daftar Tabel points at the pages the tables are on
    for caption, page in lists["tabel"] + lists["grafik"]:
        assert caption in pages[page - 1], caption


@pytest.mark.slow
def test_2026_prints_no_analysis_where_none_is_written_and_the_label_set_applies(history_db,
                                                                                  people):
    from lib import office

    db = history_db
    office.set_setting(db, people["admin"], "lkjip_label_set", "permendagri86")
    report, _ = documents.lakip_report(db, 2026, draft=True)
    ids = {r.sasaran_id for r in report.rows}
    written = {sid for sid, a in report.analyses.items() if not a.empty and sid in ids}
    assert len(ids - written) == 2          # the demo leaves two sasaran without analysis
    assert report.reviu is None
    assert [b.label for b in report.bands] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah",
                                               "Sangat Rendah"]
    labels = {r.predikat for r in report.rows if sentences.state(r) == "ok"}
    assert labels <= {b.label for b in report.bands}
    assert set(report.predicate_counts) == {b.label for b in report.bands}
    data, _ = render_lakip_lists(report, creation_date=FIXED)
    whole = " ".join(_text(data))
    assert whole.count("Analisis penyebab keberhasilan atau kegagalan") == len(written)
    assert "PERNYATAAN TELAH DIREVIU" not in whole
    assert "> 90,00% Sangat Tinggi" in whole
    # the Penyusunan hint from the same rows: a missed indicator is named with its capaian
    rows, _ = documents.lkjip_rows(db, 2026)
    missed = [r for r in rows if sentences.state(r) == "ok" and r.capaian < 100]
    assert missed
    sid = missed[0].sasaran_id
    hint = sentences.sasaran_hint([r for r in rows if r.sasaran_id == sid], 2026)
    assert f"{missed[0].indikator}: capaian {sentences.pct(missed[0].capaian)}, belum " \
           "mencapai target." in hint
