#!/usr/bin/env bash
# Benchmark: the hub's SSH backup of a Redis server against the raw pipe
# `ssh host redis-cli --rdb - | zstd -q -3 > file; sync` on the same generated data, alternating, in
# one run, the first round right after the hub started; the hub's whole job (with redis-check-rdb)
# against the raw pipe plus `zstd -dc file | redis-check-rdb /dev/stdin`; peak RSS of a hub with
# -Xmx128m. Markdown on stdout (docs/benchmarks.md keeps a copy).
#
#   bench/redis.sh [RDB size in MiB, default 1024] [rounds, default 4]
#
# Needs: Debian redis-server (redis-cli, redis-check-rdb), openssh-server/client, zstd, curl, python3,
# bc; the packaged hub (./mvnw -B -q package -DskipTests). Starts and removes its own Redis and sshd.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MIB=${1:-1024}
ROUNDS=${2:-4}
KEYS=$(( SIZE_MIB * 1024 / 2 ))            # values of about 1 KiB, half random, half repetitive
WORK=$(mktemp -d /tmp/hub-bench-XXXX); chmod 755 "$WORK"
# shellcheck source=bench/lib.sh
. bench/lib.sh
REDISPORT=$(free_port); SSHPORT=$(free_port); HUBPORT=$(free_port)
KEY=bench-admin-key-0123456789abcdefghijkl
trap stop_everything EXIT

mkdir -p "$WORK/redis"
redis-server --port "$REDISPORT" --bind 127.0.0.1 --dir "$WORK/redis" --save '' --appendonly no \
  --enable-debug-command yes > "$WORK/redis.log" 2>&1 & SERVER_PID=$!
for _ in $(seq 60); do redis-cli -p "$REDISPORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
log "generating about ${SIZE_MIB} MiB of values"
# random:N holds 760 random bytes in base64 (incompressible); DEBUG POPULATE's values are repetitive.
python3 - "$KEYS" <<'PY' | redis-cli -p "$REDISPORT" --pipe >/dev/null
import base64, os, sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    key, value = b'random:%d' % i, base64.b64encode(os.urandom(760))
    out.write(b'*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n' % (len(key), key, len(value), value))
PY
redis-cli -p "$REDISPORT" DEBUG POPULATE "$KEYS" text 1000 >/dev/null

start_sshd

cat > "$WORK/targets.yaml" <<YAML
targets:
  - id: bench
    engine: redis
    environment: bench
    transport: {type: ssh, host: 127.0.0.1, port: $SSHPORT, user: $(id -un), privateKeyFile: $WORK/client, knownHostsFile: $WORK/known_hosts}
    database: {host: 127.0.0.1, port: $REDISPORT}
YAML
start_hub

raw_backup() { raw_pipe "redis-cli -h 127.0.0.1 -p $REDISPORT --rdb -"; }
RAW_VERIFY="zstd -dc $WORK/raw.zst | redis-check-rdb /dev/stdin"

machine
echo
compare_rounds bench
echo
echo "RDB size: $(python3 -c "print('%.2f GB' % ($dump/1e9))"); stored (zstd -3): hub $(python3 -c "print('%.2f GB' % ($hstored/1e9))"), raw pipe $(python3 -c "print('%.2f GB' % ($rstored/1e9))")."
