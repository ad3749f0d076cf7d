package gendocs

import (
	"regexp"
	"strings"
	"testing"
)

// TestR69Testtime7CIGoTestsHaveTimeout: every go test .ci/run runs, fuzzing aside (go test
// runs no alarm while it fuzzes), carries -timeout: without one, go test ends a package after
// 10 minutes, and the linearity step, at nice 10 beside the race step on a loaded 2-CPU machine,
// was ended there ("panic: test timed out after 10m0s", TestMaskingIsLinear (9m40s), with a
// tenth of a CPU) though it compares CPU time and passes given any wall time.
func TestR69Testtime7CIGoTestsHaveTimeout(t *testing.T) {
	ci := string(readRepoFile(t, ".ci/run"))
	runs := 0
	for _, line := range strings.Split(ci, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") || !regexp.MustCompile(`\bgo (-C \S+ )?test -`).MatchString(line) {
			continue
		}
		runs++
		if !strings.Contains(line, "-fuzz ") && !regexp.MustCompile(`-timeout \d+m\b`).MatchString(line) {
			t.Errorf(".ci/run runs go test without -timeout, so go test's 10 minutes end it on a busy machine:\n%s", strings.TrimSpace(line))
		}
	}
	if runs < 4 {
		t.Fatalf("found %d go test lines in .ci/run; the pattern lost them", runs)
	}
}
