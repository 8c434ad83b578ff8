"""Verifikasi Dokumen (public, no login): is this LAKIP the one the Camat
approved? Upload the PDF (compared by SHA-256 with the archive) or type the
verification code printed in its footer."""
import streamlit as st

from lib import archive, clock, spelling
from lib.errors import PerkinError
from pages import _ui

_ui.require_page("pages/verifikasi.py")  # public: None when logged out, never stops
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it

st.title("Verifikasi Dokumen")
st.caption(f"Periksa apakah sebuah dokumen {REPORT} sama dengan dokumen final yang disahkan dan "
           "tersimpan di arsip kecamatan. Berkas yang diunggah hanya dibandingkan, tidak "
           "disimpan.")

with st.form("verifikasi.form"):
    upload = _ui.uploader("verifikasi", key="verifikasi.berkas", lead="Unggah berkas dokumen")
    code = st.text_input("atau ketik kode verifikasi (tertera di kaki halaman, mis. "
                         "ABCD-EFGH-JK)", key="verifikasi.kode", max_chars=20)
    go = st.form_submit_button("Periksa", type="primary")

if go:
    try:
        if upload is not None:
            result = archive.verify(db, data=upload.getvalue())
        else:
            result = archive.verify(db, code=code)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        if result["match"]:
            when = clock.parse(result["approved_at"]) if result["approved_at"] else None
            st.success(
                f"**Cocok dengan dokumen final yang disahkan.**  \n"
                f"{_ui.escape_md(result['title'])}  \n"
                f"Tahun {result['year']} · versi {result['version']} · disetujui oleh "
                f"{_ui.escape_md(result['approved_by'] or '-')}"
                + (f" pada {spelling.format_datetime(when, wib=True)}" if when else ""),
                icon=":material/verified:")
            if result["by"] == "kode":
                st.caption("Kode dikenal. Bandingkan dokumen Anda dengan dokumen arsip berikut; "
                           "isinya harus sama persis.")
                st.download_button("Unduh dokumen arsip", result["content"],
                                   file_name=result["filename"], mime="application/pdf",
                                   key="verifikasi.unduh")
        elif result.get("kind") == "scan":
            # An uploaded scan is what someone uploaded, never a verified document.
            when = clock.parse(result["uploaded_at"]) if result["uploaded_at"] else None
            line = (f"**Tidak terverifikasi.** Berkas ini sama dengan pindaian diunggah oleh "
                    f"{_ui.escape_md(result['uploaded_by'] or 'pengguna tidak tercatat')}"
                    + (f" pada {spelling.format_datetime(when, wib=True)}" if when else "")
                    + f" ({_ui.escape_md(result['title'])}). Pindaian tidak dapat "
                    "diverifikasi; periksa dokumen dengan kode verifikasi di kaki halamannya.")
            gone = result.get("withdrawal")
            if gone:
                at = clock.parse(gone["withdrawn_at"])
                line += (f"  \nPindaian ini sudah ditarik oleh "
                         f"{_ui.escape_md(gone['withdrawn_by_name'])} pada "
                         f"{spelling.format_datetime(at, wib=True)}: "
                         f"{_ui.escape_md(gone['reason'])}")
            st.warning(line, icon=":material/warning:")
        else:
            what = "Berkas ini" if result["by"] == "berkas" else "Kode ini"
            st.error(f"**Tidak dikenal.** {what} tidak sama dengan dokumen final mana pun di "
                     "arsip. Dokumen yang diubah walau satu karakter, dicetak ulang, atau "
                     "dipindai tidak akan cocok; periksa dengan kode verifikasinya.",
                     icon=":material/gpp_bad:")
