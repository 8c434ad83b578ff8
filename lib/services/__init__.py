"""Services: one function per user action that crosses rooms, written where a
reader sees what follows it.

- ``workflow`` runs the SOP's transitions: each checks the acting user, runs the
  state machine (``lib.cycles``) and then what follows, inside one ``immediate``
  transaction (submit: the form checked, then the submission recorded; approve:
  the approval recorded, the final LAKIP rendered and stored in the archive;
  step 1 and step 11: the letter number taken from the register).
- ``documents`` builds every official document's plain data from the database
  and renders it (``lib.documents`` holds the renderers).

Pages and the CLI call these for transitions, never the bare state machine.
Nothing here registers itself anywhere: a module imports what it calls.
"""
