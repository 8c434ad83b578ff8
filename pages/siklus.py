"""Siklus LAKIP: the year's 13 steps with their state and office minutes, and
the forms that complete the steps this user may do now."""

import streamlit as st

from lib import clock, cycles, office, spelling, tasks, users
from lib.errors import PerkinError
from lib.services import workflow
from pages import _ui

user = _ui.require_page("pages/siklus.py")
db = _ui.get_db()
REPORT = _ui.report_title(db)   # LKjIP or LAKIP, as the office calls it
now = clock.now()

st.title(f"Siklus {REPORT}")

all_cycles = cycles.list_cycles(db)
if "camat" in user.roles:
    with st.expander("Mulai siklus tahun baru (langkah 1)", expanded=not all_cycles):
        with st.form("siklus.mulai"):
            year = st.number_input("Tahun laporan", min_value=2000, max_value=now.year + 1,
                                   value=cycles.default_year(now), step=1, key="siklus.mulai.tahun")
            nomor = st.text_input("Nomor nota dinas dari buku agenda (kosongkan untuk nomor "
                                  "otomatis dari register)", key="siklus.mulai.nomor")
            go = st.form_submit_button(f"Perintahkan penyusunan {REPORT}", type="primary")
        if go:
            try:
                c = workflow.start_cycle(db, user, int(year), nota_number=nomor)
            except PerkinError as err:
                _ui.show_error(err)
            else:
                _ui.flash(f"Siklus {REPORT} {c.year} dimulai; Sekcam dapat melanjutkan langkah 2.")
                st.rerun()

if not all_cycles:
    st.info(f"Belum ada siklus {REPORT}. Camat memulainya dengan memerintahkan penyusunan {REPORT}.")
    st.stop()

focus = _ui.take_focus("pages/siklus.py", "siklus.tahun", [c.year for c in all_cycles])
year = st.selectbox("Tahun laporan", [c.year for c in all_cycles], key="siklus.tahun")
cycle = cycles.get_cycle(db, year)
defn = cycles.definition(db, cycle)
status = "Selesai" if cycle.closed else "Berjalan"
st.caption(f"Status: **{status}** · Versi {REPORT}: {cycle.version} · Revisi SOP: "
           f"{cycle.revision_id}")

# ---------------------------------------------------------------- actions
actions = [a for a in cycles.available_actions(db, user, year, now=now)
           if a.kind not in ("mulai",)]
all_users = users.list_users(db, active_only=True)
names = [f"{u.name} ({u.jabatan or u.role_label})" for u in all_users]
kepala_daerah, daerah = office.region(office.get_profile(db))

LINKS = {"isi_format": ("pages/formulir.py", "Buka Formulir Unit"),
         "periksa_unit": ("pages/pemeriksaan.py", "Buka Pemeriksaan Format"),
         "persetujuan": ("pages/persetujuan.py", "Buka Persetujuan"),
         "buka_kembali": ("pages/persetujuan.py", "Buka Persetujuan"),
         "draft": ("pages/penyusunan.py", f"Buka Penyusunan {REPORT}")}
allowed = {p.path for p in _ui.pages_for(user)}


def complete(step_no: int, data: dict, done: str) -> None:
    _ui.act(done, workflow.complete_step, db, user, year, step_no, data)


def decide(decision: str, reason: str) -> None:
    _ui.act("Keputusan dicatat.", workflow.review_draft, db, user, year, decision, reason)


st.subheader("Langkah yang dapat Anda kerjakan")
if not actions:
    st.info("Tidak ada langkah siklus ini yang menunggu Anda.")
seen_kinds = set()
if focus and focus.get("step") is not None:
    # the step a Beranda card named comes first, marked
    actions.sort(key=lambda a: a.step_no != focus["step"])
for a in actions:
    if a.kind in seen_kinds and a.kind in ("periksa_unit",):
        continue
    seen_kinds.add(a.kind)
    with st.container(border=True):
        if focus and focus.get("step") == a.step_no:
            st.caption("Dibuka dari Tugas saya", help="Kerjakan di Beranda membuka langkah ini.")
        st.markdown(f"**{_ui.escape_md(tasks.title(db, a, year))}**")
        if a.reason:
            st.error(f"Dikembalikan: {_ui.escape_md(a.reason)}")
        step = defn.step(a.step_no) if a.step_no else None
        if step is not None:
            st.caption(f"Kelengkapan: {_ui.escape_md(step.kelengkapan)} · "
                       f"Mutu Baku {step.minutes} menit")
        k = f"siklus.{a.step_no}"
        if a.kind in LINKS and a.kind not in ("draft",):
            page, label = LINKS[a.kind]
            if page in allowed and st.button(label, key=k + ".go"):
                st.switch_page(page)
            if a.kind == "persetujuan":
                pass
            continue
        if a.kind == "rapat_koordinasi":
            with st.form(k):
                tgl = st.date_input("Tanggal rapat koordinasi", value=now.date(), key=k + ".tgl",
                                    format="DD/MM/YYYY")
                peserta = st.multiselect("Peserta", names, key=k + ".peserta", placeholder="Pilih peserta")
                serah = st.checkbox("Format kosong sudah diserahkan kepada semua unit",
                                    key=k + ".serah")
                catatan = st.text_area("Catatan", key=k + ".catatan")
                if st.form_submit_button("Selesaikan langkah 2", type="primary"):
                    complete(a.step_no, {"tanggal": tgl, "peserta": peserta,
                                         "format_diserahkan": serah, "catatan": catatan},
                             "Rapat koordinasi dicatat; unit dapat mengisi format.")
        elif a.kind == "himpun":
            with st.form(k):
                catatan = st.text_area("Catatan penghimpunan", key=k + ".catatan")
                if st.form_submit_button("Himpun format semua unit (selesaikan langkah 4)",
                                         type="primary"):
                    complete(a.step_no, {"catatan": catatan},
                             "Format dihimpun; Sekcam dapat memeriksa.")
        elif a.kind == "draft":
            if "pages/penyusunan.py" in allowed and st.button(f"Buka Penyusunan {REPORT}",
                                                              key=k + ".go"):
                st.switch_page("pages/penyusunan.py")
            with st.form(k):
                catatan = st.text_area("Catatan draft", key=k + ".catatan")
                if st.form_submit_button("Draft selesai, kirim ke Sekcam", type="primary"):
                    complete(a.step_no, {"catatan": catatan}, f"Draft {REPORT} dikirim ke Sekcam.")
        elif a.kind == "koreksi_draft":
            left, right = st.columns([3, 2])
            with left:
                _ui.paper("lakip", year, key=k + ".draft", label=f"Unduh draft {REPORT} (PDF)",
                          preview=2)
            with right.form(k):
                alasan = st.text_area("Alasan (wajib bila dikembalikan)", key=k + ".alasan")
                ok = st.form_submit_button("Terima draft", type="primary", width="stretch")
                back = st.form_submit_button("Kembalikan untuk revisi", width="stretch")
            if ok:
                decide("terima", "")
            if back:
                decide("kembalikan", alasan)
        elif a.kind == "rapat_finalisasi":
            with st.form(k):
                tgl = st.date_input("Tanggal rapat", value=now.date(), key=k + ".tgl",
                                    format="DD/MM/YYYY")
                waktu = st.text_input("Waktu", value="09.00 WIB", key=k + ".waktu")
                tempat = st.text_input("Tempat", value="Aula Kantor Camat", key=k + ".tempat")
                pimpinan = st.text_input("Pimpinan rapat", value="Camat", key=k + ".pimpinan")
                peserta = st.multiselect("Daftar hadir", names,
                                         key=k + ".peserta",
                                         placeholder="Pilih peserta yang hadir")
                agenda = st.text_area("Agenda (satu per baris)", key=k + ".agenda")
                pembahasan = st.text_area("Pembahasan (satu per baris)", key=k + ".pembahasan")
                keputusan = st.text_area("Keputusan (satu per baris)", key=k + ".keputusan")
                tamu = st.text_area(
                    "Tamu dari luar kantor (satu per baris: Nama; Jabatan; Instansi)",
                    key=k + ".tamu",
                    placeholder="mis. Ir. Yusra Dewi; Kepala Bidang Perencanaan; Bappeda",
                    help="Nama wajib diisi; jabatan dan instansi dicetak di daftar hadir.")
                notulis_options = [n for n, u in zip(names, all_users) if u.role == "sekcam"] \
                    + [n for n, u in zip(names, all_users) if u.role != "sekcam"]
                notulis = st.selectbox("Notulis", notulis_options, key=k + ".notulis",
                                       help="Yang mencatat rapat dan menandatangani notulen.")
                if st.form_submit_button("Catat rapat finalisasi", type="primary"):
                    complete(a.step_no, {"tanggal": tgl, "waktu": waktu, "tempat": tempat,
                                         "pimpinan": pimpinan, "notulis": notulis or "",
                                         "peserta": peserta,
                                         "tamu": tamu, "agenda": agenda,
                                         "pembahasan": pembahasan, "keputusan": keputusan},
                             "Rapat finalisasi dicatat.")
            _ui.paper("lakip", year, key=k + ".draft", label=f"Unduh draft {REPORT} untuk rapat (PDF)")
        elif a.kind == "serah":
            with st.form(k):
                tgl = st.date_input("Tanggal penyerahan", value=now.date(), key=k + ".tgl",
                                    format="DD/MM/YYYY")
                catatan = st.text_area("Catatan", key=k + ".catatan")
                if st.form_submit_button(f"Serahkan {REPORT} kepada Camat", type="primary"):
                    complete(a.step_no, {"tanggal": tgl, "catatan": catatan},
                             f"{REPORT} diserahkan kepada Camat untuk persetujuan.")
            _ui.paper("lakip", year, key=k + ".draft", label=f"Unduh {REPORT} yang diserahkan (PDF)")
        elif a.kind == "surat_pengantar":
            with st.form(k):
                kepada = st.text_input("Kepada", value=f"{kepala_daerah} c.q. Kepala "
                                       "Bappeda", key=k + ".kepada")
                tgl = st.date_input("Tanggal surat", value=now.date(), key=k + ".tgl",
                                    format="DD/MM/YYYY")
                nomor = st.text_input("Nomor dari buku agenda (kosongkan untuk nomor otomatis)",
                                      key=k + ".nomor")
                lampiran = st.text_input("Lampiran", value=f"1 (satu) berkas {REPORT}",
                                         key=k + ".lampiran")
                if st.form_submit_button("Beri nomor dan buat surat pengantar", type="primary"):
                    complete(a.step_no, {"kepada": kepada, "tanggal": tgl, "nomor": nomor,
                                         "lampiran": lampiran},
                             "Surat pengantar bernomor dibuat.")
        elif a.kind == "penggandaan":
            with st.form(k):
                n = st.number_input("Jumlah eksemplar", min_value=1, max_value=1000, value=3,
                                    key=k + ".n")
                if st.form_submit_button("Catat penggandaan", type="primary"):
                    complete(a.step_no, {"eksemplar": int(n)}, "Penggandaan dicatat.")
            _ui.paper("surat-pengantar", year, key=k + ".surat",
                      label="Unduh surat pengantar bernomor (PDF)")
        elif a.kind == "pengiriman":
            with st.form(k):
                kepada = st.text_input("Dikirim kepada", value="Bagian Organisasi Setda "
                                       f"{daerah}", key=k + ".kepada")
                tgl = st.date_input("Tanggal pengiriman", value=now.date(), key=k + ".tgl",
                                    format="DD/MM/YYYY")
                cara = st.selectbox("Cara pengiriman", ["Diantar langsung", "Pos", "Kurir",
                                                        "Surel/SRIKANDI"], key=k + ".cara")
                penerima = st.text_input("Diterima oleh", key=k + ".penerima")
                n = st.number_input("Jumlah eksemplar", min_value=1, max_value=1000, value=2,
                                    key=k + ".n")
                if st.form_submit_button("Catat pengiriman", type="primary"):
                    complete(a.step_no, {"kepada": kepada, "tanggal": tgl, "cara": cara,
                                         "diterima_oleh": penerima, "eksemplar": int(n)},
                             "Pengiriman dicatat.")
            _ui.paper("surat-pengantar", year, key=k + ".surat",
                      label="Unduh surat pengantar bernomor (PDF)")
        else:  # umum: any step an office added
            with st.form(k):
                catatan = st.text_area("Catatan penyelesaian", key=k + ".catatan")
                if st.form_submit_button(f"Selesaikan langkah {a.step_no}", type="primary"):
                    complete(a.step_no, {"catatan": catatan}, f"Langkah {a.step_no} selesai.")

# ---------------------------------------------------------------- timeline
letter = defn.step_of_kind("surat_pengantar")
if letter is not None and any(r.step_no == letter.no and r.outcome == "selesai"
                              and r.version == cycle.version for r in cycles.runs(db, cycle)):
    with st.container(border=True):
        st.markdown(f"**Surat pengantar bernomor (langkah {letter.no})**")
        _ui.paper("surat-pengantar", year, key="siklus.surat", label="Unduh surat pengantar (PDF)")
st.subheader("Linimasa langkah")
rows = cycles.timeline(db, year, now=now)
_ui.paper_table(_ui.TIMELINE_GRID, [dict(
    r, putaran_versi=(f"{r['Putaran']} / {r['Versi']}" if r["Putaran"] is not None else "–"),
    Hasil=r["Hasil"] if r["Dibuka"] else "Menunggu") for r in rows], key="siklus.linimasa")
c1, c2 = st.columns(2)
c1.download_button("Unduh linimasa (.xlsx)",
                   _ui.deferred(cycles.export_timeline, year, "xlsx", now=now),
                   file_name=f"linimasa-lakip-{year}.xlsx", key="siklus.dl.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
c2.download_button("Unduh linimasa (.csv)",
                   _ui.deferred(cycles.export_timeline, year, "csv", now=now),
                   file_name=f"linimasa-lakip-{year}.csv", key="siklus.dl.csv", mime="text/csv")

states = cycles.unit_states(db, cycle)
if states:
    st.subheader("Status format per unit")
    _ui.paper_table(_ui.UNIT_STATE_GRID, _ui.unit_state_rows(states), key="siklus.unit")
