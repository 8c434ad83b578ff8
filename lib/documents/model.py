"""Plain data the document renderers take. The services in lib/ build these
from the database (lib/services/documents.py); the renderers never touch the database,
so they can be tested with hand-made data.

All text is Bahasa Indonesia as it should appear on paper. Dates are
``datetime.date``; the renderers format them (``23 November 2026``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Margins:
    """Page margins in centimetres (regional pedoman: top about 2, left at least 3
    for punching and binding, right 2, bottom 2,5). ``top`` is measured from the
    paper's edge to the kop on the first page and to the body on later pages."""
    left: float = 3.0
    right: float = 2.0
    top: float = 2.0
    bottom: float = 2.5


@dataclass(frozen=True)
class Profile:
    pemerintah: str = ""          # "Pemerintah Kabupaten Lima Puluh Kota"
    kecamatan: str = ""           # "Kecamatan Guguak"
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    website: str = ""             # "guguak.limapuluhkotakab.go.id"
    kode_pos: str = ""
    ibukota: str = ""             # place written before the date: "Guguak, 23 November 2026"
    logo: bytes | None = None     # PNG/JPEG bytes, or None -> placeholder box
    paper: str = "F4"             # "F4" (215 x 330 mm, the pemda default) or "A4"
    margins: Margins = field(default_factory=Margins)
    report_title: str = "LAKIP"   # "LAKIP" or "LKjIP"


@dataclass(frozen=True)
class Signer:
    jabatan: str                  # "Camat Guguak", "Sekretaris Camat"
    name: str = ""                # "" -> placeholder "(nama belum diisi)"
    pangkat: str = ""             # "Pembina Tk. I (IV/b)"
    nip: str = ""                 # "" -> placeholder
    acting: str = ""              # "", "Plt." or "Plh." printed before jabatan


@dataclass(frozen=True)
class Row:
    """One row of the nine-column format, with its computed capaian."""
    no: int
    sasaran: str
    indikator: str
    target: str
    realisasi: str
    program: str = ""
    sumber_data: str = ""
    yang_membidangi: str = ""
    ket: str = ""
    satuan: str = ""
    polarity: str = "positif"
    is_iku: bool = False
    capaian: float | None = None      # percent, unrounded; None = not computable
    predikat: str = ""                # "Sangat Baik" ... or the reason it is not computable
    status: str = "ok"                # ok | belum_diisi | belum_berjalan | tidak_dapat_dihitung
    renstra_target: str = ""
    history: dict[str, str] = field(default_factory=dict)   # {"2024": "80 %"}
    unit_name: str = ""


@dataclass(frozen=True)
class SasaranSummary:
    sasaran: str
    average: float | None            # mean of computable capaian
    predikat: str
    counted: int
    excluded: list[str] = field(default_factory=list)  # indikator names left out, with reason


@dataclass(frozen=True)
class BudgetRow:
    program: str
    pagu: float
    realisasi: float
    serapan: float | None            # percent
    capaian: float | None = None     # average capaian of the indicators of this program, if known


@dataclass(frozen=True)
class Letter:
    """Nota dinas / surat pengantar."""
    number: str                      # "000.1.5/017/CGG/XI/2026" or "" -> placeholder
    date: dt.date
    kepada: str
    dari: str = ""
    perihal: str = ""
    sifat: str = "Biasa"
    lampiran: str = "-"
    body: list[str] = field(default_factory=list)   # paragraphs
    tembusan: list[str] = field(default_factory=list)
    signer: Signer | None = None


@dataclass(frozen=True)
class Attendee:
    name: str
    jabatan: str = ""
    instansi: str = ""               # guests' office; app users: the kecamatan


@dataclass(frozen=True)
class Meeting:
    year: int
    date: dt.date
    place: str
    chair: str
    agenda: list[str]
    decisions: list[str]
    attendees: list[Attendee]
    time: str = ""                   # "09.00 WIB"
    notulis: Signer | None = None
    pembahasan: list[str] = field(default_factory=list)
    chair_signer: Signer | None = None   # "Mengetahui, Pimpinan Rapat" (the Camat)


@dataclass(frozen=True)
class Delivery:
    year: int
    letter_number: str
    sent_on: dt.date
    recipient: str
    method: str                      # "Diantar langsung", "Pos", ...
    copies: int
    received_by: str = ""
    sender: Signer | None = None
    receiver_jabatan: str = ""       # printed in the receiver block when known


@dataclass(frozen=True)
class SopStep:
    no: int
    kegiatan: str
    actor_role: str                  # camat | sekcam | kasi_kasubbag | jf
    kelengkapan: str
    minutes: int
    output: str
    return_to: int | None = None     # decision steps return here
    actor_label: str = ""
    # Drawn as a decision (diamond) on the SOP sheet. None: derived — a step
    # with return_to whose kegiatan states the condition ("jika ..."), as on
    # the paper SOP (steps 5 and 7; step 10's return is an app extension).
    decision: bool | None = None


@dataclass(frozen=True)
class SopSheet:
    header: dict                     # see db/defaults.py SOP_HEADER keys
    steps: list[SopStep]
    lanes: list[tuple[str, str]]     # [(role, "Camat"), ("sekcam", "Sekcam"), ...]
    approver: Signer | None = None   # "Disahkan oleh": jabatan, room to sign, name, NIP


@dataclass(frozen=True)
class Narrative:
    key: str                         # "kata_pengantar", "bab1_gambaran_umum", ...
    title: str
    text: str


@dataclass(frozen=True)
class LakipReport:
    year: int
    profile: Profile
    signer: Signer                   # the Camat
    rows: list[Row]                  # every indicator of the year (rekap rows)
    summaries: list[SasaranSummary]
    predicate_counts: dict[str, int]
    average: float | None
    narratives: dict[str, str]       # section key -> the text to print (placeholders filled)
    analyses: dict[str, dict[str, str]]   # sasaran -> {"pendukung","penghambat","upaya"}: text
    budget: list[BudgetRow]
    # what the service chose for what the writer never wrote, and the headings
    default_analysis: dict[str, str] = field(default_factory=dict)   # key -> text
    section_titles: dict[str, str] = field(default_factory=dict)     # section key -> heading
    analysis_titles: tuple[tuple[str, str], ...] = ()                # (key, heading), in order
    draft: bool = True
    verify_code: str | None = None   # printed in every page's footer of the final
    approved_at: dt.datetime | None = None
    version: int = 1
    place_date: dt.date | None = None
