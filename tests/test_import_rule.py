"""One import rule for the app and the CLI (issue #20, point 5): a row that is wrong (an
unreadable target, no recognisable header, an unknown unit) blocks saving — the app's
preview lists the rows and disables Simpan, ``import-format`` prints them with row numbers,
saves nothing and exits non-zero; an unreadable realisasi is a warning (saved flagged, it
blocks Kirim); with a PK in force a differing target is a warning and the PK's is kept."""
from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from openpyxl import Workbook

from lib import clock
from lib.errors import ValidationError
from lib.format import master, store, unit_form, workbook
from lib.paths import ROOT
from lib.planning import pk
from tests.conftest import login_as

YEAR = 2026
T0 = dt.datetime(2026, 1, 20, 8, 0, tzinfo=clock.TZ)
HEADER = ["No", "Sasaran Strategis", "Indikator Kinerja", "Target", "Realisasi/ Progres Capaian",
          "Program/Kegiatan/ Sub Kegiatan", "Sumber Data", "Yang membidangi", "Ket"]
S1 = "Meningkatnya kualitas penyelenggaraan pemerintahan"


def _xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Seksi Pemerintahan"
    ws.append(["FORMULIR PENGUMPULAN PERENCANAAN KINERJA"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


GOOD = ["1", S1, "Persentase nagari dengan profil lengkap", "90%", "85,5%", "", "Profil",
        "Seksi Pemerintahan", ""]
BAD_TARGET = ["2", S1, "Jumlah dokumen yang diarsipkan", "kurang lebih 12 dokumen", "", "",
              "", "Seksi Pemerintahan", ""]
UNKNOWN_UNIT = ["3", S1, "Jumlah rapat koordinasi", "12 kali", "", "", "", "Kasi Antah", ""]
BAD_REALISASI = ["4", S1, "Jumlah penduduk ber-KTP-el", "1.250 orang", "lebih dari 1.000", "",
                 "", "Seksi Pemerintahan", ""]


def test_a_wrong_row_blocks_and_nothing_is_saved(demo_db, people):
    data = _xlsx([GOOD, BAD_TARGET, UNKNOWN_UNIT, BAD_REALISASI])
    pv = workbook.preview_import(demo_db, people["sekcam"], YEAR, data)
    assert not pv.ok
    assert pv.blocking[0].startswith("Baris Excel 4: kolom Target: Target ")
    assert "kurang lebih 12 dokumen" in pv.blocking[0]
    assert pv.blocking[1] == "Baris Excel 5: Yang membidangi 'Kasi Antah' tidak dikenal"
    assert len(pv.blocking) == 2                      # the realisasi is no blocker
    assert any("Realisasi" in w for w in pv.rows[3].warnings)
    with pytest.raises(ValidationError, match="Impor dibatalkan"):
        workbook.apply_import(demo_db, people["sekcam"], pv)
    assert store.list_rows(demo_db, YEAR) == []


def test_an_unreadable_realisasi_is_saved_flagged_and_blocks_kirim(demo_db, people):
    pv = workbook.preview_import(demo_db, people["sekcam"], YEAR, _xlsx([GOOD, BAD_REALISASI]))
    assert pv.ok, pv.blocking
    assert workbook.apply_import(demo_db, people["sekcam"], pv, now=T0)["ditandai"] == 1
    rows = store.list_rows(demo_db, YEAR, "pem")
    assert [r["realisasi"] for r in rows] == ["85,5%", "lebih dari 1.000"]
    problems = " ".join(p.text for p in unit_form.form_problems(demo_db, YEAR, "pem"))
    assert "lebih dari 1.000" in problems


def test_with_a_pk_in_force_the_pk_target_is_kept(demo_db, people):
    sekcam = people["sekcam"]
    master.save_master_row(demo_db, sekcam, YEAR, {
        "sasaran": S1, "indikator": GOOD[2], "target": "95%", "unit": "pem"}, now=T0)
    pk.create_first(demo_db, sekcam, YEAR, dt.date(2026, 1, 31), now=T0)
    changed = list(GOOD)
    changed[3] = "sekitar 80"          # differs from the PK, and unreadable: the PK's is used
    pv = workbook.preview_import(demo_db, people["pem"], YEAR, _xlsx([changed]), "pem")
    assert pv.ok, pv.blocking
    assert any("berbeda dengan target PK versi 1 '95%'; target PK dipakai" in w
               for w in pv.rows[0].warnings)
    workbook.apply_import(demo_db, people["pem"], pv, now=T0)
    row = store.list_rows(demo_db, YEAR, "pem")[0]
    assert row["target"] == "95%" and "sekitar 80" in row["target_flag"]


def test_the_preview_lists_the_rows_and_disables_simpan(demo_db, people):
    at = login_as("sekcam")
    at.switch_page("pages/master.py").run()
    at.file_uploader(key="master.impor.0").set_value(
        ("format.xlsx", _xlsx([GOOD, BAD_TARGET]), None))
    at.run()
    assert not at.exception
    assert any("File belum dapat diimpor (1 masalah)" in e.value for e in at.error)
    assert any(m.value.startswith("- Baris Excel 4: kolom Target") for m in at.markdown)
    simpan = [b for b in at.button if b.key == "master.impor_simpan"]
    assert len(simpan) == 1 and simpan[0].disabled
    assert store.list_rows(demo_db, YEAR) == []


def _cli(data_dir, *args):
    env = dict(os.environ, PERKIN_DATA_DIR=str(data_dir), PYTHONUTF8="1")
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.subprocess
def test_import_format_cli_says_no_with_row_numbers_and_exit_code(demo_db, data_dir, tmp_path):
    demo_db.conn.close()       # the CLI opens the same data folder
    bad = tmp_path / "format-salah.xlsx"
    bad.write_bytes(_xlsx([GOOD, BAD_TARGET, UNKNOWN_UNIT]))
    proc = _cli(data_dir, "import-format", str(bad), "--year", str(YEAR))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Impor dibatalkan, tidak ada yang disimpan (2 masalah)" in proc.stderr
    assert "- Baris Excel 4: kolom Target: Target" in proc.stderr
    assert "- Baris Excel 5: Yang membidangi 'Kasi Antah' tidak dikenal" in proc.stderr
    no_header = tmp_path / "tanpa-judul.xlsx"
    no_header.write_bytes(_xlsx([GOOD], header=["A", "B", "C"]))
    proc = _cli(data_dir, "import-format", str(no_header), "--year", str(YEAR))
    assert proc.returncode == 1 and "Judul kolom format SOP tidak ditemukan" in proc.stderr
    from db import connect
    db = connect(data_dir / "perkin.db")
    try:
        assert store.list_rows(db, YEAR) == []
    finally:
        db.conn.close()
    good = tmp_path / "format.xlsx"
    good.write_bytes(_xlsx([GOOD, BAD_REALISASI]))
    proc = _cli(data_dir, "import-format", str(good), "--year", str(YEAR))
    assert proc.returncode == 0, proc.stderr
    assert "Catatan baris Excel 4: Realisasi" in proc.stdout
    assert "Impor selesai: 2 baris baru, 0 baris diubah, 1 ditandai." in proc.stdout
