#!/usr/bin/env bash
# The whole check, as CI runs it: types, lint, unit specs, then integration suites against real
# Kafka, Postgres, Redis and S3 started on loopback (or containers where Docker answers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$gatehouse_root"
export PATH="$gatehouse_root/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$*"; }

step "dependencies"; gatehouse_ensure_deps
step "typecheck"; tsc -p tsconfig.json --noEmit
step "lint"; eslint . --max-warnings 0 && prettier --check . --log-level warn
step "build"; bash scripts/build.sh
step "infrastructure"; node scripts/infra/infra.mjs up

step "tests"
results="$(mktemp --suffix=.json)"
status=0
jest --runInBand --json --outputFile="$results" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$results" || true
rm -f "$results"
exit "$status"
