#!/usr/bin/env bash
# Builds the stand-in images the demos use, under their real names, from debootstrapped Debian
# root filesystems and Debian packages (no registry is reachable in CI), then pushes them to the
# local registry (registry.sh) so `docker pull NAME:TAG` works through dockerd's mirror.
# Cached by presence: an image that exists with the same recipe is not rebuilt; a registry copy
# that matches is not pushed again.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

export DOCKER_BUILDKIT=0  # the classic builder uses local base images without asking a registry
MIRROR=$(debian_mirror)
PACKAGES=$(sed -e 's/#.*//' "$DOCKER_HERE/python-packages.txt" | xargs)
mkdir -p "$CI_CACHE"
summary=()

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Imports a cached minbase root filesystem as debian:SUITE-slim.
base_image() {
  local suite=$1 tarball
  image_exists "debian:$suite-slim" && return 0
  STEP_RESULT=built
  tarball=$("$DOCKER_HERE/rootfs.sh" "$suite")
  docker import --change 'CMD ["bash"]' --change "LABEL $CI_LABEL=true" \
    --message "debootstrap --variant=minbase $suite (CI stand-in)" "$tarball" "debian:$suite-slim" >/dev/null
}

# build NAME:TAG CONTEXT_DIR [--build-arg ...]; output in $CI_CACHE/build-NAME-TAG.log
# The image is kept when its recipe label (a hash of the context files and build arguments, so also
# of python-packages.txt) matches: appending a package rebuilds the python images, nothing else.
build_image() {
  local ref=$1 context=$2 logfile recipe current previous
  shift 2
  recipe=$({ find "$DOCKER_HERE/images/$context" -type f -print0 | sort -z | xargs -0 sha256sum | cut -c1-64
    printf '%s\n' "$@"; } | sha256sum | cut -c1-16)
  current=$(docker image inspect --format "{{index .Config.Labels \"$CI_LABEL.recipe\"}}" "$ref" 2>/dev/null || true)
  [ "$current" = "$recipe" ] && return 0
  STEP_RESULT=built
  previous=$(docker image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  logfile="$CI_CACHE/build-${ref//[:\/]/-}.log"
  if ! docker build --build-arg "MIRROR=$MIRROR" "$@" --label "$CI_LABEL.recipe=$recipe" -t "$ref" \
    "$DOCKER_HERE/images/$context" >"$logfile" 2>&1; then
    tail -n 30 "$logfile" >&2
    die "building $ref failed (log: $logfile)"
  fi
  # The outdated stand-in goes unless a container or a child image still uses it (then rmi refuses).
  if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect --format '{{.Id}}' "$ref")" ]; then
    docker rmi "$previous" >/dev/null 2>&1 || true
  fi
  grep -h '^STANDIN-MISSING' "$logfile" | sed "s/^/[ci-docker] WARNING $ref: /" >&2 || true
}

# Pushes NAME:TAG to the local registry as library/NAME:TAG unless the registry already holds
# this very image (its manifest's config digest is the local image ID).
publish() {
  local ref=$1 name=${1%%:*} tag=${1##*:} id remote
  curl -fsS -o /dev/null --max-time 2 "http://$CI_REGISTRY_ADDR/v2/" 2>/dev/null || { log "no registry on $CI_REGISTRY_ADDR: $ref stays local only"; return 0; }
  id=$(docker image inspect --format '{{.Id}}' "$ref")
  remote=$(curl -fsS --max-time 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$CI_REGISTRY_ADDR/v2/library/$name/manifests/$tag" 2>/dev/null \
    | tr -d ' \n' | sed -n 's/.*"config":{[^}]*"digest":"\([^"]*\)".*/\1/p' || true)
  [ "$remote" = "$id" ] && return 0
  docker tag "$ref" "$CI_REGISTRY_ADDR/library/$ref"
  docker push -q "$CI_REGISTRY_ADDR/library/$ref" >/dev/null
  docker rmi "$CI_REGISTRY_ADDR/library/$ref" >/dev/null  # only the extra tag; the image stays
}

# step NAME:TAG FUNCTION ARGS...: runs it, publishes, and records the time taken.
step() {
  local ref=$1 started
  shift
  started=$(date +%s)
  STEP_RESULT=cached
  "$@"
  publish "$ref"
  summary+=("$(printf '%-20s %-7s %4ss' "$ref" "$STEP_RESULT" $(( $(date +%s) - started )))")
  log "$ref ready ($STEP_RESULT, $(( $(date +%s) - started ))s)"
}

# Builds run two at a time (one per Debian suite): downloads overlap with unpacking on 2 cores.
# Each lane writes its summary lines to a file, since background subshells cannot append to ours.
lane() {
  local out=$1
  shift
  summary=()
  while [ $# -gt 0 ]; do
    local ref=$1 context=$2 suite=$3
    shift 3
    if [ "$context" = python ]; then
      local placeholders=""
      [ "$suite" = bookworm ] && placeholders=python3-pythran
      step "$ref" build_image "$ref" python --build-arg "SUITE=$suite" --build-arg "PACKAGES=$PACKAGES" \
        --build-arg "PLACEHOLDERS=$placeholders"
    elif [ "$context" = python-full ]; then
      step "$ref" build_image "$ref" python-full --build-arg "BASE_ID=$(docker image inspect --format '{{.Id}}' python:3.11-slim)"
    else
      step "$ref" build_image "$ref" "$context"
    fi
  done
  printf '%s\n' "${summary[@]}" >"$out"
}

started=$(date +%s)
base_pids=()
for suite in bookworm trixie; do
  step "debian:$suite-slim" base_image "$suite" &
  base_pids+=($!)
done
for pid in "${base_pids[@]}"; do wait "$pid"; done
summary+=("$(printf '%-20s %-7s %4ss' 'debian bases' '-' $(( $(date +%s) - started )))")

lane_dir=$(mktemp -d)
trap 'rm -rf "$lane_dir"' EXIT
# python:3.11 (the full image) starts from the python:3.11-slim stand-in, so it follows it in its lane.
lane "$lane_dir/bookworm" python:3.11-slim python bookworm python:3.11 python-full bookworm redis:7 redis bookworm &
bookworm_lane=$!
lane "$lane_dir/trixie" python:3.13-slim python trixie postgres:17 postgres trixie &
trixie_lane=$!
status=0
wait "$bookworm_lane" || status=$?
wait "$trixie_lane" || status=$?
[ "$status" -eq 0 ] || die "an image build failed (logs: $CI_CACHE/build-*.log)"

echo "stand-in images (label $CI_LABEL=true):"
printf '%s\n' "${summary[@]}" | cat - "$lane_dir/bookworm" "$lane_dir/trixie" | sed -e '/^$/d' -e 's/^/  /'
echo "  total $(( $(date +%s) - started ))s"
