#!/usr/bin/env bash
# Installs the Debian packages named as arguments when any is missing.
# Safe to call from parallel test suites: one apt run at a time (flock), and
# `apt-get update` only when an install is needed and the lists are older than a day.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.cache"
exec 9>"$root/.cache/apt.lock"
flock 9
still=()
for pkg in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || still+=("$pkg")
done
[ ${#still[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "ensure-apt: missing ${still[*]} and not root: install them with apt-get" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/typed-ftrace-update
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
  apt-get update -qq >&2
  mkdir -p "$(dirname "$stamp")" && touch "$stamp"
fi
echo "ensure-apt: installing ${still[*]}" >&2
apt-get install -y -qq --no-install-recommends "${still[@]}" >&2
