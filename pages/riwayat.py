"""Riwayat: the append-only audit trail of a cycle, filterable. Read-only."""
import json

import pandas as pd
import streamlit as st

from lib import clock, cycles, events, spelling
from pages import _ui

user = _ui.require_page("pages/riwayat.py")
db = _ui.get_db()
st.title("Riwayat")
st.caption("Catatan setiap tindakan: siapa, kapan, apa, dari keadaan apa ke keadaan apa, dan "
           "alasannya. Catatan ini tidak dapat diubah atau dihapus.")

years = [c.year for c in cycles.list_cycles(db)]
options = ["Semua (termasuk pengaturan)"] + years
c1, c2, c3 = st.columns(3)
pick = c1.selectbox("Tahun", options, index=1 if years else 0, key="riwayat.tahun")
who = c2.text_input("Nama pengguna", key="riwayat.user").strip().lower() or None
what = c3.text_input("Tindakan berawalan (mis. unit., langkah.)", key="riwayat.aksi").strip()
rows = events.list_events(db, year=None if isinstance(pick, str) else pick,
                          username=who, action_prefix=what or None)
if not rows:
    st.info("Belum ada catatan untuk saringan ini.")
    st.stop()
table = pd.DataFrame([{
    "Waktu": spelling.format_datetime(clock.parse(r["at"])), "Pengguna": r["actor_name"],
    "Peran": r["role"], "Tindakan": r["action"], "Langkah": r["step_no"],
    "Unit": r["unit_code"] or "", "Dari": r["from_state"] or "", "Ke": r["to_state"] or "",
    "Alasan": r["reason"] or "",
    "Rincian": json.dumps(json.loads(r["details"]), ensure_ascii=False)[:300]
    if r["details"] else ""} for r in rows])
st.dataframe(table, hide_index=True, placeholder="–", width="stretch")
st.caption(f"{len(rows)} catatan.")
