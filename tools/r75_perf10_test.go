package tools

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r75Perf10Value is a password-like value of n bytes, different for each (caller, i).
func r75Perf10Value(n, caller, i int) string {
	return testutil.PasswordLike(n, uint32(caller*7919+i))
}

// r75Perf10Ctx is a call's context for caller's token.
func r75Perf10Ctx(caller int) context.Context {
	return context.WithValue(context.Background(), callInfoKey{}, CallInfo{Token: fmt.Sprintf("r75perf10-caller-%d", caller)})
}

// TestR75Perf10CallersBoundedTogether: HTTP mode remembers a set of values for each token,
// and the callers are not counted; 1,000 callers' 64 values of 512 bytes held 33 MB of values
// (and each built redactor 5.7 MB more), without bound as callers came. Now every caller's
// values together cost at most maxRememberedTotal (16 MiB; a value counts its bytes and 256):
// the oldest, of any caller, are forgotten first, and the newest caller's are all kept and
// redacted.
func TestR75Perf10CallersBoundedTogether(t *testing.T) {
	env := &Env{}
	env.sent.afterFunc = func(time.Duration, func()) {} // an hour's timers: not the values' cost
	const callers = 1000
	kept := testutil.HeapKept(func() {
		for c := range callers {
			ctx := r75Perf10Ctx(c)
			for i := range maxRemembered {
				env.remember(ctx, r75Perf10Value(512, c, i))
			}
		}
	})
	held := 0
	for _, list := range env.sent.byCall {
		held += listCost(list)
	}
	t.Logf("%d callers × %d values of 512 B: %d callers kept, %d bytes held (%d counted), %d kept on the heap",
		callers, maxRemembered, len(env.sent.byCall), held, env.sent.held, kept)
	if held != env.sent.held || held > maxRememberedTotal {
		t.Errorf("held %d, counted %d, want at most %d", held, env.sent.held, maxRememberedTotal)
	}
	if kept > 24<<20 {
		t.Errorf("%d callers' values keep %d bytes", callers, kept)
	}
	last := r75Perf10Ctx(callers - 1)
	if got := env.sent.values(callInfo(last).Token, time.Now()); len(got) != maxRemembered {
		t.Errorf("the newest caller keeps %d values", len(got))
	}
	v := r75Perf10Value(512, callers-1, 0)
	if red := env.known(last).Redact("x " + v + " y"); red != "x [REDACTED] y" {
		t.Errorf("the newest caller's oldest value: %.80q", red)
	}
	// The first caller's values were forgotten before their hour: no longer redacted.
	if got := env.sent.values(callInfo(r75Perf10Ctx(0)).Token, time.Now()); len(got) != 0 {
		t.Errorf("the first caller keeps %d values", len(got))
	}
}

// TestR75Perf10BuiltRedactorsBounded: the redactors built for callers (5.7 MB each for 64
// values of 512 bytes) are kept up to maxBuiltBytes together (Redactor.Bytes), the least
// recently used dropped; a caller whose redactor was dropped has its values redacted still
// (built again).
func TestR75Perf10BuiltRedactorsBounded(t *testing.T) {
	env := &Env{}
	env.sent.afterFunc = func(time.Duration, func()) {}
	const callers = 8
	for c := range callers {
		for i := range maxRemembered {
			env.remember(r75Perf10Ctx(c), r75Perf10Value(512, c, i))
		}
	}
	kept := testutil.HeapKept(func() {
		for c := range callers {
			env.known(r75Perf10Ctx(c))
		}
	})
	t.Logf("%d callers' redactors: %d built, %d bytes counted, %d kept on the heap", callers, len(env.sent.built), env.sent.builtBytes, kept)
	if env.sent.builtBytes > maxBuiltBytes || len(env.sent.built) == callers {
		t.Errorf("%d redactors built, %d bytes", len(env.sent.built), env.sent.builtBytes)
	}
	if kept > maxBuiltBytes+maxBuiltBytes/4 {
		t.Errorf("%d callers' redactors keep %d bytes", callers, kept)
	}
	if _, ok := env.sent.built[callInfo(r75Perf10Ctx(0)).Token]; ok {
		t.Error("the least recently used redactor was kept")
	}
	v := r75Perf10Value(512, 0, 5)
	if red := env.known(r75Perf10Ctx(0)).Redact("x " + v + " y"); red != "x [REDACTED] y" {
		t.Errorf("a caller whose redactor was dropped: %.80q", red)
	}
	if env.sent.builtBytes > maxBuiltBytes {
		t.Errorf("%d bytes built after a rebuild", env.sent.builtBytes)
	}
}
