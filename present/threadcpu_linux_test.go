package present

import (
	"runtime"
	"syscall"
	"time"
)

// rusageThread is Linux's RUSAGE_THREAD, which package syscall does not name.
const rusageThread = 1

// timeOnThisThread runs f locked to its OS thread and returns the CPU time the thread spent:
// unlike wall time it does not grow while other processes hold the machine's cores, so a
// linearity check holds on a loaded machine.
func timeOnThisThread(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var before, after syscall.Rusage
	if syscall.Getrusage(rusageThread, &before) != nil {
		return wallTime(f)
	}
	f()
	if syscall.Getrusage(rusageThread, &after) != nil {
		return wallTime(f)
	}
	return time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
}
