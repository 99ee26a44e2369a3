# Shared by the benchmark scripts (source it): free ports, and a throwaway PostgreSQL cluster in
# $WORK/pg on $PGPORT with the password $PW, tuned for loading data fast (never for production).
log() { echo "# $*" >&2; }

stop_everything() { # the scripts' exit trap: the hub, sshd and the database server they started
  # (SERVER_PID), then the work folder unless KEEP_WORK is set
  local pid
  for pid in "${HUB_PID:-}" "${SSHD_PID:-}" "${SERVER_PID:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  sleep 1
  [ -n "${KEEP_WORK:-}" ] && echo "# kept $WORK" >&2 || rm -rf "$WORK"
}

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
  HUB_JAVA_OPTS=${HUB_JAVA_OPTS:--Xmx128m -Xms32m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=5000}
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

machine() { # one line naming the machine, so numbers from different machines are never compared
  echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), $(free -g | awk '/Mem:/{print $2}') GiB;" \
       "$(java -version 2>&1 | head -1); hub options: ${HUB_JAVA_OPTS:-}, MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-}."
}

hub_cpu() { # CPU seconds the hub and its ended children (the verification's pg_restore) have used
  awk -v tck="$(getconf CLK_TCK)" '{print ($14 + $15 + $16 + $17) / tck}' "/proc/$HUB_PID/stat"
}

hub_backup() { # target [latency] -> "dump_s dump_bytes stored_bytes peak_rss_kib p50_ms p99_ms n job_s cpu_s"
  # dump_s: the manifest's startedAt to finishedAt (dump, compress, hash, store, commit);
  # job_s: the job's start to its end, with the verification and fingerprint that follow; cpu_s: the
  # CPU time the hub used meanwhile.
  # Throughput rounds poll the job once a second with one curl; the latency round (second argument)
  # instead times GET /api/v1/jobs back to back for the whole backup.
  local job flag="$WORK/running" artifact status
  touch "$flag"; rss_watch "$flag" > "$WORK/peak" &
  local watcher=$!
  local cpu_before; cpu_before=$(hub_cpu)
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
  local cpu; cpu=$(echo "$(hub_cpu) - $cpu_before" | bc -l)
  echo "$status" > "$WORK/job.json"
  artifact=$(echo "$status" | json 'd["artifactId"]')
  api "localhost:$HUBPORT/api/v1/artifacts/$artifact" | python3 -c "
import json,sys,datetime
d=json.load(sys.stdin); m=d['manifest']; j=json.load(open('$WORK/job.json'))
t=lambda s: datetime.datetime.fromisoformat(s.replace('Z','+00:00'))
lat=sorted(float(x)*1000 for x in open('$WORK/latency'))[1:] or [0]
pct=lambda p: lat[min(len(lat)-1,int(p*len(lat)))]
print('%.2f %d %d %s %.1f %.1f %d %.2f %.2f' % ((t(m['finishedAt'])-t(m['startedAt'])).total_seconds(), d['dumpBytes'], d['bytes'],
      open('$WORK/peak').read().strip(), pct(0.5), pct(0.99), len(lat), (t(j['finishedAt'])-t(j['startedAt'])).total_seconds(), $cpu))"
  api -X DELETE "localhost:$HUBPORT/api/v1/artifacts/$artifact" >/dev/null
}

compare_rounds() { # target: $ROUNDS rounds, raw pipe then hub, the first right after the hub started; prints
  # each round, then the summary (raw and hub best of rounds 2 on, round 1 apart). When the caller
  # sets RAW_VERIFY (a command reading $WORK/raw.zst back as the hub's verification does), a "verified" row
  # compares raw pipe + RAW_VERIFY with the hub's whole job. CPU: what the raw side's processes on this
  # end (ssh, zstd, pg_restore...) used against what the hub used; the server's side is the same for both.
  # Leaves dump, hstored, rstored and peak set.
  echo "| round | raw pipe s | raw + verify s | raw CPU s | hub dump s | hub job s (with verification) | hub CPU s | dump raw/hub | job raw/hub | hub peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  : > "$WORK/rounds"
  for round in $(seq "$ROUNDS"); do
    local rs rc rv rvc hs hj hc
    [ "$round" = 2 ] && profile start
    read -r rs rstored rc <<<"$(raw_backup "$1")"
    rv=0; rvc=0
    if [ -n "${RAW_VERIFY:-}" ]; then read -r rv rvc <<<"$(timed "$RAW_VERIFY")"; fi
    rm -f "$WORK/raw.zst"
    read -r hs dump hstored peak _ _ _ hj hc <<<"$(hub_backup "$1")"
    echo "$round $rs $rv $hs $hj $peak $(echo "$rc + $rvc" | bc -l) $hc" >> "$WORK/rounds"
    python3 -c "
r=$rs; v=r+$rv; h=$hs; j=$hj
print('| %d | %.2f | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.0f |' % ($round, r, ('%.2f' % v) if $rv else '—', $rc + $rvc,
      h, j, $hc, r/h, ('%.2f' % (v/j)) if $rv else '—', $peak/1024))"
  done
  profile stop
  python3 - "$WORK/rounds" <<'SUMMARY'
import statistics, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
first, rest = rows[0], rows[1:] or rows[:1]
label = 'rounds 2-%d' % len(rows) if len(rows) > 1 else 'round 1'
raw = min(r[1] for r in rest); hub = min(r[3] for r in rest)
print()
print('| | raw | hub | ratio (raw/hub) |')
print('|---|---|---|---|')
print('| dump (%s, best) | %.2f s | %.2f s | %.2f |' % (label, raw, hub, raw / hub))
if first[2]:
    rv = min(r[1] + r[2] for r in rest); hv = min(r[4] for r in rest)
    print('| verified (%s, best) | %.2f s | %.2f s | %.2f |' % (label, rv, hv, rv / hv))
print('| first backup after start (round 1, dump) | %.2f s | %.2f s | %.2f |' % (first[1], first[3], first[1] / first[3]))
if first[2]:
    print('| first backup after start (round 1, verified) | %.2f s | %.2f s | %.2f |' % (first[1] + first[2], first[4], (first[1] + first[2]) / first[4]))
rc = statistics.median(r[6] for r in rest); hc = statistics.median(r[7] for r in rest)
print('| CPU on this end per backup (%s, median) | %.1f s | %.1f s | %.2f |' % (label, rc, hc, rc / hc))
print('| peak RSS (any round) | | %.0f MiB | |' % (max(r[5] for r in rows) / 1024))
SUMMARY
}

profile() { # start|stop: with PROFILER=/path/to/libasyncProfiler.so, a CPU profile of the hub from round 2
  # on (JIT warm-up left out), every thread apart, as collapsed stacks in $PROFILE_OUT (default
  # /tmp/hub-profile.collapsed); bench/profile-top.py summarises it
  [ -n "${PROFILER:-}" ] || return 0
  if [ "$1" = start ]; then
    jcmd "$HUB_PID" JVMTI.agent_load "$PROFILER" '"start,event=cpu,interval=1ms,threads"' >/dev/null
  else
    jcmd "$HUB_PID" JVMTI.agent_load "$PROFILER" "\"stop,file=${PROFILE_OUT:-/tmp/hub-profile.collapsed},collapsed\"" >/dev/null
  fi
}

timed() { # shell command -> "wall_seconds cpu_seconds" (CPU: user + system of the command and its children)
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" bash -c "$1" > /dev/null
  awk '{printf "%s %.2f\n", $1, $2 + $3}' "$WORK/time"
}

raw_pipe() { # remote dump command -> "seconds stored_bytes cpu_seconds" of `ssh host CMD | zstd -q -3 > file;
  # sync`, the file left in $WORK/raw.zst; cpu_seconds: what ssh and zstd used
  /usr/bin/time -f '%e %U %S' -o "$WORK/time" bash -c '"${@:3}" "$2" | zstd -q -3 > "$1"; sync "$1"' _ \
    "$WORK/raw.zst" "$1" "${SSH[@]}"
  echo "$(awk '{print $1}' "$WORK/time") $(stat -c %s "$WORK/raw.zst") $(awk '{printf "%.2f", $2 + $3}' "$WORK/time")"
}
