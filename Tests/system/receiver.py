#!/usr/bin/env python3
"""A webhook receiver for Tests/system/run.sh: ccsd's webhook channels POST to it on loopback.

Usage: receiver.py DIR

Listens on 127.0.0.1 on a free port and writes the port to DIR/port once it accepts connections. Every POST is
one line of DIR/attempts.log ("PATH ID STATUS"); the body of every POST it accepts is one line (compact JSON) of
DIR/PATH.log, e.g. DIR/ok.log. By path:

  /ok      200 every time
  /flaky   500 for the first two POSTs of each notification id, 200 from the third on
  other    404

Runs until killed.
"""

import json
import os
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DIR = sys.argv[1] if len(sys.argv) == 2 else None
LOCK = threading.Lock()
SEEN = Counter()


def append(name, line):
    with open(os.path.join(DIR, name), "a", encoding="utf-8") as f:
        f.write(line + "\n")
        f.flush()
        os.fsync(f.fileno())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode("utf-8")
        path = self.path.strip("/")
        try:
            document = json.loads(body)
            ident = str(document.get("id"))
        except ValueError:
            document, ident = None, "?"
        with LOCK:
            SEEN[(path, ident)] += 1
            if path == "ok":
                status = 200
            elif path == "flaky":
                status = 500 if SEEN[(path, ident)] <= 2 else 200
            else:
                status = 404
            append("attempts.log", f"{path} {ident} {status}")
            if status == 200:
                append(f"{path}.log", json.dumps(document, ensure_ascii=False, sort_keys=True)
                       if document is not None else body)
        answer = b"recorded" if status == 200 else b"receiver says no"
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format, *args):
        pass


def main():
    if DIR is None:
        print(__doc__, file=sys.stderr)
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_file = os.path.join(DIR, "port")
    with open(port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.rename(port_file + ".tmp", port_file)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
