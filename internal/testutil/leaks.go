package testutil

import (
	"flag"
	"fmt"
	"os"
	"time"

	"go.uber.org/goleak"
)

// GoroutinesLeft waits, at most within, until no goroutine is left but those opts ignore (and
// those goleak always ignores: the testing package's own, os/signal's), and returns goleak's
// report (each goroutine left, with its stack) of those still there then. goleak's own wait is
// under half a second, too short for a loaded machine of 2 CPUs; this waits for the condition.
func GoroutinesLeft(within time.Duration, opts ...goleak.Option) error {
	deadline := time.Now().Add(within)
	for {
		err := goleak.Find(opts...)
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// LeakCheckWithin is how long a package's TestMain waits for the goroutines its tests started
// to end.
const LeakCheckWithin = 20 * time.Second

// CheckLeaks is for TestMain, given m.Run's exit code: when the tests passed, it fails the run
// (exit code 1) if goroutines the tests started are still running LeakCheckWithin later, and
// prints each with its stack. A fuzzing run (-fuzz, its workers included) is not checked: a
// worker's own goroutines outlive m.Run, and its coordinator reads a worker that waits as hung.
func CheckLeaks(code int, opts ...goleak.Option) int {
	if code != 0 {
		return code
	}
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		return code
	}
	if f := flag.Lookup("test.fuzzworker"); f != nil && f.Value.String() == "true" {
		return code
	}
	if err := GoroutinesLeft(LeakCheckWithin, opts...); err != nil {
		fmt.Fprintf(os.Stderr, "goleak: goroutines left after the tests passed: %v\n", err)
		return 1
	}
	return 0
}
