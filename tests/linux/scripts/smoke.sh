#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# Smoke test: the guest reached userspace and its kexec-tools run (the
# dynamic loader and every shared library kexec needs are in the initramfs).
# Prints "belay-guest: smoke ok" and powers off; the harness reads the marker.

if ! version=$(kexec --version 2>&1); then
	echo "belay-guest: FAIL: kexec does not run: $version"
	poweroff -f
fi
echo "belay-guest: $version"
echo "belay-guest: smoke ok"
poweroff -f
