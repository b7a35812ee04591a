#!/usr/bin/env python3
"""Times the numpy oracle ../shared/reference/gtzan_features.py features() per clip (bench/features.ts).

Usage: oracle_features.py <gtzan_features.py> <ffmpeg> <clip> [<clip> ...]
Prints one JSON object: {"ms": [per-clip CPU ms, ...]} (process CPU time: wall time on a busy
machine includes waiting for a core). Decoding is not timed.
"""
import importlib.util
import json
import sys
import time


def main():
    ref, ffmpeg, clips = sys.argv[1], sys.argv[2], sys.argv[3:]
    spec = importlib.util.spec_from_file_location('gtzan_features', ref)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.FFMPEG = ffmpeg
    ms = []
    for c in clips:
        y = mod.load(c)
        t = time.process_time()
        mod.features(y)
        ms.append((time.process_time() - t) * 1000.0)
    print(json.dumps({'ms': ms}))


if __name__ == '__main__':
    main()
