#!/bin/sh
# PID 1 of the system test's namespaces (see run.sh): gives systemd a private view of the file system, then
# becomes systemd. Usage: boot.sh STAGE_DIR (run.sh's staging folder: bin/, units/, etc-upper/).
#
# Everything systemd, journald or ccsd may write lands on a tmpfs of this mount namespace, never on the host:
#   /run /tmp /var/tmp /var/lib /var/log   fresh tmpfs (so StateDirectory=ccsd is /var/lib/ccsd on a tmpfs, and
#                                          systemd's boot-time clean-up of /tmp only sees its own tmpfs)
#   /etc                                   overlay over the host's /etc, writes go to /run (ConfigurationDirectory=)
#   /dev                                   tmpfs with bind mounts of null, zero, full, random, urandom, tty and
#                                          a devpts instance of its own
#   /sys, /proc/sys                        read-only, as systemd expects in a container
#   /sys/fs/cgroup                         cgroup2 of this cgroup namespace: its root is the test's own cgroup
set -eu

STAGE=$1
R=/run/ccsd-systemtest

mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p "$R"
cp -a "$STAGE"/. "$R"/
# The overlay's upper layer carries /etc/ccsd (policies); the work dir must be on the same file system.
mkdir -p "$R/etc-work"
mount -t overlay overlay -o "lowerdir=/etc,upperdir=$R/etc-upper,workdir=$R/etc-work" /etc

# Only now hide /tmp: STAGE may live there.
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /var/tmp
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /var/lib
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /var/log

D="$R/dev"
mkdir -p "$D"
mount -t tmpfs -o mode=0755,nosuid tmpfs "$D"
for node in null zero full random urandom tty; do
    touch "$D/$node"
    mount --bind "/dev/$node" "$D/$node"
done
mkdir "$D/shm" "$D/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$D/shm"
# A devpts instance of our own, and /dev/ptmx into it (PrivateDevices= wants both).
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,nosuid,noexec devpts "$D/pts"
ln -s pts/ptmx "$D/ptmx"
ln -s /proc/self/fd "$D/fd"
ln -s /proc/self/fd/0 "$D/stdin"
ln -s /proc/self/fd/1 "$D/stdout"
ln -s /proc/self/fd/2 "$D/stderr"
mount --move "$D" /dev

mount --bind /proc/sys /proc/sys
mount -o remount,bind,ro /proc/sys
if mountpoint -q /sys/fs/cgroup; then umount -R /sys/fs/cgroup; fi
mount -o remount,bind,ro /sys
mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 /sys/fs/cgroup

# container= makes systemd behave as in a container: no console or kmsg handling of the host, logs on stderr
# (run.sh's pid1.log) until journald is up.
exec env -i container=ccsd-systemtest SYSTEMD_UNIT_PATH="$R/units" PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    /lib/systemd/systemd --system --unit=ccsd-systemtest.target --show-status=no
