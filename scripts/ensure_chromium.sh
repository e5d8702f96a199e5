#!/usr/bin/env bash
# The browser tests (tests/browser/) drive Debian's Chromium through Playwright, which
# cannot download its own browser here: install the distribution's package when missing.
# Called by `make test`; needs root (or sudo) and the Debian package registry.
set -euo pipefail
CHROMIUM="${NETPOLITIK_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo"
fi
echo "installing Debian's chromium for the browser tests (missing: $CHROMIUM)" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium
