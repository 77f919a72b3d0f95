#!/usr/bin/env bash
# scripts/check-layers.sh — fails when a source file includes a layer it may not use
# (docs/ARCHITECTURE.md, "Layers"). Run by ctest (test "layering"). Tests (*_test.cpp) may include anything.
#   domain    → domain
#   store     → domain, store
#   services  → domain, store, services
#   http      → domain, http
#   routes    → domain, services, http, routes   (the handlers' kit: Context, the request's principal)
#   api       → domain, services, http, routes, api
#   web       → domain, services, http, routes, web
#   standins  → domain, standins                   (test and demo stand-ins: pure rules such as the schema check)
#   app, cli  → anything
# No exceptions: any other crossing fails.
set -uo pipefail
cd "$(dirname "$0")/.."
allowed() {  # layer → allowed include prefixes
  case "$1" in
    domain) echo "domain" ;;
    store) echo "domain store" ;;
    services) echo "domain store services" ;;
    http) echo "domain http" ;;
    routes) echo "domain services http routes" ;;
    api) echo "domain services http routes api" ;;
    web) echo "domain services http routes web" ;;
    standins) echo "domain standins" ;;
  esac
}
bad=0
for layer in domain store services http routes api web standins; do
  while IFS= read -r f; do
    case "$f" in *_test.cpp) continue ;; esac
    while IFS= read -r inc; do
      top="${inc%%/*}"
      ok=0
      for a in $(allowed "$layer"); do [ "$top" = "$a" ] && ok=1; done
      [ $ok = 1 ] && continue
      echo "forbidden include: $f includes \"$inc\" (layer $layer may use: $(allowed "$layer"))"
      bad=1
    done < <(grep -hoE '^#include "[a-z_]+/[^"]+"' "$f" | sed -E 's/^#include "([^"]+)"/\1/')
  done < <(find "src/$layer" -name '*.cpp' -o -name '*.h' | sort)
done
[ $bad = 0 ] && echo "layers: every include is allowed"
exit $bad
