# Shared by the benchmark scripts (source it): free ports, and a throwaway PostgreSQL cluster in
# $WORK/pg on $PGPORT with the password $PW, tuned for loading data fast (never for production).
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start_postgres() {
  mkdir -p "$WORK/pg"; echo "$PW" > "$WORK/pw"
  [ "$(id -u)" -eq 0 ] && chown -R postgres "$WORK"
  as_pg "$BIN/initdb" -D "$WORK/pg" -U postgres --pwfile="$WORK/pw" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  as_pg "$BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_wal_size=4GB" start >/dev/null
}
stop_postgres() { as_pg "$BIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true; }

start_sshd() { # OpenSSH on $SSHPORT (loopback) with generated keys; sets SSH=(ssh ... user@127.0.0.1)
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
}

start_hub() { # the packaged hub on $HUBPORT with $WORK/targets.yaml; extra -D options as arguments
  HUB_JAVA_OPTS=${HUB_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m}
  export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
  # shellcheck disable=SC2086
  java $HUB_JAVA_OPTS -Dquarkus.http.port=$HUBPORT -Dhub.data.dir="$WORK/data" -Dhub.targets.file="$WORK/targets.yaml" \
       -Dhub.admin-api-key=$KEY "$@" -Dquarkus.log.console.json.enabled=false \
       -jar target/quarkus-app/quarkus-run.jar > "$WORK/hub.log" 2>&1 & HUB_PID=$!
  for _ in $(seq 360); do curl -sf "localhost:$HUBPORT/q/health/live" >/dev/null && break; sleep 0.5; done
}
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
    case "$status" in *'"status":"succeeded"'*|*'"status":"partial"'*|*'"status":"failed"'*) break;; esac
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

compare_rounds() { # target: $ROUNDS rounds of the caller's raw_backup, then hub_backup, as a Markdown table;
  # leaves dump, hstored, rstored and peak of the last round set
  echo "| round | raw pipe s | raw MB/s | hub s | hub MB/s | hub/raw | hub peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|"
  for round in $(seq "$ROUNDS"); do
    read -r rs rstored <<<"$(raw_backup "$1")"
    read -r hs dump hstored peak _ <<<"$(hub_backup "$1")"
    python3 -c "
r=$rs; h=$hs; d=$dump
print('| %d | %.1f | %.0f | %.1f | %.0f | %.0f%% | %.0f |' % ($round, r, d/r/1e6, h, d/h/1e6, 100*r/h, $peak/1024))"
  done
}

raw_pipe() { # remote dump command -> "seconds stored_bytes" of `ssh host CMD | zstd -q -3 > file`
  local start end
  start=$(date +%s.%N)
  "${SSH[@]}" "$1" | zstd -q -3 > "$WORK/raw.zst"
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc -l) $(stat -c %s "$WORK/raw.zst")"
  rm -f "$WORK/raw.zst"
}
