#!/usr/bin/env bash
# Benchmark: the hub's SSH backup against the raw pipe `ssh host pg_dump -Fc -Z0 | zstd -q -3 > file;
# sync` on the same generated database, alternating, in one run, the first round right after the hub
# started; the hub's whole job (with its verification and fingerprint) against the raw pipe plus
# `zstd -dc file | pg_restore -f /dev/null`; peak RSS of a hub with -Xmx128m; and API latency while a
# backup runs. Results: Markdown on stdout (docs/benchmarks.md keeps a copy).
#
#   bench/run.sh [dump size in MiB, default 1050 (a dump of about 0.92 GB)] [rounds, default 4]
#   HUB_JAVA_OPTS (default: the launch options docs/operations.md recommends, with -Xmx128m) sets the
#   hub's JVM options; MALLOC_ARENA_MAX=2 is exported for it, as recommended there too.
#
# KEEP_WORK=1 keeps the work folder (hub.log...). HUB_DIAG, if set, is run last while the hub still runs (e.g. 'jcmd $HUB_PID VM.native_memory summary'
# with -XX:NativeMemoryTracking=summary in HUB_JAVA_OPTS); its output goes to stderr.
#
# Needs: Debian postgresql, openssh-server/client, zstd, curl, python3; the packaged hub
# (./mvnw -B -q package -DskipTests). Starts and removes its own PostgreSQL and sshd.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1050}
ROUNDS=${2:-4}
ROWS=$(( SIZE_MIB * 1024 / 2 ))            # rows of ~1 KiB per table, two tables
WORK=$(mktemp -d /tmp/hub-bench-XXXX)
BIN=$(pg_config --bindir)
# shellcheck source=bench/lib.sh
. bench/lib.sh
PGPORT=$(free_port); SSHPORT=$(free_port); HUBPORT=$(free_port)
PW=bench-secret
KEY=bench-admin-key-0123456789abcdefghijkl
trap 'stop_postgres; stop_everything' EXIT

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

RAW_VERIFY="zstd -dc $WORK/raw.zst | $BIN/pg_restore -f /dev/null"

machine
echo
compare_rounds bench
read -r _ sdump _ speak _ <<<"$(hub_backup small)"
read -r ls _ _ lpeak p50 p99 n _ <<<"$(hub_backup bench latency)"
echo
echo "Dump size: $(python3 -c "print('%.2f GB' % ($dump/1e9))") (raw pg_dump -Fc -Z0 output); stored (zstd -3): hub $(python3 -c "print('%.2f GB' % ($hstored/1e9))"), raw pipe $(python3 -c "print('%.2f GB' % ($rstored/1e9))")."
echo "Peak RSS of the hub ($HUB_JAVA_OPTS): $(( speak / 1024 )) MiB backing up a $(python3 -c "print('%.2f GB' % ($sdump/1e9))") dump, $(( peak / 1024 )) MiB backing up the $(python3 -c "print('%.2f GB' % ($dump/1e9))") one."
grep -o 'fingerprinted [0-9]* rows in [0-9]* tables: [0-9]* ms of CPU' "$WORK/hub.log" | python3 -c "
import re, statistics, sys
runs = [tuple(map(int, re.findall(r'\d+', l))) for l in sys.stdin]
big = max(r[0] for r in runs); ms = [r[2] for r in runs if r[0] == big]
print('The fingerprint (the output of pg_restore read and %d rows hashed, during the hub verification): median %.2f s of CPU per backup of the large dump, over %d verifications.' % (big, statistics.median(ms) / 1000, len(ms)))"
echo "Jobs API latency while a backup runs (GET /api/v1/jobs?limit=20, $n requests back to back): p50 $p50 ms, p99 $p99 ms (that backup took ${ls}s)."
[ -z "${HUB_DIAG:-}" ] || eval "$HUB_DIAG" >&2
