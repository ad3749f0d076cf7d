package present

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// clockThreadCPUTimeID is Linux's CLOCK_THREAD_CPUTIME_ID, which package syscall does not name.
const clockThreadCPUTimeID = 3

// timeOnThisThread runs f locked to its OS thread and returns the CPU time the thread spent:
// unlike wall time it does not grow while other processes hold the machine's cores, so a
// linearity check holds on a loaded machine. The clock counts nanoseconds (getrusage's thread
// times move in scheduler ticks, too coarse for a small text).
func timeOnThisThread(f func()) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, ok := threadCPU()
	if !ok {
		return wallTime(f)
	}
	f()
	after, ok := threadCPU()
	if !ok {
		return wallTime(f)
	}
	return after - before
}

func threadCPU() (time.Duration, bool) {
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
