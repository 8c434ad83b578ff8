"""The Riwayat as the kecamatan's staff read it (issue #20).

Each entry of the append-only events table becomes a row of labelled columns:
the action by its Indonesian name (``lib.labels.EVENT_LABELS``, the one label
table), the person and role, the step and the unit by name, the change of state,
the reason, and the details as a few labelled fields, never JSON. What a kind
shows is data: ``EVENT_FIELDS`` (kind -> the detail fields shown, in order) with
``FIELD_LABELS`` (field -> label) and ``VALUE_LABELS`` (field -> value -> words);
a kind not in ``EVENT_FIELDS`` shows every field but the technical ones (``HIDDEN``).
Newest first; filters by year, person, step and unit; export to .xlsx.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

from lib import clock, cycles, excel, office, register, sop
from lib.access import ROLE_LABELS, require
from lib.format.store import FIELD_LABELS as FORMAT_FIELDS
from lib.labels import event_label
from lib.spelling import format_date, format_datetime, format_number

MAX_TEXT = 160          # a long text in the details is cut here, with "…"
MAX_ITEMS = 8           # a long list shows its first items and "dan N lainnya"

# technical fields that say nothing to a reader
HIDDEN = {"id", "sha256", "cycle_id", "revision_id", "komentar_id", "anggaran_id", "rev",
          "sort", "card_id", "user_id", "kind"}

FIELD_LABELS: dict[str, str] = {
    "ada_daftar_cuti_bersama": "Daftar cuti bersama Perkin",
    "agenda": "Agenda", "baru": "Menjadi", "kolom": "Kolom", "alasan": "Alasan", "active": "Aktif", "baris": "Baris",
    "bagian": "Bagian", "belum": "Belum tertaut", "belum_berjalan": "Kegiatan belum berjalan",
    "cara": "Cara pengiriman", "catatan": "Catatan", "code": "Kode", "cuti_bersama": "Cuti bersama",
    "dari_impor": "Dari impor", "dari_tahun": "Dari tahun", "date": "Tanggal",
    "diterima_oleh": "Diterima oleh", "ditandai": "Ditandai", "doc_type": "Jenis naskah",
    "draft": "Draft", "eksemplar": "Eksemplar", "format_diserahkan": "Format diserahkan",
    "head_title": "Jabatan kepala", "indikator": "Indikator", "jenis": "Jenis",
    "jumlah": "Jumlah", "kembali_ke": "Kembali ke langkah", "kepada": "Kepada",
    "keputusan": "Keputusan", "ket": "Ket", "keterangan": "Keterangan", "key": "Pengaturan",
    "kode": "Kode", "komentar": "Catatan", "label": "Label", "lama": "Sebelumnya",
    "lampiran": "Lampiran", "lembar": "Lembar", "mode": "Impor ke", "nama": "Nama berkas",
    "name": "Keterangan", "nasional": "Libur nasional", "nip": "NIP", "note": "Catatan",
    "nota_dinas_nomor": "Nomor nota dinas", "nota_dinas_tanggal": "Tanggal nota dinas",
    "notulis": "Notulis", "nomor": "Nomor", "number": "Nomor", "pagu": "Pagu",
    "pembahasan": "Pembahasan", "periode": "Periode", "perubahan": "Perubahan",
    "peserta": "Peserta", "pimpinan": "Pimpinan rapat", "polarity": "Polaritas",
    "program": "Program", "putaran": "Putaran", "realisasi": "Realisasi", "role": "Peran",
    "sasaran": "Sasaran", "satuan": "Satuan", "semua_unit": "Semua unit", "sesi": "Sesi",
    "source": "Sumber", "steps": "Jumlah langkah", "sumber_data": "Sumber data",
    "supplies_data": "Unit penyuplai data", "is_iku": "IKU", "tahun": "Tahun", "tamu": "Tamu",
    "golongan": "Pegawai menurut golongan", "pendidikan": "Pegawai menurut pendidikan",
    "tambah": "Baris baru", "tanggal": "Tanggal", "target": "Target", "tempat": "Tempat",
    "tertaut": "Tertaut", "teks": "Teks", "ubah": "Baris diubah", "ukuran": "Ukuran (bita)",
    "unit": "Unit", "units": "Unit", "username": "Nama pengguna", "value": "Nilai",
    "versi": "Versi", "waktu": "Waktu", "website": "Situs web",
}

VALUE_LABELS: dict[str, dict] = {
    "source": {"nasional": "libur nasional", "cuti_bersama": "cuti bersama",
               "admin": "ditambahkan admin", "agenda": "buku agenda",
               "perkin": "nomor urut Perkin"},
    "mode": {"unit": "format unit", "master": "master indikator"},
    "role": ROLE_LABELS,
    "doc_type": register.DOC_TYPES,
    "semua_unit": {"diterima": "diterima"},
    "kolom": FORMAT_FIELDS,
}

# kind -> the detail fields shown, in order (the rest of the details is left out)
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "siklus.mulai": ("nota_dinas_nomor", "nota_dinas_tanggal"),
    "format.impor": ("mode", "lembar", "tambah", "ubah", "ditandai", "unit"),
    "format.simpan": ("baris",),
    "format.komentar": ("komentar",),
    "master.tambah": ("perubahan.sasaran", "indikator", "perubahan.target",
                      "perubahan.program"),
    "master.ubah": ("indikator", "perubahan"),
    "master.hapus": ("indikator",),
    "master.salin": ("dari_tahun", "jumlah", "tertaut"),
    "unit.kirim": ("putaran",),
    "unit.terima": ("putaran",),
    "unit.kembalikan": ("putaran",),
    "unit.tarik_terima": ("putaran",),
    "unit.tarik_kembalikan": ("putaran",),
    "langkah.koreksi_draft": ("putaran", "versi", "kembali_ke"),
    "langkah.persetujuan": ("putaran", "versi", "kembali_ke"),
    "libur.tambah": ("date", "name"),
    "libur.hapus": ("date", "name", "source"),
    "libur.muat": ("tahun", "nasional", "cuti_bersama", "ada_daftar_cuti_bersama"),
    "register.nomor": ("number", "doc_type", "source"),
    "register.batal": ("number",),
    "pengguna.tambah": ("username", "role", "units"),
    "pengguna.ubah": ("username", "role", "units"),
    "pengguna.aktif": ("username",),
    "pengguna.nonaktif": ("username",),
    "pengguna.reset_sandi": ("username",),
    "pengguna.keluar_semua": ("username", "sesi"),
    "unit.tambah": ("code", "name", "head_title", "supplies_data", "active"),
    "unit.ubah": ("code", "name", "head_title", "supplies_data", "active"),
    "berkas.unggah": ("jenis", "label", "nama"),
    "berkas.hapus": ("jenis", "label", "nama"),
    "arsip.final": ("jenis", "versi"),
    "arsip.unggah": ("jenis", "versi", "nama"),
    "sop.revisi": ("note", "steps"),
    "pengaturan.ubah": ("key", "value"),
    "sdm.simpan": ("golongan", "pendidikan"),
}

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_HHMM = re.compile(r"^\d{2}:\d{2}$")


@dataclass
class Names:
    """What turns codes into names: units, and each year's SOP steps."""
    units: dict[str, str] = field(default_factory=dict)
    steps: dict[int | None, dict[int, str]] = field(default_factory=dict)

    @classmethod
    def load(cls, db) -> "Names":
        units = {u.code: u.name for u in office.list_units(db)}
        current = {s.no: s.kegiatan for s in sop.load_current(db).steps}
        steps: dict[int | None, dict[int, str]] = {None: current}
        for c in cycles.list_cycles(db):
            steps[c.year] = {s.no: s.kegiatan for s in cycles.definition(db, c).steps}
        return cls(units, steps)

    def unit(self, code: str | None) -> str:
        if not code:
            return ""
        return self.units.get(code, code)

    def step(self, year: int | None, no: int | None) -> str:
        if no is None:
            return ""
        kegiatan = self.steps.get(year, self.steps.get(None, {})).get(no, "")
        return f"{no}. {_cut(kegiatan, 70)}" if kegiatan else f"Langkah {no}"


def _cut(text: str, n: int = MAX_TEXT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _value(key: str, v, names: Names) -> str:
    """One value in words: numbers with Indonesian grouping, dates written out, yes/no,
    units by name, lists joined; '' for nothing."""
    if v is None or v == "" or v == [] or v == {}:
        return ""
    if isinstance(v, bool):
        return "ya" if v else "tidak"
    labels = VALUE_LABELS.get(key, {})
    if isinstance(v, (int, float)):
        if key in ("supplies_data", "active", "belum_berjalan", "format_diserahkan", "is_iku"):
            return "ya" if v else "tidak"
        if key.endswith("tahun"):
            return str(v)
        return format_number(v)
    if isinstance(v, str):
        if key in ("unit", "units"):
            return names.unit(v)
        if v in labels:
            return labels[v]
        if _ISO_DATE.match(v):
            try:
                return format_date(dt.date.fromisoformat(v))
            except ValueError:
                pass
        if _ISO_TIME.match(v):
            try:
                return format_datetime(clock.parse(v))
            except ValueError:
                pass
        if _HHMM.match(v):
            return v.replace(":", ".")
        if v[:1] in "{[":    # JSON kept in a text field: shown as fields too, never raw
            try:
                return _value(key, json.loads(v), names)
            except ValueError:
                pass
        return _cut(v)
    if isinstance(v, (list, tuple)):
        items = [_value(key, x, names) for x in v]
        items = [x for x in items if x]
        more = len(items) - MAX_ITEMS
        text = ("; " if any(isinstance(x, dict) for x in v) else ", ").join(items[:MAX_ITEMS])
        return text + (f" dan {more} lainnya" if more > 0 else "")
    if isinstance(v, dict):
        return ", ".join(_pairs(v, names, None))
    return _cut(str(v))


def _hidden(key: str) -> bool:
    """Technical fields (ids, keys, hashes) say nothing to a reader."""
    return key in HIDDEN or key.endswith(("_id", "_key")) or key == "history"


def _label(key: str) -> str:
    return FIELD_LABELS.get(key) or key.replace("_", " ").capitalize()


def _pairs(details: dict, names: Names, order: tuple[str, ...] | None) -> list[str]:
    keys = order if order is not None else [k for k in details if not _hidden(k)]
    out = []
    for path in keys:       # "perubahan.target": a field inside a field
        value, k = details, path
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
            k = part
        if value is None or _hidden(k):
            continue
        text = _value(k, value, names)
        if text:
            out.append(f"{_label(k)}: {text}")
    return out


def _office_hours(details: dict) -> str:
    """``jam_kerja.ubah``: "Senin 07.30–16.00, istirahat 12.00–13.00; ...; Sabtu libur"."""
    days = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    parts = []
    for key in sorted(details, key=lambda k: int(k) if str(k).isdigit() else 99):
        if not str(key).isdigit() or int(key) > 6:
            continue
        spec = details[key]
        name = days[int(key)]
        if not spec:
            parts.append(f"{name} libur")
            continue
        start, end, bs, be = (list(spec) + [None] * 4)[:4]
        text = f"{name} {start.replace(':', '.')}–{end.replace(':', '.')}"
        if bs and be:
            text += f", istirahat {bs.replace(':', '.')}–{be.replace(':', '.')}"
        parts.append(text)
    return "; ".join(parts)


# kinds written as one sentence rather than fields
SENTENCES = {"jam_kerja.ubah": _office_hours}


def details_text(action: str, details: dict | None, names: Names) -> str:
    """The details of an event as a few labelled fields ("Tanggal: 23 November 2026 ·
    Keterangan: Hari Raya Natal"), or a sentence; never JSON."""
    if not details:
        return ""
    if not isinstance(details, dict):
        return _value("", details, names)
    if action in SENTENCES:
        return SENTENCES[action](details)
    kind = action.split(":")[0]
    return " · ".join(_pairs(details, names, EVENT_FIELDS.get(kind)))


def _role(role: str | None) -> str:
    parts = [p.strip() for p in (role or "").split(",") if p.strip()]
    return ", ".join(ROLE_LABELS.get(p, p) for p in parts)


def _state(a: str | None, b: str | None) -> str:
    if a and b:
        return f"{a} → {b}"
    return b or a or ""


COLUMNS = ["Waktu", "Tindakan", "Unit", "Alasan", "Rincian", "Oleh", "Peran", "Langkah",
           "Keadaan", "Tahun"]


def describe(event: dict, names: Names) -> dict:
    """One event as the row the Riwayat shows (``COLUMNS``)."""
    try:
        details = json.loads(event["details"]) if event.get("details") else None
    except ValueError:
        details = None
    return {
        "Waktu": format_datetime(clock.parse(event["at"])),
        "Tindakan": event_label(event["action"], event.get("to_state")),
        "Oleh": event.get("actor_name") or "",
        "Peran": _role(event.get("role")),
        "Tahun": str(event["year"]) if event.get("year") else "",
        "Langkah": names.step(event.get("year"), event.get("step_no")),
        "Unit": names.unit(event.get("unit_code")),
        "Keadaan": _state(event.get("from_state"), event.get("to_state")),
        "Alasan": event.get("reason") or "",
        "Rincian": details_text(event["action"], details, names),
    }


def _where(year, username, step_no, unit_code, settings_only) -> tuple[str, list]:
    where, params = [], []
    if settings_only:
        where.append("year IS NULL")
    elif year is not None:
        where.append("year = ?"); params.append(year)
    if username:
        where.append("username = ?"); params.append(username)
    if step_no is not None:
        where.append("step_no = ?"); params.append(step_no)
    if unit_code:
        where.append("unit_code = ?"); params.append(unit_code)
    return (" WHERE " + " AND ".join(where)) if where else "", params


def history(db, user, *, year: int | None = None, username: str | None = None,
            step_no: int | None = None, unit_code: str | None = None,
            settings_only: bool = False, limit: int | None = None) -> list[dict]:
    """The filtered history, newest first, as rows of ``COLUMNS``. ``settings_only``:
    the entries of no cycle year (users, units, calendar, profile...)."""
    require(user, "events.view")
    sql, params = _where(year, username, step_no, unit_code, settings_only)
    sql = "SELECT * FROM events" + sql + " ORDER BY at DESC, id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    names = Names.load(db)
    return [describe(dict(r), names) for r in db.query(sql, params)]


def filter_options(db, user) -> dict:
    """The choices of the Riwayat's filters, from what the events hold: years, people
    (username -> name), steps (number -> "5. Menganalisis ...") and units (code -> name)."""
    require(user, "events.view")
    names = Names.load(db)
    years = [r[0] for r in db.execute(
        "SELECT DISTINCT year FROM events WHERE year IS NOT NULL ORDER BY year DESC")]
    people = {}
    for username, name in db.execute(
            "SELECT username, actor_name FROM events GROUP BY username ORDER BY actor_name"):
        people[username] = name
    steps = {no: names.step(None, no) for (no,) in db.execute(
        "SELECT DISTINCT step_no FROM events WHERE step_no IS NOT NULL ORDER BY step_no")}
    units = {code: names.unit(code) for (code,) in db.execute(
        "SELECT DISTINCT unit_code FROM events WHERE unit_code IS NOT NULL AND unit_code != '' "
        "ORDER BY unit_code")}
    return {"years": years, "people": people, "steps": steps, "units": units}


def export_xlsx(db, user, **filters) -> bytes:
    """The history of ``filters`` (those of ``history``), every row, as one .xlsx sheet
    "Riwayat" with the columns the page shows."""
    rows = history(db, user, **filters)
    return excel.write_table_xlsx(COLUMNS, [[r[c] for c in COLUMNS] for r in rows],
                                  sheet_name="Riwayat")
