#!/usr/bin/env bash
# Fetches (once) and caches the real software that the boot tests run on vp
# (issue 12), from Debian's archive with apt's own client:
#   u-boot   u-boot-qemu (all): qemu_arm64/u-boot.bin                 -> prints its path
#   linux    linux-image-<abi>-arm64-unsigned (arm64): the raw Image    -> prints its path
#   busybox  busybox-static (arm64): the static busybox binary          -> prints its path
# Cache: ${VP_CACHE:-$HOME/.cache/vp}/<package>_<version>/ (never under build/).
# Exit 77 with one line on stderr saying what is missing when a package
# cannot be had (no apt, no archive access, arm64 not a dpkg architecture and
# not root to add it); the tests turn that into a skip.
set -euo pipefail

cache=${VP_CACHE:-$HOME/.cache/vp}
what=${1:-}

skip() { echo "boot_images: $*" >&2; exit 77; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || skip "apt-get/dpkg-deb not available"

# have_arm64: make arm64 packages visible to apt (needs root the first time).
have_arm64() {
  dpkg --print-foreign-architectures | grep -qx arm64 && return 0
  [ "$(id -u)" -eq 0 ] || skip "arm64 is not a dpkg architecture; run as root once: dpkg --add-architecture arm64 && apt-get update"
  dpkg --add-architecture arm64
  apt-get update -qq >/dev/null 2>&1 || skip "apt-get update failed after adding arm64"
}

# unpack PKG[:ARCH]: downloads and unpacks into the cache, prints the directory.
unpack() {
  local pkg=$1 version dir
  version=$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$version" ] && [ "$version" != "(none)" ] || skip "package $pkg not found in the apt archive"
  dir="$cache/${pkg%%:*}_${version//:/%}"
  if [ ! -f "$dir/.done" ]; then
    mkdir -p "$dir"
    local tmp
    tmp=$(mktemp -d)
    chmod 777 "$tmp"
    (cd "$tmp" && apt-get download -qq "$pkg=$version" >/dev/null 2>&1) || { rm -rf "$tmp"; skip "apt-get download $pkg failed (no archive access?)"; }
    dpkg-deb -x "$tmp"/*.deb "$dir"
    rm -rf "$tmp"
    touch "$dir/.done"
  fi
  echo "$dir"
}

case "$what" in
  u-boot)
    dir=$(unpack u-boot-qemu)
    echo "$dir/usr/lib/u-boot/qemu_arm64/u-boot.bin"
    ;;
  linux)
    have_arm64
    # The ABI-versioned image the metapackage points at, unsigned flavour.
    image=$(apt-cache depends linux-image-arm64:arm64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
    [ -n "$image" ] || skip "linux-image-arm64:arm64 not found in the apt archive"
    image=${image%%:*}
    dir=$(unpack "${image}-unsigned:arm64")
    vmlinuz=$(ls "$dir"/boot/vmlinuz-* | head -1)
    # Debian's arm64 vmlinuz may be gzip'd: vp takes the raw Image.
    if [ "$(head -c2 "$vmlinuz" | od -An -tx1 | tr -d ' ')" = "1f8b" ]; then
      [ -f "$dir/Image" ] || zcat "$vmlinuz" > "$dir/Image"
      echo "$dir/Image"
    else
      echo "$vmlinuz"
    fi
    ;;
  busybox)
    have_arm64
    dir=$(unpack busybox-static:arm64)
    echo "$dir/bin/busybox"
    ;;
  *)
    echo "usage: $0 u-boot|linux|busybox" >&2
    exit 2
    ;;
esac
