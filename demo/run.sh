#!/usr/bin/env bash
# make demo: ccsd in the foreground on a demo state folder, the sample policies plus demo/demo.toml, and a seeded
# caseload. Two reliable reporters check in during every window; the others miss, so within two minutes the log
# shows windows opening, reminders, on-time check-ins, misses, escalations and sanction proposals.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
DEMO=${DEMO_DIR:-$PWD/.demo}
SOCKET="$DEMO/ccsd.sock"
rm -rf "$DEMO"
mkdir -p "$DEMO/policies/holidays"
cp policies/*.toml "$DEMO/policies/"
cp policies/holidays/*.toml "$DEMO/policies/holidays/"
cp demo/demo.toml "$DEMO/policies/"
mkdir -p "$DEMO/policies/templates"
cp policies/templates/*.toml "$DEMO/policies/templates/"
# Reminders and escalations go to a demo "SMS gateway" that prints them.
cat > "$DEMO/ccsd.conf" <<CONF
[notify]
office = "演示司法所"
office-phone = "0571-00000000"

[channel.sms]
type = "exec"
command = ["$PWD/demo/sms-gateway.sh", "$DEMO/sms.log"]
timeout = "5s"
CONF
export CCSD_SOCKET="$SOCKET"

touch "$DEMO/sms.log"
tail -n 0 -f "$DEMO/sms.log" &
TAIL_PID=$!
"$BIN/ccsd" --config "$DEMO/ccsd.conf" --policies "$DEMO/policies" --state-dir "$DEMO/state" --socket "$SOCKET" &
CCSD_PID=$!
REPORTER_PID=
cleanup() {
    [ -n "$REPORTER_PID" ] && kill "$REPORTER_PID" 2>/dev/null || true
    kill "$TAIL_PID" 2>/dev/null || true
    kill "$CCSD_PID" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

for _ in $(seq 100); do [ -S "$SOCKET" ] && break; sleep 0.1; done
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
week_ago=$(date -u -d '7 days ago' +%Y-%m-%dT%H:%M:%SZ)
add() { "$BIN/ccsctl" person add "$@" >/dev/null; }
add DEMO-0001 --name "演示一" --policy demo --start "$now" --officer officer1 --phone 13800000001 --time-zone Asia/Shanghai
add DEMO-0002 --name "演示二" --policy demo --start "$now" --officer officer1 --phone 13800000002 --time-zone Asia/Shanghai
add DEMO-0003 --name "演示三" --policy demo --start "$now" --officer officer2 --phone 13800000003 --time-zone Asia/Shanghai
add DEMO-0004 --name "演示四" --policy demo --start "$now" --officer officer2 --time-zone Asia/Shanghai
add JX-2026-0101 --name "严管示例" --policy strict --start "$week_ago" --officer officer1
add JX-2026-0102 --name "普管示例" --policy ordinary --start "$week_ago" --officer officer2 --tag temporary-service
add JX-2026-0103 --name "宽管示例" --policy lenient --start "$week_ago" --officer officer2

# DEMO-0001 and DEMO-0002 report 10 seconds into every window; DEMO-0003 and DEMO-0004 never do.
( while sleep $(( (130 - $(date +%s) % 120) % 120 + 1 )); do
    "$BIN/ccsctl" checkin DEMO-0001 --method phone >/dev/null 2>&1 || true
    "$BIN/ccsctl" checkin DEMO-0002 --method video >/dev/null 2>&1 || true
  done ) &
REPORTER_PID=$!

cat <<MSG

  ccsd is running (pid $CCSD_PID) on $DEMO with 7 persons; events follow below as they happen, and the
  messages the demo SMS gateway would send appear as [SMS to ...] lines (ccsctl deliveries lists them).
  In another terminal:
    CCSD_SOCKET=$SOCKET $BIN/ccsctl status
    CCSD_SOCKET=$SOCKET $BIN/ccsctl person show DEMO-0003
    CCSD_SOCKET=$SOCKET $BIN/ccsctl log DEMO-0003
  Press Ctrl-C to stop.

MSG
wait "$CCSD_PID"
