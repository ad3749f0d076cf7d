package mcpserver

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// r39Enter prepares msg as the endpoint does for a 2026-07-28 POST of caller's.
func r39Enter(t *testing.T, c *modernCalls, caller, msg string) (string, func()) {
	t.Helper()
	prepared, answer := prepareMessage(nil, []byte(msg))
	if answer != nil {
		t.Fatalf("%s answered %s", msg, answer)
	}
	out, done := c.enter(caller, prepared)
	return string(out), done
}

// r39RequestID is the requestId a cancellation reaches mcp-go with.
func r39RequestID(t *testing.T, msg string) string {
	t.Helper()
	b := []byte(msg)
	s, _ := inspectMessage(b)
	r := memberIn(b, s.params, "requestId", false)
	return string(b[r.start:r.end])
}

// TestR39ModernCallsEachHaveTheirOwnStandIn: every 2026-07-28 request reaches mcp-go with a
// stand-in of its own (so mcp-go never keys two callers' calls alike), which goes back to the
// client as the id it sent (or, where mcp-go would change its value, that value's canonical
// spelling); a cancellation reaches mcp-go naming its own caller's newest call with that id's
// value, however spelled, or a stand-in no call has; and a call is forgotten once served.
func TestR39ModernCallsEachHaveTheirOwnStandIn(t *testing.T) {
	var c modernCalls
	for _, id := range []struct{ sent, back string }{
		{`7`, `7`}, {`1e3`, `1e3`}, {`"\u0041<"`, `"\u0041<"`}, {`9007199254740993`, `9007199254740993`},
		{`9.007199254740993e15`, `9007199254740993`}, {`"\udc00"`, `"\udc00"`},
	} {
		msg := `{"jsonrpc":"2.0","id":` + id.sent + `,"method":"tools/call","params":{"name":"x"}}`
		a, doneA := r39Enter(t, &c, "acme", msg)
		b, doneB := r39Enter(t, &c, "globex", msg)
		if a == b || strings.Contains(a, `"id":`+id.sent+`,`) {
			t.Errorf("id %s: two callers' requests reach mcp-go as %s and %s", id.sent, a, b)
		}
		if got, want := string(restoreIDs([]byte(a))), strings.Replace(msg, id.sent, id.back, 1); got != want {
			t.Errorf("id %s comes back as %s, want %s", id.sent, got, want)
		}
		doneA()
		doneB()
	}
	if n := c.inProgress(); n != 0 {
		t.Errorf("%d calls still recorded once served", n)
	}

	call := `{"jsonrpc":"2.0","id":"A","method":"tools/call","params":{"name":"x"}}`
	older, doneOlder := r39Enter(t, &c, "acme", call)
	newer, doneNewer := r39Enter(t, &c, "acme", call)
	theirs, doneTheirs := r39Enter(t, &c, "globex", call)
	defer doneTheirs()
	standIn := func(msg string) string {
		s, _ := inspectMessage([]byte(msg))
		return msg[s.id.start:s.id.end]
	}
	cancel := func(caller, requestID string) string {
		out, _ := r39Enter(t, &c, caller, `{"jsonrpc":"2.0","method":"notifications\/cancelled","params":{"requestId":`+requestID+`}}`)
		return r39RequestID(t, out)
	}
	for _, spelled := range []string{`"A"`, `"\u0041"`} {
		if got := cancel("acme", spelled); got != standIn(newer) {
			t.Errorf("acme's cancellation of %s names %s, want its newer call's %s", spelled, got, standIn(newer))
		}
	}
	for _, who := range []string{"", "made-up"} {
		if got := cancel(who, `"A"`); got != string(noCall) {
			t.Errorf("caller %q's cancellation of \"A\" names %s, want no call's %s", who, got, noCall)
		}
	}
	if got := cancel("globex", `"A"`); got != standIn(theirs) {
		t.Errorf("globex's cancellation names %s, want its own call's %s", got, standIn(theirs))
	}
	doneNewer()
	if got := cancel("acme", `"A"`); got != standIn(older) {
		t.Errorf("once the newer call is served, acme's cancellation names %s, want the older's %s", got, standIn(older))
	}
	doneOlder()
	if got := cancel("acme", `"A"`); got != string(noCall) {
		t.Errorf("with no call of acme's in progress its cancellation names %s, want %s", got, noCall)
	}
	if bytes.Contains(restoreIDs(noCall), nonceBytes) {
		t.Errorf("no call's stand-in %s is not restored", noCall)
	}
}

// TestR39ModernCallsAreBounded: at most maxModernCalls calls are recorded at once, and at most
// maxCallsPerID of one caller with one id (its newest); a call past either still gets a stand-in
// of its own (no cancellation notification reaches it), and the table empties as the calls end.
func TestR39ModernCallsAreBounded(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	var c modernCalls
	dones := make([]func(), 0, maxModernCalls+1)
	seen := map[string]bool{}
	enter := func(caller string, id int) string {
		out, done := c.enter(caller, []byte(`{"jsonrpc":"2.0","id":`+strconv.Itoa(id)+`,"method":"ping"}`))
		if seen[string(out)] {
			t.Fatalf("two calls reach mcp-go alike: %s", out)
		}
		seen[string(out)] = true
		dones = append(dones, done)
		return string(out)
	}
	for i := range maxModernCalls + 1 {
		enter("acme", i)
	}
	if n := c.inProgress(); n != maxModernCalls {
		t.Errorf("%d calls recorded, want at most %d", n, maxModernCalls)
	}
	for _, done := range dones {
		done()
	}
	dones = dones[:0]
	if n := c.inProgress(); n != 0 || len(c.calls) != 0 {
		t.Errorf("%d calls (%d keys) still recorded once served", n, len(c.calls))
	}

	var newest string
	for range maxCallsPerID + 1 {
		newest = enter("acme", 7)
	}
	if n := c.inProgress(); n != maxCallsPerID {
		t.Errorf("%d calls with one id recorded, want at most %d", n, maxCallsPerID)
	}
	out, _ := c.enter("acme", []byte(`{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}`))
	if got := r39RequestID(t, string(out)); !strings.Contains(newest, got) {
		t.Errorf("the cancellation names %s, want the newest call's", got)
	}
	for _, done := range dones {
		done()
	}
	if n := c.inProgress(); n != 0 || len(c.calls) != 0 {
		t.Errorf("%d calls (%d keys) still recorded once served", n, len(c.calls))
	}
}
