#!/bin/sh
# Runs the bench with the Node, Dawn and wasm carried in this folder. Arguments go to the bench
# (see README.md); output: JSON lines and a table on stdout.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)

# The Vulkan loader: the system's, else the one carried (Debian's libvulkan1).
if ! { ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1'; } && [ -e "$HERE/lib/libvulkan.so.1" ]; then
  LD_LIBRARY_PATH="$HERE/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH
  echo "run.sh: no system libvulkan.so.1, using the carried one" >&2
fi

# An NVIDIA driver without a Vulkan ICD manifest (common in containers): write one that points
# at the driver's own library. The container needs the driver's graphics libraries
# (NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics) for libGLX_nvidia.so.0 to be there.
if [ -z "${VK_ICD_FILENAMES:-}" ] && ! ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1; then
  if ldconfig -p 2>/dev/null | grep -q 'libGLX_nvidia\.so\.0'; then
    mkdir -p "$HERE/icd"
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3.0"}}\n' >"$HERE/icd/nvidia_icd.json"
    VK_ICD_FILENAMES="$HERE/icd/nvidia_icd.json"
    export VK_ICD_FILENAMES
    echo "run.sh: no Vulkan ICD manifest; wrote one for the NVIDIA driver" >&2
  else
    echo "run.sh: no Vulkan ICD manifest found and no NVIDIA driver library: webgpu will find no adapter" >&2
  fi
fi

if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true
fi
exec "$HERE/node/bin/node" "$HERE/bench.mjs" "$@"
