# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# Shell library of the Linux guest tests, sourced by /tests/NAME.sh as
# `. /tests/lib/common.sh` (busybox sh). A test reads its parameters from
# belay.* words on the kernel command line (tests/linux/run_linux.py puts
# them there), reports with "belay-guest:" lines, and ends with pass or
# fail, which print the verdict line the runner looks for and power off:
#
#   belay-guest: PASS NAME
#   belay-guest: FAIL: NAME: why
#
# NAME is belay.test= from the command line, else the script's name.

export PATH=/bin:/sbin:/usr/bin:/usr/sbin

CPU_SYS=/sys/devices/system/cpu
DT=/proc/device-tree
MiB=1048576

say() { echo "belay-guest: $*"; }

finish() {
	sync
	poweroff -f
	while :; do sleep 60; done
}

pass() {
	say "PASS $TEST"
	finish
}

fail() {
	say "FAIL: $TEST: $*"
	# What the kernel said last is often the reason.
	dmesg | tail -n 20 | sed 's/^/belay-guest: dmesg: /'
	finish
}

# param NAME [DEFAULT]: the value of NAME=VALUE on the kernel command line
# (the last one, if NAME is given more than once).
param() {
	local word value="${2:-}"
	for word in $(cat /proc/cmdline); do
		case $word in
			"$1"=*) value=${word#*=} ;;
		esac
	done
	echo "$value"
}

TEST=$(param belay.test "$(param belay.script test)")

# count_cpus LIST: the number of CPUs in a sysfs CPU list such as "0-3,5".
count_cpus() {
	local n=0 range lo hi
	[ -n "$1" ] || { echo 0; return; }
	for range in $(echo "$1" | tr ',' ' '); do
		lo=${range%-*} hi=${range#*-}
		n=$((n + hi - lo + 1))
	done
	echo $n
}

cpus_online() { count_cpus "$(cat $CPU_SYS/online)"; }
cpuinfo_cpus() { grep -c '^processor' /proc/cpuinfo; }

# hotpluggable_cpus: the numbers of the CPUs sysfs can offline (on ARM
# every CPU but the boot CPU), one per line.
hotpluggable_cpus() {
	local c
	for c in $CPU_SYS/cpu[0-9]*; do
		[ -f "$c/online" ] && echo "${c##*/cpu}"
	done
}

# check_cpus N: N CPUs online, in /proc/cpuinfo and possible.
check_cpus() {
	local want=$1 online info
	[ -n "$want" ] || want=$(count_cpus "$(cat $CPU_SYS/possible)")
	online=$(cpus_online)
	info=$(cpuinfo_cpus)
	[ "$online" = "$want" ] || fail "$online CPUs online ($(cat $CPU_SYS/online)), expected $want"
	[ "$info" = "$want" ] || fail "/proc/cpuinfo lists $info CPUs, expected $want"
	say "cpus ok: $online online ($(cat $CPU_SYS/online)), $info in /proc/cpuinfo"
}

# on_cpu N: the CPU a process pinned to N runs on (field 39 of stat).
on_cpu() {
	taskset -c "$1" sh -c 'cut -d" " -f39 /proc/self/stat'
}

# run_on_each_cpu N: a small workload pinned to each of CPUs 0..N-1; fails
# if one does not run, does not finish, or runs elsewhere.
run_on_each_cpu() {
	local n=0 out where
	while [ $n -lt "$1" ]; do
		out=$(taskset -c $n sh -c 'i=0; while [ $i -lt 3000 ]; do i=$((i + 1)); done; echo $i') ||
			fail "workload on cpu$n did not run"
		[ "$out" = 3000 ] || fail "workload on cpu$n printed '$out'"
		where=$(on_cpu $n)
		[ "$where" = $n ] || fail "a task pinned to cpu$n ran on cpu$where"
		n=$((n + 1))
	done
	say "workload ran on each of $1 CPUs"
}

# check_dmesg_clean [ALLOW]: no kernel warning, bug or oops in the log,
# apart from lines matching the extended regex ALLOW (a known, harmless
# warning). RCU stall reports are only noted: under TCG on a busy host
# they can be the host's.
check_dmesg_clean() {
	local bad
	dmesg | grep -E 'detected stall|self-detected stall' | head -n 3 | sed 's/^/belay-guest: note: /'
	bad=$(dmesg | grep -E 'WARNING:|BUG:|Oops|Internal error|Unable to handle' |
		grep -vE "${1:-^\$}" | head -n 5)
	[ -z "$bad" ] || fail "kernel log has: $(echo "$bad" | tr '\n' '|')"
	say "dmesg clean${1:+ (a known warning allowed)}"
}

# irq_counts ERE: per online CPU, the sum of the /proc/interrupts rows
# whose description (what follows the per-CPU counts: "GIC-0 27 Level
# arch_timer", "Rescheduling interrupts") matches the awk ERE. Prints
# "rows R", then "CPUn COUNT" for each column of the header (the online
# CPUs).
irq_counts() {
	awk -v re="$1" '
		NR == 1 { n = NF; for (i = 1; i <= n; i++) cpu[i] = $i; next }
		NF >= n + 2 {
			desc = ""
			for (i = n + 2; i <= NF; i++) desc = desc " " $i
			if (desc !~ re) next
			rows++
			for (i = 1; i <= n; i++) sum[i] += $(i + 1)
		}
		END { print "rows", rows + 0; for (i = 1; i <= n; i++) print cpu[i], sum[i] + 0 }
	' /proc/interrupts
}

# busy_each_cpu CS: a busy loop pinned to every online CPU at once, for CS
# centiseconds of /proc/uptime each.
busy_each_cpu() {
	local c
	for c in $(awk 'NR == 1 { for (i = 1; i <= NF; i++) print substr($i, 4) }' /proc/interrupts); do
		taskset -c "$c" sh -c '
			read up rest </proc/uptime
			end=$((${up%.*} * 100 + 1${up#*.} - 100 + '"$1"'))
			while :; do
				read up rest </proc/uptime
				[ $((${up%.*} * 100 + 1${up#*.} - 100)) -ge $end ] && break
			done' &
	done
	wait
}

# check_interrupts: /proc/interrupts shows the arch timer and the IPIs on
# every online CPU. Asserted: the arch_timer rows (one per timer PPI the
# driver requested: the virtual one in SVC, both physical ones when Linux
# booted in HYP) count on every CPU after boot, and their count grows on
# every CPU while each runs a 0.5 s busy loop (a busy CPU keeps its tick;
# an idle one may stop it, NO_HZ); with 2 CPUs or more, the
# "Rescheduling" and "Function call" IPI rows exist. Their counts are
# printed, not asserted: on an idle guest a CPU may never have been sent
# one of them.
check_interrupts() {
	local cpu n b before after resched call timers="" ipis=""
	before=$(irq_counts ' arch_timer$')
	[ "$(echo "$before" | awk 'NR == 1 { print $2 }')" -gt 0 ] ||
		fail "no arch_timer row in /proc/interrupts"
	busy_each_cpu 50
	after=$(irq_counts ' arch_timer$')
	resched=$(irq_counts '^ Rescheduling interrupts$')
	call=$(irq_counts '^ Function call interrupts$')
	while read -r cpu n; do
		[ "$cpu" = rows ] && continue
		b=$(echo "$before" | awk -v c="$cpu" '$1 == c { print $2 }')
		[ "${b:-0}" -gt 0 ] || fail "arch_timer has not interrupted $cpu since boot (/proc/interrupts)"
		[ "$n" -gt "$b" ] || fail "arch_timer did not interrupt $cpu during 0.5 s of a busy loop there ($b, then $n)"
		timers="$timers $cpu +$((n - b))"
		ipis="$ipis $cpu $(echo "$resched" | awk -v c="$cpu" '$1 == c { print $2 }')/$(echo "$call" | awk -v c="$cpu" '$1 == c { print $2 }')"
	done <<EOF
$after
EOF
	if [ "$(echo "$after" | grep -c '^CPU')" -ge 2 ]; then
		[ "$(echo "$resched" | awk 'NR == 1 { print $2 }')" -gt 0 ] ||
			fail "no 'Rescheduling interrupts' IPI row in /proc/interrupts"
		[ "$(echo "$call" | awk 'NR == 1 { print $2 }')" -gt 0 ] ||
			fail "no 'Function call interrupts' IPI row in /proc/interrupts"
	fi
	say "interrupts: arch_timer during 0.5 s busy on each CPU:$timers; IPIs rescheduling/function call since boot:$ipis"
}

# dt_cells FILE: the big-endian 32-bit cells of a device-tree property, as
# decimal numbers, one per line.
dt_cells() {
	od -An -v -tu1 "$1" | awk '
		{ for (i = 1; i <= NF; i++) { v = v * 256 + $i; if (++n % 4 == 0) { printf "%.0f\n", v; v = 0 } } }'
}

# dt_reg NODE [PROP]: "base size" (decimal) per range of NODE/reg (or of
# NODE/PROP, laid out like reg), read with the root's #address-cells and
# #size-cells (NODE must be a child of /).
dt_reg() {
	local ac sc
	ac=$(dt_cells $DT/#address-cells | head -n1)
	sc=$(dt_cells $DT/#size-cells | head -n1)
	dt_cells "$1/${2:-reg}" | awk -v ac="${ac:-2}" -v sc="${sc:-1}" '
		{ cell[NR] = $1 }
		END {
			for (i = 1; i + ac + sc - 1 <= NR; i += ac + sc) {
				base = 0; size = 0
				for (k = 0; k < ac; k++) base = base * 4294967296 + cell[i + k]
				for (k = 0; k < sc; k++) size = size * 4294967296 + cell[i + ac + k]
				printf "%.0f %.0f\n", base, size
			}
		}'
}

# memory_ranges: "base size" (decimal) of every range of every /memory node.
memory_ranges() {
	local node
	for node in $DT/memory*; do
		[ -f "$node/reg" ] && dt_reg "$node"
	done
}

hex() { printf '0x%x' "$1"; }

# cmdline_with DROP ADD: /proc/cmdline without the words that start with
# one of the space-separated prefixes DROP, followed by the words ADD.
cmdline_with() {
	local out= word p keep
	for word in $(cat /proc/cmdline); do
		keep=1
		for p in $1; do
			case $word in "$p"*) keep=0 ;; esac
		done
		[ $keep = 1 ] && out="$out $word"
	done
	echo "${out# } $2"
}

# Pseudo-random numbers from a seed (belay.seed=), the same on every run:
# rand_init SEED, then rand N sets RAND to a number in 0..N-1.
rand_init() { RAND_STATE=$(($1 & 0x7fffffff)); }
rand() {
	RAND_STATE=$(((RAND_STATE * 1103515245 + 12345) & 0x7fffffff))
	RAND=$(((RAND_STATE >> 8) % $1))
}
