#!/bin/sh
# wrap_flat.sh IN.flat OUT.img: put a 64 KiB arm64 Image header (Documentation/arm64/booting.rst)
# in front of a kvm-unit-tests .flat so that a loader of arm64 Images places it as QEMU places
# the raw .flat: 64 KiB aligned (its default page size), X0 = DTB above it. code0 branches over
# the header; text_offset 0 with image_size set (no 0x80000 legacy default).
set -e
hdr=65536
size=$(( ( $(wc -c < "$1") + hdr + 65535 ) / 65536 * 65536 ))
le64() { v=$1; i=0; while [ $i -lt 8 ]; do printf "\\$(printf %03o $(( v & 255 )))"; v=$(( v >> 8 )); i=$((i+1)); done; }
{ printf '\000\100\000\024\000\000\000\000'      # code0: b +0x10000 (to the flat image), code1
  le64 0                                         # text_offset
  le64 $size                                     # image_size
  le64 0                                         # flags
  head -c 24 /dev/zero                           # res2..res4
  printf 'ARM\144'                               # magic
  head -c 4 /dev/zero                            # res5
  head -c $((hdr - 64)) /dev/zero
  cat "$1"; } > "$2"
