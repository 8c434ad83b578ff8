"""Two writers on one database file: the second save made on a stale version is
refused with Conflict and nothing of the first is lost."""
from __future__ import annotations

import pytest

from db import connect
from lib import paths
from lib.format import store, unit_form
from lib.errors import Conflict
from tests.test_formats import T0, YEAR, add_master


def test_second_writer_with_stale_rev_gets_conflict(demo_db, people):
    a = add_master(demo_db, people["sekcam"], target="100%")
    b = add_master(demo_db, people["sekcam"], indikator="Dua", target="10 kegiatan")
    one = connect(paths.db_path())   # two browser sessions = two connections
    two = connect(paths.db_path())
    try:
        rev_one = store.form_rev(one, YEAR, "pem")
        rev_two = store.form_rev(two, YEAR, "pem")
        assert rev_one == rev_two
        new = unit_form.save_unit_form(one, people["pem"], YEAR, "pem",
                                       {a: {"realisasi": "90%"}}, rev_one, now=T0)
        with pytest.raises(Conflict) as err:
            unit_form.save_unit_form(two, people["pem"], YEAR, "pem",
                                     {a: {"realisasi": "70%"}, b: {"realisasi": "5 kegiatan"}},
                                     rev_two, now=T0)
        assert "Data sudah diubah oleh Afrizal, S.Sos pada 11 Januari 2027 08.00" in str(err.value)
        assert "muat ulang" in str(err.value)
        rows = {r["id"]: r for r in store.list_rows(demo_db, YEAR, "pem")}
        assert rows[a]["realisasi"] == "90%" and rows[b]["realisasi"] == ""
        assert store.form_rev(demo_db, YEAR, "pem") == new
        # after reloading, the second writer saves on the new version
        unit_form.save_unit_form(two, people["pem"], YEAR, "pem", {b: {"realisasi": "5 kegiatan"}},
                                 store.form_rev(two, YEAR, "pem"), now=T0)
        rows = {r["id"]: r for r in store.list_rows(demo_db, YEAR, "pem")}
        assert (rows[a]["realisasi"], rows[b]["realisasi"]) == ("90%", "5 kegiatan")
    finally:
        one.conn.close()
        two.conn.close()


def test_master_change_makes_open_form_stale(demo_db, people):
    a = add_master(demo_db, people["sekcam"])
    rev = store.form_rev(demo_db, YEAR, "pem")
    add_master(demo_db, people["sekcam"], indikator="Baris baru dari Sekcam")
    with pytest.raises(Conflict, match="Hendra Saputra"):
        unit_form.save_unit_form(demo_db, people["pem"], YEAR, "pem", {a: {"realisasi": "1%"}}, rev)
    assert store.get_row(demo_db, a)["realisasi"] == ""
