#!/usr/bin/env bash
# Benchmark: the hub's SSH backup of a MariaDB database against the raw pipe
# `ssh host mariadb-dump --single-transaction ... | zstd -q -3 > file` on the same generated
# database, alternating, in one run; peak RSS of a hub with -Xmx128m. Markdown on stdout
# (docs/benchmarks.md keeps a copy).
#
#   bench/mariadb.sh [dump size in MiB, default 1024] [rounds, default 3]
#
# Needs: Debian mariadb-server, openssh-server/client, zstd, curl, python3, bc; the packaged hub
# (./mvnw -B -q package -DskipTests). Starts and removes its own MariaDB and sshd.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
ROUNDS=${2:-3}
ROWS=$(( SIZE_MIB * 1024 / 2 ))            # rows of about 1 KiB of dump per table, two tables
WORK=$(mktemp -d /tmp/hub-bench-XXXX); chmod 755 "$WORK"   # the mysql user reads its data dir below it
# shellcheck source=bench/lib.sh
. bench/lib.sh
MYPORT=$(free_port); SSHPORT=$(free_port); HUBPORT=$(free_port)
PW=bench-secret
KEY=bench-admin-key-0123456789abcdefghijkl
as_mysql() { if [ "$(id -u)" -eq 0 ]; then runuser -u mysql -- "$@"; else "$@"; fi; }
trap stop_everything EXIT

# --- MariaDB with a database whose dump is half incompressible, half compressible ---
mkdir -p "$WORK/my"; [ "$(id -u)" -eq 0 ] && chown mysql "$WORK/my"
as_mysql mariadb-install-db --no-defaults --datadir="$WORK/my/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null
as_mysql mariadbd --no-defaults --datadir="$WORK/my/data" --port="$MYPORT" --bind-address=127.0.0.1 \
  --socket="$WORK/my/sock" --innodb-buffer-pool-size=1G --innodb-flush-log-at-trx-commit=0 --skip-log-bin \
  > "$WORK/my.log" 2>&1 & SERVER_PID=$!
for _ in $(seq 120); do mariadb --no-defaults --socket="$WORK/my/sock" -uroot -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.5; done
sql() { mariadb --no-defaults --socket="$WORK/my/sock" -uroot -e "$1"; }
sql "CREATE USER 'bench'@'%' IDENTIFIED BY '$PW'; GRANT ALL ON *.* TO 'bench'@'%';"
echo "$PW" > "$WORK/pw"; printf '[client]\npassword=%s\n' "$PW" > "$WORK/my.cnf"; chmod 600 "$WORK/my.cnf" "$WORK/pw"
log "generating about ${SIZE_MIB} MiB of rows"
# A row of random_rows dumps as about 1 KiB of base64 (incompressible); one of text_rows as about
# 1 KiB of repetitive text.
for db in bench small; do
  n=$ROWS; [ $db = small ] && n=$(( ROWS / 8 ))
  sql "CREATE DATABASE $db; USE $db;
       CREATE TABLE random_rows (id BIGINT PRIMARY KEY, body TEXT);
       INSERT INTO random_rows SELECT seq, TO_BASE64(RANDOM_BYTES(760)) FROM seq_1_to_$n;
       CREATE TABLE text_rows (id BIGINT PRIMARY KEY, body TEXT);
       INSERT INTO text_rows SELECT seq, REPEAT(CONCAT('order ', seq % 1000, ' shipped to customer ', seq % 97, '; '), 20) FROM seq_1_to_$n;"
done

start_sshd

cat > "$WORK/targets.yaml" <<YAML
targets:
$(for db in bench small; do cat <<T
  - id: $db
    engine: mariadb
    environment: bench
    transport: {type: ssh, host: 127.0.0.1, port: $SSHPORT, user: $(id -un), privateKeyFile: $WORK/client, knownHostsFile: $WORK/known_hosts}
    database: {host: 127.0.0.1, port: $MYPORT, user: bench, passwordFile: $WORK/pw, name: $db}
T
done)
YAML
start_hub

raw_backup() { raw_pipe "mariadb-dump --defaults-extra-file=$WORK/my.cnf --protocol=TCP --host=127.0.0.1 --port=$MYPORT --user=bench --single-transaction --routines --triggers --events --hex-blob $1"; }

# The hub reads its dump back itself (MysqlDumpReader: every statement to the end, rows fingerprinted);
# the least a script would do is decompress it.
RAW_VERIFY="zstd -dc $WORK/raw.zst > /dev/null"

machine
echo
compare_rounds bench
read -r _ sdump _ speak _ <<<"$(hub_backup small)"
echo
echo "Dump size: $(python3 -c "print('%.2f GB' % ($dump/1e9))") (mariadb-dump output); stored (zstd -3): hub $(python3 -c "print('%.2f GB' % ($hstored/1e9))"), raw pipe $(python3 -c "print('%.2f GB' % ($rstored/1e9))")."
echo "Peak RSS of the hub ($HUB_JAVA_OPTS): $(( speak / 1024 )) MiB backing up a $(python3 -c "print('%.2f GB' % ($sdump/1e9))") dump, $(( peak / 1024 )) MiB backing up the $(python3 -c "print('%.2f GB' % ($dump/1e9))") one."
