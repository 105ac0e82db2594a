#!/usr/bin/env bash
# Prepares a kernel lane: qemu, busybox and cpio from Debian, and one of Debian's
# kernels with CONFIG_HIST_TRIGGERS and CONFIG_SYNTH_EVENTS, extracted into
# .cache/kernel-lane/. Idempotent and cheap when everything is there; prints
# the path of the kernel image on its last line.
#
#   setup.sh [6.1|6.12]    (default 6.1)
#
#   6.1:  the kernel the linux-image-amd64 metapackage points at (bookworm)
#   6.12: the kernel linux-image-6.12-amd64 points at (bookworm-security)
set -euo pipefail
lane=${1:-6.1}
root=$(cd "$(dirname "$0")/../.." && pwd)
cache="$root/.cache/kernel-lane"
mkdir -p "$cache"
case "$lane" in
  6.1)
    meta=linux-image-amd64
    pattern='6\.1\.0-[0-9]*-amd64'
    glob='vmlinuz-6.1.0-*-amd64'
    ;;
  6.12)
    meta=linux-image-6.12-amd64
    pattern='6\.12\.[0-9]*+deb[0-9]*-amd64'
    glob='vmlinuz-6.12.*-amd64'
    ;;
  *)
    echo "kernel-lane: unknown lane '$lane' (6.1 or 6.12)" >&2
    exit 2
    ;;
esac
"$root/scripts/ensure-apt.sh" qemu-system-x86 busybox-static cpio >&2
exec 8>"$cache/setup.lock"
flock 8
existing=$(ls "$cache"/$glob 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$existing" ] && [ -z "${LANE_REFRESH:-}" ]; then
  echo "$existing"
  exit 0
fi
# The kernel the metapackage points at (the unsigned build holds a plain bzImage).
version=$(apt-cache depends "$meta" 2>/dev/null | sed -n "s/.*Depends: linux-image-\($pattern\)\$/\1/p" | head -n 1)
if [ -z "$version" ]; then
  apt-get update -qq >&2
  version=$(apt-cache depends "$meta" | sed -n "s/.*Depends: linux-image-\($pattern\)\$/\1/p" | head -n 1)
fi
[ -n "$version" ] || { echo "kernel-lane: $meta names no linux-image-$pattern in apt" >&2; exit 3; }
cd "$cache"
echo "kernel-lane: downloading linux-image-$version-unsigned" >&2
apt-get download -q "linux-image-$version-unsigned" >&2 2>/dev/null || apt-get download -q "linux-image-$version-unsigned" >&2
deb=$(ls linux-image-"$version"-unsigned_*.deb | head -n 1)
dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./boot/vmlinuz-$version" > "vmlinuz-$version.tmp"
dpkg-deb --fsys-tarfile "$deb" | tar -x -O "./boot/config-$version" > "config-$version"
for option in CONFIG_HIST_TRIGGERS CONFIG_SYNTH_EVENTS; do
  grep -q "^$option=y" "config-$version" || { echo "kernel-lane: $version lacks $option" >&2; rm -f "vmlinuz-$version.tmp"; exit 3; }
done
mv "vmlinuz-$version.tmp" "vmlinuz-$version"
rm -f "$deb"
echo "$cache/vmlinuz-$version"
