#!/usr/bin/env bash
# The dashboard's npm dependencies, for the Maven build (generate-resources): npm ci from the lockfile
# into target/web (never into the source tree): uPlot, which the pages' charts use, is copied to
# target/classes/dashboard/vendor, which the hub serves under /assets/vendor (AssetsResource); axe-core
# stays in target/web for the browser tests. A lockfile already installed is not installed again.
# Needs node 20+ and npm; only the npm registry is contacted.
#   build.sh TARGET_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: build.sh TARGET_DIR}
work="$target/web"
command -v npm >/dev/null || { echo "the build needs node 20+ and npm for the dashboard's assets (apt install nodejs npm)" >&2; exit 1; }
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
vendor="$target/classes/dashboard/vendor"
mkdir -p "$vendor"
cp "$work/node_modules/uplot/dist/uPlot.iife.min.js" "$vendor/uplot.min.js"
cp "$work/node_modules/uplot/dist/uPlot.min.css" "$vendor/uplot.min.css"
cp "$work/node_modules/uplot/LICENSE" "$vendor/uplot.LICENSE"
