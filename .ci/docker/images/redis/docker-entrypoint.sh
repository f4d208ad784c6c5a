#!/bin/sh
# Like the official image's entrypoint: options alone mean redis-server, run as the redis user,
# in the foreground, with protected mode off so other containers can connect.
set -e
case "$1" in
  -*|*.conf) set -- redis-server "$@" ;;
esac
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis:redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
if [ "$1" = redis-server ]; then
  shift
  set -- redis-server "$@" --daemonize no --protected-mode no
fi
exec "$@"
