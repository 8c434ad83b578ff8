"""Profil Kecamatan: the letterhead data, the logo, and the office's settings."""
import streamlit as st

from lib import clock, letterhead, office, paper, register
from lib.errors import PerkinError
from lib.lkjip import labels as lkjip_labels
from pages import _ui

user = _ui.require_page("pages/admin_profil.py")
db = _ui.get_db()
st.title("Profil Kecamatan")
st.caption("Data ini dipakai pada kop surat, blok tanda tangan dan nomor surat.")

profile = office.get_profile(db)
rev = profile.get("rev") or 0

# ------------------------------------------------------------------ profile
st.subheader("Identitas kantor")
LABELS = {
    "pemerintah": ("Pemerintah Kabupaten", "mis. Pemerintah Kabupaten Lima Puluh Kota"),
    "kecamatan": ("Nama kecamatan", "mis. Kecamatan Guguak"),
    "alamat": ("Alamat kantor", None),
    "telepon": ("Telepon", None),
    "email": ("Email", None),
    "kode_pos": ("Kode pos", None),
    "ibukota": ("Tempat (sebelum tanggal surat)", "mis. Guguak, 23 November 2026"),
    "kode_surat": ("Kode unit pada nomor surat", "mis. CGG pada 900/ /CGG/I/2023"),
}
with st.form(f"admin.profil.form.{rev}"):
    values = {}
    col1, col2 = st.columns(2)
    for i, field in enumerate(office.PROFILE_FIELDS):
        label, help_text = LABELS[field]
        with (col1 if i % 2 == 0 else col2):
            values[field] = st.text_input(label, value=profile.get(field) or "",
                                          key=f"admin.profil.{field}", help=help_text)
    save_profile = st.form_submit_button("Simpan profil", type="primary")
if save_profile:
    try:
        office.update_profile(db, user, values)
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Profil kecamatan disimpan.")
        st.rerun()

# ------------------------------------------------------------------ logo
st.subheader("Logo daerah")
current_values = {k: profile.get(k) or "" for k in office.PROFILE_FIELDS}
col_logo, col_upload = st.columns([1, 2])
with col_logo:
    if profile.get("logo"):
        st.image(bytes(profile["logo"]), caption="Logo saat ini", width=120)
        if st.button("Hapus logo", key="admin.profil.hapus_logo"):
            try:
                office.update_profile(db, user, current_values, remove_logo=True)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash("Logo dihapus.")
                st.rerun()
    else:
        st.info("Belum ada logo. Kop surat dicetak tanpa logo.")
with col_upload:
    with st.form("admin.profil.logo_form", clear_on_submit=True):
        upload = st.file_uploader("Unggah logo (PNG atau JPG, maksimal 2 MB)",
                                  type=["png", "jpg", "jpeg"], key="admin.profil.logo")
        send_logo = st.form_submit_button("Simpan logo")
    if send_logo:
        if upload is None:
            st.warning("Pilih berkas logo terlebih dahulu.")
        else:
            try:
                office.update_profile(db, user, current_values, logo=upload.getvalue())
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash("Logo disimpan.")
                st.rerun()

# ------------------------------------------------------------------ paper and kop
# One block for the paper settings (#15): paper, margins, website in the kop,
# tembusan of the nota dinas; saved together or not at all.
st.subheader("Kertas, margin dan kop surat")
sheet = letterhead.get(db)
with st.form("admin.profil.kertas"):
    website = st.text_input("Website (dicetak di kop surat)", value=sheet["website"],
                            key="admin.profil.website", max_chars=paper.WEBSITE_MAX_CHARS,
                            placeholder="mis. guguak.limapuluhkotakab.go.id")
    paper_size = st.selectbox("Ukuran kertas", list(paper.PAPERS), key="admin.profil.paper",
                              index=list(paper.PAPERS).index(sheet["paper"])
                              if sheet["paper"] in paper.PAPERS else 0,
                              format_func=lambda k: paper.PAPER_LABELS[k])
    st.caption("Margin dalam cm, masing-masing antara 1 dan 5 (pedoman naskah dinas: kiri 3, "
               "kanan 2, atas 2, bawah 2,5). Margin atas diukur dari tepi kertas ke kop.")
    margin_cols = st.columns(4)
    margins = {}
    for col, side in zip(margin_cols, paper.MARGIN_SIDES):
        margins[side] = col.text_input(f"Margin {paper.MARGIN_LABELS[side]} (cm)",
                                       value=paper.format_cm(sheet["margins"][side]),
                                       key=f"admin.profil.margin.{side}")
    tembusan = st.text_area(
        "Tembusan nota dinas (satu tujuan per baris; kosongkan bila tidak ada)",
        value="\n".join(sheet["tembusan"]), key="admin.profil.tembusan",
        help=f"Paling banyak {paper.TEMBUSAN_MAX_ITEMS} tujuan, masing-masing paling banyak "
             f"{paper.TEMBUSAN_MAX_CHARS} karakter.")
    save_paper = st.form_submit_button("Simpan pengaturan kertas", type="primary")
if save_paper:
    _ui.act("Pengaturan kertas dan kop surat disimpan.", letterhead.save, db, user,
            paper_size=paper_size, margins=margins, website=website, tembusan=tembusan)

# ------------------------------------------------------------------ settings
st.subheader("Pengaturan")
klas = office.get_setting(db, "klasifikasi") or {}
doc_types = dict(register.DOC_TYPES)
with st.form("admin.profil.settings"):
    col1, col2 = st.columns(2)
    with col1:
        titles = ["LKjIP", "LAKIP"]
        report_title = st.selectbox(
            "Judul laporan", titles, key="admin.profil.report_title",
            index=titles.index(office.get_setting(db, "report_title"))
            if office.get_setting(db, "report_title") in titles else 0,
            help="LKjIP (Laporan Kinerja Instansi Pemerintah) sejak PermenPANRB 53/2014; "
                 "LAKIP adalah nama sebelumnya.")
        label_sets = list(lkjip_labels.LABEL_SETS)
        stored_set = office.get_setting(db, "lkjip_label_set")
        label_set = st.selectbox(
            "Label predikat capaian", label_sets, key="admin.profil.lkjip_label_set",
            format_func=lambda k: lkjip_labels.LABEL_SET_NAMES[k],
            index=label_sets.index(stored_set) if stored_set in label_sets else 0)
        reviu_required = st.checkbox(
            "Camat baru dapat menyetujui setelah reviu APIP dicatat",
            value=office.get_setting(db, "reviu_required") is True,
            key="admin.profil.reviu_required")
        cap = st.checkbox("Batasi capaian di atas 100% menjadi 100% untuk rata-rata",
                          value=bool(office.get_setting(db, "capaian_cap")),
                          key="admin.profil.capaian_cap",
                          help="Capaian per indikator tetap ditampilkan apa adanya.")
        expiry = st.number_input("Lama sesi masuk (hari)", min_value=1, max_value=30, step=1,
                                 value=int(office.get_setting(db, "session_expiry_days") or 1),
                                 key="admin.profil.session_expiry_days",
                                 help="Sesi berakhir selambatnya selama ini setelah masuk.")
        idle = st.number_input("Sesi berakhir bila tidak dipakai (jam)", min_value=1,
                               max_value=720, step=1,
                               value=int(office.get_setting(db, "session_idle_hours") or 8),
                               key="admin.profil.session_idle_hours")
    with col2:
        pattern = st.text_input(
            "Pola nomor surat", value=office.get_setting(db, "letter_pattern") or "",
            key="admin.profil.letter_pattern",
            help="Bagian yang dapat dipakai: {klasifikasi}, {nomor}, {kode}, {bulan_romawi}, "
                 "{bulan}, {tahun}.")
        new_klas = {}
        for doc_type, label in doc_types.items():
            new_klas[doc_type] = st.text_input(
                f"Kode klasifikasi — {label}", value=klas.get(doc_type, ""),
                key=f"admin.profil.klasifikasi.{doc_type}")
    save_settings = st.form_submit_button("Simpan pengaturan", type="primary")
if save_settings:
    # keep codes of document types this page does not know about
    merged = {**klas, **{k: v for k, v in new_klas.items() if v.strip() or k in klas}}
    try:
        office.set_settings(db, user, {
            "report_title": report_title, "capaian_cap": bool(cap),
            "lkjip_label_set": label_set, "reviu_required": bool(reviu_required),
            "session_expiry_days": int(expiry), "session_idle_hours": int(idle),
            "letter_pattern": pattern.strip(),
            "klasifikasi": merged})
    except PerkinError as err:
        _ui.show_error(err)
    else:
        _ui.flash("Pengaturan disimpan.")
        st.rerun()

stored_pattern = office.get_setting(db, "letter_pattern")
pattern_problems = office.setting_problems("letter_pattern", stored_pattern)
if pattern_problems:
    st.warning("Pola nomor surat yang tersimpan belum benar: " + " ".join(pattern_problems))
else:
    st.caption("Contoh nomor surat pengantar berikutnya: "
               + register.preview_next(db, "surat-pengantar", clock.now().date()))
