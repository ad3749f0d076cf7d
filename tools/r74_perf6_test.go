package tools

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestR74Perf6RememberedBytesBounded: a caller's remembered values hold at most 4 MiB together
// (the newest kept, the oldest dropped): of five values of 1 MiB and a byte, the last three are
// kept; a value of 12 bytes then still fits, and the redactor of them redacts the newest.
func TestR74Perf6RememberedBytesBounded(t *testing.T) {
	env := &Env{}
	ctx := context.WithValue(context.Background(), callInfoKey{}, CallInfo{Token: "caller-r74"})
	var sent []string
	for i := range 5 {
		v := strings.Repeat(string(rune('a'+i)), 1<<20-8) + "-r74perf6"
		sent = append(sent, v)
		env.remember(ctx, v)
	}
	got := env.sent.values("caller-r74", time.Now())
	total := 0
	for _, v := range got {
		total += len(v)
	}
	if len(got) != 3 || got[0] != sent[2] || got[2] != sent[4] || total > maxRememberedBytes {
		t.Errorf("kept %d values, %d bytes", len(got), total)
	}
	env.remember(ctx, "hunter2-correct-horse")
	if got := env.sent.values("caller-r74", time.Now()); len(got) != 4 {
		t.Errorf("kept %d values", len(got))
	}
	if red := env.known(ctx).Redact("x " + sent[4][1000:1100] + " y"); red != "x [REDACTED] y" {
		t.Errorf("the newest: %.200q", red)
	}
}
