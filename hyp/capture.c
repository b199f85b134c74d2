/*
 * The capture side of crash testing (docs/kdump.md). For now it only
 * receives the crash injector's reports.
 */
#include <hyp/capture.h>

void capture_note_crash(unsigned cpu)
{
	(void)cpu;
}
