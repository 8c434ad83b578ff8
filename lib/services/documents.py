"""Every official document of a cycle, built from the database and rendered.

``render(db, doc, year, unit_code=None, creation_date=None, fmt="pdf")`` returns
``(bytes, filename, warnings)``, as PDF or as Word (.docx) from the same data
(``lib.documents.outline``). A document renders at any moment from
whatever data exist: a LAKIP of a year still at step 5 is a DRAFT with the rows
so far; a letter whose step is not done yet is a DRAFT with placeholders.
Missing profile or signer data (no logo, no NIP, no Camat account) give a
placeholder on paper and an Indonesian warning for the app, never a crash.

After the Camat's approval, ``render(db, "lakip", year)`` returns the STORED
final of the current version from the archive (``lib.archive``), never a new
rendering.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from typing import Callable

from lib import (archive, budget, clock, cycles, letterhead, narrative_defaults, narratives,
                 office, paper, sop, users)
from lib.documents import outline
from lib.documents.base import format_date
from lib.documents.lakip import render_lakip
from lib.format import rekap, store
from lib.documents.model import (Attendee, Band, BudgetRow, Delivery, LakipReport, Letter,
                                 Meeting, OfficeFacts, OrgUnit, Profile, RenstraSummary, Reviu,
                                 Row, SasaranAnalysis, SasaranSummary, Signer, SopSheet, SopStep,
                                 YearValue)
from lib.errors import NotFound, ValidationError
from lib.planning import links

DOCS = {"nota-dinas", "format", "rekap", "lakip", "notulen", "surat-pengantar", "tanda-terima",
        "sop"}

DOC_LABELS = {
    "nota-dinas": "Nota Dinas perintah penyusunan (langkah 1)",
    "format": "Formulir pengumpulan data per unit (langkah 2-3)",
    "rekap": "Rekapitulasi data kinerja (langkah 4)",
    "lakip": "LAKIP / LKjIP (draft langkah 6, final setelah persetujuan)",
    "notulen": "Notulen dan daftar hadir rapat finalisasi (langkah 8)",
    "surat-pengantar": "Surat pengantar pengiriman (langkah 11)",
    "tanda-terima": "Tanda terima pengiriman (langkah 13)",
    "sop": "Lembar SOP Perencanaan Kinerja",
}
DOC_ORDER = ["nota-dinas", "format", "rekap", "lakip", "notulen", "surat-pengantar",
             "tanda-terima", "sop"]


# ------------------------------------------------------------------ small helpers
def _short_kecamatan(name: str) -> str:
    name = (name or "").strip()
    return name[len("Kecamatan "):].strip() if name.lower().startswith("kecamatan ") else name


def format_nip(nip: str) -> str:
    """An 18-digit NIP written the official way: ``19731107 199303 1 002``."""
    digits = re.sub(r"\s+", "", nip or "")
    if re.fullmatch(r"\d{18}", digits):
        return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"
    return (nip or "").strip()


def profile_model(db) -> tuple[Profile, list[str]]:
    """The letterhead data and the warnings about what is missing."""
    p = office.get_profile(db)
    warnings = []
    if not p.get("logo"):
        warnings.append("Logo kabupaten belum diunggah (menu Profil Kecamatan); kop surat "
                        "dicetak tanpa logo.")
    if not (p.get("pemerintah") or "").strip() or not (p.get("kecamatan") or "").strip():
        warnings.append("Nama pemerintah kabupaten atau kecamatan belum diisi di Profil "
                        "Kecamatan.")
    if not (p.get("alamat") or "").strip():
        warnings.append("Alamat kantor belum diisi di Profil Kecamatan; kop surat tanpa alamat.")
    if not (p.get("ibukota") or "").strip():
        warnings.append("Tempat penandatanganan (ibukota kecamatan) belum diisi di Profil "
                        "Kecamatan.")
    profile = Profile(
        pemerintah=p.get("pemerintah") or "", kecamatan=p.get("kecamatan") or "",
        alamat=p.get("alamat") or "", telepon=p.get("telepon") or "",
        email=p.get("email") or "", website=p.get("website") or "",
        kode_pos=p.get("kode_pos") or "",
        ibukota=p.get("ibukota") or "", logo=p.get("logo") or None,
        paper=office.get_setting(db, "paper") or "F4", margins=letterhead.margins_model(db),
        report_title=office.get_setting(db, "report_title") or "LKjIP")
    return profile, warnings


ROLE_TITLES = {"camat": "Camat", "sekcam": "Sekretaris Camat", "jf": "Jabatan Fungsional"}


def signer_for(db, role: str, unit_code: str | None = None) -> tuple[Signer, list[str]]:
    """The signature block of the person holding ``role`` (optionally of a unit)."""
    profile = office.get_profile(db)
    kec = _short_kecamatan(profile.get("kecamatan") or "")
    candidates = users.users_with_role(db, role)
    if unit_code is not None:
        candidates = [u for u in candidates if unit_code in u.unit_codes]
    default_title = ROLE_TITLES.get(role, role)
    if role == "camat" and kec:
        default_title = f"Camat {kec}"
    if unit_code is not None:
        try:
            unit = office.get_unit(db, unit_code)
            default_title = unit.head_title or unit.name
        except NotFound:
            pass
    label = default_title
    if not candidates:
        return Signer(jabatan=default_title), [
            f"Belum ada pengguna aktif untuk jabatan {label}; nama dan NIP penandatangan "
            "dicetak sebagai tempat kosong."]
    u = candidates[0]
    warnings = []
    if not (u.nip or "").strip():
        warnings.append(f"NIP {u.name} ({label}) belum diisi di menu Pengguna; dicetak "
                        "sebagai tempat kosong.")
    if not (u.pangkat or "").strip():
        warnings.append(f"Pangkat/golongan {u.name} ({label}) belum diisi di menu Pengguna.")
    return Signer(jabatan=(u.jabatan or "").strip() or default_title, name=u.name,
                  pangkat=u.pangkat or "", nip=format_nip(u.nip), acting=u.acting or ""), warnings


def signer_for_user(db, u) -> tuple[Signer, list[str]]:
    """The signature block of one user account (name as stored)."""
    warnings = []
    if not (u.nip or "").strip():
        warnings.append(f"NIP {u.name} belum diisi di menu Pengguna; dicetak sebagai tempat "
                        "kosong.")
    return Signer(jabatan=(u.jabatan or "").strip() or u.role_label, name=u.name,
                  pangkat=u.pangkat or "", nip=format_nip(u.nip), acting=u.acting or ""), warnings


def _latest_run(db, cycle, kind: str) -> cycles.Run | None:
    """The last completed run of the step of ``kind`` (any version)."""
    if cycle is None:
        return None
    step = cycles.definition(db, cycle).step_of_kind(kind)
    if step is None:
        return None
    done = [r for r in cycles.runs(db, cycle) if r.step_no == step.no and not r.open
            and r.outcome not in ("dibatalkan",)]
    return done[-1] if done else None


def _date(value, fallback: dt.date | None = None) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except (TypeError, ValueError):
        return fallback


def _lines(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [line.strip(" -\u2022\t") for line in str(value).splitlines()
            if line.strip(" -\u2022\t")]


def _today() -> dt.date:
    return clock.now().date()


def _key(text: str) -> str:
    return " ".join((text or "").split()).lower()


# ------------------------------------------------------------------ rows
def _row(d: dict, no: int, sasaran: str | None = None) -> Row:
    status = d.get("capaian_status") or "ok"
    reason = d.get("capaian_reason") or ""
    return Row(no=no, sasaran=sasaran if sasaran is not None else d["sasaran"],
               indikator=d["indikator"], target=d["target"], realisasi=d["realisasi"],
               program=d["program"], sumber_data=d["sumber_data"],
               yang_membidangi=d["yang_membidangi"], ket=d["ket"], satuan=d["satuan"],
               polarity=d["polarity"], is_iku=bool(d["is_iku"]), capaian=d["capaian"],
               predikat=(d["predikat"] or "") if status == "ok" else reason,
               status=status, renstra_target=d.get("renstra_target") or "",
               history={str(k): str(v) for k, v in (d.get("history") or {}).items()},
               unit_name=d["unit_name"], tercapai=d.get("tercapai"))


def _summaries(summary) -> list[SasaranSummary]:
    return [SasaranSummary(sasaran=s.sasaran, average=s.average, predikat=s.predikat or "",
                           counted=s.counted,
                           excluded=[f"{e.indikator}: {e.reason}" for e in s.excluded])
            for s in summary.sasaran]


def rekap_rows(db, year: int) -> tuple[list[Row], object]:
    """The year's rows grouped by sasaran (numbered 1..n) and the capaian summary."""
    r = rekap.rekap_cached(db, year)
    rows = [_row(d, i, d.get("sasaran_grup") or d["sasaran"]) for i, d in enumerate(r.rows, 1)]
    return rows, r.summary


def _budget_rows(db, year: int, rows: list[Row]) -> list[BudgetRow]:
    """Budget per programme with the average capaian of the indicators of the same
    programme by identity (``program_id``); a budget row linked to no programme has
    no capaian (never matched by comparing names)."""
    by_program = links.capaian_by_program(rekap.rekap_cached(db, year).rows)
    return [BudgetRow(program=b.program, pagu=b.pagu, realisasi=b.realisasi, serapan=b.serapan,
                      capaian=by_program.get(b.program_id) if b.program_id else None,
                      program_id=b.program_id)
            for b in budget.list_budget(db, year)]


# ------------------------------------------------------------------ the documents
def _nota_dinas(db, year, profile, creation_date):
    warnings = []
    cycle = cycles.find_cycle(db, year)
    run = _latest_run(db, cycle, "perintah")
    data = run.data if run else {}
    if run is None:
        warnings.append(f"Siklus LAKIP {year} belum dimulai; nota dinas dicetak sebagai DRAFT "
                        "tanpa nomor.")
    camat, w = signer_for(db, "camat")
    warnings += w
    sekcam, w = signer_for(db, "sekcam")
    title = profile.report_title
    kec = profile.kecamatan or "Kecamatan"
    date = _date(data.get("nota_dinas_tanggal"), _today())
    body = [
        f"Dalam rangka pelaksanaan Sistem Akuntabilitas Kinerja Instansi Pemerintah sesuai "
        f"Peraturan Presiden Nomor 29 Tahun 2014, {kec} wajib menyusun Laporan Kinerja "
        f"Instansi Pemerintah ({title}) Tahun {year}.",
        f"Sehubungan dengan hal tersebut, diperintahkan kepada Saudara untuk mengoordinasikan "
        f"penyusunan {title} {kec} Tahun {year} sesuai Standar Operasional Prosedur "
        f"Perencanaan Kinerja: mengumpulkan para Kepala Seksi dan Kepala Sub Bagian, "
        f"menyampaikan format pengumpulan data dan informasi kinerja, serta menganalisis dan "
        f"mengevaluasi data yang terkumpul.",
        "Demikian disampaikan untuk dilaksanakan dengan penuh tanggung jawab.",
    ]
    letter = Letter(number=data.get("nota_dinas_nomor") or "", date=date,
                    kepada=sekcam.jabatan or "Sekretaris Camat",
                    perihal=f"Penyusunan {title} Tahun {year}", sifat="Penting",
                    lampiran="-", body=body, signer=camat,
                    tembusan=paper.tembusan_list(office.get_setting(db, "tembusan_nota_dinas")))
    from lib.documents.letters import render_nota_dinas
    draft = run is None
    return Paper(f"nota-dinas-{year}",
                  lambda: render_nota_dinas(profile, letter, creation_date, draft=draft),
                  lambda pdf: outline.nota_dinas_outline(profile, letter, draft=draft)), warnings


def _format(db, year, unit_code, profile, creation_date):
    if not unit_code:
        raise ValidationError("Pilih unit untuk formulir pengumpulan data.")
    unit = office.get_unit(db, unit_code)
    warnings = []
    data = store.list_rows(db, year, unit_code)
    rows = [_row(d, i) for i, d in enumerate(data, 1)]  # rows numbered 1..n on paper
    blank = not any((d["realisasi"] or "").strip() or d["belum_berjalan"] for d in data)
    if not data:
        warnings.append(f"Belum ada indikator untuk {unit.name} tahun {year}; formulir dicetak "
                        "kosong untuk diisi tangan.")
    signer, w = signer_for(db, "kasi_kasubbag", unit_code)
    warnings += w
    saved = db.execute("SELECT saved_at FROM unit_forms WHERE year=? AND unit_id=?",
                       [year, unit.id]).fetchone()
    place_date = None
    if not blank and saved and saved[0]:
        place_date = clock.parse(saved[0]).date()
    from lib.documents.tables import render_format
    suffix = "-kosong" if blank else ""
    return Paper(f"format-{unit_code}-{year}{suffix}",
                  lambda: render_format(profile, unit_name=unit.name, year=year, rows=rows,
                                        blank=blank, signer=signer, place_date=place_date,
                                        creation_date=creation_date),
                  lambda pdf: outline.format_outline(profile, unit_name=unit.name, year=year,
                                                     rows=rows, blank=blank, signer=signer,
                                                     place_date_=place_date)), warnings


def _rekap(db, year, profile, creation_date):
    warnings = []
    rows, summary = rekap_rows(db, year)
    if not rows:
        warnings.append(f"Belum ada indikator tahun {year}; rekapitulasi masih kosong.")
    cycle = cycles.find_cycle(db, year)
    reviewed = False
    place_date = None
    if cycle is not None:
        step = cycles.definition(db, cycle).step_of_kind("periksa_unit")
        reviewed = step is not None and cycles.step_done(db, cycle, step.no)
        run = _latest_run(db, cycle, "himpun")
        if run is not None and run.completed_at:
            place_date = clock.parse(run.completed_at).date()
    if not reviewed:
        warnings.append("Data belum selesai diperiksa Sekcam (langkah 5); rekapitulasi dicetak "
                        "sebagai DRAFT.")
    signer, w = signer_for(db, "sekcam")
    warnings += w
    from lib.documents.tables import render_rekap
    summaries = _summaries(summary)
    return Paper(f"rekap-{year}",
                  lambda: render_rekap(profile, year=year, rows=rows, summaries=summaries,
                                       signer=signer, place_date=place_date,
                                       creation_date=creation_date, draft=not reviewed),
                  lambda pdf: outline.rekap_outline(profile, year=year, rows=rows,
                                                    summaries=summaries, signer=signer,
                                                    place_date_=place_date,
                                                    draft=not reviewed)), warnings


def _card_facts(db) -> dict[int, object]:
    from lib.planning import cards
    return {c.id: c for c in cards.list_cards(db)}


def _earlier(db, year: int, d: dict, card) -> tuple[YearValue, ...]:
    """The years before ``year`` of a row: its card's history (Perkin's own rows,
    then typed or imported years), else the row's own history column (realisasi only)."""
    from lib.capaian import compute
    from lib.planning import cards
    items: dict[int, tuple[str, str]] = {}
    if card is not None:
        for h in cards.history(db, card.id):
            if h["year"] < year:
                items[h["year"]] = (h["target"] or "", h["realisasi"] or "")
    for y, v in (d.get("history") or {}).items():
        if str(y).isdigit() and int(y) < year and int(y) not in items:
            items[int(y)] = ("", str(v))
    out = []
    for y in sorted(items):
        t, r = items[y]
        c = compute(t, r, d["polarity"], satuan_hint=d["satuan"])
        out.append(YearValue(year=y, target=t, realisasi=r, capaian=c.value,
                             status=c.status, reason=c.reason,
                             tercapai=c.tercapai if c.status == "ok" else None))
    return tuple(out)


def lkjip_rows(db, year: int) -> tuple[list[Row], object]:
    """The year's rows as the LKjIP prints them: ``rekap_rows`` with the identities,
    the card facts (formula, Renstra end target and year, standard) and the earlier
    years filled (``Row.earlier``), predicates in the office's label set. The
    Penyusunan page passes a sasaran's rows to ``lib.lkjip.sentences.sasaran_hint``."""
    from lib.lkjip import labels, settings as lkjip_settings
    r = rekap.rekap_cached(db, year)
    cards_by_id = _card_facts(db)
    names = dict(zip(labels.labels_for(labels.DEFAULT_LABEL_SET),
                     lkjip_settings.predicate_labels(db)))
    rows = []
    for i, d in enumerate(r.rows, 1):
        base = _row(d, i, d.get("sasaran_grup") or d["sasaran"])
        card = cards_by_id.get(d.get("card_id")) if d.get("card_id") else None
        renstra_target = base.renstra_target or (card.target_akhir if card else "")
        rows.append(Row(**{
            **base.__dict__,
            "predikat": names.get(base.predikat, base.predikat),
            "sasaran_id": d.get("sasaran_id"), "card_id": d.get("card_id"),
            "program_id": d.get("program_id"),
            "formula": (card.formula if card else "") or "",
            "renstra_target": renstra_target or "",
            "renstra_target_tahun": card.target_akhir_tahun if card else None,
            "standar_jenis": (card.standar_jenis if card else "") or "",
            "standar_nilai": (card.standar_nilai if card else "") or "",
            "standar_sumber": (card.standar_sumber if card else "") or "",
            "sumber_data": base.sumber_data or ((card.sumber_data if card else "") or ""),
            "earlier": _earlier(db, year, d, card)}))
    return rows, r.summary


def _bands(db) -> tuple[Band, ...]:
    from lib.lkjip import settings as lkjip_settings
    names = lkjip_settings.predicate_labels(db)
    from lib.lkjip.labels import CUTS
    bands = []
    for i, (lower, label) in enumerate(zip(CUTS, names)):
        upper = CUTS[i - 1] if i else None
        bands.append(Band(None if lower == float("-inf") else lower, upper, label))
    return tuple(bands)


def _renstra(db, year: int) -> RenstraSummary | None:
    from lib.planning import renstra
    p = renstra.period_for_year(db, year)
    if p is None:
        return None
    return RenstraSummary(start_year=p.start_year, end_year=p.end_year, nomor=p.nomor or "",
                          visi=p.visi or "", misi=tuple(p.misi), tujuan=tuple(p.tujuan),
                          sasaran=tuple((s.kode or "", s.text) for s in p.sasaran))


def _pk_document(db, year: int):
    from lib.planning import pk
    try:
        return pk.document(db, year)
    except NotFound:
        return None


def _legal_basis(db, year: int) -> tuple[str, ...]:
    from lib.planning import facts
    cycle = cycles.find_cycle(db, year)
    try:
        defn = cycles.definition(db, cycle) if cycle else sop.load_current(db)
        sop_items = [str(x).strip() for x in (defn.header.get("dasar_hukum") or [])]
    except NotFound:
        sop_items = []
    out: list[str] = []
    for item in sop_items + list(facts.get_facts(db).dasar_hukum):
        item = item.strip(" -\u2022\t")
        if item and _key(item) not in {_key(x) for x in out}:
            out.append(item)
    return tuple(out)


def _org_units(db) -> tuple[OrgUnit, ...]:
    """The Sekretariat (the Sekcam) and the active units with their heads, for the
    struktur organisasi; a Subbag sits under the Sekretaris Camat."""
    sekcam, _ = signer_for(db, "sekcam")
    out = [OrgUnit(name="Sekretariat Kecamatan", head_title=sekcam.jabatan or "Sekretaris Camat",
                   head_name=sekcam.name)]
    for u in office.list_units(db, active_only=True):
        signer, _ = signer_for(db, "kasi_kasubbag", u.code)
        sub = u.name.lower().startswith(("subbag", "sub bagian", "subbagian"))
        out.append(OrgUnit(name=u.name, head_title=u.head_title or "", head_name=signer.name,
                           parent="Sekretariat Kecamatan" if sub else ""))
    return tuple(out)


def _office_facts(db) -> OfficeFacts:
    from lib.planning import facts
    f = facts.get_facts(db)
    return OfficeFacts(kepala_daerah_jabatan=f.kepala_daerah_jabatan, luas_wilayah=f.luas_wilayah,
                       jumlah_nagari=f.jumlah_nagari, jumlah_desa=f.jumlah_desa,
                       jumlah_kelurahan=f.jumlah_kelurahan, jumlah_penduduk=f.jumlah_penduduk,
                       penduduk_tahun=f.penduduk_tahun)


def _sdm(db, year: int) -> dict[str, dict[str, int]]:
    from lib.planning import facts
    if not facts.sdm_saved(db, year):
        return {}
    return {k: dict(v) for k, v in facts.get_sdm(db, year).items()}


def _reviu(db, year: int) -> Reviu | None:
    from lib.lkjip import reviu
    rv = reviu.current(db, year)
    if rv is None:
        return None
    return Reviu(reviewer=rv.reviewer, nip=format_nip(rv.nip), reviewed_on=rv.reviewed_on,
                 result=rv.result, notes=rv.notes,
                 jabatan=getattr(rv, "jabatan", "") or "",
                 instansi=getattr(rv, "instansi", "") or "")


def _analyses(db, year: int, profile: Profile) -> dict[int, SasaranAnalysis]:
    """The analyses by sasaran id as printed (placeholders filled); none stored:
    nothing printed (the readiness check lists it)."""
    from lib.lkjip import analyses
    kw = dict(kecamatan=profile.kecamatan, kabupaten=profile.pemerintah, year=year,
              title=(profile.report_title or "LKjIP").strip() or "LKjIP")
    out = {}
    for sid, a in analyses.for_year(db, year).items():
        fields = {k: narrative_defaults.render_text(getattr(a, k) or "", **kw).strip()
                  if (getattr(a, k) or "").strip() else ""
                  for k in ("pendukung", "penghambat", "upaya")}
        out[sid] = SasaranAnalysis(**fields)
    return out


def lakip_report(db, year: int, *, draft: bool = True, verify_code: str | None = None,
                 approved_at: dt.datetime | None = None,
                 version: int | None = None) -> tuple[LakipReport, list[str]]:
    """The LakipReport of ``year`` from the database, with warnings."""
    profile, warnings = profile_model(db)
    camat, w = signer_for(db, "camat")
    warnings += w
    rows, summary = lkjip_rows(db, year)
    if not rows:
        warnings.append(f"Belum ada indikator kinerja tahun {year}; Bab III masih kosong.")
    elif summary.excluded:
        warnings.append(f"{len(summary.excluded)} indikator belum dapat dihitung capaiannya "
                        "(belum diisi, belum berjalan, atau tidak dapat dihitung).")
    cycle = cycles.find_cycle(db, year)
    if version is None:
        version = cycle.version if cycle else 1
    texts = _report_texts(db, year, profile)
    budget_rows = _budget_rows(db, year, rows)
    if not budget_rows:
        warnings.append(f"Realisasi anggaran tahun {year} belum diisi (Kasubbag Umum).")
    bands = _bands(db)
    names = dict(zip(narrative_defaults_labels(), (b.label for b in bands)))
    pk_doc = _pk_document(db, year)
    if pk_doc is None:
        warnings.append(f"Perjanjian Kinerja tahun {year} belum dibuat; Lampiran 1 kosong.")
    report = LakipReport(
        year=year, profile=profile, signer=camat, rows=rows,
        summaries=[SasaranSummary(s.sasaran, s.average, names.get(s.predikat, s.predikat),
                                  s.counted, s.excluded) for s in _summaries(summary)],
        predicate_counts={names.get(k, k): v for k, v in summary.predikat_counts.items()},
        average=summary.average, narratives=texts, analyses=_analyses(db, year, profile),
        budget=budget_rows,
        section_titles={k: narrative_defaults.section_title(k)
                        for k in narrative_defaults.SECTION_KEYS},
        draft=draft, verify_code=verify_code, approved_at=approved_at, version=version,
        place_date=approved_at.date() if approved_at else None,
        bands=bands, renstra=_renstra(db, year), pk=pk_doc, reviu=_reviu(db, year),
        legal_basis=_legal_basis(db, year), units=_org_units(db), sdm=_sdm(db, year),
        facts=_office_facts(db))
    return report, warnings


def narrative_defaults_labels() -> tuple[str, ...]:
    from lib.lkjip import labels
    return labels.labels_for(labels.DEFAULT_LABEL_SET)


def _report_texts(db, year: int, profile: Profile) -> dict[str, str]:
    """The LKjIP's texts as they are printed: what the writer saved, else the default,
    placeholders filled (the kecamatan's name, the year, the report's title)."""
    kw = dict(kecamatan=profile.kecamatan, kabupaten=profile.pemerintah, year=year,
              title=(profile.report_title or "LKjIP").strip() or "LKjIP")
    stored = narratives.get_narratives(db, year)
    return {k: narrative_defaults.render_text(stored[k], **kw) if stored.get(k) is not None
            else narrative_defaults.default_text(k, **kw)
            for k in narrative_defaults.SECTION_KEYS}


def approved_version(db, year: int) -> int | None:
    """The current LAKIP version when the Camat has approved it, else None."""
    return cycles.approved_version(db, cycles.find_cycle(db, year))


def lakip_filename(db, year: int, version: int, final: bool) -> str:
    title = office.get_setting(db, "report_title") or "LKjIP"
    return f"{title}-{year}-v{version}{'' if final else '-draft'}.pdf"


def _stem(filename: str) -> str:
    return filename[:-4] if filename.lower().endswith(".pdf") else filename


def _lakip(db, year, creation_date):
    from lib.documents.lakip_outline import lakip_outline

    version = approved_version(db, year)
    if version is not None:
        final = archive.get_final(db, year, version)
        if final is not None:
            # The PDF as stored; its .docx is rebuilt from the same data and says it is a
            # working copy, not the verified document.
            approved_at = clock.parse(final["approved_at"]) if final.get("approved_at") else None
            report, _ = lakip_report(db, year, draft=False, verify_code=final["verify_code"],
                                     approved_at=approved_at, version=version)
            note = (f"SALINAN KERJA, bukan dokumen terverifikasi. Dokumen sah: "
                    f"{final['filename']} (kode verifikasi {final['verify_code']}, "
                    f"SHA-256 {final['sha256']}).")
            return Paper(_stem(final["filename"]), lambda: final["content"],
                          lambda pdf: lakip_outline(report, pdf, working_copy=note),
                          frozen=True), []
    report, warnings = lakip_report(db, year, draft=True)
    if version is not None:  # approved before the archive existed: say so, show a draft
        warnings.append("LAKIP sudah disetujui tetapi arsip final tidak ditemukan; yang "
                        "ditampilkan adalah draft.")
    return Paper(_stem(lakip_filename(db, year, report.version, final=False)),
                  lambda: render_lakip(report, creation_date),
                  lambda pdf: lakip_outline(report, pdf)), warnings


def person_label(u) -> str:
    """How a user is listed at step 8 (and stored in the meeting record)."""
    return f"{u.name} ({u.jabatan or u.role_label})"


def _match_user(people, item: str):
    k = _key(item)
    match = next((u for u in people if k in (_key(u.name), _key(u.username), _key(u.jabatan),
                                              _key(person_label(u)))), None)
    if match is None and k in ("camat", "sekcam", "sekretaris camat", "jf"):
        role = {"sekretaris camat": "sekcam"}.get(k, k)
        match = next((u for u in people if u.role == role), None)
    return match


def _attendees(db, peserta, instansi: str = "") -> list[Attendee]:
    people = users.list_users(db, active_only=True)
    out = []
    for item in _lines(peserta):
        match = _match_user(people, item)
        if match is not None:
            out.append(Attendee(match.name, match.jabatan or match.role_label, instansi))
        else:
            out.append(Attendee(item, "", instansi))
    return out


def _guests(tamu) -> list[Attendee]:
    out = []
    for g in tamu or []:
        if isinstance(g, dict) and str(g.get("nama") or "").strip():
            out.append(Attendee(str(g["nama"]).strip(), str(g.get("jabatan") or "").strip(),
                                str(g.get("instansi") or "").strip()))
    return out


def _notulen(db, year, profile, creation_date):
    warnings = []
    cycle = cycles.find_cycle(db, year)
    run = _latest_run(db, cycle, "rapat_finalisasi")
    data = run.data if run else {}
    camat, w = signer_for(db, "camat")
    warnings += w
    instansi = profile.kecamatan or ""
    notulis, w = signer_for(db, "sekcam")
    typed_notulis = str(data.get("notulis") or "").strip()
    if typed_notulis:
        found = _match_user(users.list_users(db, active_only=True), typed_notulis)
        if found is not None:
            notulis, w = signer_for_user(db, found)
        else:
            notulis, w = Signer(jabatan="Notulis", name=typed_notulis), []
    warnings += w
    if run is None:
        warnings.append("Rapat finalisasi (langkah 8) belum dicatat; notulen berisi rancangan "
                        "dengan daftar hadir semua pejabat untuk ditandatangani.")
        flow = [u for u in users.list_users(db, active_only=True)
                if u.role in ("camat", "sekcam", "kasi_kasubbag", "jf")]
        attendees = [Attendee(u.name, u.jabatan or u.role_label, instansi) for u in flow]
        agenda = [f"Pembahasan draft {profile.report_title} Tahun {year}"]
        decisions = []
    else:
        attendees = _attendees(db, data.get("peserta"), instansi) + _guests(data.get("tamu"))
        agenda = _lines(data.get("agenda"))
        decisions = _lines(data.get("keputusan"))
    chair = (data.get("pimpinan") or "Camat").strip()
    chair_signer = None
    if _key(chair) in ("camat", _key(camat.jabatan), _key(camat.name)):
        chair_signer = camat
        if camat.name:
            chair = f"{camat.name} ({camat.jabatan})"
    else:
        found = _match_user(users.list_users(db, active_only=True), chair)
        chair_signer = signer_for_user(db, found)[0] if found else Signer(jabatan="Pimpinan Rapat",
                                                                          name=chair)
    meeting = Meeting(year=year, date=_date(data.get("tanggal"), _today()),
                      place=data.get("tempat") or "", chair=chair, agenda=agenda,
                      decisions=decisions, attendees=attendees,
                      time=(data.get("waktu") or "").strip(), notulis=notulis,
                      pembahasan=_lines(data.get("pembahasan")), chair_signer=chair_signer)
    from lib.documents.meeting import render_notulen
    return Paper(f"notulen-rapat-finalisasi-{year}",
                  lambda: render_notulen(profile, meeting, creation_date),
                  lambda pdf: outline.notulen_outline(profile, meeting)), warnings


def _copies(db, cycle) -> int:
    for kind in ("pengiriman", "penggandaan"):
        run = _latest_run(db, cycle, kind)
        if run is not None:
            try:
                n = int(run.data.get("eksemplar") or 0)
            except (TypeError, ValueError):
                n = 0
            if n > 0:
                return n
    return 0


def _surat_pengantar(db, year, profile, creation_date):
    warnings = []
    cycle = cycles.find_cycle(db, year)
    run = _latest_run(db, cycle, "surat_pengantar")
    data = run.data if run else {}
    if run is None:
        warnings.append("Surat pengantar (langkah 11) belum dibuat; dicetak sebagai DRAFT "
                        "tanpa nomor.")
    camat, w = signer_for(db, "camat")
    warnings += w
    copies = _copies(db, cycle)
    if copies == 0:
        warnings.append("Jumlah eksemplar belum dicatat (langkah 12/13).")
    title = profile.report_title
    kec = profile.kecamatan or "Kecamatan"
    attachments = [f"Laporan Kinerja Instansi Pemerintah ({title}) {kec} Tahun {year}"]
    lampiran = (data.get("lampiran") or "").strip()
    letter = Letter(number=data.get("nomor") or "", date=_date(data.get("tanggal"), _today()),
                    kepada=data.get("kepada") or "", perihal=f"Penyampaian {title} Tahun {year}",
                    lampiran=lampiran or "1 (satu) berkas", signer=camat)
    from lib.documents.letters import render_surat_pengantar
    draft = run is None
    return Paper(f"surat-pengantar-{year}",
                  lambda: render_surat_pengantar(profile, letter, copies, attachments,
                                                 creation_date, draft=draft),
                  lambda pdf: outline.surat_pengantar_outline(profile, letter, copies,
                                                              attachments, draft=draft)
                  ), warnings


def _tanda_terima(db, year, profile, creation_date):
    warnings = []
    cycle = cycles.find_cycle(db, year)
    run = _latest_run(db, cycle, "pengiriman")
    data = run.data if run else {}
    letter = _latest_run(db, cycle, "surat_pengantar")
    if run is None:
        warnings.append("Pengiriman (langkah 13) belum dicatat; tanda terima berisi tempat "
                        "kosong untuk diisi tangan.")
    sender, w = signer_for(db, "jf")
    warnings += w
    copies = 0
    try:
        copies = int(data.get("eksemplar") or 0)
    except (TypeError, ValueError):
        pass
    copies = copies or _copies(db, cycle)
    delivery = Delivery(year=year, letter_number=(letter.data.get("nomor") if letter else "")
                        or "", sent_on=_date(data.get("tanggal"), _today()),
                        recipient=data.get("kepada") or "", method=data.get("cara") or "",
                        copies=copies, received_by=data.get("diterima_oleh") or "",
                        sender=sender)
    from lib.documents.delivery import render_tanda_terima
    return Paper(f"tanda-terima-{year}",
                  lambda: render_tanda_terima(profile, delivery, creation_date),
                  lambda pdf: outline.tanda_terima_outline(profile, delivery)), warnings


def _iso_to_words(value: str) -> str:
    """``2026-11-23`` -> ``23 November 2026``; other text as typed."""
    d = _date(value)
    if d is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip()):
        return format_date(d)
    return str(value or "").strip()


def _sop_revision_dates(db, defn) -> tuple[str, str | None]:
    """(created_at of the revision in force, created_at of the next one or None):
    the window in which a registered SOP number belongs to this revision."""
    revs = sorted(sop.list_revisions(db), key=lambda r: r["id"])
    ids = [r["id"] for r in revs]
    if defn.revision_id not in ids:
        return defn.created_at, None
    i = ids.index(defn.revision_id)
    nxt = revs[i + 1]["created_at"] if i + 1 < len(revs) else None
    return revs[i]["created_at"], nxt


def sop_header(db, defn) -> dict:
    """The SOP header as printed: Nomor SOP from the register (the last SOP
    number registered while this revision was in force) or as typed; Tgl.
    revisi from the revision in force (its date, or the date typed for it);
    dates written out."""
    header = dict(defn.header)
    since, until = _sop_revision_dates(db, defn)
    sql = ("SELECT number FROM letters WHERE doc_type = 'sop' AND status = 'aktif' "
           "AND created_at >= ?")
    params = [since or ""]
    if until:
        sql += " AND created_at < ?"
        params.append(until)
    row = db.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
    if row:
        header["nomor_sop"] = row[0]
    revs = sorted(sop.list_revisions(db), key=lambda r: r["id"])
    first = not revs or defn.revision_id == revs[0]["id"]
    typed = str(header.get("tgl_revisi") or "").strip()
    if first:
        header["tgl_revisi"] = _iso_to_words(typed) or "-"
    else:
        previous = [r for r in revs if r["id"] < (defn.revision_id or 0)]
        carried = ""
        if previous:
            carried = str(json.loads(previous[-1]["header"]).get("tgl_revisi") or "").strip()
        if not typed or typed == carried:      # copied from the last revision: not this one's
            typed = (since or "")[:10]
        header["tgl_revisi"] = _iso_to_words(typed) or "-"
    for key in ("tgl_pembuatan", "tgl_efektif"):
        header[key] = _iso_to_words(header.get(key) or "") or "-"
    return header


_NAME_NIP = re.compile(r"^(?P<name>.*?)[,;]?\s*NIP\.?\s*:?\s*(?P<nip>[\d\s]+)$", re.IGNORECASE)


def sop_approver(db, header: dict) -> tuple[Signer, list[str]]:
    """"Disahkan oleh": the jabatan of the Camat, and the name and NIP typed in
    the SOP header (the official who signed this revision), or the Camat's
    account when the header names nobody."""
    camat, warnings = signer_for(db, "camat")
    typed = str(header.get("disahkan_oleh") or "").strip()
    if not typed:
        return camat, warnings
    m = _NAME_NIP.match(typed)
    name, nip = (m.group("name").strip(" ,"), format_nip(m.group("nip"))) if m else (typed, "")
    if not nip and _key(name) == _key(camat.name):
        nip = camat.nip
    return Signer(jabatan=camat.jabatan, name=name, nip=nip, acting=camat.acting), []


def _sop(db, year, profile, creation_date):
    cycle = cycles.find_cycle(db, year)
    defn = cycles.definition(db, cycle) if cycle else sop.load_current(db)
    steps = [SopStep(no=s.no, kegiatan=s.kegiatan, actor_role=s.actor_role,
                     kelengkapan=s.kelengkapan, minutes=s.minutes, output=s.output,
                     return_to=s.return_to, actor_label=s.actor_label)
             for s in defn.steps]
    header = sop_header(db, defn)
    approver, warnings = sop_approver(db, header)
    sheet = SopSheet(header=header, steps=steps, lanes=sop.lanes(defn), approver=approver)
    from lib.documents.sop_sheet import render_sop
    return Paper(f"sop-perencanaan-kinerja-{year}",
                  lambda: render_sop(profile, sheet, creation_date),
                  lambda pdf: outline.sop_outline(profile, sheet)), warnings


FORMATS = ("pdf", "docx")
MIME = {"pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "zip": "application/zip"}


@dataclass(frozen=True)
class Paper:
    """A paper ready to render: its file name without extension, its PDF, and
    its outline (given the PDF, whose page numbers a Daftar Isi quotes)."""
    stem: str
    pdf: Callable[[], bytes]
    outline: Callable[[bytes], "outline.Outline"]
    frozen: bool = False           # the PDF is the stored final, not a new rendering


def build_paper(db, doc: str, year: int, unit_code: str | None = None,
          creation_date: dt.datetime | None = None) -> tuple[Paper, list[str]]:
    """The paper ``doc`` of ``year`` and the warnings about missing data."""
    if doc not in DOCS:
        raise ValidationError(f"Dokumen '{doc}' tidak dikenal; pilih salah satu dari: "
                              + ", ".join(DOC_ORDER) + ".")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationError(f"Tahun laporan tidak valid: {year}.")
    if doc == "lakip":
        return _lakip(db, year, creation_date)
    profile, warnings = profile_model(db)
    build = {"nota-dinas": _nota_dinas, "rekap": _rekap, "notulen": _notulen,
             "surat-pengantar": _surat_pengantar, "tanda-terima": _tanda_terima,
             "sop": _sop}
    if doc == "format":
        p, w = _format(db, year, unit_code, profile, creation_date)
    else:
        p, w = build[doc](db, year, profile, creation_date)
    seen = []
    for item in warnings + w:
        if item not in seen:
            seen.append(item)
    return p, seen


def docx_of(p: Paper, pdf: bytes, creation_date: dt.datetime | None = None) -> bytes:
    """The Word document of paper ``p`` whose PDF is ``pdf``."""
    from lib.documents.docx_render import render_docx

    return render_docx(p.outline(pdf), page_count=page_count(pdf), creation_date=creation_date)


def render(db, doc: str, year: int, unit_code: str | None = None,
           creation_date: dt.datetime | None = None,
           fmt: str = "pdf") -> tuple[bytes, str, list[str]]:
    """``(bytes, filename, warnings)`` of document ``doc`` (one of ``DOCS``) as
    ``fmt``: ``pdf`` (after approval the LAKIP is the stored final) or ``docx``
    (from the same data; a final's .docx is a working copy)."""
    if fmt not in FORMATS:
        raise ValidationError(f"Format '{fmt}' tidak dikenal; pilih pdf atau docx.")
    p, warnings = build_paper(db, doc, year, unit_code, creation_date)
    pdf = p.pdf()
    if fmt == "pdf":
        return pdf, f"{p.stem}.pdf", warnings
    return docx_of(p, pdf, creation_date), f"{p.stem}.docx", warnings


# ------------------------------------------------------------------ preview
def preview_png(data: bytes, pages: int = 2, dpi: int = 80) -> list[bytes]:
    """PNG images of the first ``pages`` pages (pypdfium2; also works on
    Windows, where pdftoppm is absent). Images of an unreadable file: []."""
    import pypdfium2 as pdfium

    out = []
    try:
        doc = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001 - a scan or a broken upload: no preview, no crash
        return out
    try:
        for i in range(min(pages, len(doc))):
            page = doc[i]
            image = page.render(scale=dpi / 72).to_pil()
            buf = io.BytesIO()
            image.save(buf, format="PNG")
            out.append(buf.getvalue())
            page.close()
    finally:
        doc.close()
    return out


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except Exception:  # noqa: BLE001
        return 0
    try:
        return len(doc)
    finally:
        doc.close()


__all__ = ["DOCS", "DOC_LABELS", "DOC_ORDER", "FORMATS", "MIME", "render", "build_paper", "docx_of", "Paper", "lakip_report", "profile_model",
           "signer_for", "format_nip", "rekap_rows", "approved_version", "preview_png",
           "page_count"]
