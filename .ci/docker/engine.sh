#!/usr/bin/env bash
# Makes a Docker engine answer on this machine (CI test infrastructure; root on Debian).
# Idempotent: when a new enough daemon already answers, only makes sure it uses the local registry
# mirror (a live reload by SIGHUP, so running containers are untouched). A daemon older than
# MIN_ENGINE that this script started earlier (from an older package) is replaced.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

DAEMON_JSON=${DOCKERD_CONFIG:-/etc/docker/daemon.json}
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/dockerd-ci.log}
DOCKERD_PIDFILE=${DOCKERD_PIDFILE:-/var/run/docker.pid}
# Extra dockerd flags (space-separated), e.g. a second daemon with its own -H/--data-root/--exec-root.
read -r -a DOCKERD_EXTRA <<<"${DOCKERD_ARGS:-}"
WAIT_SECONDS=${DOCKERD_WAIT_SECONDS:-60}
MIRROR="http://$CI_REGISTRY_ADDR"
MIN_ENGINE=28

require_commands dockerd docker iptables

# Adds our registry mirror to daemon.json, keeping every other setting. Prints "changed" if it wrote.
configure_mirror() {
  mkdir -p "$(dirname "$DAEMON_JSON")"
  if [ -s "$DAEMON_JSON" ] && grep -q "\"$MIRROR\"" "$DAEMON_JSON"; then
    return 0
  fi
  if [ -s "$DAEMON_JSON" ]; then
    command -v python3 >/dev/null || die "$DAEMON_JSON exists and python3 is missing to merge it; add \"registry-mirrors\": [\"$MIRROR\"] by hand"
    python3 - "$DAEMON_JSON" "$MIRROR" <<'PY'
import json, sys
path, mirror = sys.argv[1], sys.argv[2]
with open(path) as f:
    config = json.load(f)
mirrors = config.setdefault("registry-mirrors", [])
if mirror not in mirrors:
    mirrors.insert(0, mirror)
with open(path, "w") as f:
    json.dump(config, f, indent=2)
    f.write("\n")
PY
  else
    printf '{\n  "registry-mirrors": ["%s"]\n}\n' "$MIRROR" >"$DAEMON_JSON"
  fi
  log "registry mirror $MIRROR written to $DAEMON_JSON"
  echo changed
}

wait_for_daemon() {
  local waited=0
  until server_answers; do
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
      tail -n 20 "$DOCKERD_LOG" >&2 || true
      die "dockerd did not answer within ${WAIT_SECONDS}s (log: $DOCKERD_LOG)"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

our_dockerd_pid() {
  local pid
  pid=$(cat "$DOCKERD_PIDFILE" 2>/dev/null) && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

engine_version() { docker version --format '{{.Server.Version}}' 2>/dev/null; }

changed=$(configure_mirror)

if server_answers && dpkg --compare-versions "$(engine_version)" lt "$MIN_ENGINE"; then
  pid=$(our_dockerd_pid) || die "the answering engine is $(engine_version), older than $MIN_ENGINE, and not a dockerd this script started: stop it first"
  log "stopping dockerd $(engine_version) (pid $pid) to start the installed $(dockerd --version)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && die "dockerd (pid $pid) did not stop within 60 s"
fi

if server_answers; then
  if [ "$changed" = changed ]; then
    # registry-mirrors is one of dockerd's live-reloadable options: no restart needed.
    if pid=$(our_dockerd_pid); then
      kill -HUP "$pid"
      log "dockerd (pid $pid) reloaded its configuration"
    else
      log "WARNING: the daemon answers but is not a local dockerd; restart it to use $MIRROR"
    fi
  fi
  log "engine already running: $(docker version --format 'server {{.Server.Version}}')"
  exit 0
fi

if our_dockerd_pid >/dev/null; then
  log "dockerd is running but not answering yet; waiting"
else
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid + nohup: the daemon outlives this script and CI's step; other jobs use it afterwards.
  setsid nohup dockerd --config-file "$DAEMON_JSON" --pidfile "$DOCKERD_PIDFILE" "${DOCKERD_EXTRA[@]}" \
    >>"$DOCKERD_LOG" 2>&1 </dev/null &
fi
wait_for_daemon
log "engine up: $(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}')"
