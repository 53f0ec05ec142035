#!/usr/bin/env bash
# Installs Debian's chromium and its chromedriver when missing: the dashboard's end-to-end test
# (DashboardBrowserTest) drives them, and fails rather than skips without them.
# Safe to run again, and waits (up to APT_LOCK_WAIT seconds, default 600) while another apt or dpkg holds a lock.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium and chromedriver are installed"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
lock_wait="${APT_LOCK_WAIT:-600}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# apt-get with DPkg::Lock::Timeout, which makes install wait for dpkg's locks; apt-get update takes
# /var/lib/apt/lists/lock, which that option does not cover (apt 2.6), so a lock failure is retried until the deadline.
apt_get() {
  local deadline=$((SECONDS + lock_wait))
  while :; do
    if $sudo env DEBIAN_FRONTEND=noninteractive apt-get -o "DPkg::Lock::Timeout=$lock_wait" "$@" 2>&1 | tee "$log"; then
      return 0
    fi
    if ! grep -qE 'Could not get lock|Unable to lock|Unable to acquire the dpkg frontend lock' "$log"; then
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "gave up after ${lock_wait}s waiting for the apt lock" >&2
      return 1
    fi
    echo "another apt holds the lock; waiting"
    sleep 5
  done
}

echo "installing chromium and chromium-driver"
apt_get update -q
apt_get install -y -q chromium chromium-driver
chromium --version
