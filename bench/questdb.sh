#!/usr/bin/env bash
# Benchmark: the hub's SSH backup of a QuestDB server against the raw steps a user would script:
# `CHECKPOINT CREATE` (psql), `ssh host tar --sparse -cf - .checkpoint db conf | zstd -q -3 > file; sync`,
# `CHECKPOINT RELEASE`, on the same generated table, alternating, in one run, the first round right
# after the hub started; the hub's whole job (with reading the tar back to its end) against the raw
# steps plus `zstd -dc file | tar -t > /dev/null`; peak RSS of a hub with -Xmx128m. Markdown on stdout
# (docs/benchmarks.md keeps a copy).
#
#   bench/questdb.sh [rows in millions, default 1] [rounds, default 4]
#
# Needs: the QuestDB jar in the local Maven repository (org.questdb:questdb:9.3.4, which the tests
# fetch), Debian postgresql-client (psql), GNU tar, openssh-server/client, zstd, curl, python3, bc;
# the packaged hub (./mvnw -B -q package -DskipTests). Starts and removes its own QuestDB and sshd.
set -euo pipefail
cd "$(dirname "$0")/.."
MILLIONS=${1:-1}
ROUNDS=${2:-4}
JAR=${QUESTDB_JAR:-$HOME/.m2/repository/org/questdb/questdb/9.3.4/questdb-9.3.4.jar}
WORK=$(mktemp -d /tmp/hub-bench-XXXX); chmod 755 "$WORK"
# shellcheck source=bench/lib.sh
. bench/lib.sh
QPORT=$(free_port); SSHPORT=$(free_port); HUBPORT=$(free_port)
KEY=bench-admin-key-0123456789abcdefghijkl
trap stop_everything EXIT

ROOT=$WORK/questdb
mkdir -p "$ROOT/conf"
cat > "$ROOT/conf/server.conf" <<CONF
http.bind.to=127.0.0.1:$(free_port)
http.min.net.bind.to=127.0.0.1:$(free_port)
pg.net.bind.to=127.0.0.1:$QPORT
line.tcp.net.bind.to=127.0.0.1:$(free_port)
line.udp.enabled=false
telemetry.enabled=false
CONF
java -p "$JAR" -m io.questdb/io.questdb.ServerMain -d "$ROOT" > "$WORK/questdb.log" 2>&1 & SERVER_PID=$!
export PGPASSWORD=quest
qsql() { psql -q -h 127.0.0.1 -p "$QPORT" -U admin -d qdb -c "$1" >/dev/null; }
for _ in $(seq 120); do qsql "SELECT 1" 2>/dev/null && break; sleep 0.5; done
log "generating $MILLIONS million rows"
# Half random (rnd_str), half repetitive text, one partition a day.
qsql "CREATE TABLE bench AS (SELECT x id, rnd_str(500, 500, 0) noise,
        concat('order ', x % 1000, ' shipped to customer ', x % 97) note, timestamp_sequence(0, 100000000) ts
      FROM long_sequence($(( MILLIONS * 1000000 )))) TIMESTAMP(ts) PARTITION BY DAY"
echo quest > "$WORK/pw"

start_sshd

cat > "$WORK/targets.yaml" <<YAML
targets:
  - id: bench
    engine: questdb
    environment: bench
    transport: {type: ssh, host: 127.0.0.1, port: $SSHPORT, user: $(id -un), privateKeyFile: $WORK/client, knownHostsFile: $WORK/known_hosts}
    database: {host: 127.0.0.1, port: $QPORT, user: admin, passwordFile: $WORK/pw}
    questdb: {root: $ROOT}
YAML
start_hub

raw_backup() {
  qsql "CHECKPOINT CREATE"
  raw_pipe "cd $ROOT && tar --sparse --warning=no-file-changed -cf - .checkpoint db conf"
  qsql "CHECKPOINT RELEASE"
}
RAW_VERIFY="zstd -dc $WORK/raw.zst | tar -t > /dev/null"

machine
echo
compare_rounds bench
echo
echo "Tar size: $(python3 -c "print('%.2f GB' % ($dump/1e9))"); stored (zstd -3): hub $(python3 -c "print('%.2f GB' % ($hstored/1e9))"), raw pipe $(python3 -c "print('%.2f GB' % ($rstored/1e9))")."
