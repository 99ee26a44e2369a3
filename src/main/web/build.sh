#!/usr/bin/env bash
# The dashboard's browser dependencies, for the Maven build (generate-resources): npm ci from the
# lockfile into target/web (never into the source tree), then the files the pages load copied to
# target/classes/dashboard/vendor, which the hub serves under /assets/vendor (AssetsResource).
# axe-core stays in target/web for the browser tests. A lockfile already installed is not installed
# again. Needs node 20+ and npm; only the npm registry is contacted.
#   build.sh TARGET_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: build.sh TARGET_DIR}
work="$target/web"
vendor="$target/classes/dashboard/vendor"
command -v npm >/dev/null || { echo "the build needs node 20+ and npm for the dashboard's assets (apt install nodejs npm)" >&2; exit 1; }
mkdir -p "$work" "$vendor"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [ ! -d "$work/node_modules" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error)
fi
cp "$work/node_modules/htmx.org/dist/htmx.min.js" "$vendor/htmx.min.js"
cp "$work/node_modules/htmx-ext-sse/dist/sse.min.js" "$vendor/htmx-sse.min.js" 2>/dev/null \
  || cp "$work/node_modules/htmx-ext-sse/sse.js" "$vendor/htmx-sse.min.js"
