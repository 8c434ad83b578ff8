"""Kesiapan LKjIP: what an Inspektorat reviu would still reject in the year's
report, named, computed at any moment from the data.

Each item names the row or section, what is missing and who can fix it; whether
an item blocks is data (``CODES``), never decided at the call site:

- "Draft selesai" (step 6) is refused for the blocking items its actor can fix
  (``blocking_for``), the approval (step 10) for any blocking item
  (``lib.services.workflow`` calls ``check`` where those transitions run);
- warnings are shown and printed by ``run.py check-lkjip`` but never block.

Rows not linked to a sasaran of the Renstra are a blocking item for the Sekcam:
without the link the row has no sasaran identity, so its analysis, its Renstra
comparison and the report's per-sasaran tables cannot be written.

Beside the items, the LKE 3.b criteria of PermenPANRB 88/2021 (DOMAIN.md §10):
for each sasaran, which comparisons the report can carry (``Readiness.lke``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from lib import narrative_defaults, narratives, office
from lib.format.store import list_rows
from lib.lkjip import analyses, reviu, settings
from lib.planning import cards, facts, pk, programs, renstra
from lib.lkjip.sentences import pct

# who can fix an item: key -> the Indonesian name shown
WHO = {
    "pep": "Kasubbag PEP",
    "sekcam": "Sekcam",
    "umum": "Kasubbag Umum",
    "admin": "Administrator",
}

# code -> (chapter, who, blocking). The one table of what blocks.
CODES: dict[str, tuple[str, str, bool]] = {
    "logo_kosong": ("Sampul", "admin", True),
    "sdm_kosong": ("Bab I Pendahuluan", "umum", True),
    "renstra_kosong": ("Bab II Perencanaan Kinerja", "sekcam", True),
    "kepala_daerah_kosong": ("Bab II Perencanaan Kinerja", "admin", True),
    "pk_belum": ("Bab II Perencanaan Kinerja", "sekcam", True),
    "pk_pindaian": ("Lampiran", "sekcam", True),
    "indikator_kosong": ("Bab III Akuntabilitas Kinerja", "sekcam", True),
    "baris_tanpa_sasaran": ("Bab III Akuntabilitas Kinerja", "sekcam", True),
    "analisis_kosong": ("Bab III Akuntabilitas Kinerja", "pep", True),
    "upaya_kosong": ("Bab III Akuntabilitas Kinerja", "pep", True),
    "analisis_sebagian": ("Bab III Akuntabilitas Kinerja", "pep", False),
    "renstra_target_kosong": ("Bab III Akuntabilitas Kinerja", "sekcam", False),
    "tahun_lalu_kosong": ("Bab III Akuntabilitas Kinerja", "sekcam", False),
    "program_tanpa_anggaran": ("Bab III Akuntabilitas Kinerja", "umum", True),
    "program_tanpa_indikator": ("Bab III Akuntabilitas Kinerja", "sekcam", False),
    "naskah_bawaan": ("Naskah", "pep", False),
    "reviu_belum": ("Pernyataan Telah Direviu", "sekcam", False),
    "reviu_wajib": ("Pernyataan Telah Direviu", "sekcam", True),
}
CHAPTER_ORDER = ("Sampul", "Naskah", "Bab I Pendahuluan", "Bab II Perencanaan Kinerja",
                 "Bab III Akuntabilitas Kinerja", "Lampiran", "Pernyataan Telah Direviu")
# how many years before the report year the comparison with earlier years needs
EARLIER_YEARS = 2


@dataclass(frozen=True)
class Item:
    chapter: str
    sasaran_id: int | None
    sasaran: str          # "SS1 Meningkatnya ..." or "" for a chapter-wide item
    message: str          # what is missing, naming the row or section
    who: str              # key of WHO
    blocking: bool
    code: str

    @property
    def who_label(self) -> str:
        return WHO.get(self.who, self.who)

    @property
    def where(self) -> str:
        return f"{self.chapter} \u2013 {self.sasaran}" if self.sasaran else self.chapter

    def line(self) -> str:
        kind = "WAJIB" if self.blocking else "saran"
        return f"[{kind}] {self.where}: {self.message} (oleh {self.who_label})"


@dataclass(frozen=True)
class Criterion:
    name: str
    met: int
    total: int

    @property
    def share(self) -> float | None:
        return self.met / self.total * 100 if self.total else None


@dataclass(frozen=True)
class Readiness:
    year: int
    items: list[Item] = field(default_factory=list)
    lke: list[Criterion] = field(default_factory=list)

    @property
    def blocking(self) -> list[Item]:
        return [i for i in self.items if i.blocking]

    @property
    def warnings(self) -> list[Item]:
        return [i for i in self.items if not i.blocking]

    @property
    def ready(self) -> bool:
        return not self.blocking

    def by_chapter(self) -> list[tuple[str, list[Item]]]:
        out: dict[str, list[Item]] = {}
        for i in self.items:
            out.setdefault(i.chapter, []).append(i)
        return [(c, out[c]) for c in CHAPTER_ORDER if c in out]

    def lke_share(self) -> float | None:
        met = sum(c.met for c in self.lke)
        total = sum(c.total for c in self.lke)
        return met / total * 100 if total else None


def can_fix(user, who: str) -> bool:
    """May ``user`` fix items of ``who``? (the step-6 refusal counts only these)"""
    if user is None:
        return False
    if getattr(user, "role", "") == "operator":
        return True
    codes = set(getattr(user, "unit_codes", ()) or ())
    roles = set(getattr(user, "roles", ()) or ()) | {getattr(user, "role", "")}
    return {"pep": "kasi_kasubbag" in roles and "pep" in codes,
            "umum": "kasi_kasubbag" in roles and "umum" in codes,
            "sekcam": "sekcam" in roles,
            "admin": bool(getattr(user, "is_admin", False))}.get(who, False)


def blocking_for(ready: Readiness, user) -> list[Item]:
    """The blocking items ``user`` can fix."""
    return [i for i in ready.blocking if can_fix(user, i.who)]


def summary_message(items: list[Item], limit: int = 8) -> str:
    """The items as one Indonesian sentence list for an error message."""
    lines = [f"{i.where}: {i.message} ({i.who_label})" for i in items[:limit]]
    more = len(items) - limit
    return "; ".join(lines) + (f"; dan {more} butir lain." if more > 0 else ".")


def _item(code: str, message: str, sasaran_id=None, sasaran: str = "") -> Item:
    chapter, who, blocking = CODES[code]
    return Item(chapter, sasaran_id, sasaran, message, who, blocking, code)


def _quote(text: str, n: int = 90) -> str:
    text = " ".join((text or "").split())
    return "\u201c" + (text if len(text) <= n else text[:n - 1] + "\u2026") + "\u201d"


def check(db, year: int) -> Readiness:
    """Every item a reviu would still reject in the LKjIP of ``year``, and the LKE 3.b
    criteria. Reads only; never raises on missing data."""
    items: list[Item] = []
    year = int(year)

    # ---- cover, Bab I, Bab II: the office's facts
    profile = office.get_profile(db)
    if not profile.get("logo"):
        items.append(_item("logo_kosong", "Logo pemerintah daerah belum diunggah di Profil "
                                          "Kecamatan (sampul dan kop memakainya)."))
    if not facts.sdm_saved(db, year):
        items.append(_item("sdm_kosong", f"Tabel SDM tahun {year} (pegawai menurut golongan "
                                         "dan pendidikan) belum diisi."))
    period = renstra.period_for_year(db, year)
    if period is None:
        items.append(_item("renstra_kosong", f"Belum ada periode Renstra yang memuat tahun "
                                             f"{year} (visi, misi, tujuan, sasaran)."))
    else:
        missing = [w for w, v in (("visi", period.visi), ("misi", period.misi)) if not v]
        if missing:
            items.append(_item("renstra_kosong", f"{period.label}: " + " dan ".join(missing)
                               + " belum diisi."))
    nama, jabatan = facts.kepala_daerah(db)
    if not nama.strip():
        items.append(_item("kepala_daerah_kosong", f"Nama {jabatan or 'Bupati/Wali Kota'} "
                                                   "(PIHAK KEDUA Perjanjian Kinerja) belum "
                                                   "diisi di data profil kantor."))
    version = pk.in_force(db, year)
    if version is None:
        items.append(_item("pk_belum", f"Perjanjian Kinerja tahun {year} belum dibuat."))
    elif not pk.list_scans(db, year, version.versi):
        items.append(_item("pk_pindaian", f"Pindaian Perjanjian Kinerja versi {version.versi} "
                                          "yang sudah ditandatangani belum diunggah."))

    # ---- narrative sections still the default text
    for t in narratives.sections(db, year):
        if not t.stored:
            items.append(_item("naskah_bawaan", f"Bagian \u201c{t.title}\u201d masih teks "
                                                "bawaan; sesuaikan dengan keadaan tahun ini."))

    # ---- Bab III: rows, sasaran, analyses, cards, programmes
    rows = list_rows(db, year)
    if not rows:
        items.append(_item("indikator_kosong", f"Belum ada indikator kinerja tahun {year}."))
    sasaran_names: dict[int, str] = {}
    by_sasaran: dict[int, list[dict]] = {}
    for r in rows:
        sid = r.get("sasaran_id")
        if sid is None:
            items.append(_item("baris_tanpa_sasaran",
                               f"Indikator {_quote(r['indikator'])} ({r.get('unit_name') or r.get('unit_code') or 'unit'}) "
                               "belum dihubungkan ke sasaran Renstra."))
            continue
        by_sasaran.setdefault(sid, []).append(r)
    for sid in by_sasaran:
        try:
            s = renstra.get_sasaran(db, sid)
            sasaran_names[sid] = f"{s.kode} {s.text}"
        except Exception:   # noqa: BLE001 - a dangling id is listed like an unlinked row
            sasaran_names[sid] = by_sasaran[sid][0]["sasaran"]
    saved = analyses.for_year(db, year)
    card_cache: dict[int, object] = {}
    lke = {name: [0, 0] for name in LKE_NAMES}
    for sid, srows in by_sasaran.items():
        name = sasaran_names[sid]
        a = saved.get(sid) or analyses.Analysis(sid)
        missed = [r for r in srows if r["capaian_status"] == "ok" and r["tercapai"] is False]
        if a.empty:
            extra = ""
            if missed:
                extra = " Indikator di bawah target: " + ", ".join(
                    f"{_quote(r['indikator'], 60)} ({pct(r['capaian'])})"
                    if r["capaian"] is not None else _quote(r["indikator"], 60)
                    for r in missed) + "."
            items.append(_item("analisis_kosong", "Analisis sasaran (faktor pendukung, faktor "
                                                  "penghambat, upaya perbaikan) belum ditulis."
                               + extra, sid, name))
        else:
            if not a.upaya and missed:
                for r in missed:
                    items.append(_item("upaya_kosong", f"Indikator {_quote(r['indikator'])} di "
                                       "bawah target" + (f" ({pct(r['capaian'])})"
                                                         if r["capaian"] is not None else "")
                                       + " tetapi upaya perbaikan belum ditulis.", sid, name))
            gaps = [t for k, t in analyses.FIELDS if not getattr(a, k)
                    and not (k == "upaya" and missed)]
            if gaps:
                items.append(_item("analisis_sebagian", "Analisis belum lengkap: "
                                   + ", ".join(g.lower() for g in gaps) + " belum ditulis.",
                                   sid, name))
        # comparisons of each indicator: Renstra end target, earlier years
        no_renstra, no_years = [], []
        standard_given = False
        for r in srows:
            cid = r.get("card_id")
            card = None
            if cid is not None:
                if cid not in card_cache:
                    try:
                        card_cache[cid] = cards.get_card(db, cid)
                    except Exception:   # noqa: BLE001
                        card_cache[cid] = None
                card = card_cache[cid]
            if card is None or not (card.target_akhir or "").strip():
                no_renstra.append(r)
                items.append(_item("renstra_target_kosong", f"Indikator {_quote(r['indikator'])}"
                                   " belum punya target akhir Renstra (kartu indikator).",
                                   sid, name))
            if card is not None and (card.standar_jenis or "").strip():
                standard_given = True
            known = set()
            if cid is not None:
                known = {h["year"] for h in cards.history(db, cid)
                         if (h["realisasi"] or "").strip() and (h["target"] or "").strip()}
            gaps = [y for y in range(year - EARLIER_YEARS, year) if y not in known]
            if gaps:
                no_years.append(r)
                items.append(_item("tahun_lalu_kosong", f"Indikator {_quote(r['indikator'])}: "
                                   "target dan realisasi tahun " + ", ".join(map(str, gaps))
                                   + " belum ada.", sid, name))
        _count(lke, "Target dan realisasi", all(
            r["capaian_status"] in ("ok", "belum_berjalan") for r in srows))
        _count(lke, "Tahun-tahun sebelumnya", not no_years)
        _count(lke, "Target akhir Renstra", not no_renstra)
        if standard_given:
            _count(lke, "Standar nasional/provinsi", True)
        _count(lke, "Penyebab keberhasilan/kegagalan", bool(a.pendukung and a.penghambat))
        _count(lke, "Upaya perbaikan", bool(a.upaya))
        progs = {r.get("program_id") for r in srows} - {None}
        _count(lke, "Program pendukung", bool(progs))
        _count(lke, "Efisiensi sumber daya", bool(progs) and all(
            _has_budget(db, pid) for pid in progs))

    for p in programs.list_programs(db, year):
        if p.rows == 0:
            items.append(_item("program_tanpa_indikator", f"Program {_quote(p.label)} belum "
                                                          "dihubungkan ke indikator mana pun."))
        if p.budget_rows == 0 or not p.pagu:
            items.append(_item("program_tanpa_anggaran", f"Program {_quote(p.label)} belum "
                                                         "punya pagu dan realisasi anggaran."))

    # ---- the reviu
    if reviu.current(db, year) is None:
        if settings.reviu_required(db):
            items.append(_item("reviu_wajib", "Reviu APIP (Inspektorat) belum dicatat; Camat "
                                              "baru dapat menyetujui setelah reviu."))
        else:
            items.append(_item("reviu_belum", "Reviu APIP (Inspektorat) belum dicatat; halaman "
                                              "Pernyataan Telah Direviu tidak dicetak."))

    order = {c: i for i, c in enumerate(CHAPTER_ORDER)}
    sort_key = {sid: i for i, sid in enumerate(by_sasaran)}
    items.sort(key=lambda i: (order.get(i.chapter, 99), sort_key.get(i.sasaran_id, -1)))
    criteria = [Criterion(n, m, t) for n, (m, t) in lke.items() if t]
    return Readiness(year, items, criteria)


LKE_NAMES = ("Target dan realisasi", "Tahun-tahun sebelumnya", "Target akhir Renstra",
             "Standar nasional/provinsi", "Penyebab keberhasilan/kegagalan", "Upaya perbaikan",
             "Efisiensi sumber daya", "Program pendukung")


def _count(lke: dict, name: str, ok: bool) -> None:
    lke[name][1] += 1
    if ok:
        lke[name][0] += 1


def _has_budget(db, program_id: int) -> bool:
    row = db.execute("SELECT COUNT(*), COALESCE(SUM(pagu), 0) FROM budget WHERE program_id = ?",
                     [program_id]).fetchone()
    return bool(row[0]) and row[1] > 0
