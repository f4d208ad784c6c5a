#!/usr/bin/env bash
# Entry point of the postgres stand-in, following the official image's contract:
# POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (default
# postgres), POSTGRES_DB (default the user), POSTGRES_INITDB_ARGS, PGDATA; initdb on first start
# only; /docker-entrypoint-initdb.d/*.sh|*.sql run once; then postgres in the foreground.
set -Eeo pipefail

# The official image's *_FILE convention: a Compose secret arrives as a file
# (POSTGRES_PASSWORD_FILE=/run/secrets/db_password), never as an environment value.
for var in POSTGRES_PASSWORD POSTGRES_USER POSTGRES_DB; do
  file_var="${var}_FILE"
  if [ -n "${!file_var:-}" ]; then
    export "$var"="$(<"${!file_var}")"
    unset "$file_var"
  fi
done

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}" "${POSTGRES_DB:=$POSTGRES_USER}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    cat >&2 <<'MSG'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.
MSG
    exit 1
  fi
  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  # shellcheck disable=SC2086  # POSTGRES_INITDB_ARGS is a list of words, as in the official image
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") -D "$PGDATA" ${POSTGRES_INITDB_ARGS:-}
  else
    initdb --username="$POSTGRES_USER" -D "$PGDATA" ${POSTGRES_INITDB_ARGS:-}
  fi
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  psql_init=(psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc)
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql_init[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  shopt -s nullglob
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sh) echo "running $file"; . "$file" ;;
      *.sql) echo "running $file"; "${psql_init[@]}" --dbname "$POSTGRES_DB" -f "$file" ;;
      *.sql.gz) echo "running $file"; gunzip -c "$file" | "${psql_init[@]}" --dbname "$POSTGRES_DB" ;;
      *) echo "ignoring $file" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
fi

exec "$@"
