#!/bin/sh
# Starts one Gatehouse app: the first argument if it names one, else $APP.
#   docker run IMAGE edge-api
#   docker run -e APP=edge-api IMAGE
# Apps: edge-api auth router provider-workers guardrail usage-ledger, standalone (all of them in one
# process), plus fake-upstream
# (an OpenAI-compatible stand-in for trials). Any other command runs as given: docker run IMAGE node -v
set -eu

APPS='edge-api auth router provider-workers guardrail usage-ledger standalone fake-upstream'

main_of() {
  case "$1" in
    edge-api | auth | router | provider-workers | guardrail | usage-ledger | standalone) echo "dist/apps/$1/src/main.js" ;;
    fake-upstream) echo "dist/libs/testing/src/fake-upstream/main.js" ;;
    *) return 1 ;;
  esac
}

if [ "$#" -eq 0 ]; then
  if [ -z "${APP:-}" ]; then
    echo "gatehouse: name the app to run, as the command or in APP: $APPS" >&2
    exit 2
  fi
  if ! main_of "$APP" >/dev/null; then
    echo "gatehouse: unknown APP '$APP'; expected one of: $APPS" >&2
    exit 2
  fi
  set -- "$APP"
fi

# V8 settings per app, from the launcher's own list (libs/launcher/src/node-flags.ts says why).
flags_of() {
  case "$1" in
    fake-upstream) echo "" ;;
    *) node -p "require('./dist/libs/launcher/src/node-flags.js').nodeFlags('$1').join(' ')" ;;
  esac
}

if main=$(main_of "$1"); then
  flags=$(flags_of "$1")
  shift
  # shellcheck disable=SC2086 # the flags are words
  exec node $flags "$main" "$@"
fi
exec "$@"
