#!/usr/bin/env bash
# scripts/check-layers.sh — fails when a source file includes a layer it may not use
# (docs/ARCHITECTURE.md, "Layers"). Run by ctest (test "layering"). Tests (*_test.cpp) may include anything.
#   domain    → domain
#   store     → domain, store
#   services  → domain, store, services
#   http      → domain, http
#   api       → domain, services, http, api      (+ the known exceptions below)
#   web       → domain, services, http, web      (+ the known exceptions below)
#   app, cli  → anything
# Known exceptions, to be removed by issue 8 §5 (route registration and Context still live in app/, query
# helpers in api/): api/*.cpp and web/*.cpp may include app/app.h, app/auth.h, app/context.h. Any other
# crossing fails.
set -uo pipefail
cd "$(dirname "$0")/.."
allowed() {  # layer → allowed include prefixes
  case "$1" in
    domain) echo "domain" ;;
    store) echo "domain store" ;;
    services) echo "domain store services" ;;
    http) echo "domain http" ;;
    api) echo "domain services http api" ;;
    web) echo "domain services http web" ;;
  esac
}
known_exception() {  # layer, included path
  case "$1:$2" in
    api:app/app.h|api:app/auth.h|api:app/context.h) return 0 ;;
    web:app/app.h|web:app/auth.h|web:app/context.h) return 0 ;;
  esac
  return 1
}
bad=0
for layer in domain store services http api web; do
  while IFS= read -r f; do
    case "$f" in *_test.cpp) continue ;; esac
    while IFS= read -r inc; do
      top="${inc%%/*}"
      ok=0
      for a in $(allowed "$layer"); do [ "$top" = "$a" ] && ok=1; done
      [ $ok = 1 ] && continue
      known_exception "$layer" "$inc" && continue
      echo "forbidden include: $f includes \"$inc\" (layer $layer may use: $(allowed "$layer"))"
      bad=1
    done < <(grep -hoE '^#include "[a-z_]+/[^"]+"' "$f" | sed -E 's/^#include "([^"]+)"/\1/')
  done < <(find "src/$layer" -name '*.cpp' -o -name '*.h' | sort)
done
[ $bad = 0 ] && echo "layers: every include is allowed"
exit $bad
