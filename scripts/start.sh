#!/usr/bin/env bash
# `npm start`: build, then run the gateway in one process (the standalone composition) on embedded
# backends — nothing but Node needed; DATABASE_URL, REDIS_URL and KAFKA_BROKERS each switch one to
# the real service. `npm run start:services` (this script with `services`) brings up the local
# infrastructure and runs the six apps as processes instead. GATEHOUSE_CONFIG picks the config file
# (default ./config.yaml). Ctrl-C stops what this started, including infrastructure that was not
# already running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/node-env.sh"
cd "$gatehouse_root"
export PATH="$gatehouse_root/node_modules/.bin:$PATH"

composition="${1:-standalone}"
gatehouse_ensure_deps
bash scripts/build.sh

if [ "$composition" = services ]; then
  infra_was_up=no
  if node scripts/infra/infra.mjs status >/dev/null 2>&1; then infra_was_up=yes; fi
  node scripts/infra/infra.mjs up
  if [ "$infra_was_up" = no ]; then trap 'node scripts/infra/infra.mjs down' EXIT; fi
fi

node dist/libs/launcher/src/main.js "$composition"
