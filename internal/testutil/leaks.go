package testutil

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
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
// prints each with its stack and the line that started it. Run with
// GODEBUG=tracebackancestors=50 and it also prints the stacks of the goroutines that started
// each (back to the test function, testing.tRunner's caller), so the test that leaks is named.
// A fuzzing run (-fuzz, its workers included) is not checked: a worker's own goroutines outlive
// m.Run, and its coordinator reads a worker that waits as hung.
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
		fmt.Fprint(os.Stderr, leakOrigins(err.Error(), allStacks()))
		return 1
	}
	return 0
}

// allStacks is every goroutine's stack as the runtime prints it (with the ancestors'
// stacks GODEBUG=tracebackancestors adds, which goleak's report leaves out).
func allStacks() string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return string(buf[:n])
		}
		buf = make([]byte, 2*len(buf))
	}
}

// leakOrigins names, for each goroutine goleak reported, the test whose goroutines started it
// when the runtime recorded ancestors (GODEBUG=tracebackancestors), with the ancestors' stacks;
// without them it says how to get them.
func leakOrigins(report, stacks string) string {
	if !strings.Contains(os.Getenv("GODEBUG"), "tracebackancestors=") {
		return "goleak: to see which test started each goroutine left, run again with GODEBUG=tracebackancestors=50\n"
	}
	blocks := map[int]string{}
	for _, b := range strings.Split(stacks, "\n\n") {
		if id, ok := goroutineID(b); ok {
			blocks[id] = b
		}
	}
	var out bytes.Buffer
	for _, line := range strings.Split(report, "\n") {
		// goleak's report names each goroutine "[Goroutine N in state …" or " Goroutine N in state …".
		line = strings.TrimLeft(line, "[ ")
		id, ok := goroutineID(line)
		if !ok {
			continue
		}
		b, ok := blocks[id]
		if !ok {
			continue
		}
		fmt.Fprintf(&out, "goleak: goroutine %d was started by test %s; its stack and its ancestors':\n%s\n\n", id, startingTest(b), b)
	}
	return out.String()
}

// goroutineID is N of a block or line that starts "goroutine N " (the runtime's stacks) or
// "Goroutine N " (goleak's report).
func goroutineID(s string) (int, bool) {
	rest, ok := strings.CutPrefix(s, "goroutine ")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "Goroutine "); !ok {
			return 0, false
		}
	}
	num, _, ok := strings.Cut(rest, " ")
	if !ok {
		return 0, false
	}
	id, err := strconv.Atoi(num)
	return id, err == nil
}

// startingTest is the first Test function in a stack with ancestors (the nearest ancestor
// that ran in a test's goroutine), or "(none found)".
func startingTest(block string) string {
	for _, line := range strings.Split(block, "\n") {
		if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "created by ") {
			continue
		}
		fn := line
		if i := strings.LastIndex(fn, "/"); i >= 0 {
			fn = fn[i+1:]
		}
		parts := strings.Split(fn, ".")
		for i, part := range parts[1:] {
			if strings.HasPrefix(part, "Test") {
				name, _, _ := strings.Cut(part, "(")
				return parts[0] + "." + strings.Join(append(parts[1:i+1:i+1], name), ".")
			}
		}
	}
	return "(none found: raise tracebackancestors)"
}
