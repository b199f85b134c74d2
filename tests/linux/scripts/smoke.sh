#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# Smoke test: the guest reached userspace and its kexec-tools run (the
# dynamic loader and every shared library kexec needs are in the initramfs).
# Prints "belay-guest: smoke ok" and the verdict line and powers off; the
# harness reads the markers.

. /tests/lib/common.sh

if ! version=$(kexec --version 2>&1); then
	fail "kexec does not run: $version"
fi
say "$version"
say "smoke ok"
pass
