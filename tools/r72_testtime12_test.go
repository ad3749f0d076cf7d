package tools

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR72Testtime12WaitsDefaultToTwoSeconds: README's figures (getHealth within 2 s, the
// remedy's token read 2 s at most, the role read min(2 s, half the time left)) are the
// defaults of a server that sets no Waits.
func TestR72Testtime12WaitsDefaultToTwoSeconds(t *testing.T) {
	env := &Env{}
	w := waitsOf(env.withWaits(context.Background()))
	if w.health() != 2*time.Second || w.role() != 2*time.Second || w.remedyLookup() != 2*time.Second || env.Waits.remedyLookup() != 2*time.Second {
		t.Errorf("default waits: health %v, role %v, remedy lookup %v; want 2 s each", w.health(), w.role(), w.remedyLookup())
	}
	lookup, cancel := roleLookup(env.withWaits(context.Background()))
	defer cancel()
	if at, ok := lookup.Deadline(); !ok || time.Until(at) < 1900*time.Millisecond || time.Until(at) > 2*time.Second {
		t.Errorf("role lookup's deadline %v (%v); want 2 s from now", time.Until(at), ok)
	}
}

// TestR72Testtime12ServerNowKeepsTheServersHealthWait: a server's Waits.Health bounds its read of
// the API's clock (a stalled /v1/health), not the 2 s default; the server's own clock is used.
func TestR72Testtime12ServerNowKeepsTheServersHealthWait(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	defer api.Close()
	c, err := client.New(client.Config{BaseURL: api.URL, Version: "test", Tokens: client.StaticToken("t"),
		Retry: client.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Waits: Waits{Health: 50 * time.Millisecond}}
	start := time.Now()
	got := serverNow(env.withWaits(context.Background()), c, time.Now)
	if took := time.Since(start); took > time.Second || got.slack != localClockSlack {
		t.Errorf("serverNow with /v1/health stalled and Waits.Health 50 ms took %v (slack %v); want about 50 ms and the local clock's slack", took, got.slack)
	}
}

// TestR72Testtime12RoleLookupKeepsTheServersRoleWait: a server's Waits.Role bounds the role's
// organization list read, and half of what is left of the call's limit still does when less.
func TestR72Testtime12RoleLookupKeepsTheServersRoleWait(t *testing.T) {
	env := &Env{Waits: Waits{Role: 100 * time.Millisecond}}
	lookup, cancel := roleLookup(env.withWaits(context.Background()))
	defer cancel()
	if at, ok := lookup.Deadline(); !ok || time.Until(at) > 100*time.Millisecond {
		t.Errorf("role lookup's deadline in %v (%v); want at most Waits.Role, 100 ms", time.Until(at), ok)
	}
	env.Waits.Role = 10 * time.Second
	call, stop := context.WithTimeout(env.withWaits(context.Background()), time.Second)
	defer stop()
	lookup, cancel = roleLookup(call)
	defer cancel()
	if at, ok := lookup.Deadline(); !ok || time.Until(at) > 500*time.Millisecond {
		t.Errorf("role lookup's deadline in %v (%v) with 1 s left; want at most half of it", time.Until(at), ok)
	}
}
