#!/usr/bin/env bash
# Proves .ci/run on a machine where it must install everything itself: a privileged container made
# from the bookworm stand-in (see Dockerfile), with its own dockerd state in a fresh volume, runs
# .ci/run on a clone of the given commit (default HEAD). Prints the container's whole log and the time.
# Usage: bash .ci/fresh-machine/run.sh [COMMIT]   (needs a running dockerd and debian:bookworm-slim)
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
top=$(cd "$CI_HERE/.." && pwd)
commit=$(git -C "$top" rev-parse "${1:-HEAD}")
image=docker-overview-live/fresh-machine
volume=docker-overview-live-fresh-docker

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
node_root=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
mkdir -p "$context/node/bin" "$context/node/include" "$context/node/lib/node_modules"
cp "$node_root/bin/node" "$context/node/bin/"
cp -r "$node_root/include/node" "$context/node/include/"
cp -r "$(dirname "$(readlink -f "$(command -v npm)")")/.." "$context/node/lib/node_modules/npm"
cp /etc/apt/sources.list.d/debian.sources "$context/"
mkdir -p "$context/apt.conf.d"
find /etc/apt/apt.conf.d -maxdepth 1 -type f -name '99*' -exec cp {} "$context/apt.conf.d/" \;
mkdir -p "$context/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$context/ca-certificates/" 2>/dev/null || true
cp "$(command -v docker)" "$context/docker-cli"
cp "$CI_HERE/fresh-machine/Dockerfile" "$context/"
DOCKER_BUILDKIT=1 docker build -q -t "$image" "$context" >/dev/null

docker volume rm -f "$volume" >/dev/null
docker volume create "$volume" >/dev/null
started=$(date +%s)
status=0
docker run --rm --privileged -v "$volume:/var/lib/docker" -v "$top/.git:/src.git:ro" "$image" \
  bash -c "git clone -q /src.git /work/ci && cd /work/ci && git checkout -q $commit && bash .ci/run" || status=$?
log "fresh-machine .ci/run of $commit: exit $status after $(( $(date +%s) - started )) s"
docker volume rm -f "$volume" >/dev/null
exit $status
