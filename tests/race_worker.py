"""A worker process for the race tests: for each database path it waits for a
"go" line on stdin, completes step 2 as the Sekcam, and prints the outcome."""
from __future__ import annotations

import json
import sys


def main() -> None:
    from db import connect
    from lib import users
    from lib.errors import PerkinError
    from lib.services import workflow

    name = sys.argv[1]
    year = int(sys.argv[2])
    paths = sys.argv[3:]
    print("ready", flush=True)
    for i, path in enumerate(paths):
        db = connect(path)
        sekcam = users.get_user(db, "sekcam")
        sys.stdin.readline()
        try:
            workflow.complete_step(db, sekcam, year, 2, {
                "tanggal": "2027-01-11", "peserta": [name], "format_diserahkan": True})
            outcome = "ok"
        except PerkinError as err:
            outcome = str(err)
        db.conn.close()
        print(json.dumps([i, name, outcome]), flush=True)


if __name__ == "__main__":
    main()
