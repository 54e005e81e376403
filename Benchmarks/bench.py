#!/usr/bin/env python3
"""Daemon figures of issue 6, each next to a baseline measured in the same run (see BENCHMARKS.md).

Drives the real release `ccsd` (next to `ccsd-bench`), reads READY=1 from a datagram NOTIFY_SOCKET, generates
its data sets with a seed straight into ccsd's SQLite tables, and uses `ccsd-bench load` / `echo-server` as the
Varlink clients and the echo baseline. Prints a table and writes JSON. Run through `make bench` or
`.build/release/ccsd-bench -- --persons 10000,100000`.
"""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
ZONES = [("Asia/Shanghai", 88), ("Asia/Urumqi", 6), ("Asia/Hong_Kong", 2), ("Asia/Harbin", 2),
         ("Asia/Chongqing", 1), ("Asia/Macau", 1)]
POLICIES = [("bench-ordinary", 70), ("bench-strict", 15), ("bench-lenient", 15)]
US = 1_000_000


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def weighted(rng, table):
    total = sum(w for _, w in table)
    x = rng.uniform(0, total)
    for value, w in table:
        x -= w
        if x <= 0:
            return value
    return table[-1][0]


def median(values):
    return statistics.median(values) if values else None


# ---------------------------------------------------------------------------------------------------------- ccsd
class Daemon:
    """One ccsd process with its own notify socket; stderr goes to a file or to a line callback."""

    def __init__(self, ccsd, work, policies, state, env=None, on_line=None, config_text=""):
        self.work = work
        self.sock = os.path.join(work, "ccsd.sock")
        self.notify_path = os.path.join(work, "notify-%d.sock" % random.randrange(1 << 30))
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(self.notify_path)
        self.notify.settimeout(0.2)
        config = os.path.join(work, "ccsd.conf")
        with open(config, "w") as f:
            f.write(config_text)
        full_env = dict(os.environ, NOTIFY_SOCKET=self.notify_path)
        full_env.pop("INVOCATION_ID", None)
        full_env.pop("WATCHDOG_USEC", None)
        full_env.pop("WATCHDOG_PID", None)
        full_env.update(env or {})
        self.stderr_path = os.path.join(work, "ccsd.stderr")
        self.messages = []
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(
            [ccsd, "--config", config, "--policies", policies, "--state-dir", state, "--socket", self.sock],
            env=full_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE if on_line else open(self.stderr_path, "ab"))
        self.reader = None
        if on_line:
            # Whole lines in big reads, so the reader (not ccsd) is never what limits a burst's figure.
            def pump():
                fd, tail = self.proc.stderr.fileno(), b""
                while True:
                    data = os.read(fd, 1 << 20)
                    if not data:
                        break
                    data = tail + data
                    cut = data.rfind(b"\n")
                    if cut < 0:
                        tail = data
                        continue
                    tail = data[cut + 1:]
                    on_line(time.time(), data[:cut + 1])
            self.reader = threading.Thread(target=pump, daemon=True)
            self.reader.start()

    def wait_ready(self, timeout):
        """Seconds from process start to READY=1."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                data = self.notify.recv(4096)
            except socket.timeout:
                if self.proc.poll() is not None:
                    raise RuntimeError("ccsd exited with %s before READY=1 (see %s)" % (
                        self.proc.returncode, self.stderr_path))
                continue
            now = time.monotonic()
            self.messages.append((now, data.decode(errors="replace")))
            if b"READY=1" in data.split(b"\n"):
                return now - self.t0
        raise RuntimeError("no READY=1 within %ss" % timeout)

    def drain(self, seconds):
        """Notify messages received during the next `seconds`."""
        got = []
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.notify.settimeout(max(0.01, end - time.monotonic()))
            try:
                got.append((time.monotonic(), self.notify.recv(4096).decode(errors="replace")))
            except socket.timeout:
                pass
        return got

    def rss_mib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.reader:
            self.reader.join(5)
        self.notify.close()
        os.unlink(self.notify_path)


def group_commit_line(path):
    """The daemon's last "group commit: …" statistics line (logged at shutdown), or None."""
    found = None
    try:
        with open(path, errors="replace") as f:
            for line in f:
                if "group commit:" in line:
                    found = line.split("group commit:", 1)[1].strip()
    except FileNotFoundError:
        pass
    return found


def task_counters(pid):
    """(context switches over all threads, CPU seconds) of a process."""
    switches = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, tid)) as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        switches += int(line.split()[1])
        except FileNotFoundError:
            pass
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return switches, cpu


def perf_stat(pid, seconds):
    """Starts `perf stat` on every thread of `pid` for `seconds`; the returned function waits for its counts."""
    try:
        proc = subprocess.Popen(["perf", "stat", "-x,", "-e", "context-switches,task-clock", "-p", str(pid), "--",
                                 "sleep", str(seconds)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    except OSError:
        return lambda: {}

    def finish():
        counts = {}
        for line in proc.communicate()[1].splitlines():
            fields = line.split(",")
            if len(fields) > 2:
                try:
                    counts[fields[2]] = float(fields[0])
                except ValueError:
                    counts[fields[2]] = 0.0 if "not counted" in fields[0] else None
        return counts
    return finish


# ------------------------------------------------------------------------------------------------------ data set
def policy_dir(work, extra=None):
    """The benchmark policies (two obligations each) plus the sample holidays and message templates, and `extra`
    {file: text}."""
    path = os.path.join(work, "policies")
    os.makedirs(path, exist_ok=True)
    for name in os.listdir(os.path.join(HERE, "policies")):
        shutil.copy(os.path.join(HERE, "policies", name), path)
    shutil.copytree(os.path.join(REPO, "policies", "holidays"), os.path.join(path, "holidays"), dirs_exist_ok=True)
    shutil.copytree(os.path.join(REPO, "policies", "templates"), os.path.join(path, "templates"), dirs_exist_ok=True)
    for name, text in (extra or {}).items():
        with open(os.path.join(path, name), "w") as f:
            f.write(text)
    return path


def create_schema(ccsd, work, policies, state):
    d = Daemon(ccsd, work, policies, state)
    try:
        d.wait_ready(60)
    finally:
        d.stop()


def populate(db_path, n, seed, now_us, prefix, policies=POLICIES, zones=ZONES, added_ago=(3600, 86400),
             check_in_share=0.5):
    """N persons (+ officers, and a past check-in for a share of them) straight into ccsd's tables."""
    rng = random.Random(seed)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA synchronous=OFF")
    officers = max(1, n // 50)
    supervisors = max(1, officers // 10)
    earliest = now_us - added_ago[1] * US - 86400 * US
    with db:
        db.execute("UPDATE policy_set SET effective = ?", (earliest,))
        db.executemany("INSERT OR IGNORE INTO officer (user, supervisor) VALUES (?, ?)",
                       [("officer-%05d" % i, "chief-%04d" % (i % supervisors)) for i in range(officers)])

        def persons():
            for i in range(n):
                added = now_us - rng.randint(added_ago[0], added_ago[1]) * US
                start = added - rng.randint(0, 2 * 365 * 86400) * US
                yield ("%s-%07d" % (prefix, i), "姓名%07d" % i, "1%010d" % rng.randrange(10**10),
                       weighted(rng, policies), "officer-%05d" % rng.randrange(officers), weighted(rng, zones),
                       start, None, '["probation"]' if rng.random() < 0.8 else '["parole"]', added, 0)
        db.executemany("INSERT INTO person (case_id, name, phone, policy, officer, time_zone, supervision_start, "
                       "supervision_end, tags, added_at, added_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)", persons())

        def inputs():
            r = random.Random(seed + 1)
            for i in range(n):
                if r.random() < check_in_share:
                    at = now_us - r.randint(60, added_ago[0]) * US
                    yield ("%s-%07d" % (prefix, i), at, "check-in",
                           json.dumps({"at": at, "method": "phone", "recordedBy": "officer"}, sort_keys=True),
                           0, "root")
        db.executemany("INSERT INTO input (case_id, applied_at, kind, payload, caller_uid, caller_name) "
                       "VALUES (?,?,?,?,?,?)", inputs())
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def baseline_scan(db_path):
    """Seconds to read every person and input row: the sqlite3 CLI (C) and Python's sqlite3 module."""
    t = time.monotonic()
    subprocess.run(["sqlite3", db_path, "SELECT * FROM person; SELECT * FROM input;"],
                   stdout=subprocess.DEVNULL, check=True)
    cli = time.monotonic() - t
    t = time.monotonic()
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    rows = 0
    for _ in db.execute("SELECT * FROM person"):
        rows += 1
    for _ in db.execute("SELECT * FROM input"):
        rows += 1
    db.close()
    return cli, time.monotonic() - t, rows


# -------------------------------------------------------------------------------------------------------- figures
def cold_start(args, n, work):
    log("[cold start] N=%d: generating" % n)
    pol = policy_dir(work)
    state = os.path.join(work, "state")
    create_schema(args.ccsd, work, pol, state)
    db_path = os.path.join(state, "ccsd.sqlite")
    now_us = int(time.time() * US)
    t = time.monotonic()
    populate(db_path, n, args.seed, now_us, "BJ")
    gen = time.monotonic() - t
    # Warm-up start: fires once what fell due since the persons were added (their catch-up), not measured.
    log("[cold start] N=%d: generated in %.1fs; warm-up start (catch-up)" % (n, gen))
    d = Daemon(args.ccsd, work, pol, state)
    warm = d.wait_ready(args.timeout)
    d.stop()
    starts, rss, scans_cli, scans_py = [], [], [], []
    rows = 0
    for run in range(args.runs):
        cli, py, rows = baseline_scan(db_path)
        scans_cli.append(cli)
        scans_py.append(py)
        d = Daemon(args.ccsd, work, pol, state)
        try:
            starts.append(d.wait_ready(args.timeout))
            time.sleep(1)
            rss.append(d.rss_mib())
        finally:
            d.stop()
        log("[cold start] N=%d run %d: READY after %.2fs, RSS %.0f MiB; scan %.2fs (cli) %.2fs (python)" % (
            n, run + 1, starts[-1], rss[-1], cli, py))
    db = sqlite3.connect(db_path)
    events = db.execute("SELECT count(*) FROM event").fetchone()[0]
    db.close()
    return {"persons": n, "obligations_per_person": 2, "rows_scanned": rows, "events_in_db": events,
            "generate_seconds": gen, "warmup_start_seconds": warm,
            "ready_seconds": starts, "ready_median": median(starts),
            "rss_mib": rss, "rss_median": median(rss),
            "scan_cli_seconds": scans_cli, "scan_cli_median": median(scans_cli),
            "scan_python_seconds": scans_py, "scan_python_median": median(scans_py),
            "db_bytes": os.path.getsize(db_path), "state": state, "policies": pol}


def idle(args, work, state, pol):
    """Context switches and CPU of an idle daemon, next to its watchdog pings."""
    results = []
    for run in range(args.runs):
        d = Daemon(args.ccsd, work, pol, state, env={"WATCHDOG_USEC": str(args.watchdog_sec * US)})
        try:
            d.wait_ready(args.timeout)
            d.drain(3)
            s0, c0 = task_counters(d.proc.pid)
            perf = perf_stat(d.proc.pid, args.idle_seconds)
            msgs = d.drain(args.idle_seconds)
            s1, c1 = task_counters(d.proc.pid)
            perf = perf()
            threads = len(os.listdir("/proc/%d/task" % d.proc.pid))
        finally:
            d.stop()
        scale = 60 / args.idle_seconds
        pings = sum(1 for _, m in msgs if "WATCHDOG=1" in m.split("\n"))
        switches = perf.get("context-switches")
        results.append({"switches_per_min": (switches if switches is not None else s1 - s0) * scale,
                        "switches_source": "perf stat" if switches is not None else "/proc (live threads only)",
                        "proc_switches_per_min": (s1 - s0) * scale, "cpu_ms_per_min": (c1 - c0) * 1000 * scale,
                        "watchdog_pings_per_min": pings * scale, "threads": threads})
        log("[idle] run %d: %s" % (run + 1, results[-1]))
    return {"runs": results, "watchdog_sec": args.watchdog_sec, "seconds_per_run": args.idle_seconds,
            "switches_per_min_median": median([r["switches_per_min"] for r in results]),
            "cpu_ms_per_min_median": median([r["cpu_ms_per_min"] for r in results]),
            "watchdog_pings_per_min_median": median([r["watchdog_pings_per_min"] for r in results])}


def load(args, **options):
    cmd = [args.bench, "load"]
    for key, value in options.items():
        cmd += ["--" + key, str(value)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def sqlite_one_tx_per_row(path, seconds):
    """Rows/s when each INSERT is its own transaction (WAL, synchronous=FULL), on the disk of the state dir."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE input (seq INTEGER PRIMARY KEY, case_id TEXT NOT NULL, applied_at INTEGER NOT NULL, "
               "kind TEXT NOT NULL, payload TEXT NOT NULL, caller_uid INTEGER NOT NULL, caller_name TEXT NOT NULL)")
    db.execute("CREATE INDEX input_case ON input(case_id)")
    count = 0
    end = time.monotonic() + seconds
    t = time.monotonic()
    while time.monotonic() < end:
        db.execute("BEGIN")
        db.execute("INSERT INTO input (case_id, applied_at, kind, payload, caller_uid, caller_name) "
                   "VALUES (?,?,?,?,?,?)", ("BJ-%07d" % count, int(time.time() * US), "check-in",
                                            '{"at":1,"method":"phone","recordedBy":"root"}', 0, "root"))
        db.execute("COMMIT")
        count += 1
    elapsed = time.monotonic() - t
    db.close()
    return count / elapsed


def check_ins_and_status(args, work, state, pol, n):
    d = Daemon(args.ccsd, work, pol, state)
    out = {"checkin": [], "checkin_pipelined": [], "sqlite_tx": [], "status": [], "echo": []}
    try:
        d.wait_ready(args.timeout)
        for run in range(args.runs):
            base = sqlite_one_tx_per_row(os.path.join(state, "baseline.sqlite"), args.load_seconds)
            out["sqlite_tx"].append(base)
            # Closed loops (one call in flight per client), then each client pipelining --depth calls.
            for key, depth in (("checkin", 1), ("checkin_pipelined", args.depth)):
                r = load(args, socket=d.sock, method="io.ccsd.Supervision.RecordCheckIn",
                         parameters='{"case_id":"{case}","method":"phone"}', clients=args.clients, depth=depth,
                         seconds=args.load_seconds, persons=n, prefix="BJ")
                out[key].append(r)
                log("[check-ins] run %d, %d in flight per client: %.0f/s (errors %d, p99 %.0f µs) vs one tx per "
                    "row %.0f/s %s" % (run + 1, depth, r["per_second"], r["errors"], r["p99_us"], base,
                                        r["first_error"]))
        for run in range(args.runs):
            r = load(args, socket=d.sock, method="io.ccsd.Supervision.GetStatus", parameters="{}", clients=1,
                     seconds=args.load_seconds)
            out["status"].append(r)
            log("[status] run %d: %.0f/s p99 %.0f µs (errors %d)" % (run + 1, r["per_second"], r["p99_us"],
                                                                    r["errors"]))
    finally:
        d.stop()
    # Transactions vs batches over the whole daemon run (all check-in runs and status runs: only check-ins write).
    out["group_commit"] = group_commit_line(d.stderr_path)
    log("[check-ins] %s" % out["group_commit"])
    echo_path = os.path.join(work, "echo.sock")
    server = subprocess.Popen([args.bench, "echo-server", "--socket", echo_path], stdout=subprocess.PIPE, text=True)
    try:
        server.stdout.readline()
        for run in range(args.runs):
            r = load(args, socket=echo_path, method="io.ccsd.Supervision.GetStatus", parameters="{}", clients=1,
                     seconds=args.load_seconds)
            out["echo"].append(r)
            log("[echo] run %d: %.0f/s p99 %.0f µs" % (run + 1, r["per_second"], r["p99_us"]))
    finally:
        server.kill()
        server.wait()
    return {
        "clients": args.clients, "persons": n,
        "checkin_per_second_median": median([r["per_second"] for r in out["checkin"]]),
        "checkin_p99_us_median": median([r["p99_us"] for r in out["checkin"]]),
        "checkin_errors": sum(r["errors"] for r in out["checkin"] + out["checkin_pipelined"]),
        "depth": args.depth,
        "checkin_pipelined_per_second_median": median([r["per_second"] for r in out["checkin_pipelined"]]),
        "checkin_pipelined_p99_us_median": median([r["p99_us"] for r in out["checkin_pipelined"]]),
        "sqlite_tx_per_second_median": median(out["sqlite_tx"]),
        "status_per_second_median": median([r["per_second"] for r in out["status"]]),
        "status_p99_us_median": median([r["p99_us"] for r in out["status"]]),
        "echo_per_second_median": median([r["per_second"] for r in out["echo"]]),
        "echo_p99_us_median": median([r["p99_us"] for r in out["echo"]]),
        "group_commit": out["group_commit"],
        "runs": out,
    }


# What a missed window causes; `delivery` events (the dispatcher's attempts) follow at the channel's pace.
BURST_TYPES = "('missed', 'escalation', 'proposal')"


def burst(args, n, work):
    """N persons whose 1-minute windows all close at the same second. From the deadline, as a reader polling the
    database every 0.25 s first sees them committed: the last miss, every event of the burst (missed, escalation,
    proposal), the last outbox row (the officer's SMS of each escalation); and the last `missed` line ccsd logged
    (its journal mirror on stderr). An exec channel `sms` (/bin/true) is configured so the escalations queue notifications."""
    startup = args.burst_start_estimate
    open_at = (int(time.time()) + startup + 59) // 60 * 60
    close_at = open_at + 60
    hh, mm = time.gmtime(open_at)[3:5]
    policy = ('[policy]\ntitle = "bench burst"\ntime-zone = "UTC"\n\n[[obligation]]\nid = "burst"\nkind = "phone"\n'
              'schedule = "*-*-* %02d:%02d:00"\nwindow = "1min"\n\n[[escalation]]\nafter = "0s"\nto = ["officer"]\n'
              'channels = ["sms"]\ntemplate = "missed-officer"\n\n[sanctions]\nadmonition-on-miss = true\n' % (hh, mm))
    config = '[channel.sms]\ntype = "exec"\ncommand = ["/bin/true"]\n' if args.burst_channel == "exec" else ""
    pol = policy_dir(work, {"bench-burst.toml": policy})
    state = os.path.join(work, "state")
    log("[burst] N=%d: windows open %s UTC and close 60 s later" % (n, time.strftime("%H:%M:%S",
                                                                                       time.gmtime(open_at))))
    create_schema(args.ccsd, work, pol, state)
    db_path = os.path.join(state, "ccsd.sqlite")
    populate(db_path, n, args.seed + 7, int(time.time() * US), "BU", policies=[("bench-burst", 1)],
             zones=[("UTC", 1)], added_ago=(120, 600), check_in_share=0)
    lines = {"missed": 0, "last_missed": None, "events": 0, "last_event": None}

    def on_line(at, chunk):
        """`chunk`: one or more whole lines."""
        missed = chunk.count(b" event=missed ")
        events = missed + chunk.count(b" event=escalation ") + chunk.count(b" event=proposal ")
        if events:
            lines["events"] += events
            lines["last_event"] = at
        if missed:
            lines["missed"] += missed
            lines["last_missed"] = at
    d = Daemon(args.ccsd, work, pol, state, on_line=on_line, config_text=config)
    result = {"persons": n}
    try:
        ready = d.wait_ready(args.timeout)
        result["ready_seconds"] = ready
        if time.time() > open_at - 2:
            result["error"] = "ccsd was ready only %.0f s before the windows opened; raise --burst-start-estimate" % (
                time.time() - open_at)
            return result
        log("[burst] ready after %.1fs; waiting %.0fs for the deadline" % (ready, close_at - time.time()))
        ro = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True, timeout=30)
        done_db = None
        end = close_at + args.burst_timeout
        while time.time() < end:
            time.sleep(0.25)
            if time.time() < close_at:
                continue
            count, last = ro.execute("SELECT count(*), max(recorded) FROM event WHERE type = 'missed' AND at = ?",
                                     (close_at * US,)).fetchone()
            if count >= n:
                # When a reader first sees them (committed), not event.recorded: that is when the writer's
                # transaction began, and a 300,000-event transaction takes seconds to write.
                done_db = time.time() - close_at
                result["missed_recorded_seconds"] = last / US - close_at
                break
        result["missed_in_db"] = count
        result["all_recorded_seconds"] = done_db
        # What follows the misses (escalations and their outbox rows, proposals) trails them: wait until the
        # counts stop growing, then date the last of each.
        previous, still, seen = None, 0, [time.time()] * 2
        while time.time() < end and still < 8:
            time.sleep(0.25)
            now = (ro.execute("SELECT count(*) FROM event WHERE at >= ? AND type IN %s" % BURST_TYPES,
                              (close_at * US,)).fetchone()[0],
                   ro.execute("SELECT count(*) FROM outbox").fetchone()[0])
            for i in range(2):
                if previous is None or now[i] != previous[i]:
                    seen[i] = time.time()
            still = still + 1 if now == previous else 0
            previous = now
        events, last_event = ro.execute("SELECT count(*), max(recorded) FROM event WHERE at >= ? AND type IN %s"
                                        % BURST_TYPES, (close_at * US,)).fetchone()
        outbox, last_outbox = ro.execute("SELECT count(*), max(created) FROM outbox").fetchone()
        result["burst_events_in_db"] = events
        result["all_events_recorded_seconds"] = max(seen[0] - close_at, done_db or 0) if last_event else None
        result["outbox_rows"] = outbox
        result["all_outbox_seconds"] = max(seen[1] - close_at, done_db or 0) if last_outbox else None
        # The log lines trail the commit; give the last of them a moment.
        settle = time.time() + 30
        while (lines["missed"] < n or lines["events"] < events) and time.time() < settle:
            time.sleep(0.25)
        result["missed_log_lines"] = lines["missed"]
        result["all_journaled_seconds"] = lines["last_missed"] - close_at if lines["last_missed"] else None
        result["event_log_lines"] = lines["events"]
        result["all_events_journaled_seconds"] = lines["last_event"] - close_at if lines["last_event"] else None
        # The windows opened a minute earlier, for persons asleep since the start: each was rebuilt from disk.
        opened, last_opened = ro.execute("SELECT count(*), max(recorded) FROM event WHERE type = 'window-opened' "
                                         "AND at = ?", (open_at * US,)).fetchone()
        result["opened_in_db"] = opened
        result["opened_recorded_seconds"] = last_opened / US - open_at if last_opened else None
        counts = dict(ro.execute("SELECT type, count(*) FROM event WHERE at >= ? GROUP BY type", (open_at * US,)))
        result["events_by_type"] = counts
        ro.close()
    finally:
        d.stop()
    log("[burst] %s" % result)
    return result


# ----------------------------------------------------------------------------------------------------------- main
def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    disk = subprocess.run(["df", "-h", "--output=source,fstype,size", tempfile.gettempdir()], capture_output=True,
                          text=True).stdout.strip().splitlines()[-1]
    return {"nproc": os.cpu_count(), "cpu": cpu, "tmp_disk": " ".join(disk.split()),
            "kernel": os.uname().release, "mem_gib": round(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
                                                           / 2**30, 1)}


def fmt(value, unit="", digits=0):
    if value is None:
        return "n/a"
    return ("{:,.%df}" % digits).format(value) + unit


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench", required=True, help="the ccsd-bench binary (ccsd must be next to it)")
    p.add_argument("--calendar-json")
    p.add_argument("--json", default="bench-results.json")
    p.add_argument("--persons", default="100000,1000000", help="cold-start sizes, comma-separated")
    p.add_argument("--burst", type=int, default=100000, help="persons whose windows close together (0: skip)")
    p.add_argument("--burst-start-estimate", type=int, default=45, help="seconds to generate + start before the "
                   "windows open")
    p.add_argument("--burst-timeout", type=int, default=600)
    p.add_argument("--burst-channel", choices=["exec", "none"], default="exec", help="exec: the escalations queue "
                   "an SMS through an exec channel (/bin/true), so outbox rows are written; none: no channel")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=20260601)
    p.add_argument("--idle-seconds", type=float, default=60)
    p.add_argument("--watchdog-sec", type=int, default=30, help="as WatchdogSec= in units/ccsd.service")
    p.add_argument("--load-seconds", type=float, default=5)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--depth", type=int, default=32, help="check-in calls each client pipelines, for the second "
                   "check-in figure (the first keeps one in flight)")
    p.add_argument("--timeout", type=float, default=1800, help="longest wait for READY=1")
    p.add_argument("--skip", default="", help="comma-separated: cold,idle,load,burst")
    p.add_argument("--keep", action="store_true", help="keep the temporary directories")
    p.add_argument("--prepare", metavar="DIR", help="only generate the first --persons data set in DIR (for perf)")
    args = p.parse_args()
    args.ccsd = os.path.join(os.path.dirname(args.bench), "ccsd")
    if not os.path.exists(args.ccsd):
        scratch = os.path.dirname(os.path.dirname(os.path.dirname(args.bench)))
        log("building ccsd (release) in %s" % scratch)
        subprocess.run(["swift", "build", "-c", "release", "--product", "ccsd", "--scratch-path", scratch],
                       cwd=REPO, check=True)
    if args.prepare:
        os.makedirs(args.prepare, exist_ok=True)
        args.runs = 0
        r = cold_start(args, int(args.persons.split(",")[0]), args.prepare)
        print("ccsd --config %s/ccsd.conf --policies %s --state-dir %s --socket %s/ccsd.sock" % (
            args.prepare, r["policies"], r["state"], args.prepare))
        return
    skip = set(filter(None, args.skip.split(",")))
    results = {"machine": machine(), "seed": args.seed, "runs": args.runs, "date": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                                 time.gmtime())}
    if args.calendar_json:
        with open(args.calendar_json) as f:
            results["calendar"] = json.load(f)
    temps = []

    def temp():
        path = tempfile.mkdtemp(prefix="ccsd-bench-", dir=os.environ.get("CCSD_BENCH_DIR"))
        temps.append(path)
        return path
    try:
        sizes = [int(s) for s in args.persons.split(",") if s]
        results["cold_start"] = []
        smallest = None
        for n in sizes if "cold" not in skip else []:
            work = temp()
            r = cold_start(args, n, work)
            results["cold_start"].append(r)
            if smallest is None:
                smallest = (work, r)
        if smallest is None and ({"idle", "load"} - skip):
            work = temp()
            smallest = (work, cold_start(args, 1000, work))
        if "idle" not in skip:
            results["idle"] = idle(args, smallest[0], smallest[1]["state"], smallest[1]["policies"])
        if "load" not in skip:
            results["load"] = check_ins_and_status(args, smallest[0], smallest[1]["state"], smallest[1]["policies"],
                                                   smallest[1]["persons"])
        if args.burst and "burst" not in skip:
            results["burst"] = burst(args, args.burst, temp())
    finally:
        if not args.keep:
            for path in temps:
                shutil.rmtree(path, ignore_errors=True)
    with open(args.json, "w") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)
    print_table(results)


def print_table(r):
    m = r["machine"]
    print("\nmachine: %d cores, %s, %s GiB RAM, kernel %s, temp dir on %s" % (m["nproc"], m["cpu"], m["mem_gib"],
                                                                            m["kernel"], m["tmp_disk"]))
    print("medians of %d runs unless noted; every baseline measured in this run\n" % r["runs"])
    rows = []
    for c in r.get("cold_start", []):
        n = c["persons"]
        rows.append(("cold start, %s persons x 2 obligations (start -> READY=1)" % fmt(n), fmt(c["ready_median"], " s",
                     2), "<= 3 s at 1,000,000", "SQLite scan %s s (cli), %s s (python); ratio %sx" % (
                     fmt(c["scan_cli_median"], "", 2), fmt(c["scan_python_median"], "", 2),
                     fmt(c["ready_median"] / c["scan_cli_median"], "", 0))))
        rows.append(("resident memory after start, %s persons" % fmt(n), fmt(c["rss_median"], " MiB"),
                     "<= 400 MiB at 1,000,000", "%s KiB/person" % fmt(c["rss_median"] * 1024 / n, "", 1)))
    if "idle" in r:
        i = r["idle"]
        rows.append(("idle: context switches/min, nothing due", fmt(i["switches_per_min_median"]),
                     "only watchdog pings", "%s watchdog pings/min (WatchdogSec=%ds); CPU %s ms/min" % (
                         fmt(i["watchdog_pings_per_min_median"]), i["watchdog_sec"],
                         fmt(i["cpu_ms_per_min_median"], "", 1))))
    if "load" in r:
        l = r["load"]
        for label, key in (("1 call", "checkin"), ("%d pipelined calls" % l["depth"], "checkin_pipelined")):
            rows.append(("durable check-ins, %d clients, %s in flight each" % (l["clients"], label),
                         fmt(l[key + "_per_second_median"], "/s"), ">= 20,000/s and >= 4.5x",
                         "one tx per row %s/s; ratio %sx" % (
                             fmt(l["sqlite_tx_per_second_median"]),
                             fmt(l[key + "_per_second_median"] / l["sqlite_tx_per_second_median"], "", 2))))
        rows.append(("status query, 1 connection", "%s/s, p99 %s µs" % (
            fmt(l["status_per_second_median"]), fmt(l["status_p99_us_median"])), ">= 15,000/s, p99 <= 300 µs",
            "echo %s/s, p99 %s µs" % (fmt(l["echo_per_second_median"]), fmt(l["echo_p99_us_median"]))))
    if "calendar" in r:
        cal = r["calendar"]["results"]
        worst = min(cal, key=lambda x: x["median_per_second"])
        rows.append(("next-elapse computations (slowest of %d expressions)" % len(cal),
                     fmt(worst["median_per_second"], "/s"), ">= 1,000,000/s",
                     "reference search %s/s (%s)" % (fmt(worst["reference_per_second"]), worst["expression"])))
    if "burst" in r:
        b = r["burst"]
        rows.append(("%s windows closing in the same second: all misses on disk" % fmt(b["persons"]),
                     fmt(b.get("all_recorded_seconds"), " s", 1), "<= 5 s (1 run)",
                     "%s/%s misses" % (fmt(b.get("missed_in_db")), fmt(b["persons"]))))
        rows.append(("... every event of the burst on disk", fmt(b.get("all_events_recorded_seconds"), " s", 1),
                     "<= 5 s", "%s events" % fmt(b.get("burst_events_in_db"))))
        rows.append(("... last outbox row committed", fmt(b.get("all_outbox_seconds"), " s", 1),
                     "<= 5 s", "%s rows" % fmt(b.get("outbox_rows"))))
        rows.append(("... last missed line journaled (stderr mirror)", fmt(b.get("all_journaled_seconds"), " s", 1),
                     "<= 5 s", "%s missed lines; last event line after %s s (%s lines)" % (
                         fmt(b.get("missed_log_lines")), fmt(b.get("all_events_journaled_seconds"), "", 1),
                         fmt(b.get("event_log_lines")))))
        rows.append(("... the same windows opening a minute earlier (persons asleep): last opening recorded",
                     fmt(b.get("opened_recorded_seconds"), " s", 1), "-",
                     "%s windows; each person rebuilt from disk first" % fmt(b.get("opened_in_db"))))
    if "load" in r and r["load"].get("group_commit"):
        rows.append(("group commit during the check-in load", r["load"]["group_commit"], "-", "-"))
    widths = [max(len(row[i]) for row in rows + [("figure", "measured", "target", "baseline")]) for i in range(4)]
    header = ("figure", "measured", "target", "baseline (same run)")
    for row in [header, tuple("-" * w for w in widths)] + rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)))


if __name__ == "__main__":
    main()
