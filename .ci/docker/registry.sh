#!/usr/bin/env bash
# Runs a local image registry (Debian's docker-registry, i.e. distribution) on 127.0.0.1:5000.
# dockerd uses it as its registry mirror (engine.sh), so `docker pull python:3.13-slim` is served
# from here once images.sh has pushed the stand-ins. Idempotent: an answering registry is reused.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

STORAGE=${CI_REGISTRY_STORAGE:-/var/lib/docker-registry-ci}
CONFIG="$CI_CACHE/registry-config-${CI_REGISTRY_ADDR//[:.]/-}.yml"
CI_REGISTRY_LOG=${CI_REGISTRY_LOG:-/var/log/docker-registry-ci.log}

registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$CI_REGISTRY_ADDR/v2/" 2>/dev/null; }

require_commands curl
if registry_answers; then
  log "registry already answers on $CI_REGISTRY_ADDR"
  exit 0
fi
require_commands docker-registry

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
  addr: $CI_REGISTRY_ADDR
YML
log "starting docker-registry on $CI_REGISTRY_ADDR (storage $STORAGE, log $CI_REGISTRY_LOG)"
# The registry reads every REGISTRY_* environment variable as a configuration override, so none of
# the caller's may leak in (our own knobs are CI_-prefixed for that reason).
unset_registry_env=()
for variable in $(compgen -e | grep '^REGISTRY_' || true); do unset_registry_env+=(-u "$variable"); done
setsid nohup env "${unset_registry_env[@]}" docker-registry serve "$CONFIG" >>"$CI_REGISTRY_LOG" 2>&1 </dev/null &
for _ in $(seq 1 30); do
  registry_answers && { log "registry up"; exit 0; }
  sleep 0.5
done
tail -n 20 "$CI_REGISTRY_LOG" >&2 || true
die "docker-registry did not answer on $CI_REGISTRY_ADDR within 15s (log: $CI_REGISTRY_LOG)"
