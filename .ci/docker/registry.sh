#!/usr/bin/env bash
# Runs a local image registry (Debian's docker-registry, i.e. distribution) on 127.0.0.1:5000.
# dockerd uses it as its registry mirror (engine.sh), so `docker pull python:3.13-slim` is served
# from here once images.sh has pushed the stand-ins. Idempotent: an answering registry is reused.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

STORAGE=${REGISTRY_STORAGE:-/var/lib/docker-registry-ci}
CONFIG="$CI_CACHE/registry-config-${REGISTRY_ADDR//[:.]/-}.yml"
REGISTRY_LOG=${REGISTRY_LOG:-/var/log/docker-registry-ci.log}

registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY_ADDR/v2/" 2>/dev/null; }

apt_install_missing curl
if registry_answers; then
  log "registry already answers on $REGISTRY_ADDR"
  exit 0
fi
apt_install_missing docker-registry

mkdir -p "$STORAGE" "$CI_CACHE"
cat >"$CONFIG" <<YML
version: 0.1
log:
  level: warn
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $STORAGE
  delete:
    enabled: true
http:
  addr: $REGISTRY_ADDR
YML
log "starting docker-registry on $REGISTRY_ADDR (storage $STORAGE, log $REGISTRY_LOG)"
setsid nohup docker-registry serve "$CONFIG" >>"$REGISTRY_LOG" 2>&1 </dev/null &
for _ in $(seq 1 30); do
  registry_answers && { log "registry up"; exit 0; }
  sleep 0.5
done
tail -n 20 "$REGISTRY_LOG" >&2 || true
die "docker-registry did not answer on $REGISTRY_ADDR within 15s (log: $REGISTRY_LOG)"
