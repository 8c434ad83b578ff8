"""The facts an LKjIP is written from (DOMAIN.md §7, §10; issue #13).

- ``programs``: the year's programmes by identity (code, name, pagu); form rows
  (column 6) and budget rows point at them.
- ``renstra``: the Renstra period (visi, misi, tujuan) and its sasaran strategis,
  each with an identity the year's rows, analyses and reports refer to.
- ``cards``: an indicator card per indicator, carried across years, with the
  years before Perkin typed or imported from Excel.
- ``pk``: the Perjanjian Kinerja of a year in versions, the targets the forms take.
- ``facts``: the office's profile facts and the year's SDM table.
- ``limits``: the one length-limit table of these text fields.

Every writing service takes ``(db, user, ...)``, checks the user with
``lib.access``, validates everything before writing (bad input: an Indonesian
message, nothing saved), writes inside ``db.immediate`` and records an event.
"""
