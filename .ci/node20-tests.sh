#!/usr/bin/env bash
# The machine's own Node 20 runs the unit and server tests, in a copy of the checkout: node-pty is a
# native addon built for one Node ABI, so it cannot share node_modules with the Node 24 run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
top=$(cd "$CI_HERE/.." && pwd)

node20=${NODE20:-/usr/bin/node}
[ -x "$node20" ] || die "no Node 20 at $node20 (set NODE20)"
copy=$(mktemp -d "${TMPDIR:-/tmp}/docker-overview-node20.XXXXXX")
trap 'rm -rf "$copy"' EXIT
git -C "$top" ls-files -z --cached --others --exclude-standard | (cd "$top" && xargs -0 cp --parents -t "$copy")

cd "$copy"
export PATH="$(dirname "$node20"):$PATH"
unset npm_config_nodedir
log "node $(node --version): npm ci, then the unit and server tests"
npm ci
npm test -- server/ components/ tests/server/
