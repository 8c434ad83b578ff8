"""Definisi SOP: the current revision's header block and steps; saving makes a new
revision (the old one stays for the cycles that ran on it).

STACK-NOTES: the editor's input is built from the stored revision only (never from
its own output), keyed by the revision id; rules are checked in lib.sop, not by the grid.
"""
import json

import pandas as pd
import streamlit as st

from lib import clock, office, sop, spelling
from lib.access import FLOW_ROLES, ROLE_LABELS
from lib.errors import PerkinError
from pages import _ui

user = _ui.require_page("pages/admin_sop.py")
db = _ui.get_db()
st.title("Definisi SOP")
st.caption("Langkah, pelaksana dan Mutu Baku SOP Perencanaan Kinerja. Setiap perubahan disimpan "
           "sebagai revisi baru; siklus yang sudah berjalan tetap memakai revisinya sendiri.")

COLUMN_LABELS = {"no": "No", "kegiatan": "Kegiatan", "actor_role": "Pelaksana",
                 "actor_unit": "Unit pelaksana", "kelengkapan": "Kelengkapan",
                 "minutes": "Waktu (menit)", "output": "Output", "return_to": "Kembali ke langkah",
                 "kind": "Jenis langkah"}


def _when(iso: str) -> str:
    try:
        return spelling.format_datetime(clock.parse(iso))
    except (TypeError, ValueError):
        return iso or "-"


def steps_frame(defn: sop.Definition) -> pd.DataFrame:
    df = pd.DataFrame(sop.step_rows(defn), columns=list(sop.STEP_COLUMNS))
    df["no"] = df["no"].astype("Int64")
    df["minutes"] = df["minutes"].astype("Int64")
    df["return_to"] = df["return_to"].astype("Int64")
    return df


def show_header(header: dict) -> None:
    for field, label in sop.HEADER_FIELDS.items():
        value = header.get(field, "")
        if isinstance(value, list):
            st.markdown(f"**{label}**")
            for i, item in enumerate(value, start=1):
                st.markdown(f"{i}\\. {_ui.escape_md(item)}")
        else:
            st.markdown(f"**{label}**: {_ui.escape_md(value) or '-'}")


try:
    current = sop.load_current(db)
except PerkinError as err:
    _ui.show_error(err)
    st.stop()
rev = current.revision_id
unit_codes = [u.code for u in office.list_units(db)]

tab_edit, tab_history = st.tabs(["Revisi berlaku", "Riwayat revisi"])
with tab_edit:
    st.info(f"Revisi berlaku: nomor {rev}, disimpan {_when(current.created_at)}. "
            f"Catatan: {current.note or '-'}. Jumlah Mutu Baku: "
            f"{spelling.format_number(current.total_minutes)} menit "
            f"({len(current.steps)} langkah).", icon=":material/account_tree:")
    with st.form(f"admin.sop.form.{rev}"):
        st.markdown("**Kepala SOP** (daftar: satu butir per baris)")
        header = current.header
        typed: dict = {}
        col1, col2 = st.columns(2)
        scalar = [f for f in sop.HEADER_FIELDS if f not in sop.LIST_FIELDS
                  and f not in ("peringatan", "pencatatan")]
        for i, field in enumerate(scalar):
            value = header.get(field, "") or ""
            help_text = None
            if field == "tgl_revisi":
                value = spelling.format_date(clock.now())
                help_text = "Tanggal revisi baru ini (sebelumnya: " \
                            f"{header.get('tgl_revisi') or '-'})."
            with (col1 if i % 2 == 0 else col2):
                typed[field] = st.text_input(sop.HEADER_FIELDS[field], value=str(value),
                                             key=f"admin.sop.{rev}.{field}", help=help_text)
        for field in ("peringatan", "pencatatan"):
            typed[field] = st.text_area(sop.HEADER_FIELDS[field],
                                        value=str(header.get(field, "") or ""), height=68,
                                        key=f"admin.sop.{rev}.{field}")
        col1, col2 = st.columns(2)
        for i, field in enumerate(sop.LIST_FIELDS):
            value = header.get(field) or []
            text = "\n".join(value) if isinstance(value, list) else str(value)
            with (col1 if i % 2 == 0 else col2):
                typed[field] = st.text_area(sop.HEADER_FIELDS[field], value=text, height=130,
                                            key=f"admin.sop.{rev}.{field}")

        st.markdown("**Langkah-langkah**")
        st.caption("Pelaksana adalah peran; Unit pelaksana mempersempitnya ke satu unit "
                   "(kosong = siapa pun dengan peran itu). 'Kembali ke langkah' diisi hanya untuk "
                   "langkah keputusan. Tambah atau hapus baris untuk menambah/menghapus langkah.")
        edited = st.data_editor(
            steps_frame(current), key=f"admin.sop.steps.{rev}", num_rows="dynamic",
            hide_index=True, placeholder="–", width="stretch",
            # Editable number cells are whole numbers in plain digits ("%d": 960, 1440):
            # the grid's own formats follow the browser's locale or printf, never Indonesian
            # grouping, and a grouped "1.440" typed back would read as 1,44. Read-only
            # tables spell numbers as text instead (_ui.number_table).
            column_config={
                "no": st.column_config.NumberColumn(COLUMN_LABELS["no"], min_value=1, step=1,
                                                    required=True, width="small", format="%d"),
                "kegiatan": st.column_config.TextColumn(COLUMN_LABELS["kegiatan"],
                                                        required=True, width="large"),
                "actor_role": st.column_config.SelectboxColumn(
                    COLUMN_LABELS["actor_role"], options=list(FLOW_ROLES), required=True,
                    format_func=lambda r: ROLE_LABELS.get(r, r)),
                "actor_unit": st.column_config.SelectboxColumn(
                    COLUMN_LABELS["actor_unit"], options=[""] + unit_codes,
                    format_func=lambda c: c or "-"),
                "kelengkapan": st.column_config.TextColumn(COLUMN_LABELS["kelengkapan"],
                                                           required=True),
                "minutes": st.column_config.NumberColumn(COLUMN_LABELS["minutes"], min_value=1,
                                                         step=1, required=True, format="%d"),
                "output": st.column_config.TextColumn(COLUMN_LABELS["output"], required=True),
                "return_to": st.column_config.NumberColumn(COLUMN_LABELS["return_to"],
                                                           min_value=1, step=1, format="%d"),
                "kind": st.column_config.SelectboxColumn(
                    COLUMN_LABELS["kind"], options=list(sop.KINDS), required=True,
                    default="umum", format_func=lambda k: sop.KINDS.get(k, k)),
            })
        note = st.text_input("Catatan revisi", key=f"admin.sop.{rev}.note",
                             placeholder="mis. Pelaksana langkah 4 diganti; Mutu Baku langkah 8")
        save = st.form_submit_button("Simpan sebagai revisi baru", type="primary")
    if save:
        new_header = dict(header)
        for field, value in typed.items():
            new_header[field] = (sop.parse_list(value) if field in sop.LIST_FIELDS
                                 else value.strip())
        try:
            steps = sop.steps_from_rows(edited.to_dict("records"))
            saved = sop.save_revision(db, user, header=new_header, steps=steps, note=note)
        except PerkinError as err:
            st.error("Revisi tidak disimpan; perbaiki dulu hal berikut.")
            _ui.show_error(err)
        else:
            _ui.flash(f"Revisi SOP nomor {saved.revision_id} disimpan dan kini berlaku.")
            st.rerun()

with tab_history:
    revisions = sop.list_revisions(db)
    rows = []
    for r in revisions:
        head = json.loads(r["header"] or "{}")
        rows.append({"Nomor revisi": r["id"], "Disimpan": _when(r["created_at"]),
                     "Oleh": r["created_by"], "Tgl. revisi": head.get("tgl_revisi") or "-",
                     "Catatan": r["note"], "Status": "Berlaku" if r["is_current"] else "Lama"})
    st.dataframe(pd.DataFrame(rows), hide_index=True, placeholder="–", width="stretch")
    ids = [r["id"] for r in revisions]
    pick = st.selectbox("Lihat revisi", ids, key="admin.sop.view",
                        format_func=lambda i: f"Revisi {i}"
                        + (" (berlaku)" if i == rev else ""))
    if pick is not None:
        old = sop.load_revision(db, pick)
        st.caption(f"Disimpan {_when(old.created_at)} · {_ui.escape_md(old.note or '-')} · "
                   "Jumlah Mutu Baku "
                   f"{spelling.format_number(old.total_minutes)} menit. Hanya untuk dibaca.")
        view = [{
            COLUMN_LABELS["no"]: str(s.no), COLUMN_LABELS["kegiatan"]: s.kegiatan,
            COLUMN_LABELS["actor_role"]: ROLE_LABELS.get(s.actor_role, s.actor_role),
            COLUMN_LABELS["actor_unit"]: s.actor_unit or "-",
            COLUMN_LABELS["kelengkapan"]: s.kelengkapan, COLUMN_LABELS["minutes"]: s.minutes,
            COLUMN_LABELS["output"]: s.output,
            COLUMN_LABELS["return_to"]: str(s.return_to) if s.return_to else "-",
            COLUMN_LABELS["kind"]: sop.KINDS.get(s.kind, s.kind)} for s in old.steps]
        _ui.number_table(view, {COLUMN_LABELS["minutes"]: "bilangan"})
        with st.expander("Kepala SOP revisi ini"):
            show_header(old.header)
