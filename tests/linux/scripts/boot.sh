#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# Boot test: userspace was reached (we run), every CPU is up, the DTB has
# belay's /hypervisor node with its log ring (belay,log) inside belay's
# region, no /memory range overlaps belay's region, and the arch timer
# interrupts every CPU while it is busy (check_interrupts: lib/common.sh).
# Parameters (kernel command line):
#   belay.cpus=N     CPUs QEMU was given (default: all possible)
#   belay.mem=M      MiB of RAM QEMU was given: /memory plus belay's region
#                    must add up to exactly that
#   belay.fill=1     also fill the free RAM through a tmpfs, so every page
#                    the guest was given is written once
#   belay.native=1   booted without belay: expect no /hypervisor node

. /tests/lib/common.sh

CPUS=$(param belay.cpus)
MEM=$(param belay.mem)
FILL=$(param belay.fill 0)
NATIVE=$(param belay.native 0)

# check_hypervisor: sets HYP_BASE and HYP_SIZE from /hypervisor/reg.
check_hypervisor() {
	local node=$DT/hypervisor compat
	if [ "$NATIVE" = 1 ]; then
		[ -d $node ] && fail "native boot, yet the DTB has a /hypervisor node"
		HYP_BASE=0 HYP_SIZE=0
		return 0
	fi
	[ -d $node ] || fail "no /hypervisor node in the DTB"
	compat=$(tr '\0' '\n' <$node/compatible)
	echo "$compat" | grep -qx 'belay,hypervisor' ||
		fail "/hypervisor compatible is '$(echo $compat)', not belay,hypervisor"
	[ -f $node/reg ] || fail "/hypervisor has no reg"
	set -- $(dt_reg $node | head -n1)
	[ $# = 2 ] && [ "$2" -gt 0 ] || fail "cannot read /hypervisor/reg"
	HYP_BASE=$1 HYP_SIZE=$2
	say "hypervisor belay,hypervisor at $(hex $HYP_BASE)-$(hex $((HYP_BASE + HYP_SIZE)))"
	# belay's log ring (docs/boot.md): inside its region.
	[ -f "$node/belay,log" ] || fail "/hypervisor has no belay,log"
	set -- $(dt_reg $node belay,log | head -n1)
	[ $# = 2 ] && [ "$2" -gt 0 ] && [ "$1" -ge "$HYP_BASE" ] &&
		[ $(($1 + $2)) -le $((HYP_BASE + HYP_SIZE)) ] ||
		fail "/hypervisor/belay,log is not inside belay's region: $*"
	say "belay log at $(hex $1) size $(hex $2)"
}

# check_memory: no /memory range and no "System RAM" of /proc/iomem
# overlaps belay's region; with belay.mem, the sizes add up.
check_memory() {
	local base size total=0 n=0 start end hyp_end=$((HYP_BASE + HYP_SIZE))
	while read -r base size; do
		say "memory range $(hex $base)-$(hex $((base + size)))"
		if [ "$HYP_SIZE" -gt 0 ] && [ $base -lt $hyp_end ] && [ $((base + size)) -gt "$HYP_BASE" ]; then
			fail "/memory range $(hex $base)+$(hex $size) overlaps belay at $(hex $HYP_BASE)+$(hex $HYP_SIZE)"
		fi
		total=$((total + size))
		n=$((n + 1))
	done <<EOF
$(memory_ranges)
EOF
	[ $n -gt 0 ] || fail "no /memory ranges in the DTB"
	# The kernel's own view: System RAM in /proc/iomem.
	while read -r start end; do
		start=$((0x$start)) end=$((0x$end + 1))
		if [ "$HYP_SIZE" -gt 0 ] && [ $start -lt $hyp_end ] && [ $end -gt "$HYP_BASE" ]; then
			fail "System RAM $(hex $start)-$(hex $end) in /proc/iomem overlaps belay"
		fi
	done <<EOF
$(sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1 \2/p' /proc/iomem)
EOF
	say "memory: $n range(s), $((total / MiB)) MiB, clear of belay's region"
	if [ -n "$MEM" ]; then
		[ $((total + HYP_SIZE)) = $((MEM * MiB)) ] ||
			fail "/memory ($((total / MiB)) MiB) + belay ($((HYP_SIZE / 1024)) KiB) != the machine's $MEM MiB"
		local kb
		kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
		# MemTotal lacks the kernel image and early reservations only.
		[ $((kb * 1024)) -le $total ] && [ $((kb * 1024)) -ge $((total - 64 * MiB)) ] ||
			fail "MemTotal ${kb} kB does not match /memory's $((total / MiB)) MiB"
		say "memory size ok: /memory + belay = $MEM MiB, MemTotal $((kb / 1024)) MiB"
	fi
}

# fill_memory: write all but 64 MiB of the available RAM through a tmpfs,
# in 64 MiB files of zeros, then a random 1 MiB pattern eight times into
# what is left, and read the pattern back.
fill_memory() {
	local kb mb n=0 chunk=64 sum want
	kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	mb=$((kb / 1024 - 64))
	[ $mb -gt 16 ] || fail "only $((kb / 1024)) MiB available"
	mkdir -p /mnt/fill
	mount -t tmpfs -o size=${mb}m tmpfs /mnt/fill || fail "cannot mount a ${mb} MiB tmpfs"
	while [ $((n + chunk)) -le $((mb - 8)) ]; do
		dd if=/dev/zero of=/mnt/fill/z$n bs=1M count=$chunk 2>/dev/null ||
			fail "writing MiB $n-$((n + chunk)) of $mb failed"
		n=$((n + chunk))
	done
	head -c $MiB /dev/urandom >/tmp/pattern
	want=$(md5sum </tmp/pattern | cut -d' ' -f1)
	for i in 1 2 3 4 5 6 7 8; do
		cp /tmp/pattern /mnt/fill/p$i || fail "writing pattern copy $i failed"
	done
	for i in 1 2 3 4 5 6 7 8; do
		sum=$(md5sum </mnt/fill/p$i | cut -d' ' -f1)
		[ "$sum" = "$want" ] || fail "pattern copy $i reads back wrong"
	done
	say "filled $((n + 8)) MiB of RAM; MemFree now $(awk '/^MemFree:/ { print int($2 / 1024) }' /proc/meminfo) MiB"
	umount /mnt/fill
}

say "boot test: $TEST"
check_cpus "$CPUS"
check_hypervisor
check_memory
[ "$FILL" = 1 ] && fill_memory
run_on_each_cpu "$(cpus_online)"
check_interrupts
check_dmesg_clean
pass
