#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; install it when it is missing (CI runs as root).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ]; then
  echo "Chromium ontbreekt (nodig voor de browsertests): installeer het met 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
echo "Chromium ontbreekt; installeren met apt-get (eenmalig)…" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
