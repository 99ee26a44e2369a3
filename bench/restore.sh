#!/usr/bin/env bash
# Benchmark: the hub's restore against the raw `zstd -dc file | pg_restore -d db` of the same artifact,
# alternating, in one run; peak RSS of a hub with -Xmx128m restoring a small and a large dump; and the
# RTO a drill records for the large one. Results: Markdown on stdout (docs/benchmarks.md keeps a copy).
#
#   bench/restore.sh [dump size in MiB, default 2400 (a dump of about 2.1 GB)] [rounds, default 2]
#
# The restore target uses transport local, so hub and raw run the same pg_restore on the same host;
# the hub's job also checks the restored database against the backup's fingerprint, timed apart.
# Needs: Debian postgresql, zstd, curl, python3; the packaged hub (./mvnw -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-2400}
ROUNDS=${2:-2}
ROWS=$(( SIZE_MIB * 1024 / 2 ))
WORK=$(mktemp -d /tmp/hub-restore-bench-XXXX)
BIN=$(pg_config --bindir)
# shellcheck source=bench/lib.sh
. bench/lib.sh
PGPORT=$(free_port); HUBPORT=$(free_port)
PW=bench-secret; KEY=bench-admin-key-0123456789abcdefghijkl
cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT

start_postgres
export PGPASSWORD=$PW PGHOST=127.0.0.1 PGPORT PGUSER=postgres
log "generating ${SIZE_MIB} MiB of rows"
for db in bench small; do
  n=$ROWS; [ $db = small ] && n=$(( ROWS / 8 ))
  psql -q -c "CREATE DATABASE $db"
  psql -q -d $db -c "CREATE EXTENSION pgcrypto" \
    -c "CREATE TABLE random_rows (id bigint, body text)" \
    -c "INSERT INTO random_rows SELECT i, encode(gen_random_bytes(760), 'base64') FROM generate_series(1, $n) i" \
    -c "CREATE TABLE text_rows (id bigint, body text)" \
    -c "INSERT INTO text_rows SELECT i, repeat('order ' || (i % 1000) || ' shipped to customer ' || (i % 97) || '; ', 20) FROM generate_series(1, $n) i"
done

cat > "$WORK/targets.yaml" <<YAML
targets:
$(for db in bench small; do cat <<T
  - id: $db
    engine: postgres
    environment: bench
    transport: {type: local}
    database: {host: 127.0.0.1, port: $PGPORT, user: postgres, passwordFile: $WORK/pw, name: $db}
    drill: {cron: "0 0 1 1 *", scratch: scratch}
T
done)
  - id: scratch
    engine: postgres
    environment: bench
    transport: {type: local}
    database: {host: 127.0.0.1, port: $PGPORT, user: postgres, passwordFile: $WORK/pw, name: postgres}
YAML
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# shellcheck disable=SC2086
java $HUB_JAVA_OPTS -Dquarkus.http.port=$HUBPORT -Dhub.data.dir="$WORK/data" -Dhub.targets.file="$WORK/targets.yaml" \
     -Dhub.admin-api-key=$KEY -Dhub.verify.pg-restore="$BIN/pg_restore" -Dquarkus.log.console.json.enabled=false \
     -Dhub.jobs.poll-interval=200ms -jar target/quarkus-app/quarkus-run.jar > "$WORK/hub.log" 2>&1 & HUB_PID=$!
for _ in $(seq 120); do curl -sf "localhost:$HUBPORT/q/health/live" >/dev/null && break; sleep 0.5; done
api() { curl -sf -H "X-API-Key: $KEY" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
await_job() { # job id -> final job JSON
  local s; while true; do s=$(api "localhost:$HUBPORT/api/v1/jobs/$1")
    case "$s" in *'"status":"succeeded"'*|*'"status":"failed"'*|*'"status":"cancelled"'*) echo "$s"; return;; esac; sleep 0.5; done
}
rss_watch() { local peak=0 r; while [ -e "$1" ]; do r=$(awk '/VmRSS/{print $2}' /proc/$HUB_PID/status); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done; echo "$peak"; }

backup() { # target -> artifact id (verified)
  local job; job=$(api -X POST -d '{}' "localhost:$HUBPORT/api/v1/targets/$1/backups" | json 'd["id"]')
  await_job "$job" | json 'd["artifactId"]'
}
hub_restore() { # artifact database -> "total_s stream_s dump_bytes peak_rss_kib"
  local token job flag="$WORK/running" final
  touch "$flag"; rss_watch "$flag" > "$WORK/peak" &
  local watcher=$!
  token=$(api -X POST -d "{\"database\":\"$2\"}" "localhost:$HUBPORT/api/v1/artifacts/$1/restores/preview" | json 'd["confirm"]')
  job=$(api -X POST -d "{\"database\":\"$2\",\"confirm\":\"$token\"}" "localhost:$HUBPORT/api/v1/artifacts/$1/restores" | json 'd["id"]')
  final=$(await_job "$job")
  rm -f "$flag"; wait $watcher
  echo "$final" | grep -q '"status":"succeeded"' || { echo "restore failed: $final" >&2; exit 1; }
  local stream; stream=$(grep -o "into $2 in [0-9.]* s" "$WORK/hub.log" | tail -1 | awk '{print $4}')
  echo "$final" | python3 -c "
import json,sys; d=json.load(sys.stdin)
print('%.2f %s %d %s' % (d['durationMs']/1000, '$stream', d['bytes'], open('$WORK/peak').read().strip()))"
}
raw_restore() { # object file database -> seconds
  local start end
  start=$(date +%s.%N)
  createdb "$2"
  zstd -dc "$1" | pg_restore --no-owner --no-privileges --exit-on-error -d "$2"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}

log "backing up"
BIG=$(backup bench); SMALL=$(backup small)
object() { echo "$WORK/data/backups/$(api "localhost:$HUBPORT/api/v1/artifacts/$1" | json 'd["key"]')"; }
OBJECT=$(object "$BIG")
log "warm-up"; hub_restore "$SMALL" warmup >/dev/null; raw_restore "$(object "$SMALL")" warmup_raw >/dev/null

echo "| round | raw s | raw MB/s | hub stream s | hub MB/s | hub/raw | hub job s (with fingerprint check) | hub peak RSS MiB |"
echo "|---|---|---|---|---|---|---|---|"
# Each measurement starts after a CHECKPOINT (the previous restore's dirty pages written), and the
# order alternates, so neither side pays for the other's writes.
for round in $(seq "$ROUNDS"); do
  if [ $(( round % 2 )) -eq 1 ]; then
    psql -q -c CHECKPOINT; rs=$(raw_restore "$OBJECT" "raw_$round")
    psql -q -c CHECKPOINT; read -r total stream dump peak <<<"$(hub_restore "$BIG" "hub_$round")"
  else
    psql -q -c CHECKPOINT; read -r total stream dump peak <<<"$(hub_restore "$BIG" "hub_$round")"
    psql -q -c CHECKPOINT; rs=$(raw_restore "$OBJECT" "raw_$round")
  fi
  python3 -c "
r=$rs; s=$stream; d=$dump
print('| %d | %.1f | %.0f | %.1f | %.0f | %.0f%% | %.1f | %.0f |' % ($round, r, d/r/1e6, s, d/s/1e6, 100*r/s, $total, $peak/1024))"
  psql -q -c "DROP DATABASE raw_$round" -c "DROP DATABASE hub_$round"
done
psql -q -c CHECKPOINT
read -r total stream dump peak <<<"$(hub_restore "$SMALL" small_restored)"
echo
echo "Peak RSS restoring the small dump ($(( dump / 1000000 )) MB): $(( peak / 1024 )) MiB."
psql -q -c CHECKPOINT
DRILL=$(api -X POST "localhost:$HUBPORT/api/v1/targets/bench/drills" | json 'd["id"]')
await_job "$DRILL" >/dev/null
api "localhost:$HUBPORT/api/v1/targets/bench/drills" | python3 -c "
import json,sys; d=json.load(sys.stdin)['items'][0]
print('Drill of the large dump: %s, RTO %.1f s (restore + fingerprint check), RPO %d s.' % (d['status'], d['rtoSeconds'], d['rpoSeconds']))"
