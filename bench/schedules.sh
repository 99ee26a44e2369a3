#!/usr/bin/env bash
# Benchmark: fire jitter of schedules — N schedules (default 1000) all due in the same minute.
# Jitter = when the hub fired each schedule (its lastFiredAt) minus the minute it was due.
#
#   bench/schedules.sh [schedules, default 1000]
#
# HUB_OPTS adds system properties or JVM options to the hub's command line (e.g.
# -Dhub.catalog.sync-commits=false to see what the fsync per catalog commit costs).
# Needs the packaged hub (./mvnw -B -q package -DskipTests), curl and python3. Runs on the embedded H2
# catalog; the target points at a closed port, so the few backups that start fail at once.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
WORK=$(mktemp -d /tmp/hub-jitter-XXXX)
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
DEAD=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
KEY=bench-admin-key-0123456789abcdefghijkl
cleanup() { [ -n "${HUB_PID:-}" ] && kill "$HUB_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
cat > "$WORK/targets.yaml" <<YAML
targets:
  - {id: jitter, engine: postgres, environment: bench, transport: {type: local},
     database: {host: 127.0.0.1, port: $DEAD, user: postgres, name: postgres}}
YAML
export MALLOC_ARENA_MAX=2
java -Xmx256m -XX:+UseSerialGC ${HUB_OPTS:-} -Dquarkus.http.port=$PORT -Dhub.data.dir="$WORK/data" \
     -Dhub.targets.file="$WORK/targets.yaml" -Dhub.schedules.file="$WORK/none.yaml" -Dhub.admin-api-key=$KEY \
     -Dquarkus.log.console.json.enabled=false -jar target/quarkus-app/quarkus-run.jar > "$WORK/hub.log" 2>&1 & HUB_PID=$!
for _ in $(seq 120); do curl -sf "localhost:$PORT/q/health/live" >/dev/null && break; sleep 0.5; done

# Due at the start of a minute at least two minutes away, to leave time to create them all.
DUE=$(python3 -c 'import time; print((int(time.time()) // 60 + 3) * 60)')
read -r H M <<<"$(python3 -c "import time; t=time.gmtime($DUE); print(t.tm_hour, t.tm_min)")"
echo "# creating $N schedules due at $(date -u -d @"$DUE" +%H:%M:%S) UTC" >&2
seq "$N" | xargs -P 4 -I{} curl -sf -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
  -d "{\"targetId\":\"jitter\",\"cron\":\"$M $H * * *\",\"timezone\":\"UTC\"}" "localhost:$PORT/api/v1/schedules"
[ "$(date +%s)" -lt "$DUE" ] || { echo "creating took too long; the minute has passed" >&2; exit 1; }
sleep $(( DUE - $(date +%s) + 90 ))

python3 - "$PORT" "$KEY" "$DUE" "$N" <<'PY'
import json, sys, urllib.request, datetime
port, key, due, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fired, cursor = [], None
while True:
    url = f"http://localhost:{port}/api/v1/schedules?limit=500" + (f"&cursor={cursor}" if cursor else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"X-API-Key": key})))
    fired += [datetime.datetime.fromisoformat(s["lastFiredAt"].replace("Z", "+00:00")).timestamp() - due
              for s in page["items"] if s["lastFiredAt"]]
    cursor = page["nextCursor"]
    if not cursor:
        break
fired.sort()
pct = lambda p: fired[min(len(fired) - 1, int(p * len(fired)))] * 1000
print(f"| schedules due in one minute | fired | p50 delay | p99 delay | max delay |")
print(f"|---|---|---|---|---|")
print(f"| {n} | {len(fired)} | {pct(0.5):.0f} ms | {pct(0.99):.0f} ms | {fired[-1]*1000:.0f} ms |")
PY
