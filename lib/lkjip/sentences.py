"""The LKjIP's data sentences and computed tables (issue #14, DOMAIN.md §6, §10).

Pure functions of the document model (``lib.documents.model``): never the
database, never stored text. Every figure, comparison and data sentence of Bab III
and the Ikhtisar is written here at render time; people write only the *why*
(``SasaranAnalysis``). The PDF renderer (``lib.documents.lakip``) lays these out,
and a second renderer (Word) can reuse them as they are.

- ``indicator_sentences(row, year)``: realisasi against the PK target with capaian
  and predicate and the verdict (worded for negative polarity), the change against
  each earlier year, the share of the Renstra end target, the national standard;
  a row that cannot be computed and a "kegiatan belum berjalan" row get their own
  sentence, never a 0 %.
- ``sasaran_hint(rows, year)``: the hint shown beside the analysis on Penyusunan.
- ``year_table``, ``renstra_table``, ``sasaran_programs``, ``efficiency``: the
  rows of the per-sasaran tables.
- ``ikhtisar_paragraphs(report)``: the computed part of the Ikhtisar Eksekutif.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lib.capaian import compute
from lib.documents.model import BudgetRow, LakipReport, Row, YearValue
from lib.numbers import normalize_satuan, parse_value
from lib.spelling import format_number, format_rupiah, to_decimal

__all__ = ["pct", "state", "verdict", "indicator_sentences", "sasaran_hint", "year_columns",
           "year_table", "renstra_share", "renstra_table", "sasaran_programs", "efficiency",
           "EFFICIENCY_FORMULA", "previous_average", "ikhtisar_paragraphs", "Efficiency",
           "with_satuan", "below_target", "best", "ratio"]

EPS = 1e-9
EFFICIENCY_FORMULA = ("Efisiensi sasaran = rata-rata capaian indikator sasaran (%) : serapan "
                      "anggaran program pendukungnya (%). Nilai 1,00 atau lebih berarti efisien: "
                      "capaian kinerja sama dengan atau lebih tinggi daripada anggaran yang "
                      "terserap.")


# ------------------------------------------------------------------ small words
def pct(value: float | None) -> str:
    """A percentage in a document: always two decimals (``90,00%``, ``85,71%``);
    ``-`` for None (never 0 %)."""
    if value is None:
        return "-"
    return format_number(value, 2) + "%"


def ratio(value: float | None) -> str:
    """An index such as the efficiency, two decimals (``0,82``); ``-`` for None."""
    return "-" if value is None else format_number(value, 2)


def _points(diff: float) -> str:
    return format_number(abs(diff), 2)


def state(row: Row) -> str:
    """``ok`` (a capaian %), ``grade`` (a grade without scores: tercapai or not, no %),
    ``belum_diisi``, ``belum_berjalan`` or ``tidak_dapat_dihitung``."""
    if row.status == "ok" and row.capaian is not None:
        return "ok"
    if row.tercapai is not None and row.capaian is None and row.status in ("ok", "grade"):
        return "grade"
    if row.status in ("belum_diisi", "belum_berjalan"):
        return row.status
    return "tidak_dapat_dihitung"


def verdict(capaian: float) -> int:
    """1 target exceeded, 0 met, -1 missed (on the unrounded capaian)."""
    if capaian > 100 + EPS:
        return 1
    if capaian < 100 - EPS:
        return -1
    return 0


def with_satuan(text: str, satuan: str) -> str:
    """A value as typed, with the indicator's satuan when the cell has none:
    ``72`` of an ``indeks`` indicator -> ``72 indeks``; ``85`` of ``%`` -> ``85%``."""
    text = (text or "").strip()
    if not text:
        return "-"
    satuan = (satuan or "").strip()
    p = parse_value(text)
    if p.kind == "number" and not p.satuan and satuan and satuan.lower() != "predikat":
        return f"{text}%" if satuan == "%" else f"{text} {satuan}"
    return text


def _reason(row: Row) -> str:
    reason = (row.predikat or "").strip()
    if reason.lower().startswith("tidak dapat dihitung"):
        reason = reason[len("tidak dapat dihitung"):].lstrip(" :-\u2013\u2014")
    return reason


def _name(row: Row) -> str:
    return " ".join((row.indikator or "").split()) or "(indikator tanpa nama)"


# ------------------------------------------------------------------ per indicator
def _main_sentence(row: Row, year: int) -> str:
    name = _name(row)
    t, r = with_satuan(row.target, row.satuan), with_satuan(row.realisasi, row.satuan)
    st = state(row)
    if st == "belum_berjalan":
        return (f"Kegiatan yang diukur dengan indikator {name} belum berjalan pada tahun {year}, "
                "sehingga belum ada realisasi yang dapat dibandingkan dengan target; indikator "
                "ini tidak diikutkan dalam rata-rata dan jumlah predikat.")
    if st == "belum_diisi":
        return (f"Realisasi indikator {name} tahun {year} belum diisi, sehingga capaiannya belum "
                "dapat dihitung; indikator ini tidak diikutkan dalam rata-rata.")
    if st == "tidak_dapat_dihitung":
        why = _reason(row)
        return (f"Capaian indikator {name} tahun {year} (target {t}, realisasi {r}) tidak dapat "
                f"dihitung{': ' + why[0].lower() + why[1:] if why else ''}; indikator ini tidak "
                "diikutkan dalam rata-rata dan jumlah predikat.")
    if st == "grade":
        return (f"Realisasi indikator {name} tahun {year} adalah {r} terhadap target {t}, "
                f"sehingga target {'tercapai' if row.tercapai else 'tidak tercapai'}. Karena "
                "berupa predikat tanpa nilai angka, indikator ini tidak memiliki persentase "
                "capaian dan tidak diikutkan dalam rata-rata.")
    v = verdict(row.capaian)
    pred = f" (predikat {row.predikat})" if row.predikat else ""
    if row.polarity == "negatif":
        tail = {1: "realisasi lebih rendah daripada target, sehingga target terlampaui",
                0: "realisasi sama dengan target, sehingga target tercapai",
                -1: "realisasi lebih tinggi daripada target, sehingga target belum tercapai"}[v]
        return (f"Indikator {name} berpolaritas negatif (semakin rendah realisasi semakin baik). "
                f"Pada tahun {year} realisasinya {r} terhadap target {t} dalam Perjanjian "
                f"Kinerja, dengan capaian {pct(row.capaian)}{pred}: {tail}.")
    tail = {1: "target terlampaui", 0: "target tercapai tepat", -1: "target belum tercapai"}[v]
    return (f"Pada tahun {year} realisasi indikator {name} sebesar {r} dari target {t} dalam "
            f"Perjanjian Kinerja, dengan capaian {pct(row.capaian)}{pred}; {tail}.")


def _realisasi_change(now: str, then: str, satuan: str, polarity: str) -> str:
    """``naik 2 indeks (membaik)``; "" when the two cannot be compared."""
    a, b = parse_value(now), parse_value(then)
    if not (a.is_numeric and b.is_numeric):
        return ""
    sa, sb = normalize_satuan(a.satuan), normalize_satuan(b.satuan)
    if sa and sb and sa != sb:
        return ""
    diff = to_decimal(a.value) - to_decimal(b.value)
    unit = sa or sb or normalize_satuan(satuan)
    if diff == 0:
        return "realisasi tetap"
    amount = format_number(abs(diff))
    amount = f"{amount} poin persen" if unit == "%" else (f"{amount} {unit}" if unit else amount)
    better = (diff > 0) == (polarity != "negatif")
    return f"realisasi {'naik' if diff > 0 else 'turun'} {amount} ({'membaik' if better else 'memburuk'})"


def _earlier_sentence(row: Row, e: YearValue, year: int) -> str | None:
    if not ((e.target or "").strip() or (e.realisasi or "").strip()):
        return None
    facts = [f"realisasi {with_satuan(e.realisasi, row.satuan)}"]
    if e.capaian is not None:
        facts.append(f"capaian {pct(e.capaian)}")
    elif e.tercapai is not None:
        facts.append("target tercapai" if e.tercapai else "target tidak tercapai")
    head = f"Dibandingkan tahun {e.year} ({', '.join(facts)})"
    parts = []
    if e.capaian is not None and state(row) == "ok":
        diff = row.capaian - e.capaian
        if abs(diff) < 0.005:
            parts.append(f"capaian tahun {year} tetap")
        else:
            parts.append(f"capaian tahun {year} {'naik' if diff > 0 else 'turun'} "
                         f"{_points(diff)} poin persen")
    if state(row) in ("ok", "grade", "tidak_dapat_dihitung") and (row.realisasi or "").strip():
        change = _realisasi_change(row.realisasi, e.realisasi, row.satuan, row.polarity)
        if change:
            parts.append(change)
    if not parts:
        return None   # listed together in one sentence (``_plain_years``)
    return f"{head}, {' dan '.join(parts)}."


def _plain_years(row: Row, years: list[YearValue]) -> str | None:
    """One sentence for the earlier years that allow no comparison (grades, text)."""
    if not years:
        return None
    items = []
    for e in years:
        what = f"tahun {e.year} realisasi {with_satuan(e.realisasi, row.satuan)}"
        if e.capaian is not None:
            what += f" (capaian {pct(e.capaian)})"
        elif e.tercapai is not None:
            what += " (target tercapai)" if e.tercapai else " (target tidak tercapai)"
        items.append(what)
    return "Pada tahun sebelumnya: " + "; ".join(items) + "."


def renstra_share(row: Row) -> float | None:
    """How much of the Renstra end target the year's realisasi reaches (percent),
    computed as a capaian against that target; None when it cannot be."""
    if not (row.renstra_target or "").strip() or not (row.realisasi or "").strip():
        return None
    if row.status == "belum_berjalan":
        return None
    c = compute(row.renstra_target, row.realisasi, row.polarity, satuan_hint=row.satuan)
    return c.value if c.status == "ok" else None


def _renstra_sentence(row: Row, year: int) -> str | None:
    if not (row.renstra_target or "").strip():
        return None
    end = f" tahun {row.renstra_target_tahun}" if row.renstra_target_tahun else ""
    tr = with_satuan(row.renstra_target, row.satuan)
    share = renstra_share(row)
    if share is None:
        if (row.realisasi or "").strip() and row.status != "belum_berjalan":
            c = compute(row.renstra_target, row.realisasi, row.polarity, satuan_hint=row.satuan)
            if c.status == "ok" and c.tercapai is not None:   # grades: reached or not
                return (f"Target akhir Renstra{end} adalah {tr}; realisasi tahun {year} "
                        f"({with_satuan(row.realisasi, row.satuan)}) "
                        f"{'sudah' if c.tercapai else 'belum'} mencapainya.")
        return (f"Target akhir Renstra{end} sebesar {tr}; persentase pencapaiannya belum dapat "
                "dihitung dari realisasi tahun ini.")
    v = verdict(share)
    tail = {1: "target akhir Renstra sudah terlampaui", 0: "target akhir Renstra sudah tercapai",
            -1: f"masih perlu {pct(100 - share)} lagi untuk mencapainya"}[v]
    return (f"Terhadap target akhir Renstra{end} sebesar {tr}, realisasi tahun {year} telah "
            f"mencapai {pct(share)}; {tail}.")


def _standard_sentence(row: Row) -> str | None:
    s = (row.standar_nilai or "").strip()
    if not s:
        return None
    jenis = (row.standar_jenis or "nasional").strip().lower() or "nasional"
    src = f" (sumber: {row.standar_sumber.strip()})" if (row.standar_sumber or "").strip() else ""
    head = f"Standar {jenis} indikator ini {with_satuan(s, row.satuan)}{src}"
    if state(row) not in ("ok", "tidak_dapat_dihitung") or not (row.realisasi or "").strip():
        return head + "."
    c = compute(s, row.realisasi, row.polarity, satuan_hint=row.satuan)
    if c.status != "ok":
        return head + "; realisasi tahun ini tidak dapat dibandingkan dengannya."
    v = verdict(c.value)
    word = {1: "lebih baik daripada", 0: "sama dengan", -1: "belum mencapai"}[v]
    return f"{head}; realisasi tahun ini {word} standar tersebut."


def indicator_sentences(row: Row, year: int) -> list[str]:
    """Every data sentence of one indicator, in the order a reviewer reads them."""
    out = [_main_sentence(row, year)]
    plain = []
    for e in row.earlier:
        if e.year < year and ((e.target or "").strip() or (e.realisasi or "").strip()):
            s = _earlier_sentence(row, e, year)
            if s:
                out.append(s)
            else:
                plain.append(e)
    s = _plain_years(row, plain)
    if s:
        out.append(s)
    for s in (_renstra_sentence(row, year), _standard_sentence(row)):
        if s:
            out.append(s)
    return out


# ------------------------------------------------------------------ per sasaran
def _earlier_of(row: Row, y: int) -> YearValue | None:
    for e in row.earlier:
        if e.year == y:
            return e
    return None


def sasaran_hint(rows: Sequence[Row], year: int) -> list[str]:
    """Short computed lines shown beside a sasaran's analysis on Penyusunan: which
    indicators missed the target (or have no capaian), and what changed against
    last year. Pure: ``rows`` are the sasaran's rows of ``year`` (``Row.earlier``
    filled by ``lib.services.documents.lkjip_rows``)."""
    out: list[str] = []
    for row in rows:
        st, name = state(row), _name(row)
        if st == "ok" and verdict(row.capaian) < 0:
            out.append(f"{name}: capaian {pct(row.capaian)}, belum mencapai target.")
        elif st == "grade" and not row.tercapai:
            out.append(f"{name}: realisasi {row.realisasi} belum mencapai target {row.target}.")
        elif st == "belum_berjalan":
            out.append(f"{name}: kegiatan belum berjalan.")
        elif st == "belum_diisi":
            out.append(f"{name}: realisasi belum diisi.")
        elif st == "tidak_dapat_dihitung":
            out.append(f"{name}: capaian tidak dapat dihitung ({_reason(row) or 'lihat data'}).")
    for row in rows:
        e = _earlier_of(row, year - 1)
        if e is None or e.capaian is None or state(row) != "ok":
            continue
        diff = row.capaian - e.capaian
        if abs(diff) >= 0.005:
            out.append(f"{_name(row)}: capaian {'naik' if diff > 0 else 'turun'} "
                       f"{_points(diff)} poin persen dibanding tahun {year - 1} "
                       f"({pct(e.capaian)} menjadi {pct(row.capaian)}).")
    if not out:
        out.append("Semua indikator sasaran ini mencapai target.")
    return out


def year_columns(rows: Sequence[Row], year: int, back: int = 2) -> list[int]:
    """N-``back`` .. N: the earlier years any row has data for, then ``year``."""
    have = {e.year for r in rows for e in r.earlier
            if year - back <= e.year < year and ((e.target or "").strip() or
                                                 (e.realisasi or "").strip())}
    return sorted(have) + [year]


def _cell_capaian(st: str, capaian: float | None, tercapai: bool | None = None) -> str:
    if capaian is not None:
        return pct(capaian)
    if st in ("grade", "ok") and tercapai is not None:
        return "Tercapai" if tercapai else "Tidak tercapai"
    if st == "belum_berjalan":
        return "Belum berjalan"
    return "-"


def year_table(rows: Sequence[Row], year: int) -> tuple[list[int], list[list[str]]]:
    """(years, rows): per indicator ``[no, indikator, (target, realisasi, capaian) per
    year]`` for N-2, N-1 and N where data exist."""
    years = year_columns(rows, year)
    out = []
    for row in rows:
        cells = [str(row.no), _name(row)]
        for y in years:
            if y == year:
                cells += [row.target or "-", row.realisasi or "-",
                          _cell_capaian(state(row), row.capaian if state(row) == "ok" else None,
                                        row.tercapai)]
            else:
                e = _earlier_of(row, y)
                if e is None:
                    cells += ["-", "-", "-"]
                else:
                    cells += [e.target or "-", e.realisasi or "-",
                              _cell_capaian(e.status, e.capaian, e.tercapai)]
        out.append(cells)
    return years, out


def renstra_table(rows: Sequence[Row], year: int) -> list[list[str]]:
    """``[no, indikator, target N, realisasi N, target akhir Renstra, % tercapai]`` for
    the rows with a Renstra end target."""
    out = []
    for row in rows:
        if not (row.renstra_target or "").strip():
            continue
        end = row.renstra_target + (f" ({row.renstra_target_tahun})"
                                    if row.renstra_target_tahun else "")
        share = renstra_share(row)
        if share is None and (row.realisasi or "").strip() and row.status != "belum_berjalan":
            c = compute(row.renstra_target, row.realisasi, row.polarity, satuan_hint=row.satuan)
            if c.status == "ok" and c.tercapai is not None:   # grades: reached or not
                out.append([str(row.no), _name(row), row.target or "-", row.realisasi or "-",
                            end, "Tercapai" if c.tercapai else "Belum tercapai"])
                continue
        out.append([str(row.no), _name(row), row.target or "-", row.realisasi or "-", end,
                    pct(share)])
    return out


def sasaran_programs(rows: Sequence[Row], budget: Sequence[BudgetRow]) -> list[BudgetRow]:
    """The budget rows of the programmes the sasaran's indicators point at (by
    ``program_id``, never by name), in budget order."""
    ids = {r.program_id for r in rows if r.program_id is not None}
    return [b for b in budget if b.program_id is not None and b.program_id in ids]


@dataclass(frozen=True)
class Efficiency:
    average: float | None      # the sasaran's average capaian
    pagu: float
    realisasi: float
    serapan: float | None      # of its programmes together
    index: float | None        # average / serapan
    text: str                  # one sentence


def efficiency(average: float | None, programs: Sequence[BudgetRow]) -> Efficiency:
    """A sasaran's efficiency: its average capaian divided by its programmes' serapan."""
    pagu = sum(b.pagu or 0 for b in programs)
    real = sum(b.realisasi or 0 for b in programs)
    serapan = 100 * real / pagu if pagu else None
    if not programs:
        return Efficiency(average, 0, 0, None, None,
                          "Belum ada program yang tercatat mendukung sasaran ini, sehingga "
                          "efisiensinya belum dapat dihitung.")
    if average is None:
        return Efficiency(average, pagu, real, serapan, None,
                          "Efisiensi belum dapat dihitung karena sasaran ini belum memiliki "
                          "indikator dengan capaian.")
    if not serapan:
        return Efficiency(average, pagu, real, serapan, None,
                          "Efisiensi belum dapat dihitung karena anggaran program pendukung "
                          "belum terserap.")
    index = average / serapan
    word = "efisien" if round(index, 2) >= 1 else "kurang efisien"   # as printed: 1,00 is efisien
    return Efficiency(average, pagu, real, serapan, index,
                      f"Dengan rata-rata capaian {pct(average)} dan serapan anggaran "
                      f"{pct(serapan)}, efisiensi sasaran ini {ratio(index)} "
                      f"({word}).")


# ------------------------------------------------------------------ the whole report
def previous_average(rows: Sequence[Row], year: int) -> float | None:
    """The mean capaian of the same indicators in ``year - 1`` (None without data)."""
    values = [e.capaian for r in rows for e in r.earlier if e.year == year - 1
              and e.capaian is not None]
    return sum(values) / len(values) if values else None


def below_target(rows: Sequence[Row]) -> list[Row]:
    return [r for r in rows if (state(r) == "ok" and verdict(r.capaian) < 0)
            or (state(r) == "grade" and not r.tercapai)]


def best(rows: Sequence[Row], n: int = 3) -> list[Row]:
    ok = [r for r in rows if state(r) == "ok"]
    return sorted(ok, key=lambda r: -r.capaian)[:n]


def _names(rows: Sequence[Row]) -> str:
    items = [f"{_name(r)} ({pct(r.capaian) if state(r) == 'ok' else r.realisasi})" for r in rows]
    if len(items) <= 1:
        return "".join(items)
    return "; ".join(items[:-1]) + "; dan " + items[-1]


def ikhtisar_paragraphs(report: LakipReport) -> list[str]:
    """The computed paragraphs of the Ikhtisar Eksekutif (the writer's text follows)."""
    rows, year = report.rows, report.year
    kec = (report.profile.kecamatan or "").strip() or "Kecamatan"
    groups = []
    for r in rows:
        key = " ".join((r.sasaran or "").split()).lower()
        if key not in groups:
            groups.append(key)
    measured = [r for r in rows if state(r) == "ok"]
    out = [f"Pada tahun {year}, {kec} menetapkan {format_number(len(groups))} sasaran strategis "
           f"dengan {format_number(len(rows))} indikator kinerja dalam Perjanjian Kinerja."]
    if report.average is not None:
        text = (f"Sebanyak {format_number(len(measured))} indikator dapat diukur capaiannya, "
                f"dengan rata-rata capaian {pct(report.average)}")
        prev = previous_average(rows, year)
        if prev is not None:
            diff = report.average - prev
            change = ("sama dengan" if abs(diff) < 0.005 else
                      f"{'naik' if diff > 0 else 'turun'} {_points(diff)} poin persen dibanding")
            text += f", {change} rata-rata capaian indikator yang sama tahun {year - 1} ({pct(prev)})"
        counts = [f"{format_number(n)} indikator {label}"
                  for label, n in report.predicate_counts.items() if n]
        if counts:
            text += "; menurut predikat: " + ", ".join(counts)
        out.append(text + ".")
    else:
        out.append("Belum ada indikator yang dapat diukur capaiannya.")
    top = best(rows)
    if top:
        out.append(f"Capaian tertinggi diraih oleh indikator {_names(top)}.")
    low = below_target(rows)
    if low:
        out.append(f"Indikator yang belum mencapai target: {_names(low)}.")
    elif measured:
        out.append("Seluruh indikator yang dapat diukur telah mencapai target.")
    other = [r for r in rows if state(r) in ("belum_diisi", "belum_berjalan",
                                             "tidak_dapat_dihitung")]
    if other:
        words = {"belum_diisi": "realisasi belum diisi", "belum_berjalan": "kegiatan belum berjalan",
                 "tidak_dapat_dihitung": "capaian tidak dapat dihitung"}
        out.append("Tidak diikutkan dalam rata-rata: " + "; ".join(
            f"{_name(r)} ({words[state(r)]})" for r in other) + ".")
    if report.budget:
        pagu = sum(b.pagu or 0 for b in report.budget)
        real = sum(b.realisasi or 0 for b in report.budget)
        text = (f"Pagu anggaran {kec} tahun {year} sebesar {format_rupiah(pagu)} dengan "
                f"realisasi {format_rupiah(real)}")
        text += f", atau serapan {pct(100 * real / pagu)}." if pagu else "."
        out.append(text)
    return out
