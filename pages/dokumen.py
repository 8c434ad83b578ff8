"""Dokumen: every document of a cycle as PDF (preview of the first pages as
images, then download), the archive of approved finals with their scans, and
the scan upload (JF/Sekcam)."""
import streamlit as st

from lib import access, archive, clock, cycles, office, spelling
from lib.services import documents
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/dokumen.py")
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it
now = clock.now()

st.title("Dokumen")
st.caption("Setiap dokumen dapat dicetak kapan saja dari data yang sudah ada. Dokumen yang "
           f"langkahnya belum selesai dicetak sebagai DRAFT. {REPORT} yang sudah disetujui Camat "
           "diambil dari arsip persis seperti saat disetujui.")

years = [c.year for c in cycles.list_cycles(db)]
default = cycles.default_year(now)
if default not in years:
    years = sorted(set(years) | {default}, reverse=True)
c1, c2, c3 = st.columns([1, 3, 2])
year = c1.selectbox("Tahun laporan", years, key="dokumen.tahun")
doc = c2.selectbox("Dokumen", documents.DOC_ORDER, key="dokumen.jenis",
                   format_func=lambda k: documents.DOC_LABELS[k])
unit_code = None
if doc == "format":
    units = office.list_units(db, active_only=True, supplying_only=True)
    own = [u.code for u in units if u.code in user.unit_codes]
    codes = own + [u.code for u in units if u.code not in own]
    names = {u.code: u.name for u in units}
    unit_code = c3.selectbox("Unit", codes, key="dokumen.unit", format_func=lambda c: names[c])

key = (doc, year, unit_code)
if st.button("Buat dokumen", type="primary", key="dokumen.buat"):
    try:
        with st.spinner("Menyusun PDF ..."):
            data, filename, warnings = documents.render(db, doc, year, unit_code=unit_code)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        st.session_state["dokumen.hasil"] = (key, data, filename, warnings)

result = st.session_state.get("dokumen.hasil")
if result and result[0] == key:
    _, data, filename, warnings = result
    for w in warnings:
        st.warning(w, icon=":material/info:")
    pages = documents.page_count(data)
    stem = filename[:-4] if filename.lower().endswith(".pdf") else filename
    _ui.paper_buttons(data, filename, doc, year, key="dokumen.unduh", unit_code=unit_code,
                      label=f"Unduh PDF ({filename}, {pages} halaman)",
                      word_label=f"Unduh Word ({stem}.docx)", primary=True)
    if documents.approved_version(db, year) is not None and doc == "lakip":
        st.caption("Dokumen sah adalah PDF final dari arsip. Berkas Word disusun dari data "
                   "yang sama sebagai salinan kerja, bukan dokumen terverifikasi.")
    _ui.pdf_preview(data, pages=2)
elif result:
    st.info("Pilihan berubah; tekan **Buat dokumen** untuk menyusun ulang.")

# ---------------------------------------------------------------- everything at once
st.divider()
st.subheader(f"Semua dokumen {year}")
st.caption(f"Satu berkas zip berisi setiap dokumen tahun ini dalam PDF dan Word, {REPORT} final "
           "persis seperti di arsip, rekap .xlsx, pindaian bertanda tangan, dan MANIFEST.txt "
           "berisi SHA-256 setiap berkas: yang diserahkan ke Bagian Organisasi.")
if st.button("Unduh semua dokumen", key="dokumen.semua", icon=":material/folder_zip:"):
    from lib.services import export

    bar = st.progress(0.0, text="Menyusun dokumen ...")
    try:
        zdata, zname, zwarn = export.export_documents(
            db, year, wait=0,
            progress=lambda done, total, label: bar.progress(
                done / total, text=f"{done}/{total} · {label}"))
    except PerkinError as err:
        bar.empty()
        _ui.show_error(err)
    else:
        bar.empty()
        st.session_state["dokumen.zip"] = (year, zdata, zname, zwarn)
packed = st.session_state.get("dokumen.zip")
if packed and packed[0] == year:
    _, zdata, zname, zwarn = packed
    st.download_button(f"Simpan {zname} ({len(zdata) // 1024:,} KB)".replace(",", "."),
                       zdata, file_name=zname, mime="application/zip",
                       key="dokumen.semua.unduh", type="primary",
                       icon=":material/download:")
    if zwarn:
        with st.expander(f"{len(zwarn)} catatan tentang data yang belum lengkap"):
            for w in zwarn:
                st.caption(w)

# ---------------------------------------------------------------- archive
st.divider()
st.subheader(f"Arsip dokumen final {year}")
entries = archive.list_archive(db, year)
if not entries:
    st.info(f"Belum ada dokumen final untuk tahun {year}. {REPORT} dibekukan otomatis saat Camat "
            "menyetujuinya (langkah 10).")
KIND_LABELS = {"lakip": f"{REPORT} final", "scan": "Pindaian bertanda tangan",
               "receipt": "Tanda terima bertanda tangan"}
for e in entries:
    with st.container(border=True):
        a, b = st.columns([3, 1])
        a.markdown(f"**{_ui.escape_md(e['title'])}**")
        if e["doc_type"] == "lakip":
            approved = clock.parse(e["approved_at"]) if e["approved_at"] else None
            who = (f"disetujui {_ui.escape_md(e['approved_by_name'] or '-')}"
                   + (f" pada {spelling.format_datetime(approved, wib=True)}" if approved else ""))
        else:  # a scan: what someone uploaded, not what the Camat approved
            who = (f"pindaian diunggah oleh {_ui.escape_md(e['uploaded_by_name'] or '-')} pada "
                   f"{spelling.format_datetime(clock.parse(e['created_at']), wib=True)}")
        a.caption(f"{KIND_LABELS.get(e['doc_type'], e['doc_type'])} · versi {e['version']} · "
                  f"{who}"
                  + (f" · kode verifikasi **{e['verify_code']}**" if e["verify_code"] else "")
                  + f" · SHA-256 `{e['sha256'][:16]}…`")
        if e["doc_type"] != "lakip" and access.can(user, "admin.manage"):
            with a.expander("Tarik pindaian ini"):
                st.caption("Pindaian yang salah keluar dari daftar arsip; berkasnya tetap "
                           "tersimpan dan penarikannya tercatat di Riwayat.")
                reason = st.text_input("Alasan penarikan", key=f"dokumen.tarik.alasan.{e['id']}",
                                       max_chars=1000)
                if st.button("Tarik pindaian", key=f"dokumen.tarik.{e['id']}"):
                    _ui.act("Pindaian ditarik dari arsip.", archive.withdraw_scan, db, user,
                            e["id"], reason)
        if b.button("Siapkan unduhan", key=f"dokumen.arsip.{e['id']}"):
            st.session_state["dokumen.arsip"] = e["id"]
        if st.session_state.get("dokumen.arsip") == e["id"]:
            stored = archive.get_entry(db, e["id"])
            b.download_button("Unduh berkas arsip", stored["content"],
                              file_name=stored["filename"],
                              mime="application/pdf" if stored["filename"].endswith(".pdf")
                              else None, key=f"dokumen.arsip.unduh.{e['id']}")

if access.can(user, "archive.upload") and archive.get_final(db, year) is not None:
    with st.expander("Unggah pindaian dokumen bertanda tangan"):
        st.caption(f"Setelah {REPORT} ditandatangani basah dan distempel, pindai lalu unggah di sini "
                   "(ukuran dan jenis berkas tertera di bawah). Tanda terima pengiriman yang sudah "
                   "ditandatangani juga diarsipkan di sini.")
        with st.form("dokumen.pindaian", clear_on_submit=True):
            kind = st.radio("Jenis", ["scan", "receipt"], horizontal=True,
                            format_func=lambda k: archive.SCAN_KINDS[k])
            upload = _ui.uploader("arsip", key="dokumen.pindaian_berkas", lead="Berkas")
            go = st.form_submit_button("Arsipkan")
        if go:
            if upload is None:
                st.error("Pilih berkas dulu.")
            else:
                try:
                    e = archive.upload_scan(db, user, year, upload.getvalue(), kind,
                                            upload.name)
                except PerkinError as err:
                    _ui.show_error(err)
                else:
                    _ui.flash(f"Diarsipkan: {e['title']}.")
                    st.rerun()
