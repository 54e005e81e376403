#!/usr/bin/env python3
"""Records check-ins over one Varlink connection, back to back, so a kill of ccsd finds one in flight.

usage: checkin_loop.py SOCKET CASE STOP_FILE MAX SECONDS

Calls io.ccsd.Supervision.RecordCheckIn(CASE, phone) with Python's varlink package (a client nobody here wrote)
until STOP_FILE exists, MAX check-ins are acknowledged or SECONDS pass. When the daemon goes away it reconnects
(systemd keeps the socket). Prints "CASE SEQ" on stdout for each acknowledged check-in, flushed at once, and
"acknowledged N, failed F" on stderr at the end. (It runs inside the test's namespace; stdout is a file outside.)
"""

import os
import sys
import time

import varlink


def main(socket, case, stop_file, most, seconds):
    deadline = time.monotonic() + seconds
    acknowledged = failed = 0
    connection = None
    while acknowledged < most and time.monotonic() < deadline and not os.path.exists(stop_file):
        try:
            if connection is None:
                connection = varlink.Client(address="unix:" + socket).open("io.ccsd.Supervision")
            reply = connection.RecordCheckIn(case_id=case, method="phone")
        except Exception as error:  # reset, refused, EOF, a Varlink error: not acknowledged
            failed += 1
            print(f"call failed: {type(error).__name__}: {error}", file=sys.stderr)
            connection = None
            time.sleep(0.1)
            continue
        print(f"{case} {reply['event_seq']}", flush=True)
        acknowledged += 1
    print(f"acknowledged {acknowledged}, failed {failed}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])))
