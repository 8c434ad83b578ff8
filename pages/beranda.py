"""Beranda: greeting and "Tugas saya" — what waits for this user now; each card's
Kerjakan opens the page *and* the year, unit or step the card names."""
import re

import streamlit as st

from lib import clock, cycles, office, office_calendar, spelling, tasks
from lib.sop import load_revision
from pages import _ui

user = _ui.require_page("pages/beranda.py")
db = _ui.get_db()

# the name is typed by an administrator: never rendered as Markdown (dots and commas of
# "Drs." / "S.Kom" need no escaping after the greeting)
st.title("Selamat datang, " + re.sub(r"([\\`*_\[\]<>#|~$!])", r"\\\1", user.name))
units = [office.get_unit(db, c).name for c in user.unit_codes]
st.caption(user.role_label + (f" · {', '.join(units)}" if units else ""))

st.subheader("Tugas saya")
now = clock.now()
cards = tasks.my_tasks(db, user, now=now)
if not cards:
    st.info("Tidak ada tugas yang menunggu Anda saat ini.")
cal = office_calendar.calendar(db)
allowed = {p.path for p in _ui.pages_for(user)}
minutes_of = {}
for c in cycles.list_cycles(db):
    try:
        minutes_of[c.year] = load_revision(db, c.revision_id)
    except Exception:
        continue
for i, t in enumerate(cards):
    with st.container(border=True):
        if t.reason:
            st.error(f"Dikembalikan: {_ui.escape_md(t.reason)}", icon=":material/undo:")
        st.markdown(f"**{_ui.escape_md(t.title)}**")
        if t.opened_at:
            waited = cal.office_minutes(clock.parse(t.opened_at), now)
            mutu = None
            rev = minutes_of.get(t.year)
            if rev is not None and t.step_no:
                try:
                    mutu = rev.step(t.step_no).minutes
                except Exception:
                    mutu = None
            over = mutu is not None and waited > mutu
            text = (f"Menunggu {spelling.format_number(waited, 0)} menit kerja"
                    + (f" · Mutu Baku {spelling.format_number(mutu, 0)} menit" if mutu else ""))
            (st.warning if over else st.caption)(text + (" — melewati Mutu Baku" if over else ""))
        target = t.page if t.page in allowed else tasks.DEFAULT_PAGE
        if target in allowed and st.button("Kerjakan", key=f"beranda.go.{i}", type="primary",
                                           width="stretch"):
            _ui.open_task(t.focus, target)
