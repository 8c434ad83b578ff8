"""One Indonesian label table for action names shown to people.

``PERMISSION_LABELS``: what a permission lets one do, as it reads after "Anda tidak
berhak ..." (``lib.access.require``). Every permission of ``lib.access.PERMISSIONS``
has one (tests/test_text_limits.py), so a message never shows a code name such as
"archive.upload" (issue #18).

``EVENT_LABELS``: what an entry of the events table records, for messages and the
Riwayat page (issue #20); ``event_label`` also names the step and review events
whose names are built from the SOP step kind (``langkah.<kind>``, ``unit.<keputusan>``).
"""
from __future__ import annotations

PERMISSION_LABELS: dict[str, str] = {
    "admin.manage": "mengelola pengaturan dan pengguna",
    "cycle.view": "melihat siklus LAKIP",
    "cycle.start": "memulai siklus LAKIP",
    "cycle.reopen": "membuka kembali LAKIP",
    "events.view": "melihat riwayat kegiatan",
    "timeline.export": "mengekspor linimasa",
    "master.edit": "mengubah master indikator",
    "reference.upload": "mengunggah dokumen referensi",
    "reference.view": "melihat dokumen referensi",
    "format.edit": "mengisi format unit",
    "format.view": "melihat format unit",
    "format.review": "memeriksa format unit",
    "rekap.view": "melihat rekapitulasi",
    "budget.edit": "mengisi realisasi anggaran",
    "narrative.edit": "menyusun naskah LAKIP",
    "documents.view": "melihat dokumen",
    "register.manage": "mengelola register surat",
    "archive.upload": "mengunggah pindaian ke arsip",
    "dashboard.view": "melihat pemantauan",
    "approval.view": "menyetujui LAKIP",
    "planning.view": "melihat data perencanaan kinerja",
    "program.edit": "mengubah daftar program",
    "program.link": "menautkan baris anggaran ke program",
    "renstra.edit": "mengubah Renstra",
    "card.edit": "mengubah kartu indikator",
    "pk.edit": "menyusun Perjanjian Kinerja",
    "pk.scan": "mengunggah pindaian Perjanjian Kinerja",
    "pk.review": "meninjau perubahan Perjanjian Kinerja",
    "sdm.edit": "mengisi data SDM",
    "facts.edit": "mengubah data profil kantor",
    "reviu.record": "mencatat reviu APIP atas LKjIP",
}

EVENT_LABELS: dict[str, str] = {
    "analisis.simpan": "Analisis sasaran LKjIP disimpan",
    "anggaran.hapus": "Baris anggaran dihapus",
    "anggaran.simpan": "Realisasi anggaran disimpan",
    "arsip.final": "LAKIP final dibekukan di arsip",
    "arsip.tarik": "Pindaian ditarik dari arsip",
    "arsip.unggah": "Pindaian diunggah ke arsip",
    "berkas.hapus": "Berkas dihapus",
    "berkas.unggah": "Berkas diunggah",
    "format.baris_tambah": "Baris format ditambahkan",
    "format.impor": "Format diimpor dari Excel",
    "format.komentar": "Catatan pemeriksaan ditulis",
    "format.komentar_selesai": "Catatan pemeriksaan diselesaikan",
    "format.koreksi": "Format dikoreksi",
    "format.simpan": "Format disimpan",
    "jam_kerja.ubah": "Jam kerja diubah",
    "kartu.impor": "Kartu indikator diimpor dari Excel",
    "kartu.salin": "Kartu indikator disalin dari tahun lalu",
    "kartu.simpan": "Kartu indikator disimpan",
    "kartu.tahun": "Capaian tahun lalu pada kartu indikator disimpan",
    "kartu.tahun_hapus": "Capaian tahun lalu pada kartu indikator dihapus",
    "libur.hapus": "Hari libur dihapus",
    "libur.muat": "Libur nasional dan cuti bersama dimuat",
    "libur.tambah": "Hari libur ditambahkan",
    "master.hapus": "Indikator master dihapus",
    "master.salin": "Master indikator disalin",
    "master.tambah": "Indikator master ditambahkan",
    "master.ubah": "Indikator master diubah",
    "naskah.simpan": "Naskah LAKIP disimpan",
    "pengaturan.ubah": "Pengaturan diubah",
    "pengguna.aktif": "Pengguna diaktifkan",
    "pengguna.ganti_sandi": "Kata sandi diganti",
    "pengguna.keluar_semua": "Semua sesi pengguna diakhiri",
    "pengguna.nonaktif": "Pengguna dinonaktifkan",
    "pengguna.reset_sandi": "Kata sandi diatur ulang",
    "pengguna.tambah": "Pengguna ditambahkan",
    "pengguna.ubah": "Pengguna diubah",
    "pk.buat": "Perjanjian Kinerja dibuat",
    "pk.ditinjau": "Format unit ditinjau terhadap revisi Perjanjian Kinerja",
    "pk.pindaian": "Pindaian Perjanjian Kinerja diunggah",
    "pk.revisi": "Perjanjian Kinerja direvisi",
    "profil.fakta": "Data profil kantor diubah",
    "profil.ubah": "Profil kecamatan diubah",
    "program.hapus": "Program dihapus",
    "program.salin": "Daftar program disalin dari tahun lalu",
    "program.simpan": "Program disimpan",
    "program.tautkan_anggaran": "Baris anggaran ditautkan ke program",
    "program.tautkan_baris": "Indikator ditautkan ke program",
    "register.batal": "Nomor surat dibatalkan",
    "register.nomor": "Nomor surat diambil",
    "reviu.catat": "Reviu APIP atas LKjIP dicatat",
    "renstra.sasaran": "Sasaran Renstra disimpan",
    "renstra.sasaran_hapus": "Sasaran Renstra dihapus",
    "renstra.simpan": "Renstra disimpan",
    "renstra.tautkan_baris": "Indikator ditautkan ke sasaran Renstra",
    "renstra.tautkan_tahun": "Indikator tahun ini ditautkan ke sasaran Renstra",
    "sdm.simpan": "Data SDM disimpan",
    "siklus.buka_kembali": "LAKIP dibuka kembali",
    "siklus.mulai": "Siklus LAKIP dimulai",
    "sop.revisi": "Definisi SOP direvisi",
    "unit.kembalikan": "Format unit dikembalikan",
    "unit.kirim": "Format unit dikirim",
    "unit.tambah": "Unit kerja ditambahkan",
    "unit.tarik_kembalikan": "Pengembalian format unit ditarik",
    "unit.tarik_terima": "Penerimaan format unit ditarik",
    "unit.terima": "Format unit diterima",
    "unit.ubah": "Unit kerja diubah",
    # a step of the SOP completed: ``langkah.<kind>`` (lib.sop.KINDS); a decision step
    # is labelled by its outcome, ``langkah.<kind>:<to_state>``
    "langkah.perintah": "Perintah penyusunan LAKIP dicatat",
    "langkah.rapat_koordinasi": "Rapat koordinasi dicatat dan format diserahkan",
    "langkah.isi_format": "Pengisian format selesai",
    "langkah.himpun": "Format unit dihimpun",
    "langkah.periksa_unit": "Pemeriksaan format semua unit selesai",
    "langkah.draft": "Draft LAKIP selesai disusun",
    "langkah.koreksi_draft": "Draft LAKIP dikoreksi",
    "langkah.koreksi_draft:diterima": "Draft LAKIP diterima",
    "langkah.koreksi_draft:dikembalikan": "Draft LAKIP dikembalikan",
    "langkah.rapat_finalisasi": "Rapat finalisasi dicatat",
    "langkah.serah": "LAKIP diserahkan kepada Camat",
    "langkah.persetujuan": "Keputusan Camat atas LAKIP",
    "langkah.persetujuan:diterima": "LAKIP disetujui Camat",
    "langkah.persetujuan:dikembalikan": "LAKIP dikembalikan Camat",
    "langkah.surat_pengantar": "Surat pengantar dibuat dan diberi nomor",
    "langkah.penggandaan": "LAKIP digandakan",
    "langkah.pengiriman": "LAKIP dikirim",
    "langkah.umum": "Langkah SOP diselesaikan",
}


def permission_label(action: str) -> str:
    """"mengunggah pindaian ke arsip" for "archive.upload"; a generic phrase, never the
    code name, for an action without a label."""
    return PERMISSION_LABELS.get(action, "melakukan tindakan ini")


def event_label(action: str, to_state: str | None = None) -> str:
    """The Indonesian label of an event name (of a decision step: by its outcome)."""
    if to_state and f"{action}:{to_state}" in EVENT_LABELS:
        return EVENT_LABELS[f"{action}:{to_state}"]
    if action in EVENT_LABELS:
        return EVENT_LABELS[action]
    area, _, rest = action.partition(".")
    words = rest.replace("_", " ")
    if area == "langkah":
        return f"Langkah SOP: {words}"
    if area == "unit":
        return f"Format unit: {words}"
    return words.capitalize() or action
