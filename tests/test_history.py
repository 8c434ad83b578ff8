"""The Riwayat as people read it (issue #20, point 3): every event kind the code records
has an Indonesian label, details read as labelled fields (never JSON), steps and units
by name, newest first, filters, export to .xlsx."""
from __future__ import annotations

import ast
import datetime as dt
import io
import json
import re

import pytest
from openpyxl import load_workbook

from lib import clock, events, history, labels, sop
from lib.paths import ROOT
from tests.conftest import login_as

T = dt.datetime(2027, 1, 11, 8, 0, tzinfo=clock.TZ)

# the values a name built at run time can take: f"langkah.{kind}", f"unit.{decision}", ...
DYNAMIC = {"langkah.": sorted(sop.KINDS), "unit.": ["terima", "kembalikan"],
           "unit.tarik_": ["terima", "kembalikan"]}


def _constants(node) -> list[str] | None:
    """The event names an ``events.record`` argument can be; None when unknown."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        a, b = _constants(node.body), _constants(node.orelse)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.JoinedStr):
        head = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if len(node.values) == 2 and head in DYNAMIC:
            return [head + k for k in DYNAMIC[head]]
        return None
    return None


def recorded_kinds() -> set[str]:
    """Every event name ``events.record`` is called with anywhere in lib/ (a variable is
    followed to the string constants assigned to it in the same function)."""
    kinds: set[str] = set()
    unknown = []
    for path in sorted((ROOT / "lib").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            assigned: dict[str, list[str]] = {}
            for node in ast.walk(fn):
                if isinstance(node, (ast.Assign,)):
                    targets = node.targets
                    if isinstance(targets[0], ast.Tuple) and isinstance(node.value, ast.Tuple):
                        pairs = zip(targets[0].elts, node.value.elts)
                    else:
                        pairs = [(t, node.value) for t in targets]
                    for t, v in pairs:
                        if isinstance(t, ast.Name) and _constants(v):
                            assigned.setdefault(t.id, []).extend(_constants(v))
            for node in ast.walk(fn):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "record"
                        and isinstance(node.func.value, ast.Name)
                        and node.func.value.id == "events" and len(node.args) >= 3):
                    arg = node.args[2]
                    found = _constants(arg)
                    if found is None and isinstance(arg, ast.Name):
                        found = assigned.get(arg.id)
                    if found is None:
                        unknown.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                    else:
                        kinds.update(found)
    assert not unknown, f"event names the test cannot read: {unknown}"
    return kinds


def test_every_recorded_event_kind_has_an_indonesian_label():
    kinds = recorded_kinds()
    assert {"format.impor", "master.tambah", "master.ubah", "langkah.himpun", "unit.terima",
            "unit.tarik_kembalikan", "libur.muat", "pengguna.nonaktif"} <= kinds
    missing = sorted(k for k in kinds if k not in labels.EVENT_LABELS)
    assert missing == []
    for label in labels.EVENT_LABELS.values():
        assert label[0].isupper() and "." not in label and "_" not in label


# kind, details, reason -> what the Tindakan and Rincian columns read
CASES = [
    ("master.tambah", {"id": 7, "indikator": "Persentase nagari dengan profil lengkap",
                       "perubahan": {"sasaran": "Meningkatnya kualitas pemerintahan",
                                     "target": "90%", "unit_id": 1, "history": "{}"}},
     "Indikator master ditambahkan",
     "Sasaran: Meningkatnya kualitas pemerintahan · Indikator: Persentase nagari dengan "
     "profil lengkap · Target: 90%"),
    ("master.ubah", {"id": 7, "indikator": "Jumlah dokumen", "perubahan": {"target": "1528"}},
     "Indikator master diubah", "Indikator: Jumlah dokumen · Perubahan: Target: 1528"),
    ("format.impor", {"mode": "master", "lembar": "Seksi Pemerintahan", "tambah": 1528,
                      "ubah": 0, "ditandai": 2, "unit": ["pem"]},
     "Format diimpor dari Excel",
     "Impor ke: master indikator · Lembar: Seksi Pemerintahan · Baris baru: 1.528 · "
     "Baris diubah: 0 · Ditandai: 2 · Unit: Seksi Pemerintahan"),
    ("libur.tambah", {"date": "2026-11-23", "name": "Cuti bersama kantor"},
     "Hari libur ditambahkan", "Tanggal: 23 November 2026 · Keterangan: Cuti bersama kantor"),
    ("libur.hapus", {"date": "2026-03-20", "name": "Cuti Bersama Hari Raya Idul Fitri",
                     "source": "cuti_bersama"},
     "Hari libur dihapus", "Tanggal: 20 Maret 2026 · Keterangan: Cuti Bersama Hari Raya "
     "Idul Fitri · Sumber: cuti bersama"),
    ("jam_kerja.ubah", {"0": ["07:30", "16:00", "12:00", "13:00"], "5": None},
     "Jam kerja diubah", "Senin 07.30–16.00, istirahat 12.00–13.00; Sabtu libur"),
    ("pengguna.tambah", {"username": "pem", "role": "kasi_kasubbag", "units": ["pem"]},
     "Pengguna ditambahkan",
     "Nama pengguna: pem · Peran: Kasi/Kasubbag · Unit: Seksi Pemerintahan"),
    ("unit.ubah", {"code": "pem", "name": "Seksi Pemerintahan", "head_title": "Kasi",
                   "supplies_data": 1, "active": 0},
     "Unit kerja diubah", "Kode: pem · Keterangan: Seksi Pemerintahan · Jabatan kepala: Kasi "
     "· Unit penyuplai data: ya · Aktif: tidak"),
    ("langkah.koreksi_draft", {"putaran": 1, "kembali_ke": 6},
     "Draft LAKIP dikembalikan", "Putaran: 1 · Kembali ke langkah: 6"),
    ("pengguna.aktif", None, "Pengguna diaktifkan", ""),
]


@pytest.mark.parametrize("kind,details,label,text", CASES, ids=[c[0] for c in CASES])
def test_history_reads_as_people_write_it(demo_db, people, kind, details, label, text):
    to_state = "dikembalikan" if kind == "langkah.koreksi_draft" else None
    events.record(demo_db, people["sekcam"], kind, at=T, year=2026, details=details,
                  step_no=7 if to_state else None, unit_code="pem", from_state="terbuka"
                  if to_state else None, to_state=to_state)
    row = history.history(demo_db, people["camat"], year=2026)[0]
    assert row["Tindakan"] == label
    assert row["Rincian"] == text
    assert row["Waktu"] == "11 Januari 2027 08.00"
    assert row["Oleh"] == people["sekcam"].name and row["Peran"] == "Sekretaris Camat"
    assert row["Unit"] == "Seksi Pemerintahan"
    if to_state:
        assert row["Langkah"].startswith("7. Mengoreksi draft LAKIP")
        assert row["Keadaan"] == "terbuka → dikembalikan"
    for value in row.values():
        assert "{" not in value and "None" not in value and "_" not in value


def test_newest_first_and_filters_and_export(demo_db, people):
    db = demo_db
    events.record(db, people["pem"], "unit.kirim", at=T, year=2026, step_no=3,
                  unit_code="pem", from_state="draft", to_state="dikirim",
                  details={"putaran": 1})
    events.record(db, people["sekcam"], "unit.kembalikan", at=T + dt.timedelta(hours=1),
                  year=2026, step_no=5, unit_code="pem", from_state="dikirim",
                  to_state="dikembalikan", reason="Realisasi belum ada buktinya",
                  details={"putaran": 1})
    events.record(db, people["kesos"], "unit.kirim", at=T + dt.timedelta(hours=2),
                  year=2025, step_no=3, unit_code="kesos", details={"putaran": 1})
    camat = people["camat"]
    rows = history.history(db, camat, year=2026)
    assert [r["Tindakan"] for r in rows][:2] == ["Format unit dikembalikan",
                                                 "Format unit dikirim"]
    assert rows[0]["Alasan"] == "Realisasi belum ada buktinya"
    assert [r["Oleh"] for r in history.history(db, camat, username="sekcam")] == \
        [people["sekcam"].name]
    assert len(history.history(db, camat, step_no=3)) == 2
    assert {r["Tahun"] for r in history.history(db, camat, unit_code="kesos")} == {"2025"}
    assert all(r["Tahun"] == "" for r in history.history(db, camat, settings_only=True))
    opts = history.filter_options(db, camat)
    assert opts["years"][:2] == [2026, 2025]
    assert opts["steps"][5].startswith("5. Menganalisis")
    assert opts["units"]["kesos"] == "Seksi Kesejahteraan Sosial"
    ws = load_workbook(io.BytesIO(history.export_xlsx(db, camat, year=2026)))["Riwayat"]
    assert [c.value for c in ws[1]] == history.COLUMNS
    assert ws.cell(2, 2).value == "Format unit dikembalikan"
    assert ws.max_row == len(rows) + 1
    with pytest.raises(Exception, match="melihat riwayat kegiatan"):
        history.history(db, people["pem"])


def test_riwayat_page_shows_labels_names_and_no_json(demo_db, people):
    events.record(demo_db, people["sekcam"], "master.tambah", at=T, year=2026,
                  unit_code="pem", details={"id": 1, "indikator": "Jumlah dokumen",
                                            "perubahan": {"target": "12 dokumen"}})
    events.record(demo_db, people["sekcam"], "unit.terima", at=T + dt.timedelta(minutes=5),
                  year=2026, step_no=5, unit_code="pem", from_state="dikirim",
                  to_state="diterima", details={"putaran": 1})
    at = login_as("camat")
    at.switch_page("pages/riwayat.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == [c for c in history.COLUMNS if c != "Tahun"]   # one year
    assert table.iloc[0]["Tindakan"] == "Format unit diterima"
    assert table.iloc[0]["Unit"] == "Seksi Pemerintahan"
    assert table.iloc[0]["Langkah"].startswith("5. ")
    assert table.iloc[1]["Tindakan"] == "Indikator master ditambahkan"
    text = " ".join(str(v) for v in table.to_numpy().ravel())
    assert "master.tambah" not in text and "{" not in text and "None" not in text
    at.selectbox(key="riwayat.langkah").set_value(5).run()
    assert list(at.dataframe[0].value["Tindakan"]) == ["Format unit diterima"]
    assert any(b.label == "Unduh riwayat (.xlsx)" for b in at.get("download_button"))
