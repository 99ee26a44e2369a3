#!/usr/bin/env bash
# Benchmark: point-in-time recovery (docs/pitr.md). pgbench writes at full speed while the hub streams
# the WAL (the server's write_lag for the hub's receiver, the age of the newest stored segment, and the
# hub's RSS, every second); then the hub recovers the database to 3 s before pgbench stopped, against the same
# steps done by hand with standard tools (zstd | tar -x, zstd -d of each stored segment,
# restore_command, pg_ctl), alternating, in one run. Results: Markdown on stdout (docs/benchmarks.md
# keeps a copy).
#
#   bench/pitr.sh [pgbench scale, default 70 (about 1 GB)] [pgbench seconds, default 300] [rounds, default 2]
#
# Both recoveries run PostgreSQL as an unprivileged user over loopback OpenSSH (hub-ssh-test, made by
# .ci/run, when run as root). Needs: Debian postgresql (pgbench), openssh-server, zstd, curl,
# python3; the packaged hub (./mvnw -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-70}
SECONDS_OF_WRITES=${2:-300}
ROUNDS=${3:-2}
WORK=$(mktemp -d /tmp/hub-pitr-bench-XXXX)
chmod 755 "$WORK"
BIN=$(pg_config --bindir)
# shellcheck source=bench/lib.sh
. bench/lib.sh
PGPORT=$(free_port); HUBPORT=$(free_port); SSHPORT=$(free_port)
PW=bench-secret; KEY=bench-admin-key-0123456789abcdefghijkl
RUSER=$(id -un); [ "$(id -u)" -eq 0 ] && RUSER=hub-ssh-test
as_r() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$RUSER" -- "$@"; else "$@"; fi; }
cleanup() {
  [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true
  [ -n "${SSHD_PID:-}" ] && kill "$SSHD_PID" 2>/dev/null || true
  for d in "$WORK"/recoveries/*/ "$WORK"/by-hand-*/data; do
    [ -d "$d" ] && as_r "$BIN/pg_ctl" -D "$d" -m immediate stop >/dev/null 2>&1 || true
  done
  stop_postgres
  rm -rf "$WORK"
}
trap cleanup EXIT

start_postgres
export PGPASSWORD=$PW PGHOST=127.0.0.1 PGPORT PGUSER=postgres
psql -q -c "ALTER SYSTEM SET max_slot_wal_keep_size = '20GB'" -c "SELECT pg_reload_conf()" >/dev/null
log "pgbench -i -s $SCALE"
psql -q -c "CREATE DATABASE bench"
pgbench -q -i -s "$SCALE" bench 2>/dev/null

# The recovery host: loopback OpenSSH as $RUSER, who owns the folder recoveries go to.
start_sshd
SSH_KEY_USER=$RUSER
mkdir -p "$WORK/recoveries"; [ "$(id -u)" -eq 0 ] && chown "$RUSER" "$WORK/recoveries"
cat > "$WORK/targets.yaml" <<YAML
targets:
  - id: bench
    engine: postgres
    environment: bench
    transport: {type: local}
    database: {host: 127.0.0.1, port: $PGPORT, user: postgres, passwordFile: $WORK/pw, name: bench}
    pitr: {enabled: true}
  - id: recovery
    engine: postgres
    environment: bench
    transport: {type: ssh, host: 127.0.0.1, port: $SSHPORT, user: $SSH_KEY_USER, privateKeyFile: $WORK/client, knownHostsFile: $WORK/known_hosts}
    database: {host: 127.0.0.1, port: $PGPORT, user: postgres, passwordFile: $WORK/pw, name: postgres}
    pitr: {enabled: false, restoreDir: $WORK/recoveries, pgBin: $BIN}
YAML
start_hub -Dhub.jobs.poll-interval=200ms
api() { curl -sf -H "X-API-Key: $KEY" -H 'Content-Type: application/json' "$@"; }
await_job() { # job id -> final job JSON
  local s; while true; do s=$(api "localhost:$HUBPORT/api/v1/jobs/$1")
    case "$s" in *'"status":"succeeded"'*|*'"status":"failed"'*|*'"status":"cancelled"'*) echo "$s"; return;; esac; sleep 0.5; done
}

log "waiting for the first base (the hub takes it once the WAL streams)"
for _ in $(seq 600); do
  api "localhost:$HUBPORT/api/v1/targets/bench/recovery-window" | grep -q '"earliest":"' && break
  psql -q -d bench -c "SELECT pg_switch_wal()" >/dev/null; sleep 1
done
BASE_BYTES=$(api "localhost:$HUBPORT/api/v1/artifacts?targetId=bench" | json '[a for a in d["items"] if a["kind"]=="base"][0]["dumpBytes"]')

log "pgbench for ${SECONDS_OF_WRITES}s while the WAL streams"
start_wal=$(psql -At -c "SELECT pg_current_wal_lsn()")
pgbench -c 2 -j 2 -T "$SECONDS_OF_WRITES" bench > "$WORK/pgbench.log" 2>&1 & PGB=$!
: > "$WORK/samples"
began=$(date +%s); MOMENT=
# Sampled every second: the server's write_lag for the hub's receiver (WAL sent, not yet received
# and written by pg_receivewal), how old the newest stored segment is, and the hub's RSS. The moment
# recovered to is taken 3 s before pgbench stops, so that commits follow it in the WAL.
while kill -0 $PGB 2>/dev/null; do
  recv=$(psql -At -c "SELECT coalesce(extract(epoch FROM write_lag), 0) FROM pg_stat_replication WHERE application_name = 'backup-hub'")
  stored=$(api "localhost:$HUBPORT/api/v1/targets/bench/recovery-window" | json 'd["lagSeconds"]')
  rss=$(awk '/VmRSS/{print $2}' /proc/$HUB_PID/status)
  echo "${recv:-0} $stored $rss" >> "$WORK/samples"
  if [ -z "$MOMENT" ] && [ $(( $(date +%s) - began )) -ge $(( SECONDS_OF_WRITES - 3 )) ]; then
    MOMENT=$(psql -At -c "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
  fi
  sleep 1
done
wait $PGB || true
[ -n "$MOMENT" ] || MOMENT=$(psql -At -c "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')")
psql -q -d bench -c "SELECT pg_switch_wal()" >/dev/null
WAL_BYTES=$(psql -At -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$start_wal')")
TPS=$(grep -o 'tps = [0-9.]*' "$WORK/pgbench.log" | head -1 | awk '{print $3}')
for _ in $(seq 120); do
  latest=$(api "localhost:$HUBPORT/api/v1/targets/bench/recovery-window" | json 'd["latest"]')
  python3 -c "import sys; l='$latest'; sys.exit(0 if l != 'None' and l >= '$MOMENT'[:19] else 1)" && break
  psql -q -d bench -c "SELECT pg_switch_wal()" >/dev/null; sleep 1
done
EXPECTED=$(psql -At -d bench -c "SELECT count(*) FROM pgbench_history WHERE mtime <= '$MOMENT'::timestamptz AT TIME ZONE 'UTC'")

hub_recovery() { # port -> "seconds rows"
  local plan job final dir
  plan=$(api -X POST -d "{\"mode\":\"pitr\",\"targetTime\":\"$MOMENT\",\"destination\":{\"targetId\":\"recovery\"},\"port\":$1}" \
    "localhost:$HUBPORT/api/v1/targets/bench/restores/preview")
  dir=$(echo "$plan" | json 'd["destination"]["dataDirectory"]')
  job=$(api -X POST -d "{\"mode\":\"pitr\",\"targetTime\":\"$MOMENT\",\"destination\":{\"targetId\":\"recovery\"},\"port\":$1,\"confirm\":\"$(echo "$plan" | json 'd["confirm"]')\"}" \
    "localhost:$HUBPORT/api/v1/targets/bench/restores" | json 'd["id"]')
  final=$(await_job "$job")
  echo "$final" | grep -q '"status":"succeeded"' || { echo "recovery failed: $final" >&2; exit 1; }
  local rows; rows=$(PGPASSWORD=$PW psql -At -h 127.0.0.1 -p "$1" -d bench -c "SELECT count(*) FROM pgbench_history")
  as_r "$BIN/pg_ctl" -D "$dir" -m immediate stop >/dev/null; rm -rf "$dir" "$dir.wal"
  echo "$(echo "$final" | json 'd["durationMs"]/1000') $rows"
}
by_hand() { # port -> "seconds rows": the docs' steps, from the store folder
  local dir="$WORK/by-hand-$1" start end base key
  start=$(date +%s.%N)
  mkdir -p "$dir/data" "$dir/wal"
  key=$(api "localhost:$HUBPORT/api/v1/artifacts?targetId=bench" | json '[a for a in d["items"] if a["kind"]=="base"][0]["key"]')
  base="$WORK/data/backups/$key"
  zstd -d -q -c "$base" | tar -x -C "$dir/data"
  for f in "$WORK"/data/backups/bench/bench/wal/00000001/*.zst; do zstd -d -q -c "$f" > "$dir/wal/$(basename "$f" .zst)"; done
  printf '%s\n' "restore_command = 'cp \"$dir/wal/%f\" \"%p\"'" \
    "recovery_target_time = '$(echo "$MOMENT" | sed 's/T/ /; s/Z$/+00/')'" "recovery_target_action = 'promote'" \
    >> "$dir/data/postgresql.auto.conf"
  touch "$dir/data/recovery.signal"; chmod 700 "$dir/data"
  [ "$(id -u)" -eq 0 ] && chown -R "$RUSER" "$dir"
  as_r "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-p $1 -c listen_addresses=localhost -k /tmp" start >/dev/null
  until grep -q "database system is ready to accept connections" "$dir/log" 2>/dev/null; do
    grep -q "database system is shut down" "$dir/log" 2>/dev/null && { cat "$dir/log" >&2; exit 1; }
    sleep 0.2
  done
  end=$(date +%s.%N)
  local rows; rows=$(PGPASSWORD=$PW psql -At -h 127.0.0.1 -p "$1" -d bench -c "SELECT count(*) FROM pgbench_history")
  as_r "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null; rm -rf "$dir"
  echo "$(echo "$end - $start" | bc -l) $rows"
}

python3 - "$WORK/samples" "$TPS" "$WAL_BYTES" "$SECONDS_OF_WRITES" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
recv = sorted(float(r[0]) for r in rows)
stored = sorted(float(r[1]) for r in rows if r[1] != 'None')
rss = [int(r[2]) / 1024 for r in rows]
pct = lambda xs, p: xs[min(len(xs) - 1, int(p * len(xs)))]
print("| pgbench | tps | WAL written | WAL MB/s | receive lag p50 / p99 / max | newest stored segment's age p50 / p99 | hub RSS first / max MiB |")
print("|---|---|---|---|---|---|---|")
print("| %s s, 2 clients | %.0f | %.0f MB | %.1f | %.2f / %.2f / %.2f s | %.0f / %.0f s | %.0f / %.0f |" % (sys.argv[4],
      float(sys.argv[2]), int(sys.argv[3]) / 1e6, int(sys.argv[3]) / 1e6 / float(sys.argv[4]), pct(recv, .5),
      pct(recv, .99), recv[-1], pct(stored, .5), pct(stored, .99), rss[0], max(rss)))
PY
echo
echo "Recovery to $MOMENT (3 s before pgbench stopped): base $(( BASE_BYTES / 1000000 )) MB + $(( WAL_BYTES / 1000000 )) MB of WAL; $EXPECTED rows of pgbench_history began by then (a transaction's mtime is its start)."
echo
echo "| round | by hand s | hub s | hub/by hand | rows (hub, by hand) |"
echo "|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  if [ $(( round % 2 )) -eq 1 ]; then
    read -r hs hrows <<<"$(by_hand "$(free_port)")"; hand=$hs; handrows=$hrows
    read -r us urows <<<"$(hub_recovery "$(free_port)")"
  else
    read -r us urows <<<"$(hub_recovery "$(free_port)")"
    read -r hand handrows <<<"$(by_hand "$(free_port)")"
  fi
  python3 -c "print('| %d | %.1f | %.1f | %.2f | %s, %s |' % ($round, $hand, $us, $us / $hand, '$urows', '$handrows'))"
done
