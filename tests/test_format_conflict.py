"""Two writers on one database file: the second save made on a stale version is
refused with Conflict and nothing of the first is lost."""
from __future__ import annotations

import pytest

from db import connect
from lib import formats, paths
from lib.errors import Conflict
from tests.test_formats import T0, YEAR, master


def test_second_writer_with_stale_rev_gets_conflict(demo_db, people):
    a = master(demo_db, people["sekcam"], target="100%")
    b = master(demo_db, people["sekcam"], indikator="Dua", target="10 kegiatan")
    one = connect(paths.db_path())   # two browser sessions = two connections
    two = connect(paths.db_path())
    try:
        rev_one = formats.form_rev(one, YEAR, "pem")
        rev_two = formats.form_rev(two, YEAR, "pem")
        assert rev_one == rev_two
        new = formats.save_unit_form(one, people["pem"], YEAR, "pem",
                                     {a: {"realisasi": "90%"}}, rev_one, now=T0)
        with pytest.raises(Conflict) as err:
            formats.save_unit_form(two, people["pem"], YEAR, "pem",
                                   {a: {"realisasi": "70%"}, b: {"realisasi": "5 kegiatan"}},
                                   rev_two, now=T0)
        assert "Data sudah diubah oleh Afrizal, S.Sos pada 11 Januari 2027 08.00" in str(err.value)
        assert "muat ulang" in str(err.value)
        rows = {r["id"]: r for r in formats.list_rows(demo_db, YEAR, "pem")}
        assert rows[a]["realisasi"] == "90%" and rows[b]["realisasi"] == ""
        assert formats.form_rev(demo_db, YEAR, "pem") == new
        # after reloading, the second writer saves on the new version
        formats.save_unit_form(two, people["pem"], YEAR, "pem", {b: {"realisasi": "5 kegiatan"}},
                               formats.form_rev(two, YEAR, "pem"), now=T0)
        rows = {r["id"]: r for r in formats.list_rows(demo_db, YEAR, "pem")}
        assert (rows[a]["realisasi"], rows[b]["realisasi"]) == ("90%", "5 kegiatan")
    finally:
        one.conn.close()
        two.conn.close()


def test_master_change_makes_open_form_stale(demo_db, people):
    a = master(demo_db, people["sekcam"])
    rev = formats.form_rev(demo_db, YEAR, "pem")
    master(demo_db, people["sekcam"], indikator="Baris baru dari Sekcam")
    with pytest.raises(Conflict, match="Hendra Saputra"):
        formats.save_unit_form(demo_db, people["pem"], YEAR, "pem", {a: {"realisasi": "1%"}}, rev)
    assert formats.get_row(demo_db, a)["realisasi"] == ""
