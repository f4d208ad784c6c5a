#!/usr/bin/env bash
# CI entry for the Docker test infrastructure: engine, local registry, stand-in images.
# Idempotent and cached; a second run on the same machine takes seconds. Prints each part's time.
# Needs the packages of ../install-system-packages.sh (Engine, buildx and Compose from forky).
set -euo pipefail
here=$(dirname "$0")
source "$here/../lib.sh"

# An older recipe of this script copied trixie's Compose plugin into /usr/local/lib, where the CLI
# looks before /usr/libexec: it would shadow the forky plugin, so it goes.
stale_plugin=/usr/local/lib/docker/cli-plugins/docker-compose
if [ -e "$stale_plugin" ] && [ -e /usr/libexec/docker/cli-plugins/docker-compose ]; then
  log "removing $stale_plugin ($("$stale_plugin" version --short 2>/dev/null || echo unknown)), which shadows the forky plugin"
  rm -f "$stale_plugin"
fi

started=$(date +%s)
timed "engine (dockerd)" bash "$here/engine.sh"
timed "local registry" bash "$here/registry.sh"
timed "stand-in images" bash "$here/images.sh"
log "$(docker version --format 'client {{.Client.Version}}, engine {{.Server.Version}}'), $(docker buildx version | cut -d' ' -f1-2), compose $(docker compose version --short)"
log "docker preparation total: $(( $(date +%s) - started ))s"
