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
