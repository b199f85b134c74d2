#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
"""Fail if belay.bin is larger than its budget (docs/boot.md, "Image size").

belay.bin is what a boot loader loads and what belay copies to its home
before anything else; its size is a property of the build, checked like
behaviour (this is not a timing test). Usage: check_image_size.py BIN LIMIT
"""

import os
import sys


def main(argv):
    if len(argv) != 2:
        print("usage: check_image_size.py BELAY_BIN LIMIT_BYTES", file=sys.stderr)
        return 99
    path, limit = argv[0], int(argv[1], 0)
    try:
        size = os.path.getsize(path)
    except OSError as e:
        print(f"image-size: cannot read {path}: {e}", file=sys.stderr)
        return 99
    if size > limit:
        print(f"image-size: FAIL: belay.bin is {size} bytes, over its budget of {limit} "
              f"by {size - limit} (build/belay.map shows where the bytes are)")
        return 1
    print(f"image-size: belay.bin is {size} bytes, budget {limit}, {limit - size} to spare")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
