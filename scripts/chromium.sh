#!/usr/bin/env bash
# Debian's Chromium and a Chinese font for the browser tests (Playwright drives it; never `playwright install`).
# Installs them when missing, as scripts/postgres.sh does for PostgreSQL.
set -euo pipefail
if command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "wenquanyi"; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 && apt-get install -y -qq chromium fonts-wqy-microhei >&2
