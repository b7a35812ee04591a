#!/usr/bin/env bash
# One command from a fresh clone: installs Node 24 + dependencies, builds a small sample library and
# classifies it with the real engine (bundled ffmpeg, ONNX model, SQLite cache), then scans it again
# to show that nothing unchanged is re-analysed.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/env.sh
GENRESCOPE_SKIP_BROWSER=1 .ci/setup.sh
lib=$(node scripts/make-sample-library.ts)
db=.sample/library.db
echo "== first scan of $lib"
node bin/genrescope.js scan "$lib" --db "$db"
echo "== second scan (cached: nothing re-analysed)"
node bin/genrescope.js scan "$lib" --db "$db"
echo "== results"
node bin/genrescope.js export --format csv --db "$db"
