"""Official documents as PDF bytes (fpdf2).

- ``base``: ``OfficialPDF`` (paper, font, kop, footer, DRAFT, signature blocks, tables)
- ``letters``: nota dinas, surat pengantar
- ``meeting``: notulen + daftar hadir
- ``delivery``: tanda terima
- ``tables``: the unit format and the rekap
- ``sop_sheet``: the SOP sheet with its flowchart
- ``model``: the plain data the renderers take

Import the renderer modules directly (``from lib.documents.letters import
render_nota_dinas``); this package imports nothing so that a broken module
never breaks the others.
"""
