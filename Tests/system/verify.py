#!/usr/bin/env python3
"""JSON checks for Tests/system/run.sh: the event log, its hash chain, acknowledged check-ins and the journal.

Each subcommand prints one line per problem and exits 1 if there is any, else prints a short summary and exits 0.

  fetch-events OUT -- CCSCTL...     every event (paged through `ccsctl log --json --after N`) into OUT as one array
  chain EVENTS                      seqs 1..N without gaps, every hash recomputed, no action id twice
  acked EVENTS ACKS                 each "CASE SEQ" line of ACKS is a check-in event of CASE at SEQ
  journal EVENTS JOURNAL            each event has one journal entry (journalctl -o json lines) with its
                                    CCSD_SEQ, CCSD_HASH, CCSD_EVENT, CCSD_PERSON and a MESSAGE_ID
  field JSONFILE KEY                print one top-level field of a JSON object (for shell scripts)
"""

import datetime
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict

PAGE = 10000
# units/ccsd.catalog: "Check-in recorded for @CCSD_PERSON@".
CHECK_IN_MESSAGE_ID = "d3ba7e6ab5c64716a7c7cf3894bc7fc5"
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fetch_events(out, command):
    events, after = [], 0
    while True:
        page = subprocess.run(
            command + ["log", "--json", "--limit", str(PAGE), "--after", str(after)],
            capture_output=True, text=True, timeout=60)
        if page.returncode != 0:
            print(f"ccsctl log failed (exit {page.returncode}): {page.stderr.strip()}")
            return 1
        batch = json.loads(page.stdout)
        events += batch
        if len(batch) < PAGE:
            break
        after = batch[-1]["seq"]
    with open(out, "w", encoding="utf-8") as f:
        json.dump(events, f)
    print(f"{len(events)} events")
    return 0


def micros(text):
    """RFC 3339 with offset → microseconds since the epoch, exactly (no float)."""
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (moment - EPOCH) // datetime.timedelta(microseconds=1)


def quote(text):
    """The store's canonical string quoting (Sources/CCSDStore/Event.swift, StoredEvent.quote)."""
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def canonical(obj):
    keys = sorted(obj, key=lambda k: k.encode("utf-8"))
    return "{" + ",".join(f"{quote(k)}:{quote(obj[k])}" for k in keys) + "}"


def event_hash(prev, event):
    fields = dict(event["fields"])
    fields["@seq"] = str(event["seq"])
    fields["@at"] = str(micros(event["at"]))
    fields["@recorded"] = str(micros(event["recorded"]))
    fields["@type"] = event["type"]
    return hashlib.sha256((prev + "\n" + canonical(fields)).encode("utf-8")).hexdigest()


def chain(path):
    events = load(path)
    problems = []
    prev = "0" * 64
    for index, event in enumerate(events, start=1):
        if event["seq"] != index:
            problems.append(f"seq {event['seq']} at position {index}: the log has a gap or is out of order")
            break
        expected = event_hash(prev, event)
        if expected != event["hash"]:
            problems.append(f"seq {event['seq']}: hash {event['hash'][:16]}… but recomputed {expected[:16]}…")
            break
        prev = event["hash"]
    actions = Counter(e["fields"]["action"] for e in events if e["fields"].get("action"))
    for action, count in sorted(actions.items()):
        if count > 1:
            problems.append(f"action {action!r} fired {count} times")
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(events)} events, seqs 1..{len(events)} contiguous, hash chain recomputed, "
              f"{len(actions)} action ids all distinct")
    return 1 if problems else 0


def acked(events_path, acks_path):
    by_seq = {e["seq"]: e for e in load(events_path)}
    problems, count = [], 0
    seen = Counter()
    with open(acks_path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            case, seq = line.split()
            seq = int(seq)
            count += 1
            seen[seq] += 1
            event = by_seq.get(seq)
            if event is None:
                problems.append(f"acknowledged check-in {case} seq {seq} is missing from the event log")
            elif event["type"] != "check-in" or event.get("person") != case:
                problems.append(f"seq {seq} acknowledged as a check-in of {case} is {event['type']} of "
                                f"{event.get('person')}")
    for seq, n in seen.items():
        if n > 1:
            problems.append(f"event_seq {seq} was acknowledged {n} times")
    if count == 0:
        problems.append("no acknowledged check-ins to verify")
    for p in problems:
        print(p)
    if not problems:
        print(f"all {count} acknowledged check-ins are in the event log")
    return 1 if problems else 0


def journal(events_path, journal_path):
    events = load(events_path)
    entries = defaultdict(list)
    with open(journal_path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            entry = json.loads(line)
            if "CCSD_SEQ" in entry:
                entries[str(entry["CCSD_SEQ"])].append(entry)
    problems = []
    ids_by_type = defaultdict(set)
    checkins = 0
    for event in events:
        found = entries.get(str(event["seq"]), [])
        if len(found) != 1:
            problems.append(f"seq {event['seq']} ({event['type']}): {len(found)} journal entries, expected 1")
            continue
        entry = found[0]
        want = {"CCSD_EVENT": event["type"], "CCSD_HASH": event["hash"]}
        if event.get("person"):
            want["CCSD_PERSON"] = event["person"]
        for key, value in want.items():
            if isinstance(entry.get(key), list):
                problems.append(f"seq {event['seq']} ({event['type']}): the entry has {key} {len(entry[key])} times "
                                f"({', '.join(v[:16] + '…' for v in entry[key])}); the event log's is {value[:16]}…")
            elif entry.get(key) != value:
                problems.append(f"seq {event['seq']}: journal {key}={entry.get(key)!r}, event log has {value!r}")
        message_id = entry.get("MESSAGE_ID", "")
        if not re.fullmatch(r"[0-9a-f]{32}", str(message_id)):
            problems.append(f"seq {event['seq']} ({event['type']}): MESSAGE_ID {message_id!r} is not a 128-bit id")
        ids_by_type[event["type"]].add(message_id)
        if entry.get("_SYSTEMD_UNIT") != "ccsd.service":
            problems.append(f"seq {event['seq']}: _SYSTEMD_UNIT={entry.get('_SYSTEMD_UNIT')!r}, not ccsd.service")
        if event["type"] == "check-in":
            checkins += 1
            if message_id != CHECK_IN_MESSAGE_ID:
                problems.append(f"seq {event['seq']}: check-in MESSAGE_ID {message_id}, catalog says "
                                f"{CHECK_IN_MESSAGE_ID}")
    for event_type, ids in ids_by_type.items():
        if len(ids) > 1:
            problems.append(f"{event_type} entries carry {len(ids)} different MESSAGE_IDs")
    owners = defaultdict(set)
    for event_type, ids in ids_by_type.items():
        for i in ids:
            owners[i].add(event_type)
    for i, types in owners.items():
        if len(types) > 1:
            problems.append(f"MESSAGE_ID {i} is shared by {sorted(types)}")
    if checkins == 0:
        problems.append("the event log has no check-in to look for")
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(events)} events ({len(ids_by_type)} types, {checkins} check-ins) each in the journal once, "
              f"with the same seq, hash, type and case id and one MESSAGE_ID per type")
    return 1 if problems else 0


def field(path, key):
    value = load(path)
    for part in key.split("."):
        value = value[part]
    print(value if not isinstance(value, (dict, list)) else json.dumps(value, ensure_ascii=False))
    return 0


def main(argv):
    if len(argv) >= 3 and argv[0] == "fetch-events" and argv[2] == "--":
        return fetch_events(argv[1], argv[3:])
    if len(argv) == 2 and argv[0] == "chain":
        return chain(argv[1])
    if len(argv) == 3 and argv[0] == "acked":
        return acked(argv[1], argv[2])
    if len(argv) == 3 and argv[0] == "journal":
        return journal(argv[1], argv[2])
    if len(argv) == 3 and argv[0] == "field":
        return field(argv[1], argv[2])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
