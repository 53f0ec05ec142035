#!/usr/bin/env bash
# Installs Debian's chromium and its chromedriver when missing: the dashboard's end-to-end test
# (DashboardBrowserTest) drives them, and fails rather than skips without them.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "chromium and chromedriver are installed"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing chromium and chromium-driver"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
chromium --version
