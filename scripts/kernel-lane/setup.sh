#!/usr/bin/env bash
# Prepares the kernel lane: qemu, busybox and cpio from Debian, and Debian's 6.1
# kernel (it has CONFIG_HIST_TRIGGERS and CONFIG_SYNTH_EVENTS), extracted into
# .cache/kernel-lane/. Idempotent and cheap when everything is there; prints
# the path of the kernel image on its last line.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="$root/.cache/kernel-lane"
mkdir -p "$cache"
"$root/scripts/ensure-apt.sh" qemu-system-x86 busybox-static cpio >&2
exec 8>"$cache/setup.lock"
flock 8
existing=$(ls "$cache"/vmlinuz-6.1.0-*-amd64 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$existing" ] && [ -z "${LANE_REFRESH:-}" ]; then
  echo "$existing"
  exit 0
fi
# The kernel the linux-image-amd64 metapackage points at (the unsigned build holds a plain bzImage).
version=$(apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/.*Depends: linux-image-\(6\.1\.0-[0-9]*-amd64\).*/\1/p' | head -n 1)
if [ -z "$version" ]; then
  apt-get update -qq >&2
  version=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: linux-image-\(6\.1\.0-[0-9]*-amd64\).*/\1/p' | head -n 1)
fi
[ -n "$version" ] || { echo "kernel-lane: no linux-image-6.1.0-*-amd64 in apt" >&2; exit 3; }
cd "$cache"
echo "kernel-lane: downloading linux-image-$version-unsigned" >&2
apt-get download -q "linux-image-$version-unsigned" >&2 2>/dev/null || apt-get download -q "linux-image-$version-unsigned" >&2
deb=$(ls linux-image-"$version"-unsigned_*.deb | head -n 1)
dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./boot/vmlinuz-$version" > "vmlinuz-$version.tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./boot/config-$version" > "config-$version"
grep -q '^CONFIG_HIST_TRIGGERS=y' "config-$version" || { echo "kernel-lane: $version lacks CONFIG_HIST_TRIGGERS" >&2; exit 3; }
mv "vmlinuz-$version.tmp" "vmlinuz-$version"
rm -f "$deb"
echo "$cache/vmlinuz-$version"
