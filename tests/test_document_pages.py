"""AppTest of the document pages: Dokumen (render + download), Verifikasi
(logged out), Register Surat (take a number), Penyusunan (save a narrative,
send the draft)."""
from __future__ import annotations

from lib import archive, cycles, narratives, register
from tests.conftest import app_test, login_as
from tests.cyclehelp import YEAR, run_to


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + \
        [s.value for s in at.success] + [w.value for w in at.warning] + \
        [i.value for i in at.info] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def test_dokumen_renders_and_offers_the_download(demo_db, people):
    run_to(demo_db, people, 3)
    at = login_as("jf")
    at.switch_page("pages/dokumen.py").run()
    assert not at.exception
    at.selectbox(key="dokumen.jenis").set_value("nota-dinas").run()
    _button(at, "Buat dokumen").click().run()
    assert not at.exception
    downloads = at.get("download_button")
    assert downloads and "nota-dinas-2026.pdf" in downloads[0].proto.label
    assert "Logo kabupaten belum diunggah" in _texts(at)
    assert len(at.get("image")) == 1  # a one-page nota dinas: one preview image


def test_dokumen_shows_the_archive_after_approval(demo_db, people):
    run_to(demo_db, people, 11)
    final = archive.get_final(demo_db, YEAR)
    at = login_as("sekcam")
    at.switch_page("pages/dokumen.py").run()
    assert not at.exception
    text = _texts(at)
    assert final["verify_code"] in text and "LKjIP final" in text
    _button(at, "Siapkan unduhan").click().run()
    assert any("LAKIP-2026-v1.pdf" in d.proto.label or d.proto.label == "Unduh berkas arsip"
               for d in at.get("download_button"))


def test_verifikasi_logged_out_by_code(demo_db, people):
    run_to(demo_db, people, 11)
    code = archive.get_final(demo_db, YEAR)["verify_code"]
    at = app_test()
    at.run()
    at.switch_page("pages/verifikasi.py").run()
    assert not at.exception
    at.text_input(key="verifikasi.kode").input("ZZZZ-ZZZZ-ZZ")
    at.button[0].click().run()
    assert at.error and "Tidak dikenal" in at.error[0].value
    at.text_input(key="verifikasi.kode").input(code.lower())
    at.button[0].click().run()
    assert at.success and "Cocok dengan dokumen final yang disahkan" in at.success[0].value
    assert "MUFTIL WAHYUDI" in at.success[0].value and "versi 1" in at.success[0].value


def test_register_take_a_number(demo_db, people):
    at = login_as("jf")
    at.switch_page("pages/register.py").run()
    assert not at.exception
    at.text_input(key="register.perihal").input("Undangan rapat")
    _button(at, "Ambil nomor").click().run()
    assert not at.exception
    letters = register.list_letters(demo_db)
    assert len(letters) == 1 and letters[0]["subject"] == "Undangan rapat"
    assert letters[0]["source"] == "perkin"
    at.radio(key="register.sumber").set_value("agenda").run()
    at.text_input(key="register.nomor").input(letters[0]["number"])
    _button(at, "Ambil nomor").click().run()
    assert at.error and "sudah terdaftar" in at.error[0].value
    assert len(register.list_letters(demo_db)) == 1


def test_register_page_closed_to_a_kasi(demo_db, people):
    at = login_as("pem")
    try:
        at.switch_page("pages/register.py").run()
    except ValueError as err:  # not in this role's navigation at all
        assert "register.py" in str(err)
        return
    # reachable by path only: the page's own check stops it
    assert [e.value for e in at.error] == ["Anda tidak berhak membuka halaman ini."]
    assert not at.button


def test_penyusunan_saves_a_narrative_and_sends_the_draft(demo_db, people):
    run_to(demo_db, people, 6)
    at = login_as("pep")
    at.switch_page("pages/penyusunan.py").run()
    assert not at.exception
    key = f"penyusunan.{YEAR}.bagian.kata_pengantar"
    assert "Kecamatan Guguak" in at.text_area(key=key).value  # default, filled
    at.text_area(key=key).input("Kata pengantar dari Kasubbag PEP untuk Tahun {tahun}.")
    _button(at, "Simpan naskah").click().run()
    assert not at.exception
    assert narratives.get_narratives(demo_db, YEAR)["kata_pengantar"] == \
        "Kata pengantar dari Kasubbag PEP untuk Tahun {tahun}."
    _button(at, "Draft selesai, kirim ke Sekcam").click().run()
    assert not at.exception
    cycle = cycles.get_cycle(demo_db, YEAR)
    assert cycles.active_step(demo_db, cycle) == 7
