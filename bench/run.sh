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
KEY=bench-admin-key
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

# --- OpenSSH on loopback with generated keys ---
for k in host client; do ssh-keygen -q -t ed25519 -N '' -f "$WORK/$k" ; done
cp "$WORK/client.pub" "$WORK/authorized_keys"
cat > "$WORK/sshd_config" <<CONF
Port $SSHPORT
ListenAddress 127.0.0.1
HostKey $WORK/host
AuthorizedKeysFile $WORK/authorized_keys
PidFile $WORK/sshd.pid
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
PasswordAuthentication no
CONF
[ "$(id -u)" -eq 0 ] && mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$WORK/sshd_config" 2>"$WORK/sshd.log" & SSHD_PID=$!
echo "[127.0.0.1]:$SSHPORT $(cut -d' ' -f1,2 "$WORK/host.pub")" > "$WORK/known_hosts"
SSH=(ssh -q -i "$WORK/client" -p "$SSHPORT" -o UserKnownHostsFile="$WORK/known_hosts" -o StrictHostKeyChecking=yes "$(id -un)@127.0.0.1")
sleep 1
"${SSH[@]}" true

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
HUB_JAVA_OPTS=${HUB_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# shellcheck disable=SC2086
java $HUB_JAVA_OPTS -Dquarkus.http.port=$HUBPORT -Dhub.data.dir="$WORK/data" -Dhub.targets.file="$WORK/targets.yaml" \
     -Dhub.admin-api-key=$KEY -Dhub.verify.pg-restore="$BIN/pg_restore" -Dquarkus.log.console.json.enabled=false \
     -jar target/quarkus-app/quarkus-run.jar > "$WORK/hub.log" 2>&1 & HUB_PID=$!
for _ in $(seq 120); do curl -sf "localhost:$HUBPORT/q/health/live" >/dev/null && break; sleep 0.5; done
api() { curl -sf -H "X-API-Key: $KEY" "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

rss_watch() { # peak RSS (KiB) of the hub while $1 exists
  local peak=0 r; while [ -e "$1" ]; do r=$(awk '/VmRSS/{print $2}' /proc/$HUB_PID/status); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.1; done; echo "$peak"
}

hub_backup() { # target [latency] -> "seconds dump_bytes stored_bytes peak_rss_kib p50_ms p99_ms"
  # Throughput rounds poll the job once a second with one curl; the latency round (second argument)
  # instead times GET /api/v1/jobs back to back for the whole backup.
  local job flag="$WORK/running" artifact status
  touch "$flag"; rss_watch "$flag" > "$WORK/peak" &
  local watcher=$!
  job=$(api -X POST -H 'Content-Type: application/json' -d '{}' "localhost:$HUBPORT/api/v1/targets/$1/backups" | json 'd["id"]')
  echo 0 > "$WORK/latency"
  while true; do
    status=$(api "localhost:$HUBPORT/api/v1/jobs/$job")
    case "$status" in *'"status":"succeeded"'*|*'"status":"failed"'*) break;; esac
    if [ -n "${2:-}" ]; then
      for _ in $(seq 20); do
        curl -s -o /dev/null -w '%{time_total}\n' -H "X-API-Key: $KEY" "localhost:$HUBPORT/api/v1/jobs?limit=20" >> "$WORK/latency"
      done
    else
      sleep 1
    fi
  done
  rm -f "$flag"; wait $watcher
  artifact=$(echo "$status" | json 'd["artifactId"]')
  api "localhost:$HUBPORT/api/v1/artifacts/$artifact" | python3 -c "
import json,sys,datetime
d=json.load(sys.stdin); m=d['manifest']
t=lambda s: datetime.datetime.fromisoformat(s.replace('Z','+00:00'))
lat=sorted(float(x)*1000 for x in open('$WORK/latency'))[1:] or [0]
pct=lambda p: lat[min(len(lat)-1,int(p*len(lat)))]
print('%.2f %d %d %s %.1f %.1f %d' % ((t(m['finishedAt'])-t(m['startedAt'])).total_seconds(), d['dumpBytes'], d['bytes'], open('$WORK/peak').read().strip(), pct(0.5), pct(0.99), len(lat)))"
  api -X DELETE "localhost:$HUBPORT/api/v1/artifacts/$artifact" >/dev/null
}

raw_backup() { # -> "seconds stored_bytes"
  local start end
  start=$(date +%s.%N)
  "${SSH[@]}" "PGPASSWORD=$PW pg_dump -Fc -Z0 --host=127.0.0.1 --port=$PGPORT --username=postgres --dbname=$1" | zstd -q -3 > "$WORK/raw.zst"
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(stat -c %s "$WORK/raw.zst")"
  rm -f "$WORK/raw.zst"
}

log "warm-up"; hub_backup small >/dev/null; raw_backup small >/dev/null
echo "| round | raw pipe s | raw MB/s | hub s | hub MB/s | hub/raw | hub peak RSS MiB |"
echo "|---|---|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  read -r rs rstored <<<"$(raw_backup bench)"
  read -r hs dump hstored peak _ <<<"$(hub_backup bench)"
  python3 -c "
r=$rs; h=$hs; d=$dump
print('| %d | %.1f | %.0f | %.1f | %.0f | %.0f%% | %.0f |' % ($round, r, d/r/1e6, h, d/h/1e6, 100*r/h, $peak/1024))"
done
read -r _ sdump _ speak _ <<<"$(hub_backup small)"
read -r ls _ _ lpeak p50 p99 n <<<"$(hub_backup bench latency)"
echo
echo "Dump size: $(python3 -c "print('%.2f GB' % ($dump/1e9))") (raw pg_dump -Fc -Z0 output); stored (zstd -3): hub $(python3 -c "print('%.2f GB' % ($hstored/1e9))"), raw pipe $(python3 -c "print('%.2f GB' % ($rstored/1e9))")."
echo "Peak RSS of the hub ($HUB_JAVA_OPTS): $(( speak / 1024 )) MiB backing up a $(python3 -c "print('%.2f GB' % ($sdump/1e9))") dump, $(( peak / 1024 )) MiB backing up the $(python3 -c "print('%.2f GB' % ($dump/1e9))") one."
echo "Jobs API latency while a backup runs (GET /api/v1/jobs?limit=20, $n requests back to back): p50 $p50 ms, p99 $p99 ms (that backup took ${ls}s)."
