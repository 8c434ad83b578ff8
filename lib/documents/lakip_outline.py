"""The LAKIP / LKjIP report as an ``Outline`` (lib.documents.outline), from the
same ``LakipReport`` its PDF renderer (lib.documents.lakip) takes."""
from __future__ import annotations

from lib.documents.model import LakipReport
from lib.documents.outline import Heading, Outline


def lakip_outline(report: LakipReport, pdf: bytes | None = None, *,
                  working_copy: str = "") -> Outline:
    from lib.documents.lakip import _toc_plan

    blocks = tuple(Heading(e.title, min(e.level + 1, 3)) for e in _toc_plan(report))
    return Outline(report.profile, f"LAKIP {report.year}", blocks, kop=False,
                   draft=report.draft, verify_code=None if report.draft else report.verify_code,
                   working_copy=working_copy, body_pt=11)
