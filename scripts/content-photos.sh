#!/usr/bin/env bash
# Content photographs for training style transformers (`vision style train --content DIR`):
# the public-domain and CC0 colour photographs shipped in Debian's python3-skimage package
# (scikit-image's sample data; package licence BSD-3-Clause, each picture's own terms below,
# as scikit-image's skimage/data/_fetchers.py states them). Nothing is installed: the .deb is
# downloaded with apt-get download and unpacked into a temporary folder.
#
#   bash scripts/content-photos.sh [OUT_DIR]      (default .cache/content-photos)
set -euo pipefail
out="${1:-.cache/content-photos}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download python3-skimage >/dev/null 2>&1 ) || {
  echo "content-photos: apt-get download python3-skimage failed (is Debian's archive reachable?)" >&2
  exit 1
}
dpkg -x "$work"/python3-skimage_*.deb "$work/x"
data="$work/x/usr/lib/python3/dist-packages/skimage/data"
mkdir -p "$out"
# name: terms (from skimage/data/_fetchers.py)
declare -A terms=(
  [astronaut.png]="Eileen Collins, NASA: no known copyright restrictions, released into the public domain"
  [chelsea.png]="Chelsea the cat: CC0 by the photographer (Stefan van der Walt)"
  [coffee.png]="A cup of coffee: CC0 by the photographer (Rachel Michetti)"
  [camera.png]="A photographer with his camera (greyscale): CC0 by the photographer (Lav Varshney)"
)
{
  echo "# Content photographs (from Debian's python3-skimage $(dpkg-deb -f "$work"/python3-skimage_*.deb Version))"
  echo
  for name in "${!terms[@]}"; do
    cp "$data/$name" "$out/$name"
    echo "- $name: ${terms[$name]}"
  done
} > "$out/LICENSES.md"
echo "content-photos: $(ls "$out"/*.png | wc -l) photographs in $out (terms in $out/LICENSES.md)" >&2
