#!/usr/bin/env bash
# Benchmark: one PostgreSQL dump stored three ways by the packaged hub (-Xmx128m): to the local
# store, to S3 (s3proxy on loopback: the real S3 protocol, multipart uploads of 16 MiB parts), and
# to both at once (one dump, two stores), against the raw pipe `pg_dump -Fc -Z0 | zstd -q -3 > file`
# on the same database, alternating, in one run; peak RSS of the hub. Markdown on stdout
# (docs/benchmarks.md keeps a copy).
#
#   bench/stores.sh [table size in MiB, default 1024] [rounds, default 3]
#
# Needs: PostgreSQL 15 (Debian postgresql), zstd, curl, python3, bc; the packaged hub and the test
# classes (./mvnw -B -q package -DskipTests). Starts and removes its own PostgreSQL and s3proxy.
# GCS is not measured: the only GCS server here, the firebase emulator, finalizes a multi-chunk
# resumable upload after its first chunk, so it cannot take a 1 GB object in constant memory.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
WORK=$(mktemp -d /tmp/hub-bench-XXXX); chmod 755 "$WORK"
# shellcheck source=bench/lib.sh
. bench/lib.sh
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=$(free_port); HUBPORT=$(free_port)
PW=bench-secret
KEY=bench-admin-key
cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true
  [ -n "${S3_PID:-}" ] && kill "$S3_PID" 2>/dev/null || true
  stop_postgres
  sleep 1; [ -n "${KEEP_WORK:-}" ] && echo "# kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "# $*" >&2; }

start_postgres
log "generating about ${SIZE_MIB} MiB of rows"
ROWS=$(( SIZE_MIB * 1024 ))
PGPASSWORD=$PW "$BIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE bench" -c "CREATE DATABASE small"
for db in bench small; do
  n=$ROWS; [ $db = small ] && n=$(( ROWS / 8 ))
  # Half random (incompressible), half repetitive text: about 1 KiB of dump per row.
  PGPASSWORD=$PW "$BIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d $db -c "CREATE EXTENSION pgcrypto" \
    -c "CREATE TABLE rows (id bigint PRIMARY KEY, noise text, words text)" \
    -c "INSERT INTO rows SELECT g, encode(gen_random_bytes(384), 'base64'),
          repeat('order ' || (g % 1000) || ' shipped to customer ' || (g % 97) || '; ', 12)
        FROM generate_series(1, $n) g"
done
echo "$PW" > "$WORK/pw"; chmod 600 "$WORK/pw"

log "starting s3proxy"
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp" >/dev/null
java -Xmx4g -cp "target/test-classes:$(cat "$WORK/cp")" bench/S3Bench.java > "$WORK/s3" 2>"$WORK/s3.log" & S3_PID=$!
for _ in $(seq 120); do [ -s "$WORK/s3" ] && break; sleep 0.5; done
read -r S3_ENDPOINT S3_ACCESS S3_SECRET < "$WORK/s3"

cat > "$WORK/stores.yaml" <<YAML
stores:
  - {id: s3, type: s3, bucket: bench, endpoint: "$S3_ENDPOINT", region: us-east-1, pathStyle: true,
     accessKeyFile: $S3_ACCESS, secretKeyFile: $S3_SECRET, partSize: 16777216}
YAML
cat > "$WORK/targets.yaml" <<YAML
targets:
$(for t in "local:[local]" "s3:[s3]" "both:[local, s3]"; do for db in bench small; do cat <<T
  - id: $db-${t%%:*}
    engine: postgres
    environment: bench
    transport: {type: local}
    database: {host: 127.0.0.1, port: $PGPORT, user: postgres, passwordFile: $WORK/pw, name: $db}
    stores: ${t#*:}
T
done; done)
YAML
start_hub -Dhub.stores.file="$WORK/stores.yaml" -Dhub.verify.pg-restore="$BIN/pg_restore"

raw_backup() { # db -> "seconds stored_bytes" of pg_dump -Fc -Z0 | zstd -3 on the hub's host
  local start end
  start=$(date +%s.%N)
  PGPASSWORD=$PW "$BIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" -U postgres -Fc -Z0 "$1" | zstd -q -3 > "$WORK/raw.zst"
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(stat -c %s "$WORK/raw.zst")"
  rm -f "$WORK/raw.zst"
}

log "warm-up"; for s in local s3 both; do hub_backup small-$s >/dev/null; done; raw_backup small >/dev/null
echo "| round | raw pipe s | local s | S3 s | local + S3 s | raw MB/s | local MB/s | S3 MB/s | both MB/s | peak RSS MiB (local / S3 / both) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  read -r rs _ <<<"$(raw_backup bench)"
  read -r ls dump _ lpeak _ <<<"$(hub_backup bench-local)"
  read -r ss _ _ speak _ <<<"$(hub_backup bench-s3)"
  read -r bs _ _ bpeak _ <<<"$(hub_backup bench-both)"
  python3 -c "
d=$dump
print('| %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f / %.0f / %.0f |' % ($round, $rs, $ls, $ss, $bs,
  d/$rs/1e6, d/$ls/1e6, d/$ss/1e6, d/$bs/1e6, $lpeak/1024, $speak/1024, $bpeak/1024))"
done
echo
echo "Dump size: $(python3 -c "print('%.2f GB' % ($dump/1e9))") (pg_dump custom format, uncompressed)."
