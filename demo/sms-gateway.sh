#!/bin/sh
# Demo SMS gateway for `make demo`: appends the message it would send to the file named by $1 instead of sending
# it. ccsd runs it with the message on standard input and the details in the environment.
printf '  [SMS to %s, %s of %s] %s\n' "${CCSD_ADDRESS:-?}" "$CCSD_RECIPIENT" "$CCSD_PERSON" "$(cat)" >> "$1"
echo "written to $1 by the demo gateway"
