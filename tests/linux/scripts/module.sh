#!/bin/sh
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The belay authors
#
# belay's guest module (docs/guest-module.md): /init loaded it; every CPU
# reads RUN; belay.loops= RESET_VECTORS -> LAUNCH cycles on CPU 1
# (belay.relaunch_cpu=), each with interrupts masked there, while every
# other CPU is busy; afterwards every CPU is in RUN, belay's page pool is
# as before; CPU 1 relaunches while another CPU goes off and on five
# times; CPU hotplug works (an offline CPU reads "offline"),
# CPU 1 relaunches again, and the timer interrupts every CPU. The crash call
# answers as belay's revision says: NOT_SUPPORTED (-1) before ABI 1.2,
# armed and disarmed from 1.2 on. Bad writes get errors, never a hang.
# Parameters: belay.cpus=N, belay.loops=L (default 1000),
# belay.relaunch_cpu=C (default 1).

. /tests/lib/common.sh

CPUS=$(param belay.cpus)
LOOPS=$(param belay.loops 1000)
RCPU=$(param belay.relaunch_cpu 1)
B=/sys/kernel/belay

# check_states: every online CPU reads RUN, every offline one "offline".
check_states() {
	local c want got
	for c in $(seq 0 $((CPUS - 1))); do
		want=RUN
		[ "$(cat $CPU_SYS/cpu$c/online 2>/dev/null || echo 1)" = 1 ] || want=offline
		got=$(sed -n "s/^cpu$c //p" $B/state)
		[ "$got" = $want ] || fail "$1: cpu$c reads '$got' in $B/state, expected $want ($(cat $B/state | tr '\n' ' '))"
	done
	say "module: states $1: $(cat $B/state | tr '\n' ' ')"
}

# must_fail FILE WORDS ERRNO-TEXT: writing WORDS to FILE fails.
must_fail() {
	if echo "$2" >"$1" 2>/dev/null; then
		fail "writing '$2' to $1 succeeded"
	fi
	say "module: '$2' > ${1##*/} refused: $(cat "$1")"
}

# relaunch CPU LOOPS [quiet]: the loop, checked from the file's report.
relaunch() {
	local out
	echo "cpu=$1 loops=$2" >$B/relaunch || fail "relaunch cpu=$1 loops=$2: $(cat $B/relaunch)"
	out=$(cat $B/relaunch)
	case $out in
		"cpu=$1 loops=$2 done=$2 failed=0 "*) ;;
		*) fail "relaunch report: $out" ;;
	esac
	[ -n "${3:-}" ] || say "module: relaunch: $out"
}

check_cpus "$CPUS"
[ "$CPUS" -ge 2 ] || fail "needs 2 CPUs or more"
[ -d $B ] || fail "no $B: the module did not load ($(dmesg | grep belay-module | tail -n 2 | tr '\n' '|'))"
REV=$(cat $B/revision)
say "module: belay ABI $REV"
case $REV in
	1.*) ;;
	*) fail "revision '$REV', expected 1.x" ;;
esac
check_states "after boot"
MEM0=$(cat $B/mem)

# The relaunch loop, with every other CPU busy meanwhile.
BUSY=
for c in $(seq 0 $((CPUS - 1))); do
	[ $c = "$RCPU" ] && continue
	taskset -c $c sh -c 'while :; do :; done' &
	BUSY="$BUSY $!"
done
relaunch "$RCPU" "$LOOPS"
kill $BUSY
wait 2>/dev/null
check_states "after $LOOPS relaunches of cpu$RCPU"
MEM=$(cat $B/mem)
[ "$MEM" = "$MEM0" ] || fail "belay's page pool: '$MEM' free/total after the loop, '$MEM0' before"
say "module: BELAY_MEM_INFO $MEM before and after"

# Relaunches while another CPU goes down and up (PSCI CPU_OFF and CPU_ON
# through belay): the loop holds off hotplug only while a batch of cycles
# runs (at most 10 ms), so the two interleave. Rounds of 50 cycles on
# cpu$RCPU go on until 5 offline/online cycles of the other CPU are done.
if [ "$CPUS" -ge 3 ]; then
	HP=$((RCPU + 1))
	[ $HP -lt "$CPUS" ] || HP=$((RCPU - 1))
	[ $HP != 0 ] || fail "no CPU to hotplug besides cpu0 and cpu$RCPU"
	rm -f /tmp/hotplug.done
	(
		for i in 1 2 3 4 5; do
			echo 0 >$CPU_SYS/cpu$HP/online && echo 1 >$CPU_SYS/cpu$HP/online || exit 1
		done
		touch /tmp/hotplug.done
	) &
	HPID=$!
	rounds=0
	while [ ! -f /tmp/hotplug.done ] && kill -0 $HPID 2>/dev/null; do
		relaunch "$RCPU" 50 quiet
		rounds=$((rounds + 1))
	done
	wait $HPID || fail "offlining or onlining cpu$HP failed during the relaunch loops"
	[ $rounds -ge 2 ] || fail "only $rounds relaunch round(s) during the hotplug of cpu$HP"
	say "module: $rounds rounds of 50 relaunches of cpu$RCPU during 5 offline/online cycles of cpu$HP"
	check_states "after relaunches during hotplug"
fi

# The crash call and its words. Before ABI 1.2 belay answers -1: every
# well-formed word gets "not supported", every malformed one "bad crash
# word" (the module's own check). From 1.2 on, each well-formed word is
# armed, read back as its registers, and disarmed at once; the triggers
# are far off (thousands of seconds, the 1000th event) or an instant no
# CPU is in now (CPU 1 tearing down), so none fires meanwhile. Only CPUs
# 0 and 1 are named: the test may run on 2 CPUs. "+" stands for a space.
MINOR=${REV#*.}
while read -r word regs; do
	word=$(echo "$word" | tr + ' ')
	if [ "$MINOR" -lt 2 ]; then
		must_fail $B/crash "$word"
		grep -q '^not supported: BELAY_CRASH_ARM answered -1 (NOT_SUPPORTED)' $B/crash ||
			fail "crash word '$word': $(cat $B/crash)"
	else
		echo "$word" >$B/crash || fail "arming '$word': $(cat $B/crash)"
		grep -qx "armed: $regs" $B/crash || fail "crash word '$word': $(cat $B/crash), expected armed: $regs"
		echo disarm >$B/crash || fail "disarm after '$word': $(cat $B/crash)"
		grep -q '^disarmed' $B/crash || fail "disarm after '$word': $(cat $B/crash)"
	fi
done <<WORDS
at:3000s,cpu=1 trigger 0 cpu 1 arg 3000000000 how 0
at:4000000ms,cpu=1,how=undef trigger 0 cpu 1 arg 4000000000 how 1
cpu_on:1000,cpu=1 trigger 1 cpu 1 arg 1000 how 0
cpu_off:1000 trigger 2 cpu 0 arg 1000 how 0
affinity_info:1000000,cpu=1 trigger 3 cpu 1 arg 1000000 how 0
reset_vectors:1000,how=undef trigger 4 cpu 0 arg 1000 how 1
launch:1000,cpu=1 trigger 5 cpu 1 arg 1000 how 0
while:1:teardown,cpu=0 trigger 6 cpu 0 arg 260 how 0
5+1+1000+0 trigger 5 cpu 1 arg 1000 how 0
WORDS
if [ "$MINOR" -lt 2 ]; then
	say "module: crash: well-formed words answered NOT_SUPPORTED (ABI $REV)"
else
	say "module: crash: well-formed words armed and disarmed (ABI $REV)"
fi
for word in at:5parsecs,cpu=1 at:4295s cpu_off:0 while:1:foreign bogus:1 \
	at:10ms,cpu=x at:10ms,how=nmi at:10ms,color=red 1+2+3 at10ms; do
	must_fail $B/crash "$(echo "$word" | tr + ' ')"
	grep -q '^bad crash word: ' $B/crash || fail "crash word '$word': $(cat $B/crash)"
done
must_fail $B/relaunch "cpu=$CPUS loops=1"
must_fail $B/relaunch "cpu=1 loops=0"
grep -q '^bad words' $B/relaunch || fail "relaunch report: $(cat $B/relaunch)"
must_fail $B/spin "cpu=1 ms=60000"
must_fail $B/spin "cpu=1"
grep -q '^bad words' $B/spin || fail "spin report: $(cat $B/spin)"

# A spin with interrupts masked: the writer returns once it is over.
SPIN_CPU=$((CPUS - 1))
echo "cpu=$SPIN_CPU ms=300" >$B/spin || fail "spin: $(cat $B/spin)"
out=$(cat $B/spin)
us=$(echo "$out" | sed -n 's/.* spun_us=\([0-9]*\)$/\1/p')
[ -n "$us" ] && [ "$us" -ge 300000 ] || fail "spin report: $out"
say "module: spin: $out"

# Hotplug still works, and the state file follows it.
for i in 1 2 3; do
	echo 0 >$CPU_SYS/cpu$RCPU/online || fail "offlining cpu$RCPU (round $i)"
	check_states "with cpu$RCPU offline"
	must_fail $B/relaunch "cpu=$RCPU loops=1"
	echo 1 >$CPU_SYS/cpu$RCPU/online || fail "onlining cpu$RCPU (round $i)"
done
check_states "after hotplug"
relaunch "$RCPU" 20
check_states "at the end"

check_cpus "$CPUS"
run_on_each_cpu "$CPUS"
# Interrupts still reach every CPU through belay's vGIC, the relaunched
# one included (its virtual interface was reset at every LAUNCH).
check_interrupts
check_dmesg_clean
pass
