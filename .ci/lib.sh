#!/usr/bin/env bash
# Shared helpers for the CI scripts (sourced, not run). Test infrastructure only.
# No host name of any registry or mirror is written here: the Debian mirror is read from the
# machine's own apt sources at run time.

CI_CACHE=${CI_CACHE:-/var/cache/docker-overview-ci}
CI_LABEL=org.docker-overview-live.standin
CI_REGISTRY_ADDR=${CI_REGISTRY_ADDR:-127.0.0.1:5000}
CI_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOCKER_HERE="$CI_HERE/docker"

log() { echo "[ci] $*" >&2; }
die() { echo "[ci] ERROR: $*" >&2; exit 1; }

# Fails with a clear message when a command that install-system-packages.sh provides is missing:
# every Debian package CI needs is installed there, once, so no later step runs apt-get.
require_commands() {
  local command
  for command in "$@"; do
    command -v "$command" >/dev/null 2>&1 || die "$command is missing: run bash .ci/install-system-packages.sh first"
  done
}

# Prints the Debian archive URI from the machine's apt sources (deb822 *.sources first, then
# one-line *.list / sources.list): the first `deb` source that carries a plain release suite
# (not -security/-updates/-backports). Fails loudly when none is found.
debian_mirror() {
  local uri
  uri=$(awk '
    /^[[:space:]]*#/ { next }
    /^[[:space:]]*$/ { if (uris != "" && debian && types ~ /(^| )deb( |$)/) { print uris; exit } uris=""; debian=0; types=""; next }
    tolower($1) == "types:" { $1=""; types=$0 }
    tolower($1) == "uris:" { uris=$2 }
    tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i !~ /-/ && $i != "") debian=1 }
    tolower($1) == "enabled:" && tolower($2) == "no" { types="" }
    END { if (uris != "" && debian && types ~ /(^| )deb( |$)/) print uris }
  ' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v -- '-security' | head -n1)
  if [ -z "$uri" ]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" { u=$2; if (u ~ /^\[/) { for (i = 2; i <= NF; i++) if ($i ~ /\]$/) { u=$(i+1); s=$(i+2); break } } else s=$3; if (s !~ /-/ && u !~ /security/) { print u; exit } }')
  fi
  [ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources.list.d/*.sources or sources.list"
  echo "${uri%/}"
}

# Runs "$@" and prints how long it took (seconds) to stderr under the given label.
timed() {
  local label=$1 started ended status=0
  shift
  started=$(date +%s)
  "$@" || status=$?
  ended=$(date +%s)
  log "$label: $((ended - started))s (exit $status)"
  return $status
}

server_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
