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
    "langkah.periksa_unit": "Format unit diperiksa",
    "libur.hapus": "Hari libur dihapus",
    "libur.tambah": "Hari libur ditambahkan",
    "master.hapus": "Indikator master dihapus",
    "master.salin": "Master indikator disalin",
    "naskah.simpan": "Naskah LAKIP disimpan",
    "pengaturan.ubah": "Pengaturan diubah",
    "pengguna.aktif": "Status pengguna diubah",
    "pengguna.ganti_sandi": "Kata sandi diganti",
    "pengguna.reset_sandi": "Kata sandi diatur ulang",
    "pengguna.tambah": "Pengguna ditambahkan",
    "pengguna.ubah": "Pengguna diubah",
    "profil.ubah": "Profil kecamatan diubah",
    "register.batal": "Nomor surat dibatalkan",
    "register.nomor": "Nomor surat diambil",
    "reviu.catat": "Reviu APIP atas LKjIP dicatat",
    "siklus.buka_kembali": "LAKIP dibuka kembali",
    "siklus.mulai": "Siklus LAKIP dimulai",
    "sop.revisi": "Definisi SOP direvisi",
    "unit.kirim": "Format unit dikirim",
    "unit.tambah": "Unit kerja ditambahkan",
    "unit.ubah": "Unit kerja diubah",
    "unit.terima": "Format unit diterima",
    "unit.kembalikan": "Format unit dikembalikan",
}


def permission_label(action: str) -> str:
    """"mengunggah pindaian ke arsip" for "archive.upload"; a generic phrase, never the
    code name, for an action without a label."""
    return PERMISSION_LABELS.get(action, "melakukan tindakan ini")


def event_label(action: str) -> str:
    """The Indonesian label of an event name."""
    if action in EVENT_LABELS:
        return EVENT_LABELS[action]
    area, _, rest = action.partition(".")
    words = rest.replace("_", " ")
    if area == "langkah":
        return f"Langkah SOP: {words}"
    if area == "unit":
        return f"Format unit: {words}"
    return words.capitalize() or action
