#!/usr/bin/env bash
# Benchmark: retention planning over 100,000 artifacts (pure function, no I/O).
#   bench/retention.sh [artifacts, default 100000]
# Needs the compiled hub (./mvnw -B -q package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "| artifacts | kept | deleted | min | median | max |"
echo "|---|---|---|---|---|---|"
java -Xmx512m -cp target/classes bench/RetentionPlanBench.java "${1:-100000}"
