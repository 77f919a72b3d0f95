#!/usr/bin/env bash
# Installs every Debian and npm dependency of motcua, idempotently.
# Debian packages come from apt (one `apt-get update` only when something is missing);
# npm packages are pinned in package.json / package-lock.json. Nothing else is downloaded.
# clang + libclang-rt-14-dev (libFuzzer) build the fuzz targets in fuzz/ (Debian 12 names).
# softhsm2 + libengine-pkcs11-openssl (libp11) + opensc (pkcs11-tool) sign with a PKCS#11 token in tests.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev libkainjow-mustache-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libicu-dev zlib1g-dev libbrotli-dev libsodium-dev liboath-dev libssl-dev libcurl4-openssl-dev
  libcairo2-dev libpango1.0-dev libqrencode-dev fonts-noto-core
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  chromium wrk poppler-utils
  libxlsxwriter-dev gnumeric unzip libyaml-dev
  clang libclang-rt-14-dev
  softhsm2 libengine-pkcs11-openssl opensc
)
# Node.js: the machine's own (nodesource) build ships npm; only a machine without node gets Debian's.
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "motcua: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# npm: exact versions from package-lock.json
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.motcua-lock 2>/dev/null; then
  echo "motcua: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.motcua-lock
fi
mkdir -p static/vendor
cp -u node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
