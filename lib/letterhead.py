"""The paper settings of the profile page as one service: paper size,
margins, the kop's website and the nota dinas tembusan, checked together and
saved in one transaction (nothing is saved when one of them is wrong)."""
from __future__ import annotations

from db import immediate
from lib import clock, events, office, paper
from lib.access import require
from lib.documents.model import Margins
from lib.errors import ValidationError


def get(db) -> dict:
    """``{"paper", "margins" (cm), "website", "tembusan"}`` as stored."""
    margins = office.get_setting(db, "margins") or paper.DEFAULT_MARGINS
    return {
        "paper": office.get_setting(db, "paper") or "F4",
        "margins": {side: float(margins.get(side, paper.DEFAULT_MARGINS[side]))
                    for side in paper.MARGIN_SIDES},
        "website": (office.get_profile(db).get("website") or "").strip(),
        "tembusan": paper.tembusan_list(office.get_setting(db, "tembusan_nota_dinas")),
    }


def margins_model(db) -> Margins:
    m = get(db)["margins"]
    return Margins(left=m["left"], right=m["right"], top=m["top"], bottom=m["bottom"])


def save(db, actor, *, paper_size: str, margins: dict, website: str = "",
         tembusan=None, now=None) -> dict:
    """Check every value, then store them all, or nothing."""
    require(actor, "admin.manage")
    problems = []
    if paper_size not in paper.PAPERS:
        problems.append("Ukuran kertas harus F4 atau A4.")
    problems += paper.margin_problems(margins)
    problems += paper.website_problems(website)
    problems += paper.tembusan_problems(tembusan)
    if problems:
        raise ValidationError("Pengaturan kertas belum benar: " + " ".join(problems)
                              if len(problems) > 1 else problems[0], problems=problems)
    now = now or clock.now()
    website = (website or "").strip()
    with immediate(db):
        office.set_settings(db, actor, {
            "paper": paper_size, "margins": paper.clean_margins(margins),
            "tembusan_nota_dinas": paper.tembusan_list(tembusan)}, now=now)
        current = office.get_profile(db)
        if (current.get("website") or "") != website:
            if db.execute("SELECT 1 FROM profile WHERE id = 1").fetchone() is None:
                raise ValidationError("Isi dan simpan identitas kantor terlebih dahulu.")
            db["profile"].update(1, {"website": website, "rev": (current.get("rev") or 0) + 1,
                                     "updated_at": clock.iso(now)})
            events.record(db, actor, "profil.ubah", at=now, details={"website": website})
    return get(db)


__all__ = ["get", "margins_model", "save"]
