#!/usr/bin/env bash
# `npm run bench:semantic-index`: the semantic cache's vector index on its own, no infrastructure.
# Builds like bench/run.sh, then runs it; arguments go to the benchmark.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$PATH"

bash scripts/build.sh
(
  flock 9
  swc bench -d dist --quiet
) 9>dist/.build.lock

node dist/bench/src/semantic-index.js "$@"
