#!/usr/bin/env bash
# Benchmark: the hub's SSH backup against the raw pipe `ssh host pg_dump -Fc -Z0 | zstd -q -3 > file`
# on the same generated database, alternating, in one run; peak RSS of a hub with -Xmx128m; and API
# latency while a backup runs. Results: Markdown on stdout (docs/benchmarks.md keeps a copy).
#
#   bench/run.sh [dump size in MiB, default 2400 (a dump of about 2.1 GB)] [rounds, default 3]
#   HUB_JAVA_OPTS (default: the launch options docs/operations.md recommends, with -Xmx128m) sets the
#   hub's JVM options; MALLOC_ARENA_MAX=2 is exported for it, as recommended there too.
#
# Needs: Debian postgresql, openssh-server/client, zstd, curl, python3; the packaged hub
# (./mvnw -B -q package -DskipTests). Starts and removes its own PostgreSQL and sshd.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-2400}
ROUNDS=${2:-3}
ROWS=$(( SIZE_MIB * 1024 / 2 ))            # rows of ~1 KiB per table, two tables
WORK=$(mktemp -d /tmp/hub-bench-XXXX)
BIN=$(pg_config --bindir)
# shellcheck source=bench/lib.sh
. bench/lib.sh
PGPORT=$(free_port); SSHPORT=$(free_port); HUBPORT=$(free_port)
PW=bench-secret
KEY=bench-admin-key-0123456789abcdefghijkl
cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true
  [ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null || true
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "# $*" >&2; }

# --- PostgreSQL with a database whose dump is half incompressible, half compressible ---
start_postgres
export PGPASSWORD=$PW
psql_() { psql -q -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"; }
log "generating ${SIZE_MIB} MiB of rows"
psql_ -c "CREATE DATABASE bench" -c "CREATE DATABASE small"
psql_ -d bench -c "CREATE EXTENSION pgcrypto" \
  -c "CREATE TABLE random_rows (id bigint, body text)" \
  -c "INSERT INTO random_rows SELECT i, encode(gen_random_bytes(760), 'base64') FROM generate_series(1, $ROWS) i" \
  -c "CREATE TABLE text_rows (id bigint, body text)" \
  -c "INSERT INTO text_rows SELECT i, repeat('order ' || (i % 1000) || ' shipped to customer ' || (i % 97) || '; ', 20) FROM generate_series(1, $ROWS) i"
psql_ -d small -c "CREATE EXTENSION pgcrypto" \
  -c "CREATE TABLE random_rows (id bigint, body text)" \
  -c "INSERT INTO random_rows SELECT i, encode(gen_random_bytes(760), 'base64') FROM generate_series(1, $(( ROWS / 8 ))) i" \
  -c "CREATE TABLE text_rows (id bigint, body text)" \
  -c "INSERT INTO text_rows SELECT i, repeat('order ' || (i % 1000) || ' shipped to customer ' || (i % 97) || '; ', 20) FROM generate_series(1, $(( ROWS / 8 ))) i"

start_sshd

# --- the hub, -Xmx128m, with the two databases as SSH targets ---
cat > "$WORK/targets.yaml" <<YAML
targets:
$(for db in bench small; do cat <<T
  - id: $db
    engine: postgres
    environment: bench
    transport: {type: ssh, host: 127.0.0.1, port: $SSHPORT, user: $(id -un), privateKeyFile: $WORK/client, knownHostsFile: $WORK/known_hosts}
    database: {host: 127.0.0.1, port: $PGPORT, user: postgres, passwordFile: $WORK/pw, name: $db}
T
done)
YAML
start_hub -Dhub.verify.pg-restore="$BIN/pg_restore"

raw_backup() { raw_pipe "PGPASSWORD=$PW pg_dump -Fc -Z0 --host=127.0.0.1 --port=$PGPORT --username=postgres --dbname=$1"; }

log "warm-up"; hub_backup small >/dev/null; raw_backup small >/dev/null
compare_rounds bench
read -r _ sdump _ speak _ <<<"$(hub_backup small)"
read -r ls _ _ lpeak p50 p99 n <<<"$(hub_backup bench latency)"
echo
echo "Dump size: $(python3 -c "print('%.2f GB' % ($dump/1e9))") (raw pg_dump -Fc -Z0 output); stored (zstd -3): hub $(python3 -c "print('%.2f GB' % ($hstored/1e9))"), raw pipe $(python3 -c "print('%.2f GB' % ($rstored/1e9))")."
echo "Peak RSS of the hub ($HUB_JAVA_OPTS): $(( speak / 1024 )) MiB backing up a $(python3 -c "print('%.2f GB' % ($sdump/1e9))") dump, $(( peak / 1024 )) MiB backing up the $(python3 -c "print('%.2f GB' % ($dump/1e9))") one."
echo "Jobs API latency while a backup runs (GET /api/v1/jobs?limit=20, $n requests back to back): p50 $p50 ms, p99 $p99 ms (that backup took ${ls}s)."
