#!/usr/bin/env bash
# Benchmark: what a durable 202 costs. The same packaged hub on its embedded H2 catalog, three ways,
# alternating in one run: H2's default (a commit stays in memory for up to 500 ms: a 202 can be lost
# to a crash), WRITE_DELAY=0 (each commit written to the file: survives a crash of the hub), and
# WRITE_DELAY=0 plus an fsync per writing commit (the default: survives a power cut too).
# Measures POST /api/v1/targets/{id}/backups {"delay":"PT30M"} back to back (one job row and one
# audit row per request), client-side latency with curl.
#
#   bench/durable-writes.sh [requests per round, default 300] [rounds, default 3]
#
# Needs the packaged hub (./mvnw -B -q package -DskipTests), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-300}
ROUNDS=${2:-3}
WORK=$(mktemp -d /tmp/hub-durable-XXXX)
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
KEY=bench-admin-key-0123456789abcdefghijkl
cleanup() { [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat > "$WORK/targets.yaml" <<YAML
targets:
  - {id: bench, engine: postgres, environment: bench, transport: {type: local},
     database: {host: 127.0.0.1, port: 1, user: postgres, name: postgres}}
YAML
export MALLOC_ARENA_MAX=2

run() { # $1 = mode name, $2 = JDBC URL suffix, $3 = hub.catalog.sync-commits
  rm -rf "$WORK/data"
  java -Xmx256m -XX:+UseSerialGC -Dquarkus.http.port=$PORT -Dhub.data.dir="$WORK/data" \
       -Dhub.targets.file="$WORK/targets.yaml" -Dhub.schedules.file="$WORK/none.yaml" -Dhub.admin-api-key=$KEY \
       "-Dquarkus.datasource.jdbc.url=jdbc:h2:file:$WORK/data/catalog;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE$2" \
       -Dhub.catalog.sync-commits="$3" -Dquarkus.log.console.json.enabled=false \
       -jar target/quarkus-app/quarkus-run.jar > "$WORK/hub.log" 2>&1 & HUB_PID=$!
  for _ in $(seq 120); do curl -sf "localhost:$PORT/q/health/live" >/dev/null && break; sleep 0.5; done
  for _ in $(seq 50); do # warm-up
    curl -sf -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -d '{"delay":"PT30M"}' \
      "localhost:$PORT/api/v1/targets/bench/backups"
  done
  for _ in $(seq "$N"); do
    curl -sf -o /dev/null -w '%{time_total}\n' -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
      -d '{"delay":"PT30M"}' "localhost:$PORT/api/v1/targets/bench/backups"
  done | sed "s/^/$1 /" >> "$WORK/times"
  kill "$HUB_PID"; wait "$HUB_PID" 2>/dev/null || true; HUB_PID=
}

for round in $(seq "$ROUNDS"); do
  echo "# round $round of $ROUNDS" >&2
  run "h2-default" "" false
  run "write-delay-0" ";WRITE_DELAY=0" false
  run "write-delay-0+fsync" ";WRITE_DELAY=0" true
done

python3 - "$WORK/times" <<'PY'
import sys, collections
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    mode, t = line.split()
    times[mode].append(float(t) * 1000)
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print("| catalog commit | survives | requests | p50 | p99 | max |")
print("|---|---|---|---|---|---|")
survives = {"h2-default": "nothing (up to 500 ms of commits lost)", "write-delay-0": "a crash of the hub",
            "write-delay-0+fsync": "a crash of the hub or the machine"}
for mode in ["h2-default", "write-delay-0", "write-delay-0+fsync"]:
    xs = times[mode]
    print(f"| {mode} | {survives[mode]} | {len(xs)} | {pct(xs, 50):.1f} ms | {pct(xs, 99):.1f} ms | {max(xs):.1f} ms |")
PY
