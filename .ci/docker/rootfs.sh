#!/usr/bin/env bash
# Usage: rootfs.sh SUITE -> prints the path of a cached Debian minbase root filesystem tarball.
# debootstrap runs once per suite; the tarball is kept in $CI_CACHE (outside the repo) and reused.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"

suite=${1:?usage: rootfs.sh SUITE}
tarball="$CI_CACHE/rootfs-$suite-minbase.tar"
if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

require_commands debootstrap
mirror=$(debian_mirror)
mkdir -p "$CI_CACHE"
work=$(mktemp -d "$CI_CACHE/debootstrap-$suite.XXXXXX")
trap 'rm -rf "$work"' EXIT
log "debootstrap $suite from $mirror (log: $CI_CACHE/debootstrap-$suite.log)"
debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
  "$suite" "$work/root" "$mirror" >"$CI_CACHE/debootstrap-$suite.log" 2>&1 \
  || { tail -n 20 "$CI_CACHE/debootstrap-$suite.log" >&2; die "debootstrap $suite failed"; }

root="$work/root"
# Like the official slim images: no docs, man pages or translations, and apt keeps no caches.
cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/lintian/*
CFG
cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
CFG
echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb "$root"/var/log/* \
  "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* "$root"/usr/share/info/*
tar -C "$root" --numeric-owner -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
