package cli_test

import (
	"strconv"
	"strings"
	"testing"
)

// TestR41CliSandboxHonoursToolTimeout: README (Command line) says --tool-timeout is the "time
// limit of one tool call across its API requests, retries and waits". Against the real API (or
// sandbox-api as SPICE_API_URL) --tool-timeout 1ns makes every call fail with "before this tool
// call's time limit (0 s) ran out", nothing sent. With --sandbox the same limit is ignored:
// list_apps answers and create_app creates the app, so the emulator does not behave as the API
// does under the limit the operator set.
func TestR41CliSandboxHonoursToolTimeout(t *testing.T) {
	s := startStdio(t, nil, "--sandbox", "--tool-timeout", "1ns")
	s.handshake()
	// Deterministic: a limit already spent ends the call's context before its first request
	// (tools/limit.go withTimeLimit; TestR41SpentTimeLimitEndsAtOnce), and the in-process
	// transport serves nothing on an ended context (TestR41InProcessTransportSendsNothingOnAnEndedContext).
	// Before, the limit ended only when its timer's goroutine ran, and most of 20 calls finished
	// first. Each must fail, and no app may be created.
	created := 0
	for i := range 20 {
		out, isErr := s.call(float64(3+i), "create_app", map[string]any{"name": "r41-timeout-" + strconv.Itoa(i)})
		if !isErr || !strings.Contains(out, "time limit") {
			created++
			if created == 1 {
				t.Errorf("create_app under --tool-timeout 1ns in the sandbox: isError=%v\n%s", isErr, out)
			}
		}
	}
	if created > 0 {
		t.Errorf("%d of 20 create_app calls ran past a spent --tool-timeout 1ns", created)
	}
	out, _ := s.call(30, "create_app", map[string]any{"name": "r41-timeout-last"})
	if !strings.Contains(out, "time limit") || !strings.Contains(out, "Nothing was changed") {
		t.Errorf("create_app under a spent limit should say it ran out before anything was sent:\n%s", out)
	}
	s.stop()
}
