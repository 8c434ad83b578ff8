"""Screens that lead to the right thing, under AppTest on a real database:
every kind of "Tugas saya" card lands on its page *and* its year, unit or step;
Terima/Kembalikan ask first and a decision can be withdrawn from the page; a page
whose action is not this user's shows nothing to fill; "None" appears nowhere."""
from __future__ import annotations

import re

import pytest

from lib import cycles, events
from lib.format import review
from tests.conftest import login_as
from tests.cyclehelp import YEAR, Clock, do_step, run_to

UNIT_NAMES = {"kesos": "Seksi Kesejahteraan Sosial",
              "trantib": "Seksi Ketentraman dan Ketertiban Umum"}


def _cards(at) -> list[str]:
    """The titles of the Beranda cards, in order (one bold line per card)."""
    return [m.value.strip("*").replace("\\", "") for m in at.markdown
            if m.value.startswith("**") and m.value.endswith("**")]


def _kerjakan(username: str, title_part: str):
    at = login_as(username)
    assert not at.exception, at.exception
    titles = _cards(at)
    hits = [i for i, t in enumerate(titles) if title_part in t.replace("\\", "")]
    assert hits, (title_part, titles)
    at.button(key=f"beranda.go.{hits[0]}").click().run()
    assert not at.exception, at.exception
    return at


def _title(at) -> str:
    return at.title[0].value


def _keys(at, kind: str) -> set[str]:
    return {getattr(e, "key", None) or e.proto.id for e in at.get(kind)}


def _texts(at) -> str:
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title",
                 "subheader", "header"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts).replace("\\", "")


# ------------------------------------------------------------------ Kerjakan, per kind
def test_isi_format_card_opens_the_units_form(demo_db, people):
    clk = run_to(demo_db, people, 5)
    cycles.review_unit(demo_db, people["sekcam"], YEAR, "kesos", "kembalikan", "Cek DTKS",
                       now=clk.tick())
    at = _kerjakan("kesos", f"Isi dan kirim format {UNIT_NAMES['kesos']} ({YEAR})")
    assert _title(at) == "Formulir Pengumpulan Perencanaan Kinerja"
    assert at.selectbox(key="formulir.tahun").value == YEAR
    assert UNIT_NAMES["kesos"] in _texts(at)
    assert "Cek DTKS" in _texts(at)


def test_periksa_card_opens_the_review_on_its_unit(demo_db, people):
    run_to(demo_db, people, 5)
    at = login_as("sekcam")
    titles = _cards(at)
    # cards name units by name, never by code
    assert f"Periksa format {UNIT_NAMES['trantib']} ({YEAR})" in titles
    assert not [t for t in titles if re.search(r"format (pem|pmd|kesos|trantib|umum)\b", t)]
    # the trantib card, not the first one, lands on trantib
    at = _kerjakan("sekcam", f"Periksa format {UNIT_NAMES['trantib']}")
    assert _title(at) == "Pemeriksaan Format Unit"
    assert at.selectbox(key="pemeriksaan.tahun").value == YEAR
    assert at.selectbox(key="pemeriksaan.unit").value == "trantib"
    assert at.button(key="pemeriksaan.terima").label == f"Terima {UNIT_NAMES['trantib']}"


def test_himpun_card_opens_the_rekap_with_its_button(demo_db, people):
    run_to(demo_db, people, 4)
    at = _kerjakan("jf", f"Langkah 4")
    assert _title(at) == "Rekapitulasi Format"
    assert at.selectbox(key="rekap.tahun").value == YEAR
    assert "rekap.himpun" in _keys(at, "button")


def test_draft_card_opens_penyusunan_of_its_year(demo_db, people):
    run_to(demo_db, people, 6)
    at = _kerjakan("pep", "Langkah 6")
    assert _title(at) == "Penyusunan LKjIP"
    assert at.selectbox(key="penyusunan.tahun").value == YEAR
    assert "penyusunan.kirim" in _keys(at, "button")


def test_koreksi_card_opens_the_step_with_the_draft_beside_its_buttons(demo_db, people):
    run_to(demo_db, people, 7)
    at = _kerjakan("sekcam", "Langkah 7")
    assert _title(at) == "Siklus LKjIP"
    assert at.selectbox(key="siklus.tahun").value == YEAR
    assert "Dibuka dari Tugas saya" in _texts(at)
    # the draft's download and preview beside Terima/Kembalikan (one click from the card)
    assert "siklus.7.draft" in _keys(at, "download_button")
    assert at.get("image"), "the draft's first pages are shown"
    labels = [b.label for b in at.button]
    assert "Terima draft" in labels and "Kembalikan untuk revisi" in labels


def test_penyusunan_says_where_the_draft_is_while_the_sekcam_corrects_it(demo_db, people):
    run_to(demo_db, people, 7)
    at = login_as("pep")
    at.switch_page("pages/penyusunan.py").run()
    assert not at.exception, at.exception
    assert f"Draft LKjIP {YEAR} sedang di langkah 7" in _texts(at)
    assert "penyusunan.kirim" not in _keys(at, "button")


def test_rapat_koordinasi_card_opens_siklus_on_step_2(demo_db, people):
    run_to(demo_db, people, 2)
    at = _kerjakan("sekcam", "Langkah 2")
    assert _title(at) == "Siklus LKjIP"
    assert "Dibuka dari Tugas saya" in _texts(at)


def test_persetujuan_card_opens_the_approval_with_the_draft(demo_db, people):
    run_to(demo_db, people, 10)
    at = _kerjakan("camat", f"Langkah 10")
    assert _title(at) == "Persetujuan"
    assert f"setuju.ok.{YEAR}" in _keys(at, "button")
    assert f"setuju.dl.{YEAR}" in _keys(at, "download_button")


def test_mulai_card_opens_persetujuan(demo_db, people):
    at = _kerjakan("camat", "Perintahkan penyusunan LAKIP")
    assert _title(at) == "Persetujuan"
    assert "setuju.mulai" in _keys(at, "button")


def test_after_step_11_the_numbered_cover_letter_is_on_siklus(demo_db, people):
    run_to(demo_db, people, 12)
    at = _kerjakan("jf", "Langkah 12")
    assert _title(at) == "Siklus LKjIP"
    keys = _keys(at, "download_button")
    assert "siklus.12.surat" in keys and "siklus.surat" in keys


# ------------------------------------------------------------------ decisions
def _review_page(unit: str):
    at = login_as("sekcam")
    at.switch_page("pages/pemeriksaan.py").run()
    at.selectbox(key="pemeriksaan.unit").set_value(unit).run()
    assert not at.exception, at.exception
    return at


def test_terima_asks_naming_the_unit_and_cancel_keeps_it_waiting(demo_db, people):
    run_to(demo_db, people, 5)
    at = _review_page("trantib")
    at.button(key="pemeriksaan.terima").click().run()
    assert cycles.unit_states(demo_db, cycles.get_cycle(demo_db, YEAR))["trantib"]["state"] \
        == "dikirim"
    assert f"Terima format **{UNIT_NAMES['trantib']}** tahun {YEAR}?" in \
        [m.value for m in at.markdown]
    at.button(key="pemeriksaan.batal").click().run()
    assert "trantib" in review.reviewable_units(demo_db, YEAR)
    at.button(key="pemeriksaan.terima").click().run()
    at.button(key="pemeriksaan.ya").click().run()
    assert not at.exception, at.exception
    assert cycles.unit_states(demo_db, cycles.get_cycle(demo_db, YEAR))["trantib"]["state"] \
        == "diterima"
    assert f"Format {UNIT_NAMES['trantib']} diterima." in _texts(at)


def test_kembalikan_without_reason_is_refused_before_asking(demo_db, people):
    run_to(demo_db, people, 5)
    at = _review_page("kesos")
    at.button(key="pemeriksaan.kembalikan").click().run()
    assert "Alasan pengembalian wajib diisi." in _texts(at)
    assert "pemeriksaan.ya" not in _keys(at, "button")


def test_withdrawal_from_the_page_with_its_event(demo_db, people):
    clk = run_to(demo_db, people, 5)
    cycles.review_unit(demo_db, people["sekcam"], YEAR, "kesos", "terima", now=clk.tick())
    at = _review_page("trantib")
    at.text_input(key="pemeriksaan.tarik.alasan.kesos").input("Salah unit")
    at.button(key="pemeriksaan.tarik.kesos").click().run()
    assert "Tarik keputusan atas format" in _texts(at)
    at.button(key="pemeriksaan.ya").click().run()
    assert not at.exception, at.exception
    st = cycles.unit_states(demo_db, cycles.get_cycle(demo_db, YEAR))["kesos"]
    assert st["state"] == "dikirim"
    ev = events.list_events(demo_db, year=YEAR, action_prefix="unit.tarik")
    assert [(e["action"], e["reason"], e["username"]) for e in ev] == [
        ("unit.tarik_terima", "Salah unit", "sekcam")]


def test_after_every_unit_is_accepted_the_page_says_what_comes_next(demo_db, people):
    run_to(demo_db, people, 6)
    at = login_as("sekcam")
    at.switch_page("pages/pemeriksaan.py").run()
    text = _texts(at)
    assert "Semua format unit sudah diterima" in text
    assert "langkah 6" in text and "langkah 4" not in text


# ------------------------------------------------------------------ only what one can do
def test_pep_on_formulir_sees_nothing_to_fill(demo_db, people):
    run_to(demo_db, people, 3)
    at = login_as("pep")
    at.switch_page("pages/formulir.py").run()
    assert not at.exception, at.exception
    assert "bukan unit penyuplai data" in _texts(at)
    assert not at.get("arrow_data_frame") and not at.text_input
    assert [b.key for b in at.button] == ["perkin.keluar"]     # only the sidebar's Keluar


def test_locked_form_has_no_working_buttons(demo_db, people):
    run_to(demo_db, people, 4)      # every unit sent: nothing to fill now
    at = login_as("pem")
    at.switch_page("pages/formulir.py").run()
    assert all(b.disabled for b in at.button if b.key in ("formulir.simpan", "formulir.kirim"))
    assert not [f for f in at.get("form") if "formulir.panel" in str(f.proto.form_id)]


# ------------------------------------------------------------------ "None" nowhere
@pytest.fixture
def history_db(demo_db):
    """The demo office with its three years (2024, 2025 done; 2026 at step 5 with a
    returned unit), as `run.py init --demo` makes it."""
    import datetime as dt

    from lib import demo

    demo.seed_history(demo_db, dt.date(2026, 11, 24))
    return demo_db


def _all_text(at) -> list[tuple[str, str]]:
    """(element type, its text) of every element on the page, dataframe cells included."""
    out = []

    def walk(node):
        kind = getattr(node, "type", None)
        proto = getattr(node, "proto", None)
        if kind in ("dataframe", "arrow_data_frame"):
            # an empty cell is drawn as the grid's placeholder, "None" unless one is set
            frame = node.value
            shown = getattr(proto, "placeholder", "") or "None"
            for col in frame.columns:
                if frame[col].isna().any():
                    out.append((kind, f"{shown} (empty cell in column {col})"))
            out.append((kind, frame.astype(object).where(frame.notna(), "").astype(str).to_csv()))
        elif proto is not None and kind not in ("main", "sidebar", "root", "event"):
            out.append((kind, str(proto)))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return out


@pytest.mark.parametrize("username", ["admin", "camat", "sekcam", "jf", "pem", "kesos", "pep",
                                      "umum"])
def test_none_appears_on_no_page_of_any_role(history_db, username):
    from pages import _ui
    from lib import users

    user = users.get_user(history_db, username)
    at = login_as(username)
    bad = []
    for spec in _ui.pages_for(user):
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, at.exception)
        for kind, text in _all_text(at):
            for line in text.splitlines():   # a widget's internal id is no text
                if re.search(r"\bNone\b", line) and not re.match(r"\s*(id|form_id):", line):
                    bad.append(f"{spec.path} [{kind}]: {line.strip()[:160]}")
    assert not bad, "\n".join(bad)


def test_page_and_button_texts_follow_the_report_title_setting(demo_db, people):
    from lib import office

    at = login_as("camat")
    at.switch_page("pages/siklus.py").run()
    assert _title(at) == "Siklus LKjIP"               # a new office's default
    office.set_settings(demo_db, people["admin"], {"report_title": "LAKIP"})
    at = login_as("camat")
    at.switch_page("pages/siklus.py").run()
    assert not at.exception, at.exception
    assert _title(at) == "Siklus LAKIP"               # an office that keeps the old name
    assert not any("LKjIP" in b.label for b in at.button)
