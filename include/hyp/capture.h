/*
 * What belay knows of a guest crash and of the capture kernel that should
 * follow it (docs/kdump.md): the crash injector reports each injection
 * here; the capture side owns the watchdog and the parked-CPU reset.
 */
#ifndef HYP_CAPTURE_H
#define HYP_CAPTURE_H

/* A crash belay knows of happened on CPU `cpu` (belay's index). */
void capture_note_crash(unsigned cpu);

#endif
