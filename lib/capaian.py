"""Capaian (achievement) of an indikator and its predikat, per DOMAIN.md §6.

With T = target and R = realisasi:

- positive polarity: R / T × 100; T = 0 is not computable (never divide by zero)
- negative polarity: (2 − R / T) × 100 when T > 0, floored at 0;
  T = 0: 100 when R = 0, else not computable
- grades (D < C < CC < B < BB < A < AA): with both numeric scores typed
  (``BB (70,12)`` against ``B (65)``), score(R) / score(T) × 100 like any
  number; grades alone have no capaian %: status ok, value None, ``tercapai``
  when R's grade ranks at least T's (left out of averages, listed). No rank ratio.
- yes/no: 100 when R matches T, else 0
- different satuan, or a grade against a number: not computable
- empty realisasi: "belum diisi" (never 0); "kegiatan belum berjalan" wins over all

Arithmetic is done in Decimal on the values as typed, so 90 of 100 is exactly
90 (Baik), not 90.00000000000001 (Sangat Baik). ``value`` is unrounded;
round only when writing it out (lib.spelling.format_percent).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from lib.spelling import format_number, to_decimal
from lib.numbers import SATUAN_GRADE, Parsed, normalize_satuan, parse_value

Status = Literal["ok", "belum_diisi", "belum_berjalan", "tidak_dapat_dihitung"]
POLARITIES = ("positif", "negatif")

# (lower bound, exclusive; label), highest first. Permendagri 54/2010 / 86/2017.
DEFAULT_SCALE: tuple[tuple[float, str], ...] = (
    (90.0, "Sangat Baik"),
    (75.0, "Baik"),
    (65.0, "Cukup"),
    (50.0, "Kurang"),
    (float("-inf"), "Sangat Kurang"),
)

STATUS_LABEL = {
    "ok": "",
    "belum_diisi": "Belum diisi",
    "belum_berjalan": "Kegiatan belum berjalan",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
}

_KIND_LABEL = {
    "number": "angka",
    "percent": "angka",
    "grade": "predikat",
    "yesno": "Ada/Tidak ada",
}


@dataclass(frozen=True)
class Capaian:
    """value: unrounded percent or None; reason: Indonesian, '' when ok;
    predikat: label of the scale when ok; tercapai: capaian >= 100 % when ok."""

    value: float | None
    status: Status
    reason: str = ""
    predikat: str | None = None
    tercapai: bool | None = None

    @property
    def computable(self) -> bool:
        return self.status == "ok"


def predikat(value: float | None, scale: Sequence[Sequence] = DEFAULT_SCALE) -> str | None:
    """Label of the first band whose exclusive lower bound ``value`` exceeds.

    ``scale`` is data: pairs ``(lower_exclusive, label)`` in any order; a lower
    bound of ``None`` means "everything else". Returns None for None or when no
    band applies.
    """
    if value is None:
        return None
    bands = sorted(
        ((float("-inf") if lo is None else float(lo), label) for lo, label in scale),
        key=lambda band: band[0],
        reverse=True,
    )
    for lower, label in bands:
        if value > lower:
            return label
    return None


def _not(reason: str) -> Capaian:
    return Capaian(value=None, status="tidak_dapat_dihitung", reason=reason)


def _as_parsed(cell) -> Parsed:
    return cell if isinstance(cell, Parsed) else parse_value(cell)


def _show(p: Parsed) -> str:
    return f"'{p.text}'"


def compute(
    target,
    realisasi,
    polarity: str = "positif",
    *,
    belum_berjalan: bool = False,
    satuan_hint: str = "",
    scale: Sequence[Sequence] = DEFAULT_SCALE,
) -> Capaian:
    """Capaian of one indikator. ``target``/``realisasi``: text as typed, an
    Excel value, or a ``Parsed``. ``satuan_hint`` is the indikator's declared
    satuan: a bare number is taken in it, and a typed satuan must agree with it.
    """
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, not {polarity!r}")
    if belum_berjalan:
        return Capaian(value=None, status="belum_berjalan", reason="Kegiatan belum berjalan")

    t, r = _as_parsed(target), _as_parsed(realisasi)

    if t.kind == "empty" and r.kind == "empty":
        return Capaian(value=None, status="belum_diisi", reason="Target dan realisasi belum diisi")
    if t.kind == "empty":
        return _not("Target belum diisi")
    if t.kind == "invalid":
        return _not(f"Target {t.error}")
    if r.kind == "empty":
        return Capaian(value=None, status="belum_diisi", reason="Realisasi belum diisi")
    if r.kind == "invalid":
        return _not(f"Realisasi {r.error}")

    if _KIND_LABEL[t.kind] != _KIND_LABEL[r.kind]:
        return _not(
            f"Jenis nilai target ({_KIND_LABEL[t.kind]}, {_show(t)}) dan realisasi "
            f"({_KIND_LABEL[r.kind]}, {_show(r)}) berbeda"
        )

    if t.kind == "grade":
        result = _grade(t, r, polarity)
    elif t.kind == "yesno":
        result = _yesno(t, r)
    else:
        result = _numeric(t, r, polarity, satuan_hint)
    if isinstance(result, Capaian):   # not computable, or a grade without scores
        return result
    value = float(result)
    value = 0.0 if value == 0 else value
    return Capaian(
        value=value,
        status="ok",
        reason="",
        predikat=predikat(value, scale),
        tercapai=result >= 100,
    )


def _grade(t: Parsed, r: Parsed, polarity: str) -> Decimal | Capaian:
    if polarity == "negatif":
        return _not("Polaritas negatif tidak berlaku untuk target berupa predikat")
    if t.score is not None and r.score is not None:
        if t.score <= 0:
            return _not("Nilai target 0: capaian tidak dapat dihitung (pembagian dengan nol)")
        return to_decimal(r.score) * 100 / to_decimal(t.score)
    reached = r.value >= t.value
    return Capaian(value=None, status="ok",
                   reason=("Tercapai" if reached else "Tidak tercapai")
                   + " (predikat tanpa nilai angka, tidak diikutkan dalam rata-rata)",
                   predikat=None, tercapai=reached)


def _yesno(t: Parsed, r: Parsed) -> Decimal:
    return Decimal(100) if t.value == r.value else Decimal(0)


def _numeric(t: Parsed, r: Parsed, polarity: str, satuan_hint: str) -> Decimal | Capaian:
    hint = normalize_satuan(satuan_hint)
    if hint == SATUAN_GRADE:
        hint = ""
    ts, rs = normalize_satuan(t.satuan), normalize_satuan(r.satuan)
    for name, s in (("target", ts), ("realisasi", rs)):
        if hint and s and s != hint:
            return _not(f"Satuan {name} ('{s}') berbeda dengan satuan indikator ('{hint}')")
    if ts and rs and ts != rs:
        return _not(f"Satuan target ('{ts}') dan realisasi ('{rs}') berbeda")

    T, R = to_decimal(t.value), to_decimal(r.value)
    if T < 0 or R < 0:
        which = "Target" if T < 0 else "Realisasi"
        return _not(f"{which} bernilai negatif ({_show(t if T < 0 else r)}): capaian tidak dapat dihitung")

    if polarity == "positif":
        if T == 0:
            return _not("Target 0: capaian tidak dapat dihitung (pembagian dengan nol)")
        return R * 100 / T
    if T == 0:
        if R == 0:
            return Decimal(100)
        return _not(
            f"Target 0 dengan polaritas negatif: capaian hanya dapat dihitung bila realisasi juga 0 "
            f"(realisasi {format_number(R)})"
        )
    return max(Decimal(0), (2 * T - R) * 100 / T)


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Excluded:
    """An indikator left out of averages and counts, and why."""

    sasaran: str
    indikator: str
    status: Status
    reason: str


@dataclass(frozen=True)
class SasaranAverage:
    sasaran: str
    average: float | None      # mean of computable capaian (capped at 100 each if cap)
    predikat: str | None       # predikat of the average
    counted: int               # indikator in the average
    total: int                 # indikator of the sasaran
    excluded: tuple[Excluded, ...] = ()


@dataclass(frozen=True)
class Summary:
    sasaran: tuple[SasaranAverage, ...]
    average: float | None               # mean over every computable indikator
    predikat: str | None                # predikat of that average
    predikat_counts: dict[str, int]     # per-indikator predikat, every label of the scale
    counted: int
    total: int
    excluded: tuple[Excluded, ...] = field(default_factory=tuple)
    cap: bool = False


def _mean(values: list[float]) -> float | None:
    if not values:
        return None
    total = sum((to_decimal(v) for v in values), Decimal(0))
    return float(total / len(values))


def summarize(
    items: Iterable[tuple[str, str, Capaian]],
    cap: bool = False,
    scale: Sequence[Sequence] = DEFAULT_SCALE,
) -> Summary:
    """Averages per sasaran (in order of first appearance) and overall.

    Only computable capaian count; the others are listed in ``excluded`` with
    their reason. ``cap=True`` caps each capaian at 100 % for the averages
    only; per-indikator predikat counts use the uncapped value.
    """
    order: list[str] = []
    values: dict[str, list[float]] = {}
    excluded: dict[str, list[Excluded]] = {}
    totals: dict[str, int] = {}
    labels = [label for _, label in sorted(
        ((float("-inf") if lo is None else float(lo), label) for lo, label in scale),
        key=lambda band: band[0], reverse=True)]
    counts = {label: 0 for label in labels}
    all_values: list[float] = []
    all_excluded: list[Excluded] = []

    for sasaran, indikator, cap_ in items:
        if sasaran not in totals:
            order.append(sasaran)
            totals[sasaran], values[sasaran], excluded[sasaran] = 0, [], []
        totals[sasaran] += 1
        if cap_.status == "ok" and cap_.value is not None:
            v = min(cap_.value, 100.0) if cap else cap_.value
            values[sasaran].append(v)
            all_values.append(v)
            label = predikat(cap_.value, scale)
            if label is not None:
                counts[label] = counts.get(label, 0) + 1
        else:
            reason = cap_.reason or STATUS_LABEL.get(cap_.status, "")
            ex = Excluded(sasaran=sasaran, indikator=indikator, status=cap_.status, reason=reason)
            excluded[sasaran].append(ex)
            all_excluded.append(ex)

    per_sasaran = []
    for s in order:
        avg = _mean(values[s])
        per_sasaran.append(SasaranAverage(
            sasaran=s,
            average=avg,
            predikat=predikat(avg, scale),
            counted=len(values[s]),
            total=totals[s],
            excluded=tuple(excluded[s]),
        ))
    overall = _mean(all_values)
    return Summary(
        sasaran=tuple(per_sasaran),
        average=overall,
        predikat=predikat(overall, scale),
        predikat_counts=counts,
        counted=len(all_values),
        total=sum(totals.values()),
        excluded=tuple(all_excluded),
        cap=cap,
    )
