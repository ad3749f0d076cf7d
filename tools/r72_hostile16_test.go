package tools

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestR72Hostile16RememberedValues: the values a caller's calls send are remembered from 12
// bytes (spaces aside), per caller, the most recent 64, each until an hour after the last call
// that sent it; the redactor of them is rebuilt when they change and redacts them.
func TestR72Hostile16RememberedValues(t *testing.T) {
	env := &Env{}
	ctx := context.WithValue(context.Background(), callInfoKey{}, CallInfo{Token: "caller-a"})
	env.remember(ctx, "admin12", "postgres", "   postgres12  ", "hunter2-correct-horse")
	now := time.Now()
	if got := env.sent.values("caller-a", now); !slices.Equal(got, []string{"hunter2-correct-horse"}) {
		t.Errorf("remembered: %q", got)
	}
	if got := env.sent.values("caller-b", now); len(got) != 0 {
		t.Errorf("another caller's: %q", got)
	}
	if got := env.known(ctx).Redact("app 68756e746572322d636f72726563742d686f727365 and esroh-tcerroc-2retnuh"); got != "app [REDACTED] and [REDACTED]" {
		t.Errorf("hex and reversed copies: %q", got)
	}
	for i := range 70 {
		env.remember(ctx, fmt.Sprintf("value-number-%02d", i))
	}
	got := env.sent.values("caller-a", now)
	if len(got) != maxRemembered || got[0] != "value-number-06" || slices.Contains(got, "hunter2-correct-horse") {
		t.Errorf("kept %d, first %q", len(got), got[0])
	}
	if r := env.known(ctx); r.Redact("hunter2-correct-horse") != "hunter2-correct-horse" || r.Redact("value-number-69") != "[REDACTED]" {
		t.Error("the redactor was not rebuilt when the values changed")
	}
	if got := env.sent.values("caller-a", now.Add(rememberedFor+time.Second)); len(got) != 0 {
		t.Errorf("an hour later: %q", got)
	}
}
