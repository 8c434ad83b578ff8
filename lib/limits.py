"""One table of length limits for every text field, and the one check of text input.

Every service that stores text a user typed (or a file supplied) passes it through
``text(field, value)``: it strips, refuses NUL and other control characters (a
letter number with a NUL in it printed as nothing and matched nothing), refuses
a line break in a one-line field, and refuses text longer than ``LIMITS[field]``
with an Indonesian message naming the field and the limit. Nothing is saved when
it raises.

A new text field adds its row here (field name ``<area>.<field>``, its label in
``LABELS``); ``tests/test_text_limits.py`` checks every row has a label.
"""
from __future__ import annotations

import re

from lib.errors import ValidationError

# field -> (maximum characters, may hold line breaks)
FIELDS: dict[str, tuple[int, bool]] = {
    # Profil Kecamatan (lib.office.update_profile)
    "profile.pemerintah": (150, False),
    "profile.kecamatan": (100, False),
    "profile.alamat": (300, True),
    "profile.telepon": (50, False),
    "profile.email": (150, False),
    "profile.kode_pos": (10, False),
    "profile.kode_surat": (20, False),
    "profile.ibukota": (100, False),
    # Unit Kerja (lib.office), Jam Kerja & Libur (lib.office_calendar)
    "unit.name": (150, False),
    "unit.head_title": (150, False),
    "holiday.name": (150, False),
    # Register Surat (lib.register)
    "letter.subject": (300, False),
    "letter.number": (80, False),
    "letter.cancel_reason": (1000, True),
    # the SOP cycle (lib.cycles): reasons and the kelengkapan of a step
    "cycle.reason": (2000, True),
    "cycle.kelengkapan": (2000, True),
    # Realisasi Anggaran, naskah LAKIP, Pengguna
    "budget.program": (500, False),
    "narrative.text": (20_000, True),
    "user.name": (150, False),
    # Arsip (lib.archive)
    "archive.withdraw_reason": (1000, True),
    # the nine-column format (lib.format.store, lib.format.workbook)
    "format.sasaran": (1000, True),
    "format.indikator": (1000, True),
    "format.target": (200, True),
    "format.realisasi": (200, True),
    "format.program": (2000, True),
    "format.sumber_data": (500, True),
    "format.ket": (2000, True),
    "format.satuan": (50, False),
    "format.renstra_target": (200, True),
    "format.comment": (2000, True),
    "format.reason": (1000, True),
    # the planning facts (lib.planning: programmes, Renstra, cards, PK, office facts)
    "programs.code": (40, True),
    "programs.name": (500, True),
    "renstra.nomor": (200, True),
    "renstra.visi": (2000, True),
    "renstra.misi": (1000, True),
    "renstra.tujuan": (1000, True),
    "sasaran.kode": (20, True),
    "sasaran.text": (1000, True),
    "cards.indikator": (1000, True),
    "cards.definisi": (4000, True),
    "cards.formula": (2000, True),
    "cards.satuan": (50, True),
    "cards.sumber_data": (500, True),
    "cards.target_akhir": (200, True),
    "cards.standar_nilai": (200, True),
    "cards.standar_sumber": (500, True),
    "card_years.target": (200, True),
    "card_years.realisasi": (200, True),
    "pk.keterangan": (1000, True),
    "pk.nama": (200, True),
    "pk.jabatan": (200, True),
    "pk.pangkat": (100, True),
    "pk.nip": (30, True),
    "pk.target": (200, True),
    "pk.review_note": (1000, True),
    "facts.kepala_daerah_nama": (200, True),
    "facts.kepala_daerah_jabatan": (200, True),
    "facts.dasar_hukum": (1000, True),
    # the LKjIP (lib.lkjip): the analysis per sasaran and the APIP reviu
    "analysis.pendukung": (4000, True),
    "analysis.penghambat": (4000, True),
    "analysis.upaya": (4000, True),
    "reviu.reviewer": (200, False),
    "reviu.nip": (30, False),
    "reviu.result": (1000, True),
    "reviu.notes": (4000, True),
    # Definisi SOP (lib.sop): each step's texts, the header block, the revision note
    "sop.kegiatan": (500, True),
    "sop.kelengkapan": (500, True),
    "sop.output": (300, True),
    "sop.header": (1000, True),        # a one-value header field (nomor SOP, peringatan, ...)
    "sop.header_item": (1000, False),  # one line of a list field (dasar hukum, ...)
    "sop.note": (500, False),
    # settings (lib.office.set_settings) that hold free text
    "setting.letter_pattern": (120, False),
    "setting.timezone": (64, False),
    "setting.tembusan": (150, False),   # one tujuan of the nota dinas tembusan
    "profile.website": (100, False),
    # Pengguna (lib.users): login name, NIP and the signing fields
    "user.username": (32, False),
    "user.nip": (30, False),
    "user.pangkat": (100, False),
    "user.jabatan": (200, False),
}

LABELS: dict[str, str] = {
    "profile.pemerintah": "Nama Pemerintah Kabupaten/Kota",
    "profile.kecamatan": "Nama kecamatan",
    "profile.alamat": "Alamat",
    "profile.telepon": "Telepon",
    "profile.email": "Email",
    "profile.kode_pos": "Kode pos",
    "profile.kode_surat": "Kode surat",
    "profile.ibukota": "Ibu kota kecamatan",
    "unit.name": "Nama unit",
    "unit.head_title": "Jabatan kepala unit",
    "holiday.name": "Nama hari libur",
    "letter.subject": "Perihal surat",
    "letter.number": "Nomor surat",
    "letter.cancel_reason": "Alasan pembatalan",
    "archive.withdraw_reason": "Alasan penarikan",
    "cycle.reason": "Alasan",
    "cycle.kelengkapan": "Kelengkapan langkah",
    "budget.program": "Nama program",
    "narrative.text": "Teks naskah",
    "user.name": "Nama lengkap",
    "format.sasaran": "Sasaran Strategis",
    "format.indikator": "Indikator Kinerja",
    "format.target": "Target",
    "format.realisasi": "Realisasi/ Progres Capaian",
    "format.program": "Program/Kegiatan/ Sub Kegiatan",
    "format.sumber_data": "Sumber Data",
    "format.ket": "Ket",
    "format.satuan": "Satuan",
    "format.renstra_target": "Target Renstra",
    "format.comment": "Catatan",
    "format.reason": "Alasan",
    "programs.code": "Kode program",
    "programs.name": "Nama program",
    "renstra.nomor": "Nomor Renstra",
    "renstra.visi": "Visi",
    "renstra.misi": "Misi",
    "renstra.tujuan": "Tujuan",
    "sasaran.kode": "Kode sasaran",
    "sasaran.text": "Sasaran strategis",
    "cards.indikator": "Indikator",
    "cards.definisi": "Definisi",
    "cards.formula": "Formula",
    "cards.satuan": "Satuan",
    "cards.sumber_data": "Sumber data",
    "cards.target_akhir": "Target akhir Renstra",
    "cards.standar_nilai": "Nilai standar",
    "cards.standar_sumber": "Sumber standar",
    "card_years.target": "Target tahun sebelumnya",
    "card_years.realisasi": "Realisasi tahun sebelumnya",
    "pk.keterangan": "Keterangan PK",
    "pk.nama": "Nama penanda tangan",
    "pk.jabatan": "Jabatan penanda tangan",
    "pk.pangkat": "Pangkat",
    "pk.nip": "NIP",
    "pk.target": "Target PK",
    "pk.review_note": "Catatan peninjauan",
    "facts.kepala_daerah_nama": "Nama Bupati/Wali Kota",
    "facts.kepala_daerah_jabatan": "Jabatan Bupati/Wali Kota",
    "facts.dasar_hukum": "Dasar hukum",
    "analysis.pendukung": "Faktor pendukung",
    "analysis.penghambat": "Faktor penghambat",
    "analysis.upaya": "Upaya perbaikan",
    "reviu.reviewer": "Nama pereviu",
    "reviu.nip": "NIP pereviu",
    "reviu.result": "Hasil reviu",
    "reviu.notes": "Catatan reviu",
    "sop.kegiatan": "Kegiatan langkah",
    "sop.kelengkapan": "Kelengkapan langkah",
    "sop.output": "Output langkah",
    "sop.header": "Isian header SOP",
    "sop.header_item": "Butir header SOP",
    "sop.note": "Catatan revisi",
    "setting.letter_pattern": "Pola nomor surat",
    "setting.timezone": "Zona waktu",
    "setting.tembusan": "Tujuan tembusan",
    "profile.website": "Alamat website",
    "user.username": "Nama pengguna",
    "user.nip": "NIP",
    "user.pangkat": "Pangkat/golongan",
    "user.jabatan": "Jabatan",
}

LIMITS: dict[str, int] = {field: n for field, (n, _) in FIELDS.items()}
# lib.format.store reads its per-column limits from here (its keys without "format.")
FORMAT_MAX_LEN: dict[str, int] = {f.split(".", 1)[1]: n for f, n in LIMITS.items()
                                  if f.startswith("format.")}

# C0 controls except tab/line feed/carriage return, DEL, C1 controls, and the Unicode
# line/paragraph separators (they break a one-line field as a line feed would).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BREAK_RE = re.compile(r"[\r\n\u2028\u2029]")


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")   # Indonesian grouping: 1.048.576


def problem(field: str, value: str) -> str | None:
    """What is wrong with ``value`` for ``field`` (Indonesian), or None."""
    limit, multiline = FIELDS[field]
    label = LABELS[field]
    if _CONTROL_RE.search(value):
        return (f"{label} memuat karakter kendali (mis. NUL) yang tidak dapat disimpan; "
                "ketik ulang tanpa menempelkan dari sumber lain.")
    if not multiline and _BREAK_RE.search(value):
        return f"{label} harus satu baris (tanpa baris baru)."
    if len(value) > limit:
        return f"{label} terlalu panjang ({_n(len(value))} karakter, maksimal {_n(limit)})."
    return None


def text(field: str, value, *, required: bool = False) -> str:
    """``value`` stripped, or ValidationError (nothing is saved)."""
    out = "" if value is None else str(value).strip()
    if required and not out:
        raise ValidationError(f"{LABELS[field]} wajib diisi.")
    why = problem(field, out)
    if why:
        raise ValidationError(why, problems=[why])
    return out


def has_control(value: str) -> bool:
    """True when ``value`` holds a character ``text`` refuses in every field."""
    return bool(_CONTROL_RE.search(value or ""))
