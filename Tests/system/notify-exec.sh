#!/bin/sh
# An exec notification channel for Tests/system/run.sh, run by ccsd (as the ccsd user, inside its sandbox) with
# the message on standard input and the details in the environment.
#
# Usage: notify-exec.sh MODE DIR [ADDRESS]   (ADDRESS: the channel's {address} placeholder)
#   record   appends one line to DIR/NAME.log (NAME: the script's 4th argument, default "exec"), exits 0
#   gated    writes DIR/started.ID, waits until DIR/gate-open exists, then records like `record`
#   fail     records nothing, says why on standard error and exits 75 (a gateway that is down)
#
# A line: ID, CCSD_EVENT, CCSD_PERSON, CCSD_RECIPIENT, ADDRESS, CCSD_ADDRESS, CCSD_PHONE ("unset" when it is not
# in the environment), CCSD_TEMPLATE, then the message, separated by tabs.
set -eu
mode=$1
dir=$2
address=${3-}
name=${4:-exec}
id=${CCSD_NOTIFICATION_ID:-?}
message=$(cat)

record() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "${CCSD_EVENT-}" "${CCSD_PERSON-}" "${CCSD_RECIPIENT-}" \
        "$address" "${CCSD_ADDRESS-}" "${CCSD_PHONE-unset}" "${CCSD_TEMPLATE-}" "$message" >>"$dir/$name.log"
    echo "recorded $id in $name.log"
}

case $mode in
    record) record ;;
    gated)
        : >"$dir/started.$id"
        while [ ! -e "$dir/gate-open" ]; do sleep 0.1; done
        record
        ;;
    fail)
        echo "gateway down (system test)" >&2
        exit 75
        ;;
    *)
        echo "unknown mode $mode" >&2
        exit 2
        ;;
esac
