#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# kdump: the first kernel (booted with crashkernel=) loads itself as the
# crash kernel with belay-kexec -p, optionally starts CPU hotplug in the
# background, and panics on a chosen CPU with sysrq. The crash kernel
# boots under belay on the panicking CPU (nr_cpus=1) and runs this script
# again with belay.stage=capture, which validates /proc/vmcore: a sane ELF
# core header, one PT_NOTE and PT_LOADs clear of belay's region, an
# NT_PRSTATUS note per CPU the crash stopped, and the crashed kernel's log
# (vmcore-dmesg) ending in the sysrq panic on the CPU we now run on.
#
# Parameters (kernel command line):
#   belay.cpus=N        CPUs QEMU was given
#   belay.panic_cpu=P   panic on CPU P (default 0; belay.seed overrides)
#   belay.hotplug=MODE  none (default); loop: a background loop offlines and
#                       onlines secondaries, the panic comes 0-3 s later;
#                       transition: CPU 0 starts an offline or online of
#                       another CPU and the panicking CPU panics 0-20 ms
#                       later, inside that transition, while a loop keeps
#                       cycling the rest
#   belay.seed=S        derive P, the delay, the loop's CPUs and its pace
#                       from S (the same S gives the same choices)
#   belay.delay_us=D, belay.flip_to=0|1
#                       override the seed's delay and, in transition mode,
#                       the direction of the flip
#   belay.vmcore_read=M capture: how much of /proc/vmcore to read back:
#                       sample (default; 64 KiB at the start, the end and
#                       every 32 MiB of each PT_LOAD), full, or none.
#                       Reading goes page by page through ioremap and a
#                       TLB flush; with parked CPUs spinning in the dead
#                       kernel, a full read is slow under TCG.
#   belay.capture_cpus=N  the crash kernel runs with nr_cpus=N (default 1):
#                       with N > 1 it must bring up N CPUs, taking back
#                       the ones the dead kernel left parked
#                       (docs/kdump.md, "SMP capture kernels")
#   belay.native=1      booted without belay
#   belay.inject=P      no sysrq: belay injects the crash (docs/kdump.md,
#                       "Crash injection"), armed on belay's own command
#                       line with belay.crash=at:...,cpu=P; the kernel runs
#                       with oops=panic. CPU P is kept busy in the kernel
#                       (dd from /dev/zero) until the abort arrives.
#   belay.inject_at_ms=T
#                       the deadline of that belay.crash word (how long
#                       to wait for it)
#   belay.campaign=WORD with belay.inject=P: a crash campaign's run
#                       (tests/linux/campaign.py; docs/kdump.md, "Crash
#                       campaigns"). Once the crash kernel is loaded, keep
#                       the machine busy as belay.busy= says, then arm
#                       WORD (a belay.crash= word without the prefix, its
#                       target P) through the guest module, and wait.
#   belay.busy=B        load (default): CPU P reads /dev/zero in the
#                       kernel; hotplug: every secondary goes off and on
#                       in a loop; relaunch: the guest module loops
#                       RESET_VECTORS -> LAUNCH on belay.relaunch_cpu=R;
#                       console: CPU P writes lines to the console
#                       (docs/kdump.md, "A crash in the console's UART
#                       driver")
#   belay.pool_before=F/T
#                       (set by the first kernel for the crash kernel)
#                       belay's page-table pool before the crash; after
#                       an injected crash the crash kernel checks belay
#                       through the guest module (belay_after)

. /tests/lib/common.sh

CPUS=$(param belay.cpus)
[ -n "$CPUS" ] || CPUS=$(count_cpus "$(cat $CPU_SYS/possible)")
MODE=$(param belay.hotplug none)
SEED=$(param belay.seed)
STAGE=$(param belay.stage first)
INJECT=$(param belay.inject)
CAMPAIGN=$(param belay.campaign)
BUSY=$(param belay.busy load)

# ---------------------------------------------------------------------
# First kernel.

# choose: set PANIC_CPU, DELAY_US, LOOP_CPUS, PACE_US, and for transition
# mode FLIP_CPU, from the seed or the parameters.
choose() {
	local c
	# An injected crash comes on belay.inject's CPU.
	PANIC_CPU=$(param belay.panic_cpu "${INJECT:-0}")
	DELAY_US=0 PACE_US=0 LOOP_CPUS="" FLIP_CPU="" FLIP_TO=0
	[ -n "$SEED" ] || SEED=0
	rand_init "$SEED"
	if [ -n "$(param belay.seed)" ]; then
		rand "$CPUS"; PANIC_CPU=$RAND
	fi
	[ "$PANIC_CPU" -lt "$CPUS" ] || fail "belay.panic_cpu=$PANIC_CPU but only $CPUS CPUs"
	case $MODE in
		none) return 0 ;;
		loop)
			rand 3000; DELAY_US=$((RAND * 1000))
			rand 3; PACE_US=$((RAND * RAND * 20000))	# 0, 20 or 80 ms
			;;
		transition)
			# Another CPU must be there to flip: on two CPUs the
			# panic goes to the boot CPU.
			[ "$CPUS" -ge 2 ] || fail "transition mode needs 2 or more CPUs"
			[ "$CPUS" = 2 ] && PANIC_CPU=0
			rand 20000; DELAY_US=$RAND
			# Catch the flip CPU on its way down or on its way up.
			rand 2; FLIP_TO=$RAND
			;;
		*) fail "unknown belay.hotplug=$MODE" ;;
	esac
	# Explicit values win over the seed's (to repeat one case by hand).
	DELAY_US=$(param belay.delay_us "$DELAY_US")
	FLIP_TO=$(param belay.flip_to "$FLIP_TO")
	for c in $(hotpluggable_cpus); do
		[ $c = "$PANIC_CPU" ] && continue
		if [ "$MODE" = transition ] && [ -z "$FLIP_CPU" ]; then
			FLIP_CPU=$c
			continue
		fi
		LOOP_CPUS="$LOOP_CPUS $c"
	done
	# In loop mode the panicking CPU itself may be cycled too (then the
	# panic comes right after it came back), and must be if nothing else
	# can be.
	if [ "$MODE" = loop ] && [ "$PANIC_CPU" != 0 ]; then
		rand 2
		if [ $RAND = 1 ] || [ -z "$LOOP_CPUS" ]; then
			LOOP_CPUS="$LOOP_CPUS $PANIC_CPU"
		fi
	fi
	LOOP_CPUS=${LOOP_CPUS# }
}

# hotplug_loop CPUS PACE_US: offline and online CPUS until the panic.
hotplug_loop() {
	local c
	while :; do
		for c in $1; do
			echo 0 >$CPU_SYS/cpu$c/online 2>/dev/null
			[ "$2" -gt 0 ] && usleep "$2"
			echo 1 >$CPU_SYS/cpu$c/online 2>/dev/null
			[ "$2" -gt 0 ] && usleep "$2"
		done
	done
}

hotplug_states() {
	local c out=
	for c in $(hotpluggable_cpus); do
		out="$out cpu$c=$(cat $CPU_SYS/cpu$c/online)/$(cat $CPU_SYS/cpu$c/hotplug/state 2>/dev/null)"
	done
	echo "${out# }"
}

# panic_on CPU: crash the kernel from a shell pinned to CPU. The shell
# prints the marker first, with the CPUs' hotplug states (online/cpuhp
# state) read just before; if CPU is offline (loop mode cycles it), retry.
panic_on() {
	local tries=0
	while [ $tries -lt 2000 ]; do
		taskset -c "$1" sh -c "echo 'belay-guest: panic on cpu $1 (hotplug: $(hotplug_states))'; echo c >/proc/sysrq-trigger" 2>/dev/null
		tries=$((tries + 1))
		usleep 1000
	done
	fail "could not run on cpu$1 to panic there"
}

# wait_for_injection: belay crashes CPU $INJECT at its deadline; keep that
# CPU busy in the kernel meanwhile (reading /dev/zero is mostly
# clear_user() in SVC mode, where belay injects), and fail if nothing came.
wait_for_injection() {
	local at_ms now_ms
	at_ms=$(param belay.inject_at_ms 0)
	now_ms=$(awk '{ printf "%d", $1 * 1000 }' /proc/uptime)
	# belay counts from its first entry into the guest, which precedes
	# this kernel's uptime by its decompression and early boot.
	say "kdump: crash kernel loaded at ${now_ms} ms of uptime; cpu$INJECT busy in the kernel until belay's crash at ${at_ms} ms"
	taskset -c "$INJECT" dd if=/dev/zero of=/dev/null bs=1M 2>/dev/null &
	sleep $((at_ms / 1000 + 60))
	fail "no crash came from belay within 60 s of its deadline"
}

# campaign_crash: the work belay.busy names, then belay.campaign's crash
# armed at run time (its deadline or event count starts now, after the
# crash kernel is loaded, however slow the host); fail if nothing came.
campaign_crash() {
	local b=/sys/kernel/belay rcpu
	[ -w $b/crash ] || fail "campaign: no guest module ($b/crash)"
	say "kdump: crash kernel loaded at $(awk '{ printf "%d", $1 * 1000 }' /proc/uptime) ms of uptime; campaign: busy $BUSY, arming $CAMPAIGN for cpu$INJECT"
	case $BUSY in
		load) taskset -c "$INJECT" dd if=/dev/zero of=/dev/null bs=1M 2>/dev/null & ;;
		console)
			# CPU P writes to the console tty without a pause:
			# mostly in the UART driver, its port lock held.
			taskset -c "$INJECT" sh -c 'while :; do echo "belay-guest: kdump: busy console"; done' &
			;;
		hotplug) hotplug_loop "$(hotpluggable_cpus)" 0 & ;;
		relaunch)
			rcpu=$(param belay.relaunch_cpu 1)
			# A loop ends on a CPU going offline or a signal; start
			# another until the crash.
			while :; do echo "cpu=$rcpu loops=100000" >$b/relaunch 2>/dev/null; done &
			;;
		*) fail "unknown belay.busy=$BUSY" ;;
	esac
	echo "$CAMPAIGN" >$b/crash || fail "campaign: arming '$CAMPAIGN': $(cat $b/crash)"
	say "kdump: campaign: $(cat $b/crash)"
	sleep 120
	fail "campaign: no crash within 120 s of arming $CAMPAIGN"
}

# text_ranges: where the console's UART driver (amba-pl011: its pl011_*
# and sbsa_uart_* functions outside __init, one object, contiguous) and _raw_spin_lock
# lie, from /proc/kallsyms: "pl011 0xSTART-0xEND _raw_spin_lock
# 0xSTART-0xEND" (each end is the next symbol's start), or nothing on a
# board without that driver. campaign.py tells by them a crash that
# deadlocked on the console's port lock (docs/kdump.md, "A crash in the
# console's UART driver").
text_ranges() {
	echo 0 >/proc/sys/kernel/kptr_restrict 2>/dev/null
	sort /proc/kallsyms | awk '
		NF != 3 || $2 !~ /^[tTwW]$/ || init { next }
		$3 == "_sinittext" { init = 1 }		# its __init code is gone
		after_pl { pe = $1; after_pl = 0 }
		after_lock { le = $1; after_lock = 0 }
		$3 ~ /^(pl011|sbsa_uart)_/ { if (ps == "") ps = $1; after_pl = 1 }
		$3 == "_raw_spin_lock" { ls = $1; after_lock = 1 }
		END { if (ps != "" && pe != "" && ls != "" && le != "")
			printf "pl011 0x%s-0x%s _raw_spin_lock 0x%s-0x%s\n", ps, pe, ls, le }'
}

# entry_points: where Linux's exception entries from user mode and its
# return to user mode start (vector_swi, the __*_usr handlers,
# no_work_pending), from /proc/kallsyms: "NAME 0xADDR ..." or nothing.
# campaign.py tells by them a crash that came before Linux loaded its
# current pointer (docs/kdump.md, "A crash before Linux has its current
# pointer").
entry_points() {
	echo 0 >/proc/sys/kernel/kptr_restrict 2>/dev/null
	awk '$3 ~ /^(vector_swi|__dabt_usr|__irq_usr|__und_usr|__pabt_usr|no_work_pending)$/ {
		printf "%s%s 0x%s", sep, $3, $1; sep = " " }
		END { if (sep != "") printf "\n" }' /proc/kallsyms
}

first_kernel() {
	local size loaded append token t
	check_cpus "$CPUS"
	size=$(cat /sys/kernel/kexec_crash_size 2>/dev/null)
	[ "${size:-0}" -gt 0 ] || fail "no crash kernel memory reserved (crashkernel= missing?)"
	choose
	say "kdump: seed ${SEED} panic cpu $PANIC_CPU, hotplug $MODE${LOOP_CPUS:+ loop cpus '$LOOP_CPUS' pace ${PACE_US} us}${FLIP_CPU:+ flip cpu$FLIP_CPU to $FLIP_TO} delay ${DELAY_US} us; crash memory $((size / MiB)) MiB"
	# The crash kernel writes to the console this kernel was given
	# (ttyAMA0 on virt, ttyS0 on orangepi-pc).
	append="$(tr ' ' '\n' </proc/cmdline | grep '^console=' | tr '\n' ' ')belay.script=kdump belay.test=$TEST belay.stage=capture belay.cpus=$CPUS belay.hotplug=$MODE"
	append="$append $(tr ' ' '\n' </proc/cmdline | grep -E '^belay\.(native|vmcore_read|capture_cpus|inject|busy)=' | tr '\n' ' ')"
	# A token the crashed kernel writes to its log: the crash kernel must
	# find it in the vmcore, which proves it reads this kernel's memory.
	token=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	# belay's page-table pool as this kernel sees it before the crash:
	# the crash kernel compares (belay_after).
	[ -r /sys/kernel/belay/mem ] && append="$append belay.pool_before=$(tr ' ' / </sys/kernel/belay/mem)"
	append="$append belay.token=$token nr_cpus=$(param belay.capture_cpus 1) reset_devices panic=-1"
	belay-kexec -p --self-initrd --append "$append" || fail "loading the crash kernel failed"
	loaded=$(cat /sys/kernel/kexec_crash_loaded)
	[ "$loaded" = 1 ] || fail "kexec_crash_loaded is $loaded"
	echo "belay-kdump-token $token" >/dev/kmsg
	check_dmesg_clean
	if [ -n "$CAMPAIGN" ]; then
		t=$(text_ranges)
		[ -n "$t" ] && say "kdump: text: $t"
		t=$(entry_points)
		[ -n "$t" ] && say "kdump: entry: $t"
		campaign_crash
	fi
	[ -n "$INJECT" ] && wait_for_injection
	case $MODE in
		none)
			;;
		loop)
			hotplug_loop "$LOOP_CPUS" "$PACE_US" &
			usleep "$DELAY_US"
			;;
		transition)
			[ "$FLIP_TO" = 1 ] && { echo 0 >$CPU_SYS/cpu$FLIP_CPU/online || fail "cannot offline cpu$FLIP_CPU"; }
			[ -n "$LOOP_CPUS" ] && hotplug_loop "$LOOP_CPUS" 0 &
			usleep 200000
			# CPU 0 (never offlined) starts the flip, the panicking
			# CPU panics DELAY_US later: an offline or online takes
			# tens of milliseconds under TCG, so the panic lands
			# inside it. The two shells start the same way, so the
			# delay between them is DELAY_US give or take a few ms.
			say "panic on cpu $PANIC_CPU ${DELAY_US} us after cpu$FLIP_CPU starts going $([ "$FLIP_TO" = 1 ] && echo up || echo down) (hotplug: $(hotplug_states))"
			taskset -c 0 sh -c "echo $FLIP_TO >$CPU_SYS/cpu$FLIP_CPU/online" &
			taskset -c "$PANIC_CPU" sh -c "usleep $DELAY_US; echo c >/proc/sysrq-trigger"
			fail "cpu$PANIC_CPU did not panic"
			;;
	esac
	panic_on "$PANIC_CPU"
}

# ---------------------------------------------------------------------
# Crash kernel.

# vmcore_headers: one line "class data type machine phnum notes loads
# load_bytes max_end note_offset note_size" from /proc/vmcore's ELF header
# and program headers (ELF32 little-endian is what a 32-bit ARM core is;
# other layouts are reported, and rejected by the caller).
vmcore_headers() {
	od -An -v -tu1 -N 4096 /proc/vmcore | awk '
		function u16(p) { return b[p] + b[p + 1] * 256 }
		function u32(p) { return b[p] + b[p + 1] * 256 + b[p + 2] * 65536 + b[p + 3] * 16777216 }
		{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
		END {
			if (b[0] != 127 || b[1] != 69 || b[2] != 76 || b[3] != 70) { print "nomagic"; exit }
			class = b[4]; data = b[5]
			if (class != 1 || data != 1) { print "layout", class, data; exit }
			type = u16(16); machine = u16(18); phoff = u32(28); phentsize = u16(42); phnum = u16(44)
			notes = 0; loads = 0; bytes = 0; maxend = 0; noff = 0; nsize = 0
			for (k = 0; k < phnum && phoff + (k + 1) * phentsize <= n; k++) {
				p = phoff + k * phentsize
				pt = u32(p)
				if (pt == 4) { notes++; noff = u32(p + 4); nsize = u32(p + 16) }
				if (pt == 1) {
					loads++; bytes += u32(p + 20)
					end = u32(p + 12) + u32(p + 20)
					if (end > maxend) maxend = end
				}
			}
			printf "%d %d %d %d %d %d %d %.0f %.0f %d %d\n", class, data, type, machine, phnum, notes, loads, bytes, maxend, noff, nsize
		}'
}

# vmcore_loads: "offset size paddr" (decimal) of each PT_LOAD.
vmcore_loads() {
	od -An -v -tu1 -N 4096 /proc/vmcore | awk '
		function u16(p) { return b[p] + b[p + 1] * 256 }
		function u32(p) { return b[p] + b[p + 1] * 256 + b[p + 2] * 65536 + b[p + 3] * 16777216 }
		{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
		END {
			phoff = u32(28); phentsize = u16(42); phnum = u16(44)
			for (k = 0; k < phnum && phoff + (k + 1) * phentsize <= n; k++) {
				p = phoff + k * phentsize
				if (u32(p) == 1) printf "%.0f %.0f %.0f\n", u32(p + 4), u32(p + 16), u32(p + 12)
			}
		}'
}

# vmcore_read MODE: read PT_LOAD data back (see belay.vmcore_read).
vmcore_read() {
	local t0 t1 off size paddr at step=$((32 * MiB)) chunk=65536 n=0
	[ "$1" = none ] && return 0
	t0=$(cut -d' ' -f1 /proc/uptime)
	if [ "$1" = full ]; then
		dd if=/proc/vmcore of=/dev/null bs=1M 2>/tmp/dd.err || fail "reading /proc/vmcore failed: $(cat /tmp/dd.err)"
		n=$(($(stat -c %s /proc/vmcore) / chunk))
	else
		while read -r off size paddr; do
			at=0
			while :; do
				[ $at -ge $((size - chunk)) ] && at=$((size - chunk))
				[ $at -lt 0 ] && at=0
				dd if=/proc/vmcore of=/dev/null bs=$chunk skip=$(((off + at) / chunk)) count=1 2>/tmp/dd.err ||
					fail "reading /proc/vmcore at $(hex $((off + at))) (physical $(hex $((paddr + at)))) failed: $(cat /tmp/dd.err)"
				n=$((n + 1))
				[ $at -ge $((size - chunk)) ] && break
				at=$((at + step))
			done
		done <<EOF
$(vmcore_loads)
EOF
	fi
	t1=$(cut -d' ' -f1 /proc/uptime)
	say "kdump: read $((n * chunk / 1024)) KiB of /proc/vmcore ($1) in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"
}

# vmcore_notes OFFSET SIZE: "prstatus vmcoreinfo" counts of the PT_NOTE,
# then the pc of each NT_PRSTATUS in order (one per possible CPU), in
# decimal (busybox awk's %x stops at 31 bits).
vmcore_notes() {
	dd if=/proc/vmcore bs=4 skip=$(($1 / 4)) count=$((($2 + 3) / 4)) 2>/dev/null | od -An -v -tu1 | awk '
		function u32(p) { return b[p] + b[p + 1] * 256 + b[p + 2] * 65536 + b[p + 3] * 16777216 }
		{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
		END {
			p = 0; prs = 0; vmci = 0
			while (p + 12 <= n) {
				namesz = u32(p); descsz = u32(p + 4); type = u32(p + 8)
				if (namesz == 0 && descsz == 0) break
				name = ""
				for (k = 0; k < namesz - 1; k++) name = name sprintf("%c", b[p + 12 + k])
				# pr_reg (r0-r15, cpsr, orig_r0) is at 72 in an ARM
				# elf_prstatus: r15, the pc, at 132.
				if (name == "CORE" && type == 1) {
					d = p + 12 + int((namesz + 3) / 4) * 4
					pcs = pcs sprintf(" %.0f", u32(d + 132))
					prs++
				}
				if (name == "VMCOREINFO") vmci++
				p += 12 + int((namesz + 3) / 4) * 4 + int((descsz + 3) / 4) * 4
			}
			print prs, vmci, pcs
		}'
}

# prstatus_cpus CRASH_RE CRASHED_CPU PC...: " cpuN=0xPC" for each
# NT_PRSTATUS pc. The notes carry no CPU number: the crash kernel's
# /proc/vmcore keeps, in CPU order, the notes of the CPUs that saved their
# registers (the crashing CPU and each that took the crash IPI and said
# "CPU M will stop doing anything useful") and drops the empty ones of
# CPUs that were offline. Unless the counts agree, the notes are numbered
# in order as "noteN".
prstatus_cpus() {
	local re=$1 crashed=$2 cpus pcs c n=0 out=
	shift 2
	pcs=$*
	cpus=$( (echo "$crashed"; sed -n "/$re/,\$p" /tmp/vmcore-dmesg.txt |
		sed -n 's/.*CPU \([0-9]*\) will stop doing anything useful.*/\1/p') | sort -n | uniq)
	if [ "$(echo $cpus | wc -w)" = $# ]; then
		for c in $cpus; do
			out="$out cpu$c=$(printf '0x%08x' "$1")"
			shift
		done
	else
		for c in $pcs; do
			out="$out note$n=$(printf '0x%08x' "$c")"
			n=$((n + 1))
		done
	fi
	echo "$out"
}

# belay_after: belay consistent after an injected crash, seen from the
# crash kernel through the guest module (docs/kdump.md, "Event triggers
# on 4 CPUs in the suite"): every CPU it runs on in RUN, belay's
# page-table pool as the crashed kernel saw it before the crash (nothing
# the crash interrupted, a relaunch or a hotplug, kept or lost a page),
# and 20 RESET_VECTORS -> LAUNCH cycles on this CPU that end in RUN.
belay_after() {
	local b=/sys/kernel/belay st pool before w
	[ -r $b/state ] || fail "capture: no guest module ($b/state) after the crash"
	before=$(param belay.pool_before | tr / ' ')
	echo "cpu=0 loops=20" >$b/relaunch 2>/dev/null ||
		fail "capture: relaunching cpu0 after the crash: $(cat $b/relaunch)"
	st=$(tr '\n' ' ' <$b/state)
	pool=$(cat $b/mem)
	say "kdump: belay after the crash: ${st% }; pool $pool (before the crash ${before:-unknown}); relaunch $(cat $b/relaunch)"
	for w in $st; do
		case $w in cpu*|RUN) ;; *) fail "capture: a CPU in belay state $w after the crash ($st)" ;; esac
	done
	[ -z "$before" ] || [ "$pool" = "$before" ] ||
		fail "capture: belay's page pool reads '$pool' after the crash, '$before' before"
}

# prstatus_short OFFSET SIZE GOT WANT: fail on a CPU's missing note, and
# first tell why it may be missing: each note's header with the pid and
# pc it saved, and what the crashed kernel logged from its last oops on
# (who stopped, who did not answer, a second oops or panic).
prstatus_short() {
	dd if=/proc/vmcore bs=4 skip=$(($1 / 4)) count=$((($2 + 3) / 4)) 2>/dev/null | od -An -v -tu1 | awk '
		function u32(p) { return b[p] + b[p + 1] * 256 + b[p + 2] * 65536 + b[p + 3] * 16777216 }
		{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
		END {
			p = 0
			while (p + 12 <= n) {
				namesz = u32(p); descsz = u32(p + 4); type = u32(p + 8)
				if (namesz == 0 && descsz == 0) break
				name = ""
				for (k = 0; k < namesz - 1; k++) name = name sprintf("%c", b[p + 12 + k])
				d = p + 12 + int((namesz + 3) / 4) * 4
				# elf_prstatus: pr_pid at 24, the pc at 132.
				extra = (name == "CORE" && type == 1) ? sprintf(" pid %d pc %.0f", u32(d + 24), u32(d + 132)) : ""
				printf "belay-guest: kdump: note at %d: %s type %d descsz %d%s\n", p, name, type, descsz, extra
				p += 12 + int((namesz + 3) / 4) * 4 + int((descsz + 3) / 4) * 4
			}
		}'
	grep -n -E 'Internal error|Kernel panic|CPU: [0-9]+ PID|will stop doing|did not react|stopping|Loading crashdump|kernel BUG|Unable to handle|SMP: stopping|shutdown|killed' /tmp/vmcore-dmesg.txt |
		tail -n 20 | sed 's/^/belay-guest: kdump: vmcore-dmesg: /'
	fail "/proc/vmcore: $3 NT_PRSTATUS notes, expected one per CPU ($4)"
}

capture_kernel() {
	local phys panic_line crashed_cpu h cls data type mach phnum notes loads bytes maxend noff nsize
	local prs vmci hyp_base=0 hyp_size=0 want_prs token capture_cpus crash_re crash_what pc n
	say "kdump: crash kernel up"
	phys=$(dmesg | sed -n 's/.*Booting Linux on physical CPU \(0x[0-9a-f]*\).*/\1/p' | head -n1)
	[ -n "$phys" ] || fail "crash kernel: no 'Booting Linux on physical CPU' in dmesg"
	[ -e /proc/vmcore ] || fail "crash kernel: no /proc/vmcore"
	say "kdump: crash kernel on physical CPU $phys, /proc/vmcore is $(($(stat -c %s /proc/vmcore) / MiB)) MiB"
	capture_cpus=$(param belay.capture_cpus 1)
	if [ "$capture_cpus" -gt 1 ]; then
		# Every CPU the dead kernel left parked is back (belay reclaims
		# them), and each runs a task.
		check_cpus "$capture_cpus"
		run_on_each_cpu "$capture_cpus"
		say "kdump: crash kernel runs on $capture_cpus CPUs"
	fi

	h=$(vmcore_headers)
	set -- $h
	[ $# = 11 ] || fail "/proc/vmcore: bad ELF header ($h)"
	cls=$1 data=$2 type=$3 mach=$4 phnum=$5 notes=$6 loads=$7 bytes=$8 maxend=$9
	shift 9
	noff=$1 nsize=$2
	[ "$type" = 4 ] || fail "/proc/vmcore: e_type $type, not ET_CORE (4)"
	[ "$mach" = 40 ] || fail "/proc/vmcore: e_machine $mach, not EM_ARM (40)"
	[ "$notes" = 1 ] || fail "/proc/vmcore: $notes PT_NOTE segments, expected 1"
	[ "$loads" -ge 1 ] || fail "/proc/vmcore: no PT_LOAD segment"
	if [ -d $DT/hypervisor ]; then
		set -- $(dt_reg $DT/hypervisor | head -n1)
		hyp_base=$1 hyp_size=$2
		[ "$maxend" -le "$hyp_base" ] ||
			fail "/proc/vmcore: PT_LOAD up to $(hex $maxend) reaches belay's region at $(hex $hyp_base)"
	fi
	set -- $(vmcore_notes "$noff" "$nsize")
	prs=$1 vmci=$2
	shift 2
	PRS_PCS_RAW="$*"
	say "kdump: vmcore ELF32 LE ET_CORE EM_ARM, $phnum program headers: 1 PT_NOTE ($prs NT_PRSTATUS, $vmci VMCOREINFO), $loads PT_LOAD ($((bytes / MiB)) MiB, up to $(hex $maxend))"
	[ "$vmci" = 1 ] || fail "/proc/vmcore: $vmci VMCOREINFO notes"
	if ! vmcore-dmesg /proc/vmcore >/tmp/vmcore-dmesg.txt 2>/tmp/vmcore-dmesg.err; then
		say "vmcore-dmesg failed ($(head -c 200 /tmp/vmcore-dmesg.err)); trying makedumpfile"
		makedumpfile --dump-dmesg /proc/vmcore /tmp/vmcore-dmesg.txt >/dev/null 2>&1 ||
			fail "neither vmcore-dmesg nor makedumpfile --dump-dmesg could read the crashed kernel's log"
	fi
	# Every CPU online at the panic saves its registers; with hotplug
	# running, fewer may be online.
	want_prs=$CPUS
	if [ "$MODE" = none ] && [ "$BUSY" != hotplug ]; then
		[ "$prs" = "$want_prs" ] || prstatus_short "$noff" "$nsize" "$prs" "$want_prs"
	else
		[ "$prs" -ge 1 ] && [ "$prs" -le "$want_prs" ] || fail "/proc/vmcore: $prs NT_PRSTATUS notes for $want_prs CPUs"
	fi
	if [ -n "$INJECT" ]; then
		# belay's abort: die() with oops=panic goes to crash_kexec().
		crash_re='Internal error: ' crash_what='the oops'
	else
		crash_re='Kernel panic - not syncing: sysrq triggered crash' crash_what="'sysrq triggered crash'"
	fi
	grep -q "$crash_re" /tmp/vmcore-dmesg.txt ||
		fail "the crashed kernel's log has no $crash_what ($(wc -l </tmp/vmcore-dmesg.txt) lines)"
	# The crash's "CPU: N PID: ..." line names the CPU that crashed.
	crashed_cpu=$(sed -n "/$crash_re/,\$p" /tmp/vmcore-dmesg.txt |
		sed -n 's/.*CPU: \([0-9]*\) PID: .*/\1/p' | head -n1)
	[ -n "$crashed_cpu" ] || fail "no 'CPU: N PID:' line after the panic in the crashed kernel's log"
	[ "$crashed_cpu" = $((phys)) ] ||
		fail "the panic was on CPU $crashed_cpu but the crash kernel booted on physical CPU $phys"
	# (Not $crash_re: the harness counts "Kernel panic" lines.)
	say "kdump: vmcore-dmesg: $(wc -l </tmp/vmcore-dmesg.txt) lines, $crash_what on CPU $crashed_cpu"
	if [ -n "$INJECT" ]; then
		[ "$crashed_cpu" = "$INJECT" ] || fail "the crash was on CPU $crashed_cpu, belay was to inject on CPU $INJECT"
		# The harness checks these against belay's ground-truth line.
		say "kdump: prstatus pc:$(prstatus_cpus "$crash_re" "$crashed_cpu" $PRS_PCS_RAW)"
		grep -m1 'Unhandled fault' /tmp/vmcore-dmesg.txt | sed 's/^/belay-guest: kdump: vmcore-dmesg: /'
		sed -n "/$crash_re/,\$p" /tmp/vmcore-dmesg.txt | grep -m1 -E 'pc : \[<' |
			sed 's/^/belay-guest: kdump: vmcore-dmesg: /'
		belay_after
	fi
	# What CPU hotplug did in the crashed kernel's last moments.
	sed -n '/belay-kdump-token/,$p' /tmp/vmcore-dmesg.txt |
		grep -E 'CPU[0-9]+ killed|CPU[0-9]+: shutdown|CPU[0-9]+: thread|did not react|will stop doing|unable to kill' |
		tail -n 4 | sed 's/^/belay-guest: kdump: before the panic: /'

	token=$(param belay.token)
	if [ -n "$token" ]; then
		grep -q "belay-kdump-token $token" /tmp/vmcore-dmesg.txt ||
			fail "the crashed kernel's log lacks the token $token it wrote before the panic"
		say "kdump: the crashed kernel's token $token is in its log"
	fi
	vmcore_read "$(param belay.vmcore_read sample)"
	# Linux's own quirk: with nr_cpus=1 on a CPU other than the first,
	# arm_dt_init_cpu_maps() warns that the DT has more CPUs than
	# nr_cpu_ids (natively too).
	check_dmesg_clean 'WARNING: CPU: 0 PID: 0 at arch/arm/kernel/devtree.c:[0-9]+ arm_dt_init_cpu_maps'
	pass
}

case $STAGE in
	first) first_kernel ;;
	capture) capture_kernel ;;
	*) fail "unknown belay.stage=$STAGE" ;;
esac
