#!/usr/bin/env bash
# Every Debian package CI needs, in one apt-get run: two apt-get at once collide on the dpkg lock,
# so no later step installs anything. Idempotent: what is installed (at a new enough version) is
# skipped, and a second run starts no apt-get at all.
#
# Docker comes from Debian forky (Engine 28.5 with BuildKit, buildx and the Compose v2 plugin): the
# host's own suite carries Engine 20.10, far older than what presenters run. The forky source is
# pinned at priority 100, so apt takes from it only the packages named with /forky below.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# package, or package=minimum-version for those that must come from forky.
# iproute2: the engine tests give a second dockerd its own bridge with ip(8).
host_packages=(chromium poppler-utils asciinema debootstrap debian-archive-keyring curl iptables iproute2 docker-registry)
forky_packages=(docker.io=28 docker-cli=28 docker-buildx=0.20 docker-compose=2.30 containerd=2)

FORKY_SOURCE=/etc/apt/sources.list.d/docker-overview-ci-forky.sources
FORKY_PIN=/etc/apt/preferences.d/docker-overview-ci-forky

installed_version() { dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null | sed -n 's/^install ok installed //p' || true; }

wanted=()
for package in "${host_packages[@]}"; do
  [ -n "$(installed_version "$package")" ] || wanted+=("$package")
done
for entry in "${forky_packages[@]}"; do
  package=${entry%%=*} minimum=${entry#*=} version=$(installed_version "${entry%%=*}")
  if [ -z "$version" ] || dpkg --compare-versions "$version" lt "$minimum"; then
    wanted+=("$package/forky")
  fi
done

if [ ${#wanted[@]} -eq 0 ]; then
  log "all system packages installed"
  exit 0
fi

mirror=$(debian_mirror)
cat >"$FORKY_SOURCE" <<SRC
Types: deb
URIs: $mirror
Suites: forky
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
cat >"$FORKY_PIN" <<PIN
Package: *
Pin: release n=forky
Pin-Priority: 100
PIN

# Package scripts must not start daemons on their own (engine.sh starts dockerd with CI's settings):
# a policy-rc.d that refuses every start, unless the machine has one already.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 0755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

mkdir -p "$CI_CACHE"
apt_log="$CI_CACHE/apt-install.log"
log "installing: ${wanted[*]} (log: $apt_log)"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}"; } >"$apt_log" 2>&1; then
  tail -n 30 "$apt_log" >&2
  die "apt-get failed (log: $apt_log)"
fi
log "installed: docker $(dpkg-query -W -f='${Version}' docker.io), buildx $(dpkg-query -W -f='${Version}' docker-buildx), compose $(dpkg-query -W -f='${Version}' docker-compose)"
