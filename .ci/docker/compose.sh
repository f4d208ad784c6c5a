#!/usr/bin/env bash
# Makes `docker compose` (v2) work. Bookworm ships only Compose v1; Debian trixie's docker-compose
# package carries the v2 CLI plugin (a static Go binary). We fetch that one .deb through a private
# apt state directory with a trixie source derived from the machine's own mirror, so the host's apt
# configuration is never changed, and copy the plugin into Docker's system plugin directory.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

compose_is_v2() { docker compose version --short 2>/dev/null | grep -Eq '^v?2\.'; }

if compose_is_v2; then
  log "compose already works: $(docker compose version)"
  exit 0
fi

mirror=$(debian_mirror)
apt_dir="$CI_CACHE/apt-trixie"
mkdir -p "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
cat >"$apt_dir/sources/trixie.sources" <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_private=(-o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$apt_dir/sources"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "Acquire::Languages=none")

work=$(mktemp -d)
chmod 0755 "$work"  # apt downloads as the _apt user
trap 'rm -rf "$work"' EXIT
log "fetching docker-compose from trixie ($mirror)"
apt-get "${apt_private[@]}" update -qq
(cd "$work" && apt-get "${apt_private[@]}" download -qq docker-compose)
dpkg-deb -x "$work"/docker-compose_*.deb "$work/pkg"
plugin=$(find "$work/pkg" -type f -path '*cli-plugins/docker-compose' | head -n1)
[ -n "$plugin" ] || die "the trixie docker-compose package holds no cli-plugins/docker-compose"
install -D -m 0755 "$plugin" "$PLUGIN_DIR/docker-compose"
compose_is_v2 || die "docker compose still does not report v2 after installing $PLUGIN_DIR/docker-compose"
log "compose installed: $(docker compose version)"
