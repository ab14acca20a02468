#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL 15 cluster for tests, in a temporary directory, on a loopback port.
#   eval "$(bash scripts/postgres.sh start)"   # exports LYBUNT_TEST_POSTGRES and LYBUNT_PG_DIR
#   bash scripts/postgres.sh stop "$LYBUNT_PG_DIR"
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
action=${1:-start}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  start)
    [ -x "$bin/postgres" ] || { echo "echo 'PostgreSQL 15 is not installed at $bin' >&2"; exit 1; }
    dir=$(mktemp -d /tmp/lybunt-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=${LYBUNT_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 -c shared_buffers=256MB" \
      start >/dev/null
    echo "export LYBUNT_PG_DIR='$dir'"
    echo "export LYBUNT_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50'"
    ;;
  stop)
    dir=${2:?directory}
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
