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
# GCS is measured only against a real bucket (HUB_BENCH_GCS_BUCKET, the platform's default
# credentials): the firebase emulator finalizes a resumable upload after its first chunk, so it cannot
# take a 1 GB object in constant memory.
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
KEY=bench-admin-key-0123456789abcdefghijkl
cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true
  [ -n "${S3_PID:-}" ] && kill "$S3_PID" 2>/dev/null || true
  stop_postgres
  sleep 1; [ -n "${KEEP_WORK:-}" ] && echo "# kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

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

CONFIGS="local:[local] s3:[s3] both:[local,s3]"  # no spaces inside: split on spaces
cat > "$WORK/stores.yaml" <<YAML
stores:
  - {id: s3, type: s3, bucket: bench, endpoint: "$S3_ENDPOINT", region: us-east-1, pathStyle: true,
     accessKeyFile: $S3_ACCESS, secretKeyFile: $S3_SECRET, partSize: 16777216}
YAML
if [ -n "${HUB_BENCH_GCS_BUCKET:-}" ]; then # a real bucket, with the platform's default credentials
  CONFIGS="$CONFIGS gcs:[gcs]"
  echo "  - {id: gcs, type: gcs, bucket: $HUB_BENCH_GCS_BUCKET, prefix: backup-hub-bench/, chunkSize: 16777216}" \
    >> "$WORK/stores.yaml"
fi
cat > "$WORK/targets.yaml" <<YAML
targets:
$(for t in $CONFIGS; do for db in bench small; do cat <<T
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

NAMES=$(for t in $CONFIGS; do printf '%s ' "${t%%:*}"; done)
log "warm-up"; for n in $NAMES; do hub_backup "small-$n" >/dev/null; done; raw_backup small >/dev/null
for round in $(seq "$ROUNDS"); do
  read -r rs _ <<<"$(raw_backup bench)"
  echo "$round raw $rs 0 0 0"
  for n in $NAMES; do
    read -r hs dump stored peak _ <<<"$(hub_backup "bench-$n")"
    echo "$round $n $hs $dump $peak $stored"
  done
done > "$WORK/results"
python3 - "$WORK/results" $NAMES <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
dump = 0
for line in open(sys.argv[1]):
    r, name, secs, d, peak, _ = line.split()
    rows[int(r)][name] = (float(secs), int(peak))
    dump = max(dump, int(d))
names = sys.argv[2:]
print("| round | raw pipe s | " + " | ".join("%s s (MB/s, peak RSS MiB)" % n for n in names) + " |")
print("|---" * (2 + len(names)) + "|")
for r in sorted(rows):
    cells = ["%.1f (%.0f, %.0f)" % (rows[r][n][0], dump / rows[r][n][0] / 1e6, rows[r][n][1] / 1024) for n in names]
    print("| %d | %.1f | %s |" % (r, rows[r]["raw"][0], " | ".join(cells)))
avg = lambda n: sum(rows[r][n][0] for r in rows) / len(rows)
print()
print("Dump: %.2f GB (pg_dump custom format, uncompressed). Mean time against the local store: %s." % (dump / 1e9,
      ", ".join("%s %+.0f%%" % (n, 100 * (avg(n) / avg("local") - 1)) for n in names if n != "local")))
if "both" in names and "s3" in names:
    print("Two stores at once against the slower one alone (s3): %+.0f%%." % (100 * (avg("both") / avg("s3") - 1)))
PY
# What s3proxy itself takes: the same store code uploading as many bytes as a backup stored, no dump.
mib=$(( $(awk '$2 == "s3" {print $6; exit}' "$WORK/results") / 1048576 ))
secs=$(java -cp "target/test-classes:target/classes:$(cat "$WORK/cp")" bench/S3StoreUpload.java "$S3_ENDPOINT" \
  "$S3_ACCESS" "$S3_SECRET" "$mib")
echo "S3Store alone uploading ${mib} MiB (what the backup stored) of random bytes to the same s3proxy: ${secs} s."
