"""``python3 run.py bench uploads``: how long the hostile workbooks of issue #18 hold the
caller, and what a normal upload costs (figures in docs/RELIABILITY.md, section 5).
The workbooks are the ones tests/test_upload_bounds.py builds."""
from __future__ import annotations

import os
import time


def main(argv=None) -> int:
    from lib import excel, sandbox, uploads
    from lib.errors import ValidationError
    from tests.samples import pdf_bytes
    from tests.test_excel import _form
    from tests.test_upload_bounds import cell_on_last_row, huge_comment, merged_to_last_row

    sandbox.warm()
    cases = [("sel gabungan sampai baris 1.048.576", merged_to_last_row),
             ("satu sel di baris terakhir", cell_on_last_row),
             ("komentar XML 95 MB", lambda: huge_comment(95)),
             ("komentar XML 9,5 MB (di dalam batas)", lambda: huge_comment(9.5)),
             ("format biasa 5 baris", _form)]
    for name, build in cases:
        data = build()
        t0 = time.perf_counter()
        try:
            excel.read_format_xlsx(data)
            outcome = "diterima"
        except ValidationError as err:
            outcome = str(err)[:60] + "…"
        t1 = time.perf_counter()
        try:
            excel.read_format_xlsx(data)
        except ValidationError:
            pass
        t2 = time.perf_counter()
        print(f"{name}: {len(data) // 1024} KB, {t1 - t0:.2f} s, lagi {1000 * (t2 - t1):.1f} ms"
              f" — {outcome}")
    pdf = pdf_bytes()
    t0 = time.perf_counter()
    for _ in range(20):
        uploads.check(pdf, max_bytes=10 * 1024 * 1024)
    print(f"pemeriksaan struktur PDF: {1000 * (time.perf_counter() - t0) / 20:.0f} ms")
    if hasattr(os, "getloadavg"):
        print("beban mesin (1, 5, 15 menit): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0
