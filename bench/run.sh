#!/usr/bin/env bash
# `npm run bench`: builds the apps, compiles the benchmark beside them (dist/bench, so that the
# @gatehouse/* aliases resolve as they do for the apps), makes sure the local infrastructure is up,
# and runs it. Arguments go to the benchmark (`npm run bench -- --help`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

bash scripts/build.sh
(
  flock 9
  swc bench -d dist --quiet
) 9>dist/.build.lock

infra_was_up=no
if node scripts/infra/infra.mjs status >/dev/null 2>&1; then infra_was_up=yes; fi
if [ "$infra_was_up" = no ]; then
  node scripts/infra/infra.mjs up
  trap 'node scripts/infra/infra.mjs down' EXIT
fi

# The local services, not containers: the numbers are for this machine as `npm start` runs it.
GATEHOUSE_INFRA="${GATEHOUSE_INFRA:-local}" node dist/bench/src/main.js "$@"
