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
    logo: bytes | None = None     # PNG/JPEG bytes; None: no logo printed (the LKjIP lists it)
    paper: str = "F4"             # "F4" (215 x 330 mm, the pemda default) or "A4"
    margins: Margins = field(default_factory=Margins)
    report_title: str = "LKjIP"   # "LKjIP" (since PermenPANRB 53/2014) or "LAKIP"


@dataclass(frozen=True)
class Signer:
    jabatan: str                  # "Camat Guguak", "Sekretaris Camat"
    name: str = ""                # "" -> placeholder "(nama belum diisi)"
    pangkat: str = ""             # "Pembina Tk. I (IV/b)"
    nip: str = ""                 # "" -> placeholder
    acting: str = ""              # "", "Plt." or "Plh." printed before jabatan


@dataclass(frozen=True)
class YearValue:
    """One earlier year of an indicator (its card's history or Perkin's own rows),
    with its capaian computed as for the year's rows."""
    year: int
    target: str = ""
    realisasi: str = ""
    capaian: float | None = None      # percent, unrounded; None = not computable / empty
    status: str = "ok"                # as Row.status
    reason: str = ""                  # why there is no capaian
    tercapai: bool | None = None      # a grade without scores: reached or not


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
    # identities and card facts (issue #13/#14): what Bab II/III print beside the row
    sasaran_id: int | None = None     # renstra_sasaran.id
    card_id: int | None = None
    program_id: int | None = None
    formula: str = ""
    renstra_target_tahun: int | None = None
    standar_jenis: str = ""           # "nasional" | "provinsi" | ""
    standar_nilai: str = ""
    standar_sumber: str = ""
    earlier: tuple[YearValue, ...] = ()   # the years before this one, oldest first
    tercapai: bool | None = None      # a grade without scores: reached or not (no capaian %)


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
    program_id: int | None = None
    code: str = ""


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
class SasaranAnalysis:
    """The Kasubbag PEP's analysis of one sasaran: only the *why*; every figure
    beside it is computed. Empty fields print nothing."""
    pendukung: str = ""
    penghambat: str = ""
    upaya: str = ""

    @property
    def empty(self) -> bool:
        return not any((v or "").strip() for v in (self.pendukung, self.penghambat, self.upaya))


@dataclass(frozen=True)
class Band:
    """One row of the interval table: capaian > lower (exclusive) and <= upper."""
    lower: float | None               # None: no lower bound
    upper: float | None               # None: no upper bound
    label: str


# The default bands (Permendagri 54/2010 / 86/2017 as kecamatan LKjIPs use them).
DEFAULT_BANDS: tuple[Band, ...] = (
    Band(90.0, None, "Sangat Baik"), Band(75.0, 90.0, "Baik"), Band(65.0, 75.0, "Cukup"),
    Band(50.0, 65.0, "Kurang"), Band(None, 50.0, "Sangat Kurang"))


@dataclass(frozen=True)
class Reviu:
    """The APIP's reviu of the year's LKjIP, printed as "Pernyataan Telah Direviu"."""
    reviewer: str
    nip: str = ""
    reviewed_on: dt.date | None = None
    result: str = ""
    notes: str = ""
    jabatan: str = ""                 # "Auditor Inspektorat Daerah" ("" -> "Reviewer")
    instansi: str = ""                # "Inspektorat Kabupaten Lima Puluh Kota"


@dataclass(frozen=True)
class RenstraSummary:
    start_year: int
    end_year: int
    nomor: str = ""
    visi: str = ""
    misi: tuple[str, ...] = ()
    tujuan: tuple[str, ...] = ()
    sasaran: tuple[tuple[str, str], ...] = ()   # (kode, text)


@dataclass(frozen=True)
class OrgUnit:
    """One unit of the office for the struktur organisasi (Bab I)."""
    name: str
    head_title: str = ""              # "Kepala Seksi Pemerintahan"
    head_name: str = ""
    parent: str = ""                  # "" = directly under the Camat


@dataclass(frozen=True)
class OfficeFacts:
    kepala_daerah_jabatan: str = ""
    luas_wilayah: float | None = None     # km2
    jumlah_nagari: int | None = None
    jumlah_desa: int | None = None
    jumlah_kelurahan: int | None = None
    jumlah_penduduk: int | None = None
    penduduk_tahun: int | None = None


@dataclass(frozen=True)
class PkParty:
    jabatan: str                  # "Camat Guguak" / "Bupati Lima Puluh Kota"
    name: str = ""
    pangkat: str = ""
    nip: str = ""
    with_nip: bool = True         # a Bupati/Wali Kota signs without NIP


@dataclass(frozen=True)
class PkTargetRow:
    sasaran: str
    indikator: str
    satuan: str
    target: str


@dataclass(frozen=True)
class PkProgramRow:
    name: str
    anggaran: float
    ket: str = ""
    code: str = ""


@dataclass(frozen=True)
class PkDocument:
    year: int
    versi: int
    tanggal: dt.date
    alasan: str                   # "Penetapan awal", "Perubahan program atau anggaran" ...
    pihak_pertama: PkParty
    pihak_kedua: PkParty
    unit_name: str                # "Kecamatan Guguak"
    targets: list[PkTargetRow] = field(default_factory=list)
    programs: list[PkProgramRow] = field(default_factory=list)
    keterangan: str = ""


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
    analyses: dict[int, SasaranAnalysis]  # renstra_sasaran.id -> the analysis (none: print nothing)
    budget: list[BudgetRow]
    section_titles: dict[str, str] = field(default_factory=dict)     # section key -> heading
    draft: bool = True
    verify_code: str | None = None   # printed in every page's footer of the final
    approved_at: dt.datetime | None = None
    version: int = 1
    place_date: dt.date | None = None
    # the facts a reviu looks for (DOMAIN.md §10)
    bands: tuple[Band, ...] = DEFAULT_BANDS
    renstra: RenstraSummary | None = None
    pk: PkDocument | None = None      # the version in force: Bab II summary and the Lampiran
    reviu: Reviu | None = None        # printed as "Pernyataan Telah Direviu" when recorded
    legal_basis: tuple[str, ...] = () # the SOP's Dasar Hukum, then the office's own list
    units: tuple[OrgUnit, ...] = ()
    sdm: dict[str, dict[str, int]] = field(default_factory=dict)  # golongan/pendidikan -> counts
    facts: OfficeFacts = field(default_factory=OfficeFacts)
