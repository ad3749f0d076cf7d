//go:build !linux

package present

import "time"

// timeOnThisThread is wall time where the thread's own CPU time is not read.
func timeOnThisThread(f func()) time.Duration { return wallTime(f) }
