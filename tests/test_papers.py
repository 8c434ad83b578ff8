"""Every paper on the rules an office prints by (DOMAIN.md §9, issue #15):
F4 or A4 from the settings, the office's margins, page numbers only on papers
of more than one page, and each paper signable as is. Page size and word
positions are read back from the real PDFs with ``pdftotext -bbox``."""
from __future__ import annotations

import dataclasses
import datetime as dt
import html
import io
import re
import shutil
import sqlite3
import subprocess

import pypdf
import pytest

from db import connect, migrate
from db.schema import core
from lib import clock, cycles, letterhead, office, paper, register, sop, users
from lib.services import documents, workflow
from lib.documents.letters import render_nota_dinas
from lib.documents.model import Letter, Margins, Profile, Signer
from lib.errors import ValidationError
from tests.cyclehelp import YEAR, Clock, data_for, run_to

MM = 72 / 25.4
T = clock.parse("2026-11-23T09:00:00")

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="poppler's pdftotext is needed to read word positions")

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r'(.*?)</word>')


@dataclasses.dataclass
class Page:
    width: float                 # mm
    height: float
    words: list[tuple[float, float, float, float, str]]   # mm, text

    @property
    def text(self) -> str:
        return " ".join(w[4] for w in self.words)

    def body(self):
        """Words outside the footer line (page number, verification code)."""
        footer_y = {round(w[1]) for w in self.words if w[4] in ("Halaman", "verifikasi:")}
        return [w for w in self.words if round(w[1]) not in footer_y]


def read_pages(pdf: bytes, tmp_path) -> list[Page]:
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = []
    for w, h, body in _PAGE.findall(out):
        words = [(float(a) / MM, float(b) / MM, float(c) / MM, float(d) / MM, html.unescape(t))
                 for a, b, c, d, t in _WORD.findall(body)]
        # the DRAFT watermark (110 pt letters, drawn across the page) is not text on paper
        words = [x for x in words if x[3] - x[1] < 20]
        pages.append(Page(float(w) / MM, float(h) / MM, words))
    return pages


def assert_on_paper(pages: list[Page], *, size=(215, 330), margins=Margins(), name="",
                    centred=()):
    """Paper size (either orientation) and the margins, on every page: no word
    left of the left margin or right of the right one, none above the top
    margin, none of the body below the bottom one; and some word starts at
    the left margin, so the margin is the one set (not merely more) — except
    on the ``centred`` pages (the LAKIP cover)."""
    left, right = margins.left * 10, margins.right * 10
    top, bottom = margins.top * 10, margins.bottom * 10
    for i, p in enumerate(pages, 1):
        where = f"{name} halaman {i}"
        assert sorted((round(p.width), round(p.height))) == sorted(size), where
        xs = [w[0] for w in p.words]
        assert xs, where
        assert min(xs) >= left - 0.3, (where, min(xs))
        if i not in centred:
            assert min(xs) <= left + 4.5, (where, min(xs))      # text starts at the margin
        assert max(w[2] for w in p.words) <= p.width - right + 0.3, where
        assert min(w[1] for w in p.words) >= top - 0.3, where
        assert max(w[3] for w in p.body()) <= p.height - bottom + 0.5, where
        numbers = re.findall(r"Halaman (\d+) dari (\d+)", p.text)
        if len(pages) == 1:
            assert not numbers, f"{where}: a one-page paper carries no page number"
        else:
            assert numbers == [(str(i), str(len(pages)))], where


@pytest.fixture(scope="module")
def history_file(tmp_path_factory):
    """The demo office with its history (2024 and 2025 finished, 2026 running),
    built once through the real services; each test gets a copy."""
    from lib import demo
    path = tmp_path_factory.mktemp("history") / "perkin.db"
    db = connect(path)
    migrate(db)
    demo.init_office(db, demo=True)
    demo.seed_history(db, dt.date(2026, 12, 1))
    db.conn.close()
    return path


@pytest.fixture
def history(history_file, data_dir):
    from lib import paths
    target = paths.db_path()
    src = sqlite3.connect(history_file)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    db = connect(target)
    yield db
    db.conn.close()


@pytest.fixture
def admin(history):
    return users.get_user(history, "admin")


ALL_PAPERS = ["nota-dinas", "format", "rekap", "lakip", "notulen", "surat-pengantar",
              "tanda-terima", "sop"]


def test_new_install_prints_every_paper_of_the_2025_demo_on_f4(history, tmp_path):
    """The demo's finished 2025 cycle: every paper on F4, 3 cm left margin."""
    assert office.get_setting(history, "paper") == "F4"
    assert letterhead.get(history)["margins"] == paper.DEFAULT_MARGINS
    year = 2025
    assert cycles.get_cycle(history, year).closed
    for doc in ALL_PAPERS:
        pdf, _, _ = documents.render(history, doc, year, unit_code="pem" if doc == "format"
                                      else None)
        assert_on_paper(read_pages(pdf, tmp_path), name=doc,
                        centred={1} if doc == "lakip" else ())


def test_a4_and_the_margins_the_admin_sets(history, admin, tmp_path):
    letterhead.save(history, admin, paper_size="A4",
                    margins={"left": "4", "right": "1,5", "top": "2,5", "bottom": "3"},
                    website="guguak.limapuluhkotakab.go.id", tembusan="Arsip", now=T)
    m = Margins(left=4, right=1.5, top=2.5, bottom=3)
    for doc in ALL_PAPERS:
        # the 2025 final LAKIP is stored as approved (frozen, printed on F4): the running
        # year's draft shows the new settings
        year = 2026 if doc == "lakip" else 2025
        pdf, _, _ = documents.render(history, doc, year,
                                      unit_code="pem" if doc == "format" else None)
        assert_on_paper(read_pages(pdf, tmp_path), size=(210, 297), margins=m, name=doc,
                        centred={1} if doc == "lakip" else ())


def test_kop_has_names_address_phone_email_website_postcode_and_a_double_rule(db, tmp_path):
    profile = Profile(pemerintah="Pemerintah Kabupaten Lima Puluh Kota",
                      kecamatan="Kecamatan Guguak", alamat="Jl. Raya Payakumbuh - Suliki",
                      telepon="(0752) 123456", email="kec.guguak@example.go.id",
                      website="guguak.limapuluhkotakab.go.id", kode_pos="26253",
                      ibukota="Guguak")
    letter = Letter(number="000.1.5/017/CGG/XI/2026", date=dt.date(2026, 11, 23),
                    kepada="Sekretaris Camat", perihal="Uji", body=["Isi."],
                    signer=Signer(jabatan="Camat Guguak", name="Drs. MUFTIL WAHYUDI",
                                  nip="19731107 199303 1 002"))
    pdf = render_nota_dinas(profile, letter)
    (page,) = read_pages(pdf, tmp_path)
    for expected in ("PEMERINTAH KABUPATEN LIMA PULUH KOTA", "KECAMATAN GUGUAK",
                     "Jl. Raya Payakumbuh - Suliki, Telp. (0752) 123456",
                     "Email: kec.guguak@example.go.id", "Website: guguak.limapuluhkotakab.go.id",
                     "Kode Pos 26253"):
        assert expected in page.text, expected
    # the kop begins 2 cm from the top edge, the logo box at the left margin
    logo = next(w for w in page.words if w[4] == "LOGO")
    assert 30 <= logo[0] <= 30 + 22
    pemerintah = next(w for w in page.words if w[4] == "PEMERINTAH")
    assert 20 <= pemerintah[1] <= 23
    # the double rule: a thick and a thin line across the text width
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode(
        "latin-1")
    widths = re.findall(r"([\d.]+) w\s", content)
    assert any(abs(float(x) - 0.9 * MM) < 0.01 for x in widths)
    assert any(abs(float(x) - 0.3 * MM) < 0.01 for x in widths)
    # no Halaman on one page; Tembusan only when there is one
    assert "Halaman" not in page.text and "Tembusan" not in page.text


# ------------------------------------------------------------------ settings
def test_margins_outside_1_to_5_cm_are_refused_and_nothing_is_saved(demo_db, people):
    before = letterhead.get(demo_db)
    for margins, message in [
        ({"left": "0,5", "right": "2", "top": "2", "bottom": "2,5"},
         "Margin kiri 0,5 cm di luar batas: isi antara 1 dan 5 cm."),
        ({"left": "3", "right": "2", "top": "6", "bottom": "2,5"},
         "Margin atas 6 cm di luar batas"),
        ({"left": "3", "right": "dua", "top": "2", "bottom": "2,5"},
         "Margin kanan harus berupa angka dalam cm"),
    ]:
        with pytest.raises(ValidationError) as err:
            letterhead.save(demo_db, people["admin"], paper_size="A4", margins=margins,
                            website="kec.example.go.id", tembusan="Arsip", now=T)
        assert message in str(err.value)
        assert letterhead.get(demo_db) == before        # nothing of the block saved


def test_tembusan_beyond_its_limit_is_refused(demo_db, people):
    ok = dict(paper_size="F4", margins=paper.DEFAULT_MARGINS, website="")
    with pytest.raises(ValidationError, match="Tembusan ke-2 terlalu panjang"):
        letterhead.save(demo_db, people["admin"], tembusan=["Arsip", "x" * 151], **ok)
    with pytest.raises(ValidationError, match="Tembusan paling banyak 10 tujuan; ada 11"):
        letterhead.save(demo_db, people["admin"],
                        tembusan="\n".join(f"Tujuan {i}" for i in range(11)), **ok)
    assert letterhead.get(demo_db)["tembusan"] == []
    with pytest.raises(ValidationError, match="Alamat website tidak valid"):
        letterhead.save(demo_db, people["admin"], tembusan="", **(ok | {"website": "bukan web"}))
    # through the general settings call too
    with pytest.raises(ValidationError, match="Margin bawah"):
        office.set_setting(demo_db, people["admin"], "margins",
                           {"left": 3, "right": 2, "top": 2, "bottom": 0})


def test_only_the_admin_sets_the_paper(demo_db, people):
    from lib.errors import PermissionDenied
    with pytest.raises(PermissionDenied):
        letterhead.save(demo_db, people["sekcam"], paper_size="A4",
                        margins=paper.DEFAULT_MARGINS)
    assert office.get_setting(demo_db, "paper") == "F4"


def test_an_office_from_before_keeps_a4_and_a_new_install_starts_on_f4(tmp_path):
    fresh = connect(tmp_path / "baru.db")
    migrate(fresh)
    office.seed_defaults(fresh)
    assert office.get_setting(fresh, "paper") == "F4"
    assert office.get_profile(fresh)["website"] == ""

    old = connect(tmp_path / "lama.db")
    core.apply(old, stop_before="m008_paper")     # an office from the release before
    office.seed_defaults(old)
    assert "website" not in office.get_profile(old)
    migrate(old)
    assert office.get_setting(old, "paper") == "A4"
    assert office.get_profile(old)["kecamatan"] == "Kecamatan Guguak"
    assert office.get_profile(old)["website"] == ""


# ------------------------------------------------------------------ nota dinas
def test_nota_dinas_tembusan_from_the_settings_in_the_header_under_a_rule(history, admin,
                                                                          tmp_path):
    year = 2025
    (page,) = read_pages(documents.render(history, "nota-dinas", year)[0], tmp_path)
    assert "Tembusan" not in page.text                    # none in the settings: none printed
    letterhead.save(history, admin, paper_size="F4", margins=paper.DEFAULT_MARGINS,
                    tembusan="Inspektur Kabupaten Lima Puluh Kota\nArsip", now=T)
    pdf = documents.render(history, "nota-dinas", year)[0]
    (page,) = read_pages(pdf, tmp_path)
    assert "1. Inspektur Kabupaten Lima Puluh Kota" in page.text and "2. Arsip" in page.text
    labels = [w for w in page.words if w[4] in ("Kepada", "Dari", "Tembusan", "Tanggal",
                                                "Nomor", "Sifat", "Lampiran", "Hal")
              and abs(w[0] - 30) < 1.5]
    assert [w[4] for w in labels] == ["Kepada", "Dari", "Tembusan", "Tanggal", "Nomor", "Sifat",
                                      "Lampiran", "Hal"]
    hal_y = labels[-1][3]
    body_y = min(w[1] for w in page.words if w[1] > hal_y + 1)
    content = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode(
        "latin-1")
    # a horizontal rule across the text width between the header and the body
    rules = [float(y1) for x1, y1, x2, y2 in re.findall(
        r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", content)
        if abs(float(y1) - float(y2)) < 0.01 and abs(float(x1) - 30 * MM) < 0.1]
    ys = [page.height - y / MM for y in rules]
    assert any(hal_y < y < body_y for y in ys), (hal_y, body_y, ys)


# ------------------------------------------------------------------ each paper signable
def _receipt_and_delivery(history, tmp_path):
    (sp,) = read_pages(documents.render(history, "surat-pengantar", 2025)[0], tmp_path)
    (tt,) = read_pages(documents.render(history, "tanda-terima", 2025)[0], tmp_path)
    return sp, tt


def test_tanda_terima_one_receiver_block_and_one_sender_block(history, tmp_path):
    _, tt = _receipt_and_delivery(history, tmp_path)
    t = tt.text
    assert t.count("Yang Menerima,") == 1 and t.count("Yang Menyerahkan,") == 1
    assert "Penerima," not in t and "Diterima oleh" not in t
    received_by = cycles.runs(history, cycles.get_cycle(history, 2025))
    name = [r for r in received_by if r.data.get("diterima_oleh")][-1].data["diterima_oleh"]
    assert t.count(name) == 1                            # printed once, as stored
    assert "Jabatan :" in t and "NIP. ....." in t
    # the two names stand level, the receiver left of the middle, the sender right
    words = {w[4]: w for w in tt.words}
    left = next(w for w in tt.words if w[4] == name.split()[0])
    jf = users.users_with_role(history, "jf")[0]
    right = next(w for w in tt.words if w[4] == jf.name.split()[0])
    assert abs(left[1] - right[1]) < 0.5 and left[0] < tt.width / 2 < right[0]
    assert words


def test_surat_pengantar_receiver_block_with_jabatan_nip_and_telephone(history, tmp_path):
    sp, _ = _receipt_and_delivery(history, tmp_path)
    t = sp.text
    for expected in ("Diterima tanggal", "Penerima,", "Jabatan :", "NIP. ....", "Telp. ...."):
        assert expected in t, expected
    receipt = next(w for w in sp.words if w[4] == "Penerima,")
    assert receipt[0] < sp.width / 2


def test_notulen_signed_by_the_notulis_and_the_chair_with_guests_in_the_daftar_hadir(
        history, tmp_path):
    """Step 8 of a new cycle with a guest: the notulen names the notulis and is
    signed by the notulis and "Mengetahui, Pimpinan Rapat"; the daftar hadir
    lists app users with their jabatan and the guests with theirs."""
    people = {u.username: u for u in users.list_users(history)}
    clk = Clock("2027-01-11T08:00:00")
    for year in (2026,):
        cycle = cycles.get_cycle(history, year)
        assert not cycle.closed
    year = 2027
    run_to(history, people, 8, clk, year=year)
    camat, sekcam = people["camat"], people["sekcam"]
    label = {u.username: documents.person_label(u) for u in people.values()}
    workflow.complete_step(history, sekcam, year, 8, {
        **data_for("rapat_finalisasi"),
        "pimpinan": camat.name, "notulis": label["jf"],
        "peserta": [label["camat"], label["sekcam"], label["pem"]],
        "tamu": [{"nama": "Ir. Yusra Dewi", "jabatan": "Kepala Bidang Perencanaan",
                  "instansi": "Bappeda Kabupaten Lima Puluh Kota"},
                 {"nama": "", "jabatan": "", "instansi": ""}],
        "agenda": "Finalisasi LAKIP", "pembahasan": "Bab III\nLampiran PK",
        "keputusan": "LAKIP disetujui untuk diajukan"}, now=clk.tick())
    first, hadir = read_pages(documents.render(history, "notulen", year)[0], tmp_path)
    t = first.text
    jf = people["jf"]
    for expected in ("Hari/Tanggal", "Waktu", "Tempat", "Pimpinan Rapat", "Notulis", "Peserta",
                     "Agenda:", "Pembahasan:", "1. Bab III", "2. Lampiran PK", "Keputusan:",
                     "Mengetahui,", "Pimpinan Rapat,", "4 orang", jf.name, camat.name):
        assert expected in t, expected
    assert t.count(camat.name) == 2           # Pimpinan Rapat row and the signature, as stored
    assert t.count(jf.name) == 2              # Notulis row and the signature
    h = hadir.text
    for expected in ("No.", "Nama", "Jabatan", "Instansi", "Tanda Tangan", "Ir. Yusra Dewi",
                     "Kepala Bidang Perencanaan", "Bappeda Kabupaten Lima Puluh Kota",
                     camat.jabatan or "Camat", people["pem"].jabatan):
        assert expected in h, expected
    assert h.count("Kecamatan Guguak") >= 3   # the app users' instansi


def test_a_guest_without_a_name_is_refused_and_step_8_stays_open(history, tmp_path):
    people = {u.username: u for u in users.list_users(history)}
    clk = Clock("2027-01-11T08:00:00")
    run_to(history, people, 8, clk, year=2027)
    with pytest.raises(ValidationError) as err:
        workflow.complete_step(history, people["sekcam"], 2027, 8, {
            **data_for("rapat_finalisasi"),
            "tamu": [{"nama": "Ir. Yusra Dewi", "jabatan": "Kabid", "instansi": "Bappeda"},
                     {"nama": " ", "jabatan": "Auditor", "instansi": "Inspektorat"}]},
            now=clk.tick())
    assert "Tamu baris 2: nama wajib diisi" in str(err.value)
    assert not cycles.step_done(history, cycles.get_cycle(history, 2027), 8)


def test_sop_number_from_the_register_and_tgl_revisi_from_the_revision(history, admin,
                                                                       tmp_path):
    pdf = documents.render(history, "sop", 2027)[0]
    t = read_pages(pdf, tmp_path)[0].text
    assert "900/ /CGG/I/2023" in t                      # typed in the header
    assert "TGL. REVISI -" in t                          # the first definition: no revision
    assert "Camat Guguak," in t and "NIP. 19731107 199303 1 002" in t
    jf = users.users_with_role(history, "jf")[0]
    number = register.take(history, jf, doc_type="sop", date=dt.date(2026, 12, 2),
                           subject="SOP Perencanaan Kinerja",
                           typed_number="900/014/CGG/XII/2026",
                           now=clock.parse("2026-12-02T09:00:00"))["number"]
    defn = sop.load_current(history)
    sop.save_revision(history, admin, header=dict(defn.header), steps=list(defn.steps),
                      note="Revisi waktu", now=clock.parse("2026-12-03T10:00:00"))
    # the number was registered before this revision: it belongs to the old one
    t = read_pages(documents.render(history, "sop", 2027)[0], tmp_path)[0].text
    assert "TGL. REVISI 3 Desember 2026" in t and number not in t
    register.take(history, jf, doc_type="sop", date=dt.date(2026, 12, 4),
                  typed_number="900/015/CGG/XII/2026", now=clock.parse("2026-12-04T09:00:00"))
    t = read_pages(documents.render(history, "sop", 2027)[0], tmp_path)[0].text
    assert "900/015/CGG/XII/2026" in t


def test_rekap_signature_never_alone_on_the_last_page(tmp_path):
    """Hand-made rekaps of growing length: whenever the table fills a page, the
    page with the signature also carries at least one indicator row."""
    from lib.documents.model import Row, SasaranSummary
    from lib.documents.tables import render_rekap
    profile = Profile(pemerintah="Pemerintah Kabupaten Lima Puluh Kota",
                      kecamatan="Kecamatan Guguak", ibukota="Guguak")
    signer = Signer(jabatan="Sekretaris Camat", name="Hendra Saputra, S.STP, M.Si",
                    nip="19820512 200112 1 003")
    held = 0
    for n in range(8, 30):
        rows = [Row(no=i, sasaran="Meningkatnya kualitas pelayanan publik",
                    indikator=f"Indikator nomor {i}", target="100%", realisasi="90%",
                    capaian=90.0, predikat="Baik", unit_name="Seksi Pelayanan Publik")
                for i in range(1, n + 1)]
        summaries = [SasaranSummary("Meningkatnya kualitas pelayanan publik", 90.0, "Baik", n)]
        pdf = render_rekap(profile, year=2026, rows=rows, summaries=summaries, signer=signer,
                           place_date=dt.date(2026, 1, 15))
        pages = read_pages(pdf, tmp_path)
        last = pages[-1].text
        assert "Hendra Saputra" in last and "15 Januari 2026" in last
        assert re.search(r"Indikator nomor \d+", last), n
        held += len(pages) > 1 and f"Indikator nomor {n - 1}" in last \
            and f"Indikator nomor {n - 2}" not in last
    assert held                    # at least one length needed rows held back


def test_names_printed_as_stored(history, tmp_path):
    """No forced upper case on one signatory and not another."""
    for doc in ("nota-dinas", "notulen", "surat-pengantar", "tanda-terima", "rekap", "sop"):
        pdf = documents.render(history, doc, 2025)[0]
        t = " ".join(p.text for p in read_pages(pdf, tmp_path))
        for u in users.list_users(history):
            if u.name in t:
                assert u.name.upper() not in t or u.name == u.name.upper(), (doc, u.name)


# ------------------------------------------------------------------ the pages
def _admin_on_profile():
    from tests.conftest import login_as
    at = login_as("admin")
    at.switch_page("pages/admin_profil.py").run()
    assert not at.exception, at.exception
    return at


def _submit(at, label):
    (button,) = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, at.exception


def test_profile_page_paper_block_saves_everything_or_nothing(history):
    at = _admin_on_profile()
    assert at.selectbox(key="admin.profil.paper").value == "F4"
    assert at.text_input(key="admin.profil.margin.bottom").value == "2,5"
    at.text_input(key="admin.profil.website").input("guguak.limapuluhkotakab.go.id")
    at.selectbox(key="admin.profil.paper").set_value("A4")
    at.text_input(key="admin.profil.margin.left").input("0,5")
    at.text_area(key="admin.profil.tembusan").input("Arsip")
    _submit(at, "Simpan pengaturan kertas")
    errors = " ".join(e.value for e in at.error)
    assert "Margin kiri 0,5 cm di luar batas: isi antara 1 dan 5 cm." in errors
    assert letterhead.get(history) == {"paper": "F4", "margins": paper.DEFAULT_MARGINS,
                                       "website": "", "tembusan": []}
    at.text_input(key="admin.profil.margin.left").input("3,5")
    _submit(at, "Simpan pengaturan kertas")
    assert "Pengaturan kertas dan kop surat disimpan." in [s.value for s in at.success]
    assert letterhead.get(history) == {
        "paper": "A4", "margins": {"left": 3.5, "right": 2.0, "top": 2.0, "bottom": 2.5},
        "website": "guguak.limapuluhkotakab.go.id", "tembusan": ["Arsip"]}
    assert at.text_input(key="admin.profil.margin.left").value == "3,5"
    # the profile form beside it keeps the website (it does not know the field)
    _submit(at, "Simpan profil")
    assert office.get_profile(history)["website"] == "guguak.limapuluhkotakab.go.id"


def test_step_8_page_records_guests_notulis_and_pembahasan(history, tmp_path):
    from tests.conftest import login_as
    people = {u.username: u for u in users.list_users(history)}
    run_to(history, people, 8, Clock("2027-01-11T08:00:00"), year=2027)
    at = login_as("sekcam")
    at.switch_page("pages/siklus.py").run()
    at.selectbox(key="siklus.tahun").set_value(2027).run()
    assert not at.exception, at.exception
    at.multiselect(key="siklus.8.peserta").select(documents.person_label(people["camat"]))
    at.selectbox(key="siklus.8.notulis").set_value(documents.person_label(people["jf"]))
    at.text_area(key="siklus.8.agenda").input("Finalisasi LAKIP")
    at.text_area(key="siklus.8.pembahasan").input("Bab III\nLampiran")
    at.text_area(key="siklus.8.keputusan").input("Disetujui")
    at.text_area(key="siklus.8.tamu").input("; Auditor; Inspektorat")
    _submit(at, "Catat rapat finalisasi")
    assert any("Tamu baris 1: nama wajib diisi" in e.value for e in at.error)
    assert not cycles.step_done(history, cycles.get_cycle(history, 2027), 8)
    at.text_area(key="siklus.8.tamu").input(
        "Dra. Lili Marlina; Auditor Ahli Madya; Inspektorat Daerah\n\n")
    _submit(at, "Catat rapat finalisasi")
    assert "Rapat finalisasi dicatat." in [s.value for s in at.success], \
        [e.value for e in at.error]
    run = [r for r in cycles.runs(history, cycles.get_cycle(history, 2027))
           if r.step_no == 8 and r.completed_at][-1]
    assert run.data["tamu"] == [{"nama": "Dra. Lili Marlina", "jabatan": "Auditor Ahli Madya",
                                 "instansi": "Inspektorat Daerah"}]
    assert run.data["notulis"] == documents.person_label(people["jf"])
    first, hadir = read_pages(documents.render(history, "notulen", 2027)[0], tmp_path)
    assert "1. Bab III" in first.text and people["jf"].name in first.text
    assert "Dra. Lili Marlina" in hadir.text and "Inspektorat Daerah" in hadir.text


@pytest.mark.parametrize("typed,rows,problem", [
    ("Ir. Yusra Dewi; Kabid Perencanaan; Bappeda",
     [{"nama": "Ir. Yusra Dewi", "jabatan": "Kabid Perencanaan", "instansi": "Bappeda"}], None),
    ("Ir. Yusra Dewi | Kabid\n\n  Andi\tStaf\tInspektorat  ",
     [{"nama": "Ir. Yusra Dewi", "jabatan": "Kabid", "instansi": ""},
      {"nama": "Andi", "jabatan": "Staf", "instansi": "Inspektorat"}], None),
    ("Andi; Staf\n; Auditor; Inspektorat", None, "Tamu baris 2: nama wajib diisi"),
    ("X" * 121, None, "Tamu baris 1: nama terlalu panjang"),
])
def test_guests_typed_one_a_line(typed, rows, problem):
    from lib.meeting_record import clean_guests
    guests, problems = clean_guests(typed)
    if problem is None:
        assert (guests, problems) == (rows, [])
    else:
        assert any(problem in p for p in problems), problems
