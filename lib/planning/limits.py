"""Length limits of the planning facts' text fields: one table, read by every
validator of ``lib.planning`` (issue #13: "one limit table in lib for every text
field"). Keys are ``table.field``."""
from __future__ import annotations

from lib.errors import ValidationError

LIMITS: dict[str, int] = {
    "programs.code": 40,
    "programs.name": 500,
    "renstra.nomor": 200,
    "renstra.visi": 2000,
    "renstra.misi": 1000,         # per item
    "renstra.tujuan": 1000,       # per item
    "sasaran.kode": 20,
    "sasaran.text": 1000,
    "cards.indikator": 1000,
    "cards.definisi": 4000,
    "cards.formula": 2000,
    "cards.satuan": 50,
    "cards.sumber_data": 500,
    "cards.target_akhir": 200,
    "cards.standar_nilai": 200,
    "cards.standar_sumber": 500,
    "card_years.target": 200,
    "card_years.realisasi": 200,
    "pk.keterangan": 1000,
    "pk.nama": 200,
    "pk.jabatan": 200,
    "pk.pangkat": 100,
    "pk.nip": 30,
    "pk.target": 200,
    "pk.review_note": 1000,
    "facts.kepala_daerah_nama": 200,
    "facts.kepala_daerah_jabatan": 200,
    "facts.dasar_hukum": 1000,    # per item
}
MAX_LIST_ITEMS = 50


def text(value, key: str, label: str, problems: list[str], *, required: bool = False,
         where: str = "") -> str:
    """A cleaned text field (trimmed, CRLF -> LF); a problem when too long, missing
    or not text."""
    if value is None:
        value = ""
    if isinstance(value, float) and value != value:   # NaN from pandas = empty
        value = ""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.append(f"{where}{label}: isian tidak valid.")
        return ""
    value = str(value).replace("\r\n", "\n").strip()
    limit = LIMITS[key]
    if len(value) > limit:
        problems.append(f"{where}{label} terlalu panjang ({len(value)} karakter, maksimal "
                        f"{limit}).")
    if required and not value:
        problems.append(f"{where}{label} wajib diisi.")
    return value


def text_list(values, key: str, label: str, problems: list[str]) -> list[str]:
    """A list of texts (one per line when given as one string); empty items dropped."""
    if values is None:
        return []
    if isinstance(values, str):
        values = values.splitlines()
    if not isinstance(values, (list, tuple)):
        problems.append(f"{label}: isian tidak valid.")
        return []
    out = []
    for i, v in enumerate(values, 1):
        t = text(v, key, f"{label} butir {i}", problems)
        if t:
            out.append(t)
    if len(out) > MAX_LIST_ITEMS:
        problems.append(f"{label}: paling banyak {MAX_LIST_ITEMS} butir.")
    return out


def key(value: str) -> str:
    """The matching key of a name: trimmed, inner spaces collapsed, lower case."""
    return " ".join((value or "").split()).lower()


def fail(prefix: str, problems: list[str]) -> None:
    if problems:
        raise ValidationError(prefix + " " + " ".join(problems), problems=problems)
