"""The SOP definition: validation, revisions through save_revision, grid rows."""
from __future__ import annotations

import dataclasses

import pytest

from lib import sop, users
from lib.errors import PermissionDenied, ValidationError

PW = "Kantor2026guguak"
UNITS = {"pem", "pmd", "kesos", "trantib", "pelayanan", "umum", "pep"}


@pytest.fixture
def admin(db):
    return users.create_user(db, None, username="admin", name="Admin Kantor", role="admin",
                             password=PW, password2=PW, first_admin=True)


@pytest.fixture
def current(db):
    return sop.load_current(db)


def with_step(defn: sop.Definition, no: int, **changes) -> sop.Definition:
    steps = tuple(dataclasses.replace(s, **changes) if s.no == no else s for s in defn.steps)
    return dataclasses.replace(defn, steps=steps)


def problems(defn) -> str:
    return " | ".join(sop.validate(defn, UNITS))


# ------------------------------------------------------------------ the default
def test_default_definition_is_the_seed(current):
    assert len(current.steps) == 13
    assert current.total_minutes == 825
    assert sop.validate(current, UNITS) == []
    assert current.step(6).actor_unit == "pep" and current.step(6).actor_label.endswith("(pep)")
    assert [s.no for s in current.steps if s.is_decision] == [5, 7, 10]
    assert current.step_of_kind("isi_format").per_unit
    assert current.header["nomor_sop"] == "900/ /CGG/I/2023"


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize("no, changes, message", [
    (4, {"actor_role": "lurah"}, "Langkah 4: pelaksana 'lurah' bukan peran yang dikenal"),
    (4, {"actor_role": "admin"}, "Langkah 4: pelaksana 'admin' bukan peran"),
    (6, {"actor_unit": "sekre"}, "Langkah 6: unit 'sekre' tidak dikenal"),
    (7, {"return_to": 20}, "Langkah 7: kembali ke langkah 20 yang tidak ada"),
    (5, {"return_to": 8}, "Langkah 5: hanya dapat mengembalikan ke langkah sebelumnya"),
    (5, {"return_to": 5}, "Langkah 5: hanya dapat mengembalikan ke langkah sebelumnya"),
    (7, {"return_to": 3}, "Langkah 7: harus kembali ke langkah 'Penyusunan draft LAKIP' "
                          "(langkah 6)"),
    (8, {"return_to": 6}, "Langkah 8: langkah jenis 'Rapat finalisasi"),
    (7, {"return_to": None}, "Langkah 7: langkah keputusan harus punya langkah tujuan"),
    (8, {"minutes": 0}, "Langkah 8: waktu Mutu Baku harus lebih dari 0 menit"),
    (8, {"minutes": -5}, "Langkah 8: waktu Mutu Baku harus lebih dari 0 menit"),
    (2, {"kegiatan": "  "}, "Langkah 2: kegiatan wajib diisi"),
    (2, {"kelengkapan": ""}, "Langkah 2: kelengkapan wajib diisi"),
    (2, {"output": ""}, "Langkah 2: output wajib diisi"),
    (2, {"kind": "rapat"}, "Langkah 2: jenis langkah 'rapat' tidak dikenal"),
    (3, {"actor_role": "jf"}, "Langkah 3: pengisian format dilakukan oleh Kasi/Kasubbag"),
    (3, {"actor_unit": "pem"}, "tidak boleh dibatasi satu unit"),
    (10, {"actor_role": "sekcam"}, "Langkah 10: persetujuan dilakukan oleh Camat"),
])
def test_validation_problem(current, no, changes, message):
    assert message in problems(with_step(current, no, **changes))


def test_duplicate_special_kinds(current):
    text = problems(with_step(current, 8, kind="draft"))
    assert "Jenis langkah 'Penyusunan draft LAKIP' muncul lebih dari sekali" in text
    # 'umum' may repeat
    assert sop.validate(with_step(with_step(current, 8, kind="umum"), 9, kind="umum"),
                        UNITS) == []


def test_wrong_order_of_core_steps(current):
    # the draft before the unit forms are checked
    swapped = with_step(with_step(current, 5, kind="draft", return_to=None), 6,
                        kind="periksa_unit", return_to=3)
    assert "Urutan langkah inti harus" in problems(swapped)


def test_missing_core_step_and_numbering(current):
    no_approval = with_step(current, 10, kind="umum", return_to=None)
    assert "Langkah 'Persetujuan dan penandatanganan Camat' wajib ada" in problems(no_approval)
    gap = dataclasses.replace(current, steps=tuple(s for s in current.steps if s.no != 12))
    assert "berurutan mulai 1" in problems(gap)
    assert "Langkah 1 harus perintah" in problems(with_step(current, 1, kind="umum"))
    empty = dataclasses.replace(current, steps=())
    assert sop.validate(empty, UNITS) == ["SOP harus memiliki langkah."]
    no_name = dataclasses.replace(current, header=current.header | {"nama_sop": " "})
    assert "nama SOP wajib diisi" in problems(no_name)


# ------------------------------------------------------------------ revisions
def test_edit_makes_a_new_current_revision_and_keeps_the_old(db, admin, current):
    """Insert a step before the draft (so returns to the draft move), change an actor."""
    old_id = current.revision_id
    old_steps = current.steps
    steps = []
    for s in current.steps:
        if s.no < 6:
            steps.append(s)
            continue
        if s.no == 6:
            steps.append(sop.Step(no=6, kegiatan="Menyiapkan bahan draft LAKIP", actor_role="jf",
                                  actor_unit=None, kelengkapan="Bahan draft", minutes=45,
                                  output="Dokumen"))
        ret = s.return_to + 1 if s.return_to and s.return_to >= 6 else s.return_to
        steps.append(dataclasses.replace(s, no=s.no + 1, return_to=ret))
    steps = [dataclasses.replace(s, actor_role="sekcam") if s.no == 4 else s for s in steps]

    new = sop.save_revision(db, admin, header=current.header | {"tgl_revisi": ""},
                            steps=steps, note="Tambah langkah persiapan draft")
    assert new.revision_id != old_id and new.is_current
    assert sop.load_current(db).revision_id == new.revision_id
    assert len(new.steps) == 14 and new.total_minutes == 825 + 45
    assert new.step(4).actor_role == "sekcam"
    assert new.step(6).kegiatan == "Menyiapkan bahan draft LAKIP"
    assert new.step(8).kind == "koreksi_draft" and new.step(8).return_to == 7
    assert new.step(11).kind == "persetujuan" and new.step(11).return_to == 7
    assert new.header["tgl_revisi"]  # a new Tgl revisi is set
    assert new.note == "Tambah langkah persiapan draft"
    old = sop.load_revision(db, old_id)
    assert old.steps == old_steps and not old.is_current
    revs = sop.list_revisions(db)
    assert [r["id"] for r in revs] == [new.revision_id, old_id]


def test_broken_edit_saves_nothing(db, admin, current):
    broken = [dataclasses.replace(s, actor_role="lurah") if s.no == 2 else s
              for s in current.steps]
    broken = [dataclasses.replace(s, minutes=0) if s.no == 12 else s for s in broken]
    with pytest.raises(ValidationError) as exc:
        sop.save_revision(db, admin, header=current.header, steps=broken, note="rusak")
    assert len(exc.value.problems) == 2
    assert "Definisi SOP tidak disimpan" in str(exc.value)
    assert len(sop.list_revisions(db)) == 1
    assert sop.load_current(db) == current


def test_only_admin_revises(db, admin, current):
    jf = users.create_user(db, admin, username="jf", name="JF", role="jf", password=PW,
                           password2=PW)
    with pytest.raises(PermissionDenied):
        sop.save_revision(db, jf, header=current.header, steps=list(current.steps))


# ------------------------------------------------------------------ rows of the grid
def test_rows_round_trip(current):
    assert sop.steps_from_rows(sop.step_rows(current)) == list(current.steps)


def test_rows_as_a_grid_returns_them():
    nan = float("nan")
    rows = [
        {"no": 1.0, "kegiatan": " Perintah ", "actor_role": "camat", "actor_unit": None,
         "kelengkapan": "Nota dinas", "minutes": 5.0, "output": "Dokumen", "return_to": nan,
         "kind": "perintah"},
        {c: None for c in sop.STEP_COLUMNS},  # an empty added row is ignored
        {"no": "2", "kegiatan": "Tambahan", "actor_role": "jf", "actor_unit": "",
         "kelengkapan": "Dokumen", "minutes": "30", "output": "Dokumen", "return_to": None,
         "kind": None},
    ]
    steps = sop.steps_from_rows(rows)
    assert [s.no for s in steps] == [1, 2]
    assert steps[0].kegiatan == "Perintah" and steps[0].return_to is None
    assert steps[1].kind == "umum" and steps[1].actor_unit is None and steps[1].minutes == 30


def test_unreadable_cells_are_listed():
    rows = [{"no": 1, "kegiatan": "A", "actor_role": "camat", "kelengkapan": "D",
             "minutes": "dua jam", "output": "D", "return_to": 1.5, "kind": "perintah"},
            {"no": None, "kegiatan": "B", "actor_role": "jf", "kelengkapan": "D",
             "minutes": 10, "output": "D", "kind": "umum"}]
    with pytest.raises(ValidationError) as exc:
        sop.steps_from_rows(rows)
    assert exc.value.problems == [
        "Langkah 1: waktu (menit) 'dua jam' bukan bilangan bulat.",
        "Langkah 1: kembali ke langkah '1.5' bukan bilangan bulat.",
        "Baris 2: nomor langkah wajib diisi.",
    ]


def test_parse_list():
    assert sop.parse_list("  Renstra \n\n PK, RKT \n") == ["Renstra", "PK, RKT"]
    assert sop.parse_list("") == []
