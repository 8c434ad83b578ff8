"""The nine-column format (DOMAIN.md §5-6), one concern a module:

- ``store``: the fields, the rows of a year as stored (with their capaian), the
  helpers the writing modules share;
- ``master``: the Sekcam's indicator master per year;
- ``unit_form``: each unit's form and what blocks its Kirim;
- ``workbook``: the Excel export of the form and the import of a filled one;
- ``review``: the Sekcam's comments and corrections (step 5);
- ``rekap``: the rekapitulasi of a year.

Import the module you need (``from lib.format import unit_form``); nothing is
re-exported here.
"""
