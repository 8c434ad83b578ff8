"""Beranda: greeting and "Tugas saya" — what waits for this user now."""
import re

import streamlit as st

from lib import clock, cycles, office, office_calendar
from lib.sop import load_revision
from pages import _ui

user = _ui.require_page("pages/beranda.py")
db = _ui.get_db()

TARGET_PAGE = {
    "isi_format": "pages/formulir.py",
    "periksa_unit": "pages/pemeriksaan.py",
    "himpun": "pages/rekap.py",
    "draft": "pages/penyusunan.py",
    "mulai": "pages/persetujuan.py",
    "persetujuan": "pages/persetujuan.py",
    "buka_kembali": "pages/persetujuan.py",
}

# the name is typed by an administrator: never rendered as Markdown (dots and commas of
# "Drs." / "S.Kom" need no escaping after the greeting)
st.title("Selamat datang, " + re.sub(r"([\\`*_\[\]<>#|~$!])", r"\\\1", user.name))
units = [office.get_unit(db, c).name for c in user.unit_codes]
st.caption(user.role_label + (f" · {', '.join(units)}" if units else ""))

st.subheader("Tugas saya")
now = clock.now()
actions = [a for a in cycles.available_actions(db, user, now=now) if a.kind != "buka_kembali"]
if not actions:
    st.info("Tidak ada tugas yang menunggu Anda saat ini.")
cal = office_calendar.calendar(db)
allowed = {p.path for p in _ui.pages_for(user)}
for i, a in enumerate(sorted(actions, key=lambda a: (a.reason is None, a.opened_at or ""))):
    with st.container(border=True):
        if a.reason:
            st.error(f"Dikembalikan: {_ui.escape_md(a.reason)}", icon=":material/undo:")
        st.markdown(f"**{_ui.escape_md(a.label)}**")
        if a.opened_at:
            waited = cal.office_minutes(clock.parse(a.opened_at), now)
            mutu = None
            for c in cycles.list_cycles(db):
                try:
                    mutu = load_revision(db, c.revision_id).step(a.step_no).minutes
                    break
                except Exception:
                    continue
            over = mutu is not None and waited > mutu
            text = f"Menunggu {waited} menit kerja" + (f" · Mutu Baku {mutu} menit" if mutu else "")
            (st.warning if over else st.caption)(text + (" — melewati Mutu Baku" if over else ""))
        target = TARGET_PAGE.get(a.kind, "pages/siklus.py")
        if target not in allowed:
            target = "pages/siklus.py"
        if target in allowed and st.button("Kerjakan", key=f"beranda.go.{i}", type="primary"):
            st.switch_page(target)
