#!/usr/bin/env bash
# Install the Debian packages the platform needs when they are missing.
# Runs apt-get only as root; otherwise lists what to install and carries on.
set -euo pipefail

packages=(postgresql redis-server fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
          libharfbuzz-subset0 libmagic1 poppler-utils chromium gettext)
if [ "${1:-}" = "--demo" ]; then
  # The demo runs on SQLite with an embedded broker: no database or Redis server.
  packages=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libmagic1 gettext)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 0
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
