#!/usr/bin/env bash
# CI entry for the Docker test infrastructure: engine, compose v2, local registry, stand-in images.
# Idempotent and cached; a second run on the same machine takes seconds. Prints each part's time.
set -euo pipefail
here=$(dirname "$0")
source "$here/lib.sh"

started=$(date +%s)
timed "engine (dockerd)" bash "$here/engine.sh"
timed "compose v2" bash "$here/compose.sh"
timed "local registry" bash "$here/registry.sh"
timed "stand-in images" bash "$here/images.sh"
log "docker preparation total: $(( $(date +%s) - started ))s"
