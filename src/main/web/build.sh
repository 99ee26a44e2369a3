#!/usr/bin/env bash
# The dashboard's npm dependencies, for the Maven build (generate-resources): npm ci from the lockfile
# into target/web (never into the source tree). Today that is axe-core, which the browser tests load;
# the pages need nothing from npm (their only script is src/main/resources/dashboard/hub.js). A
# dependency the pages load would be copied to target/classes/dashboard/vendor here, which the hub
# serves under /assets/vendor (AssetsResource). A lockfile already installed is not installed again.
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
