"""Perencanaan Kinerja: the facts the LKjIP is written from - the year's
Perjanjian Kinerja in versions, the programme list, the Renstra and its sasaran,
the indicator cards with earlier years, the SDM table and the region's facts.
Everyone in the cycle may read; each tab's owner edits (checked again in lib)."""
import pandas as pd
import streamlit as st

from lib import access, clock, cycles
from lib.format import store
from lib.errors import PerkinError
from lib.spelling import format_date, format_number, format_rupiah
from lib.planning import cards, facts, pk, pk_paper, programs, renstra
from pages import _ui

user = _ui.require_page("pages/perencanaan.py")
db = _ui.get_db()
esc = _ui.escape_md

st.title("Perencanaan Kinerja")
this_year = cycles.default_year(clock.now())
years = sorted({c.year for c in cycles.list_cycles(db)} | set(store.years_with_rows(db))
               | {this_year, this_year + 1}, reverse=True)
year = st.selectbox("Tahun", years, index=years.index(this_year), key="rencana.tahun")

tab_pk, tab_prog, tab_renstra, tab_kartu, tab_sdm, tab_wil = st.tabs([
    "Perjanjian Kinerja", "Program", "Renstra", "Kartu Indikator", "SDM", "Data Wilayah"])


def _rows_table(rows: list[dict], numbers: dict[str, str] | None = None, target=None) -> None:
    """Years, row numbers and versions stay plain (identifiers); ``numbers`` are spelled."""
    if rows:
        _ui.number_table(rows, numbers, target=target)


# ====================================================================== PK
with tab_pk:
    versions = pk.list_versions(db, year)
    for r in pk.reviews(db, year):
        c1, c2 = st.columns([5, 1])
        c1.warning(f"{esc(r['unit_name'])}: {esc(r['message'])}")
        if access.can(user, "pk.review") and c2.button("Sudah ditinjau",
                                                       key=f"rencana.tinjau.{r['id']}"):
            _ui.act("Perubahan PK ditandai sudah ditinjau.", pk.resolve_review, db, user,
                    r["id"])
    if not versions:
        st.info(f"Perjanjian Kinerja tahun {year} belum dibuat. Versi 1 diambil dari Master "
                "Indikator dan daftar Program tahun ini.")
        if access.can(user, "pk.edit"):
            with st.form("rencana.pk_buat"):
                tanggal = st.date_input("Tanggal penandatanganan", value=clock.now().date(),
                                        format="DD/MM/YYYY")
                ket = st.text_input("Keterangan (opsional)")
                if st.form_submit_button("Buat Perjanjian Kinerja versi 1", type="primary"):
                    _ui.act("Perjanjian Kinerja versi 1 dibuat.", pk.create_first, db, user,
                            year, tanggal, ket)
    else:
        _rows_table([{"Versi": str(v.versi), "Tanggal": format_date(v.tanggal),
                      "Alasan": v.alasan_label, "Pihak Pertama": v.pihak_pertama.nama,
                      "Pihak Kedua": v.pihak_kedua.nama, "Indikator": len(v.targets),
                      "Anggaran": v.total_anggaran,
                      "Berlaku": "Ya" if v.versi == versions[-1].versi else ""}
                     for v in versions], {"Indikator": "bilangan", "Anggaran": "rupiah"})
        versi = st.selectbox("Lihat versi", [v.versi for v in versions][::-1],
                             format_func=lambda n: f"Versi {n}", key="rencana.pk_versi")
        v = next(x for x in versions if x.versi == versi)
        st.markdown(f"**Versi {v.versi}** · {format_date(v.tanggal)} · {esc(v.alasan_label)}"
                    + (f" · {esc(v.keterangan)}" if v.keterangan else ""))
        _rows_table([{"No": str(t.sort), "Sasaran Strategis": t.sasaran,
                      "Indikator Kinerja": t.indikator, "Satuan": t.satuan,
                      "Target": t.target} for t in v.targets])
        _rows_table([{"No": str(p.sort), "Program": f"{p.code} {p.name}".strip(),
                      "Anggaran": p.anggaran} for p in v.programs], {"Anggaran": "rupiah"})
        st.download_button("Unduh PDF Perjanjian Kinerja", key=f"rencana.pk_pdf.{v.versi}",
                           data=_ui.deferred(lambda d, y, n: pk_paper.render(d, y, n)[0],
                                             year, v.versi),
                           file_name=f"perjanjian-kinerja-{year}-v{v.versi}.pdf",
                           mime="application/pdf")
        _ui.word_button(st, "pk", year, f"perjanjian-kinerja-{year}-v{v.versi}.pdf",
                        key=f"rencana.pk_pdf.{v.versi}", label="Unduh Word Perjanjian Kinerja",
                        versi=v.versi)
        st.markdown("**Pindaian bertanda tangan**")
        st.caption("Pindaian disimpan dan ditampilkan sebagai pindaian; Perkin tidak "
                   "memverifikasi tanda tangan di dalamnya.")
        for s in pk.list_scans(db, year, v.versi):
            c1, c2 = st.columns([4, 1])
            c1.markdown(f"Pindaian (tidak diverifikasi): {esc(s['filename'])}, "
                        f"{format_number(round(s['size'] / 1024))} KB, diunggah "
                        f"{esc(s['uploaded_by_name'])}")
            meta, body = pk.get_scan(db, s["id"])
            c2.download_button("Unduh", body, file_name=meta["filename"], mime=meta["mime"],
                               key=f"rencana.pindaian.{s['id']}")
        if access.can(user, "pk.scan"):
            up_n = st.session_state.get("rencana.pindaian_n", 0)
            scan = _ui.uploader("pk_pindaian", lead="Unggah pindaian versi ini",
                                key=f"rencana.pindaian_unggah.{v.versi}.{up_n}")
            if scan is not None and st.button("Simpan pindaian", key="rencana.pindaian_simpan"):
                st.session_state["rencana.pindaian_n"] = up_n + 1
                _ui.act("Pindaian tersimpan.", pk.upload_scan, db, user, year, v.versi,
                        scan.getvalue(), scan.name)
        if access.can(user, "pk.edit"):
            st.subheader("Revisi Perjanjian Kinerja")
            st.caption("Revisi hanya karena pergantian pejabat, perubahan program atau "
                       "anggaran, atau perubahan prioritas. Versi sebelumnya tetap tersimpan; "
                       "formulir unit mengikuti target versi terbaru.")
            cur = versions[-1]
            rows = {r["id"]: r for r in store.list_rows(db, year)}
            base_t = pd.DataFrame([{"id": t.indicator_id, "Indikator Kinerja": t.indikator,
                                    "Target berlaku": t.target, "Target baru": t.target}
                                   for t in cur.targets if t.indicator_id in rows])
            base_p = pd.DataFrame([{"id": p.program_id, "Program": p.name,
                                    "Anggaran berlaku": format_rupiah(p.anggaran),
                                    "Anggaran baru": format_rupiah(p.anggaran)}
                                   for p in cur.programs if p.program_id])
            with st.form("rencana.pk_revisi"):
                alasan = st.selectbox("Alasan revisi", [None, *pk.REASONS],
                                      format_func=lambda k: "(pilih alasan)" if k is None
                                      else pk.REASONS[k])
                tanggal = st.date_input("Tanggal revisi", value=clock.now().date(),
                                        format="DD/MM/YYYY")
                ket = st.text_input("Keterangan")
                et = st.data_editor(base_t, key="rencana.pk_target", hide_index=True,
                                    placeholder="–",
                                    width="stretch", disabled=["id", "Indikator Kinerja",
                                                               "Target berlaku"],
                                    column_config={"id": None})
                ep = st.data_editor(base_p, key="rencana.pk_anggaran", hide_index=True,
                                    placeholder="–",
                                    width="stretch", disabled=["id", "Program",
                                                               "Anggaran berlaku"],
                                    column_config={"id": None})
                if st.form_submit_button("Simpan revisi", type="primary"):
                    targets = {int(r["id"]): r["Target baru"] for _, r in et.iterrows()
                               if str(r["Target baru"]).strip() != str(r["Target berlaku"])}
                    amounts = {int(r["id"]): r["Anggaran baru"] for _, r in ep.iterrows()
                               if str(r["Anggaran baru"]).strip() != str(r["Anggaran berlaku"])}
                    _ui.act("Revisi Perjanjian Kinerja tersimpan.", pk.revise, db, user, year,
                            alasan=alasan, tanggal=tanggal, targets=targets, anggaran=amounts,
                            keterangan=ket)

# ====================================================================== programmes
with tab_prog:
    progs = programs.list_programs(db, year)
    editable = access.can(user, "program.edit")
    if progs:
        _rows_table([{"Kode": p.code, "Program": p.name, "Pagu": p.pagu,
                      "Baris formulir": p.rows, "Baris anggaran": p.budget_rows}
                     for p in progs], {"Pagu": "rupiah", "Baris formulir": "bilangan",
                                       "Baris anggaran": "bilangan"})
    else:
        st.info(f"Tahun {year} belum memiliki daftar program.")
        if editable and st.button(f"Salin dari tahun lalu ({year - 1})", key="rencana.prog_salin"):
            _ui.act("Daftar program disalin.", programs.copy_year, db, user, year)
    if editable:
        labels = {None: "(program baru)"} | {p.id: p.label for p in progs}
        pick = st.selectbox("Program", list(labels), format_func=lambda k: labels[k],
                            key="rencana.prog_pilih")
        cur = next((p for p in progs if p.id == pick), None)
        with st.form(f"rencana.prog_form.{pick}"):
            a, b, c = st.columns([1, 4, 2])
            code = a.text_input("Kode (opsional)", value=cur.code if cur else "")
            name = b.text_input("Nama program", value=cur.name if cur else "")
            pagu = c.text_input("Pagu (Rp)", value=format_number(cur.pagu) if cur else "")
            if st.form_submit_button("Simpan program", type="primary"):
                _ui.act("Program tersimpan.", programs.save_program, db, user, year,
                        {"code": code, "name": name, "pagu": pagu}, program_id=pick)
        if cur is not None and st.button("Hapus program ini", key="rencana.prog_hapus"):
            _ui.act("Program dihapus.", programs.delete_program, db, user, pick)
    unlinked_b = programs.unlinked_budget(db, year)
    unlinked_r = programs.unlinked_rows(db, year)
    if (unlinked_b or unlinked_r) and progs:
        st.subheader("Belum tertaut ke program")
        st.caption("Teks program yang tidak sama persis dengan daftar program. Pilih program "
                   "yang dimaksud; Perkin tidak menautkan dengan menebak.")
        options = [None] + [p.id for p in progs]
        names = {p.id: p.label for p in progs}
        for r in unlinked_b:
            c1, c2 = st.columns([3, 2])
            c1.markdown(f"Anggaran: {esc(r['program'])} ({format_rupiah(r['pagu'])})")
            choice = c2.selectbox("Program", options, key=f"rencana.taut_b.{r['id']}",
                                  format_func=lambda k: "(pilih)" if k is None else names[k],
                                  label_visibility="collapsed")
            if choice is not None and access.can(user, "program.link"):
                _ui.act("Baris anggaran ditautkan.", programs.link_budget_row, db, user,
                        r["id"], choice)
        for r in unlinked_r:
            c1, c2 = st.columns([3, 2])
            c1.markdown(f"Formulir: {esc(r['indikator'])} – {esc(r['program'])}")
            choice = c2.selectbox("Program", options, key=f"rencana.taut_r.{r['id']}",
                                  format_func=lambda k: "(pilih)" if k is None else names[k],
                                  label_visibility="collapsed")
            if choice is not None and access.can(user, "master.edit"):
                _ui.act("Baris formulir ditautkan.", programs.link_indicator_row, db, user,
                        r["id"], choice)

# ====================================================================== Renstra
with tab_renstra:
    period = renstra.period_for_year(db, year)
    can_edit = access.can(user, "renstra.edit")
    periods = renstra.list_periods(db)
    if periods:
        _rows_table([{"Periode": p.label, "Nomor": p.nomor, "Sasaran": len(p.sasaran)}
                     for p in periods], {"Sasaran": "bilangan"})
    if period is None:
        st.info(f"Belum ada periode Renstra yang memuat tahun {year}.")
    else:
        st.markdown(f"**{esc(period.label)}** {esc(period.nomor)}")
        st.markdown(f"**Visi:** {esc(period.visi)}")
        if period.misi:
            st.markdown("**Misi:**\n" + "\n".join(f"{i}. {esc(m)}"
                                                  for i, m in enumerate(period.misi, 1)))
        if period.tujuan:
            st.markdown("**Tujuan:**\n" + "\n".join(f"{i}. {esc(t)}"
                                                    for i, t in enumerate(period.tujuan, 1)))
        _rows_table([{"Kode": s.kode, "Sasaran Strategis": s.text} for s in period.sasaran])
    if can_edit:
        with st.expander("Ubah periode Renstra" if period else "Buat periode Renstra",
                         expanded=period is None):
            with st.form(f"rencana.renstra.{period.id if period else 0}"):
                a, b = st.columns(2)
                start = a.number_input("Tahun awal", 2000, 2100,
                                       value=period.start_year if period else year)
                end = b.number_input("Tahun akhir", 2000, 2100,
                                     value=period.end_year if period else year + 4)
                nomor = st.text_input("Nomor dokumen Renstra", value=period.nomor if period else "")
                visi = st.text_area("Visi", value=period.visi if period else "")
                misi = st.text_area("Misi (satu per baris)",
                                    value="\n".join(period.misi) if period else "")
                tujuan = st.text_area("Tujuan (satu per baris)",
                                      value="\n".join(period.tujuan) if period else "")
                if st.form_submit_button("Simpan Renstra", type="primary"):
                    _ui.act("Renstra tersimpan.", renstra.save_period, db, user,
                            {"start_year": start, "end_year": end, "nomor": nomor,
                             "visi": visi, "misi": misi, "tujuan": tujuan},
                            period_id=period.id if period else None)
        if period is not None:
            labels = {None: "(sasaran baru)"} | {s.id: f"{s.kode} {s.text}" for s in period.sasaran}
            pick = st.selectbox("Sasaran strategis", list(labels),
                                format_func=lambda k: labels[k], key="rencana.sasaran_pilih")
            cur = next((s for s in period.sasaran if s.id == pick), None)
            with st.form(f"rencana.sasaran_form.{pick}"):
                kode = st.text_input("Kode", value=cur.kode if cur else "")
                text = st.text_area("Rumusan sasaran", value=cur.text if cur else "")
                st.caption("Memperbaiki rumusan tidak memutus baris, analisis dan laporan "
                           "yang merujuk sasaran ini.")
                if st.form_submit_button("Simpan sasaran", type="primary"):
                    _ui.act("Sasaran tersimpan.", renstra.save_sasaran, db, user, period.id,
                            {"kode": kode, "text": text}, sasaran_id=pick)
            unlinked = db.execute("SELECT COUNT(*) FROM indicators WHERE year = ? AND "
                                  "sasaran_id IS NULL", [year]).fetchone()[0]
            if unlinked:
                st.warning(f"{format_number(unlinked)} baris tahun {year} belum merujuk sasaran "
                           "Renstra.")
                if st.button("Tautkan baris yang rumusannya sama persis",
                             key="rencana.sasaran_tautkan"):
                    try:
                        res = renstra.link_year(db, user, year)
                    except PerkinError as err:
                        _ui.show_error(err)
                    else:
                        msg = f"{res['tertaut']} baris ditautkan."
                        if res["belum"]:
                            msg += " Belum cocok: " + "; ".join(res["belum"][:5])
                        _ui.flash(msg, "success" if not res["belum"] else "warning")
                        st.rerun()

# ====================================================================== cards
with tab_kartu:
    year_cards = cards.list_cards(db, year)
    can_card = access.can(user, "card.edit")
    if not year_cards:
        st.info(f"Baris tahun {year} belum memiliki kartu indikator.")
    if can_card and st.button("Salin dari tahun lalu (kartu indikator)",
                              key="rencana.kartu_salin"):
        _ui.act("Kartu indikator dibawa ke tahun ini.", cards.carry_from_last_year, db, user,
                year)
    for w in cards.missing_years(db, year):
        st.caption(f"Peringatan: {esc(w)}")
    if year_cards:
        names = {c.id: f"{c.unit_code} · {c.indikator}" for c in year_cards}
        cid = st.selectbox("Indikator", list(names), format_func=lambda k: names[k],
                           key="rencana.kartu_pilih")
        c = cards.get_card(db, cid)
        period = renstra.period_for_year(db, year)
        sas = {None: "(belum)"} | ({s.id: f"{s.kode} {s.text}" for s in period.sasaran}
                                   if period else {})
        with st.form(f"rencana.kartu_form.{cid}"):
            definisi = st.text_area("Definisi", value=c.definisi)
            formula = st.text_input("Formula", value=c.formula)
            a, b, d = st.columns(3)
            satuan = a.text_input("Satuan", value=c.satuan)
            polarity = b.selectbox("Polaritas", cards.POLARITIES,
                                   index=cards.POLARITIES.index(c.polarity))
            is_iku = d.checkbox("IKU", value=c.is_iku)
            sumber = st.text_input("Sumber data", value=c.sumber_data)
            sasaran = st.selectbox("Sasaran Renstra", list(sas), format_func=lambda k: sas[k],
                                   index=list(sas).index(c.sasaran_id)
                                   if c.sasaran_id in sas else 0)
            a, b = st.columns(2)
            target_akhir = a.text_input("Target akhir Renstra", value=c.target_akhir)
            target_tahun = b.text_input("Tahun target akhir",
                                        value=str(c.target_akhir_tahun or ""))
            a, b, d = st.columns(3)
            jenis = a.selectbox("Standar", list(cards.STANDAR_JENIS),
                                format_func=lambda k: cards.STANDAR_JENIS[k] or "(tidak ada)",
                                index=list(cards.STANDAR_JENIS).index(c.standar_jenis))
            nilai = b.text_input("Nilai standar", value=c.standar_nilai)
            sumber_std = d.text_input("Sumber standar", value=c.standar_sumber)
            if st.form_submit_button("Simpan kartu", type="primary", disabled=not can_card):
                _ui.act("Kartu indikator tersimpan.", cards.save_card, db, user, cid, {
                    "definisi": definisi, "formula": formula, "satuan": satuan,
                    "polarity": polarity, "is_iku": is_iku, "sumber_data": sumber,
                    "sasaran_id": sasaran, "target_akhir": target_akhir,
                    "target_akhir_tahun": target_tahun, "standar_jenis": jenis,
                    "standar_nilai": nilai, "standar_sumber": sumber_std, "unit": c.unit_code})
        st.markdown("**Data tahun-tahun sebelumnya**")
        src = {"perkin": "Formulir Perkin", "ketik": "Diketik", "impor": "Impor Excel"}
        _rows_table([{"Tahun": str(h["year"]), "Target": h["target"], "Realisasi": h["realisasi"],
                      "Sumber": src.get(h["sumber"], h["sumber"])} for h in cards.history(db, cid)])
        if can_card:
            with st.form(f"rencana.kartu_tahun.{cid}"):
                a, b, d = st.columns(3)
                y = a.number_input("Tahun", 2000, 2100, value=year - 1)
                t = b.text_input("Target")
                r = d.text_input("Realisasi")
                if st.form_submit_button("Simpan data tahun"):
                    _ui.act("Data tahun sebelumnya tersimpan.", cards.set_year, db, user, cid,
                            y, t, r)
            st.markdown("**Impor tahun-tahun sebelumnya dari Excel**")
            st.download_button("Unduh templat Excel", key="rencana.kartu_templat",
                               data=_ui.deferred(cards.write_years_template, year),
                               file_name=f"tahun-sebelumnya-{year}.xlsx")
            n = st.session_state.get("rencana.kartu_impor_n", 0)
            up = _ui.uploader("tahun", key=f"rencana.kartu_impor.{n}",
                              help="Kolom: Indikator Kinerja, Tahun, Target, Realisasi (dan "
                                   "Unit bila dua unit memakai nama indikator yang sama).")
            if up is not None:
                try:
                    pv = cards.preview_years_import(db, user, up.getvalue())
                except PerkinError as err:
                    _ui.show_error(err)
                else:
                    _rows_table([{"Baris Excel": str(r["excel_row"]),
                                  "Indikator": r["indikator"],
                                  "Tahun": str(r["year"] or ""), "Target": r["target"],
                                  "Realisasi": r["realisasi"],
                                  "Masalah": "; ".join(r["problems"])} for r in pv.rows])
                    if not pv.ok:
                        st.error("Belum dapat diimpor; tidak ada yang disimpan. Perbaiki baris "
                                 "bermasalah lalu unggah ulang.")
                    elif st.button("Simpan hasil impor", key="rencana.kartu_impor_simpan",
                                   type="primary"):
                        st.session_state["rencana.kartu_impor_n"] = n + 1
                        _ui.act(f"{len(pv.rows)} baris tersimpan.", cards.apply_years_import,
                                db, user, pv)

# ====================================================================== SDM
with tab_sdm:
    sdm = facts.get_sdm(db, year)
    totals = facts.sdm_totals(db, year)
    for w in facts.sdm_warnings(db, year):
        st.warning(w)
    a, b = st.columns(2)
    _rows_table([{"Golongan": k, "Jumlah": v} for k, v in sdm["golongan"].items()]
                + [{"Golongan": "Jumlah", "Jumlah": totals["golongan"]}], {"Jumlah": "bilangan"},
                target=a)
    _rows_table([{"Pendidikan": k, "Jumlah": v} for k, v in sdm["pendidikan"].items()]
                + [{"Pendidikan": "Jumlah", "Jumlah": totals["pendidikan"]}],
                {"Jumlah": "bilangan"}, target=b)
    if access.can(user, "sdm.edit"):
        with st.form(f"rencana.sdm.{year}"):
            values = {"golongan": {}, "pendidikan": {}}
            a, b = st.columns(2)
            for k in facts.GOLONGAN:
                values["golongan"][k] = a.number_input(f"Golongan {k}", 0, facts.MAX_COUNT,
                                                       value=sdm["golongan"][k])
            for k in facts.PENDIDIKAN:
                values["pendidikan"][k] = b.number_input(k, 0, facts.MAX_COUNT,
                                                         value=sdm["pendidikan"][k])
            if st.form_submit_button("Simpan data SDM", type="primary"):
                _ui.act("Data SDM tersimpan.", facts.save_sdm, db, user, year, values)

# ====================================================================== region facts
with tab_wil:
    f = facts.get_facts(db)
    nama, jabatan = facts.kepala_daerah(db)
    st.markdown(f"**Kepala daerah:** {esc(nama or '(belum diisi)')}, {esc(jabatan)}")
    if f.luas_wilayah is not None:
        st.markdown(f"**Luas wilayah:** {format_number(f.luas_wilayah)} km²")
    if f.jumlah_penduduk is not None:
        st.markdown(f"**Jumlah penduduk:** {format_number(f.jumlah_penduduk)} jiwa "
                    f"(tahun {f.penduduk_tahun})")
    if access.can(user, "facts.edit"):
        with st.form("rencana.wilayah"):
            a, b = st.columns(2)
            kd_nama = a.text_input("Nama Bupati/Wali Kota", value=f.kepala_daerah_nama)
            kd_jab = b.text_input("Jabatan (mis. Bupati Lima Puluh Kota)",
                                  value=f.kepala_daerah_jabatan or jabatan)
            a, b, c, d = st.columns(4)
            luas = a.text_input("Luas wilayah (km²)",
                                value=format_number(f.luas_wilayah) if f.luas_wilayah is not None
                                else "")
            nagari = b.text_input("Jumlah nagari", value="" if f.jumlah_nagari is None else str(f.jumlah_nagari))
            desa = c.text_input("Jumlah desa", value="" if f.jumlah_desa is None else str(f.jumlah_desa))
            kel = d.text_input("Jumlah kelurahan", value="" if f.jumlah_kelurahan is None else str(f.jumlah_kelurahan))
            a, b = st.columns(2)
            pend = a.text_input("Jumlah penduduk",
                                value=format_number(f.jumlah_penduduk)
                                if f.jumlah_penduduk is not None else "")
            pend_th = b.text_input("Tahun data penduduk", value="" if f.penduduk_tahun is None else str(f.penduduk_tahun))
            dasar = st.text_area("Dasar hukum kantor (satu per baris; di samping Dasar Hukum "
                                 "SOP)", value="\n".join(f.dasar_hukum))
            if st.form_submit_button("Simpan data wilayah", type="primary"):
                _ui.act("Data wilayah tersimpan.", facts.save_facts, db, user, {
                    "kepala_daerah_nama": kd_nama, "kepala_daerah_jabatan": kd_jab,
                    "luas_wilayah": luas, "jumlah_nagari": nagari, "jumlah_desa": desa,
                    "jumlah_kelurahan": kel, "jumlah_penduduk": pend,
                    "penduduk_tahun": pend_th, "dasar_hukum": dasar}, expected_rev=f.rev)
    elif f.dasar_hukum:
        st.markdown("**Dasar hukum kantor:**\n" + "\n".join(f"{i}. {esc(x)}" for i, x in
                                                            enumerate(f.dasar_hukum, 1)))
