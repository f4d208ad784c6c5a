#!/usr/bin/env bash
# Debian packages the tests need. Installs only what is missing, so a second run costs nothing.
set -euo pipefail
wanted=(chromium poppler-utils asciinema)
missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "already installed: ${wanted[*]}"
fi
