#!/usr/bin/env bash
# Benchmark: the dashboard's overview (GET /, the page with every target's tile) and GET
# /api/v1/targets, with 500 targets (each with a daily schedule) and 100,000 jobs in the catalog, on
# the embedded H2 catalog and on a PostgreSQL catalog (what replicas share). Sequential requests
# after a warm-up; p50/p95/max of curl's total time, beside GET /q/health/live on the same hub as the
# floor of an HTTP round trip. Markdown on stdout (docs/benchmarks.md keeps a copy).
#
#   bench/overview.sh [targets, default 500] [jobs per target, default 200] [requests, default 200]
#
# Needs: PostgreSQL 15 (Debian postgresql), curl, python3; the packaged hub
# (./mvnw -B -q package -DskipTests). Starts and removes its own PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGETS=${1:-500}
PER_TARGET=${2:-200}
REQUESTS=${3:-200}
WORK=$(mktemp -d /tmp/hub-bench-XXXX); chmod 755 "$WORK"
# shellcheck source=bench/lib.sh
. bench/lib.sh
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGPORT=$(free_port); HUBPORT=$(free_port)
PW=bench-secret
KEY=bench-admin-key-0123456789abcdefghijkl
cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true
  stop_postgres
  sleep 1; [ -n "${KEEP_WORK:-}" ] && echo "# kept $WORK" >&2 || rm -rf "$WORK"
}
trap cleanup EXIT

{
  echo "targets:"
  for i in $(seq 0 $((TARGETS - 1))); do
    printf '  - id: bench-%03d\n    engine: postgres\n    environment: env-%d\n    transport:\n      type: local\n' "$i" $((i % 5))
    printf '    database:\n      host: 127.0.0.1\n      port: 1\n      user: postgres\n      name: db%d\n    expectedEvery: PT24H\n' "$i"
  done
} > "$WORK/targets.yaml"
{
  echo "schedules:"
  for i in $(seq 0 $((TARGETS - 1))); do
    printf '  - id: bench-%03d-nightly\n    targetId: bench-%03d\n    cron: "0 2 * * *"\n    timezone: UTC\n' "$i" "$i"
  done
} > "$WORK/schedules.yaml"

./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp" >/dev/null
CP=$(cat "$WORK/cp")

stop_hub() { kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true; HUB_PID=; }
measure() { # $1: label; prints p50 p95 max in ms of $REQUESTS sequential GETs of $2 (with headers $3)
  local url=$2 accept=$3
  for _ in $(seq 20); do curl -s -o /dev/null -H "X-API-Key: $KEY" -H "Accept: $accept" "$url"; done
  for _ in $(seq "$REQUESTS"); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "X-API-Key: $KEY" -H "Accept: $accept" "$url"
  done | python3 -c "
import sys
t = sorted(float(l) * 1000 for l in sys.stdin)
print('| $1 | %.0f | %.0f | %.0f |' % (t[len(t) // 2], t[int(len(t) * 0.95) - 1], t[-1]))"
}

run() { # $1: catalog name; remaining: -D options for the hub
  local name=$1; shift
  rm -rf "$WORK/data"
  start_hub -Dhub.schedules.file="$WORK/schedules.yaml" "$@"
  stop_hub
  log "seeding $name: $TARGETS targets x $PER_TARGET jobs"
  java -cp "$CP" bench/SeedCatalog.java "$SEED_URL" "$SEED_USER" "$SEED_PW" "$TARGETS" "$PER_TARGET"
  start_hub -Dhub.schedules.file="$WORK/schedules.yaml" "$@"
  local size
  size=$(curl -s -H "X-API-Key: $KEY" -H 'Accept: text/html' "localhost:$HUBPORT/" | wc -c)
  [ "$(curl -s -H "X-API-Key: $KEY" "localhost:$HUBPORT/api/v1/targets" | json 'len(d["items"])')" = "$TARGETS" ]
  log "$name: the overview is $size bytes"
  measure "$name: GET / (overview, $TARGETS tiles)" "localhost:$HUBPORT/" text/html
  measure "$name: GET /api/v1/targets" "localhost:$HUBPORT/api/v1/targets" application/json
  measure "$name: GET /q/health/live (floor)" "localhost:$HUBPORT/q/health/live" application/json
  stop_hub
}

echo "| $TARGETS targets, $((TARGETS * PER_TARGET)) jobs, $REQUESTS requests | p50 ms | p95 ms | max ms |"
echo "|---|---|---|---|"
SEED_URL="jdbc:h2:file:$WORK/data/catalog;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE" SEED_USER=hub SEED_PW=
run "H2 (embedded)"
start_postgres
PGPASSWORD=$PW "$BIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres -c "CREATE DATABASE hub"
SEED_URL="jdbc:postgresql://127.0.0.1:$PGPORT/hub" SEED_USER=postgres SEED_PW=$PW
run "PostgreSQL" -Dhub.catalog.url="$SEED_URL" -Dhub.catalog.username=postgres -Dhub.catalog.password=$PW \
  -Dhub.secrets.key="$(openssl rand -base64 32)"
