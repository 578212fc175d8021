#!/usr/bin/env bash
# Idempotent set-up used by `npm run demo`, `npm test` and .ci/run:
# Debian packages (only when missing), node_modules (only when package-lock.json changed), build.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: binary that proves the package is there -> package name.
declare -A NEED=(
  [ovsdb-server]=openvswitch-common [ovs-vswitchd]=openvswitch-switch [ovn-northd]=ovn-central
  [ovn-controller]=ovn-host [openssl]=openssl [ip]=iproute2 [ethtool]=ethtool [curl]=curl
  [setpriv]=util-linux [lua5.1]=lua5.1
)
missing=()
for bin in "${!NEED[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$bin" >/dev/null 2>&1 || missing+=("${NEED[$bin]}")
done
[ -e /usr/lib/python3/dist-packages/ovs/__init__.py ] || missing+=(python3-openvswitch)
[ -x /usr/bin/time ] || missing+=(time) # GNU time, for the benchmarks' CPU figures
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    openvswitch-common openvswitch-switch ovn-central ovn-host openssl iproute2 ethtool curl util-linux python3-openvswitch time lua5.1 >&2
fi
# The packages' init scripts may have started system daemons; our tests start their own.

# node_modules: reinstall only when the lock file changed since the last install.
lockhash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f node_modules/.setup-stamp ] || [ "$(cat node_modules/.setup-stamp)" != "$lockhash" ]; then
  echo "setup: npm ci" >&2
  npm ci --no-audit --no-fund >&2
  echo "$lockhash" > node_modules/.setup-stamp
fi

# Build (incremental: seconds when nothing changed), then the one-file `ovnkit` executable.
npx tsc -b >&2
node scripts/bundle-cli.mjs >&2
# npm links the workspaces' executables (ovnkit, ovsdb-codegen) only when their files exist, and
# on a fresh clone they exist only after the first build: link them now (and relink an ovnkit
# link left pointing at the unbundled entry).
[ "$(readlink node_modules/.bin/ovnkit)" = ../@ovnkit/cli/dist/ovnkit.mjs ] ||
  npm rebuild --ignore-scripts --no-audit --no-fund >/dev/null
