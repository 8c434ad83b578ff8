"""Tanda terima of the LAKIP delivery (step 13)."""
from __future__ import annotations

import datetime as dt

from lib.documents.base import PLACEHOLDER_NUMBER, OfficialPDF, format_date, render_bytes
from lib.documents.letters import terbilang
from lib.documents.model import Delivery, Profile, Signer


def render_tanda_terima(profile: Profile, delivery: Delivery,
                        creation_date: dt.datetime | None = None) -> bytes:
    """Receipt: what was delivered (LAKIP of the year, copies, cover letter
    number), to whom, when and how, received by whom; signature blocks of the
    receiving party (left) and the sending party (right)."""
    title_word = profile.report_title or "LAKIP"
    pdf = OfficialPDF(profile, doc_title=f"Tanda Terima {title_word} {delivery.year}",
                      creation_date=creation_date)
    pdf.add_page()
    pdf.kop()
    pdf.title_block("TANDA TERIMA")
    copies = delivery.copies
    banyak = f"{copies} ({terbilang(copies)}) eksemplar" if copies > 0 else "-"
    sender_name = profile.kecamatan or "-"
    if profile.pemerintah and profile.kecamatan:
        sender_name = f"{profile.kecamatan} {profile.pemerintah.replace('Pemerintah ', '')}"
    pdf.paragraph("Yang bertanda tangan di bawah ini menyatakan telah menerima:", space_after=3)
    pdf.label_rows([
        ("Dari", sender_name),
        ("Berupa", f"Dokumen {title_word} Tahun {delivery.year}"),
        ("Banyaknya", banyak),
        ("Surat Pengantar", f"Nomor {(delivery.letter_number or '').strip() or PLACEHOLDER_NUMBER}"),
        ("Kepada", delivery.recipient or "-"),
        ("Tanggal", format_date(delivery.sent_on)),
        ("Cara Pengiriman", delivery.method or "-"),
    ], label_w=40, x=pdf.l_margin + 4)
    pdf.ln(10)
    sender = delivery.sender or Signer(jabatan="Yang menyerahkan")
    fields = [("Jabatan", delivery.receiver_jabatan), ("NIP.", "")]
    top = pdf.get_y()
    height = max(pdf.signature_height(sender, label_above="x"),
                 pdf.receipt_height(len(fields), spacer_lines=1)) + pdf.SIGNATURE_LH
    if top + height > pdf.page_break_trigger:
        pdf.add_page()
        top = pdf.get_y()
    with pdf.font(pdf.LETTER_PT):
        pdf.set_xy(pdf.w - pdf.r_margin - pdf.SIGNATURE_WIDTH, top)
        pdf.cell(pdf.SIGNATURE_WIDTH, pdf.SIGNATURE_LH, pdf.place_date(delivery.sent_on),
                 align="C")
    top += pdf.SIGNATURE_LH
    # One block per party: the receiver fills in jabatan and NIP by hand, the
    # sender's block is the usual signature block.
    b1 = pdf.receipt_block(label="Yang Menerima,", x=pdf.l_margin, y=top, width=80,
                           name=delivery.received_by, fields=fields, spacer_lines=1)
    b2 = pdf.signature_block(sender, place_date=None, y=top, label_above="Yang Menyerahkan,")
    pdf.set_xy(pdf.l_margin, max(b1, b2))
    return render_bytes(pdf)
