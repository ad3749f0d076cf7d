package mcpserver

import (
	"container/list"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/mark3labs/mcp-go/server"
)

// mcpGoSessions is the number of sessions mcp-go holds registered (its unexported sessions map).
func mcpGoSessions(t *testing.T, s *server.MCPServer) int {
	t.Helper()
	f := reflect.ValueOf(s).Elem().FieldByName("sessions")
	if !f.IsValid() || f.Type() != reflect.TypeFor[sync.Map]() {
		t.Fatal("mcp-go's MCPServer has no sessions sync.Map: update mcpGoSessions for its version")
	}
	n := 0
	(*sync.Map)(unsafe.Pointer(f.UnsafeAddr())).Range(func(any, any) bool { n++; return true })
	return n
}

// TestOddInitializeCountsAgainstTheCap: an initialize whose method comes after a params mcp.Meta
// cannot decode (_meta 5, "x" or []) or after other odd params opens a session in mcp-go, which
// reads its method on its own; every such session counts against --http-max-sessions and ends
// after the TTL, in mcp-go too (they were served untracked: mcp-go's grew past the cap and
// stayed for good). The clock is the test's: nothing waits.
func TestOddInitializeCountsAgainstTheCap(t *testing.T) {
	const max = 3
	srv := New(Options{Version: "test"})
	h, err := ListenHTTP(srv, HTTPOptions{Addr: "127.0.0.1:0", MaxSessions: max, SessionIdleTTL: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	var clock atomic.Int64
	h.sessions.now = func() time.Time { return time.Unix(clock.Load(), 0) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- h.Serve(ctx) }()
	defer func() { cancel(); <-done }()

	const init = `"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"x","version":"1"}`
	bodies := []string{
		`{"jsonrpc":"2.0","id":1,"params":{"_meta":5,` + init + `},"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":2,"params":{"_meta":"x",` + init + `},"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":3,"params":{"_meta":[],` + init + `},"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":4,"params":{"_meta":5},"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":5,"params":{"_meta":true,"capabilities":7},"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":6,"params":{"_meta":{"a":1},"capabilities":[]},"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":7,"params":[],"method":"initialize"}`,
		`{"jsonrpc":"2.0","id":8,"params":"x","method":"initialize"}`,
		`{"jsonrpc":"2.0","id":9,"params":{"_meta":5},"method":"initialize","params":{` + init + `}}`,
	}
	for i, body := range bodies {
		clock.Add(1)
		req, _ := http.NewRequest(http.MethodPost, h.URL(), strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		ours, theirs := h.Sessions(), mcpGoSessions(t, srv)
		if resp.Header.Get(server.HeaderKeySessionID) != "" && ours == 0 {
			t.Errorf("%s: answered %d with a session ID, none tracked", body, resp.StatusCode)
		}
		if ours > max || theirs > ours {
			t.Errorf("%s: %d sessions tracked (cap %d), mcp-go holds %d", body, ours, max, theirs)
		}
		if want := min(i+1, max); ours != want {
			t.Errorf("%s: %d sessions tracked, want %d", body, ours, want)
		}
	}
	clock.Add(int64(2 * time.Hour / time.Second))
	h.sessions.sweep()
	if ours, theirs := h.Sessions(), mcpGoSessions(t, srv); ours != 0 || theirs != 0 {
		t.Errorf("after the TTL: %d sessions tracked, mcp-go holds %d", ours, theirs)
	}
}

// TestReadMessageAsMCPGo: the method and era are read as mcp-go reads them, whatever comes
// before the method; no method when mcp-go cannot parse the message.
func TestReadMessageAsMCPGo(t *testing.T) {
	const modern = `{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}`
	for _, c := range []struct {
		body, method, version string
	}{
		{`{"params":{"_meta":5},"method":"initialize"}`, "initialize", ""},
		{`{"params":{"_meta":"x"},"method":"tools/list"}`, "tools/list", ""},
		{`{"params":{"_meta":[]},"id":1,"method":"initialize"}`, "initialize", ""},
		{`{"params":5,"method":"initialize"}`, "initialize", ""},
		{`{"method":"initialize","method":5}`, "", ""}, // mcp-go: parse error
		{`{"method":5,"params":{"_meta":` + modern + `}}`, "", "2026-07-28"},
		{`{"params":{"_meta":` + modern + `},"method":"tools/list"}`, "tools/list", "2026-07-28"},
		{`{"params":{"_meta":` + modern + `},"params":5,"method":"ping"}`, "ping", ""}, // mcp-go: no era from a params that fails
		{`not json`, "", ""},
	} {
		m := readMessage([]byte(c.body))
		if m.Method != c.method || m.metaVersion != c.version {
			t.Errorf("%s: method %q, version %q; want %q, %q", c.body, m.Method, m.metaVersion, c.method, c.version)
		}
	}
}

// TestSessionOpenedUnadmittedIsAdopted: a session ID in the answer to a 2025-era POST that was
// not admitted as an initialize (here mcp-go stood in for, answering every POST with a new
// one) is tracked: it counts against the cap and ends after the TTL; with every session at the
// cap busy, it ends at once.
func TestSessionOpenedUnadmittedIsAdopted(t *testing.T) {
	var n atomic.Int64
	opener := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Header().Set(server.HeaderKeySessionID, "opened-"+string(rune('a'+n.Add(1)-1)))
		}
		w.WriteHeader(http.StatusOK)
	})
	var mu sync.Mutex
	var ended []string
	now := time.Unix(0, 0)
	s := newSessions(2, time.Minute, func(id string) { mu.Lock(); ended = append(ended, id); mu.Unlock() })
	s.now = func() time.Time { return now }
	e := &endpoint{mcp: opener, sessions: s, ids: newSessionIDs(nil, 2, time.Minute), opts: HTTPOptions{MaxBodyBytes: 1 << 20}, logger: slog.New(slog.DiscardHandler)}
	post := func() {
		req := httptest.NewRequest(http.MethodPost, "/mcp", strings.NewReader(`{"jsonrpc":"2.0","id":1}`))
		req.Header.Set("Content-Type", "application/json")
		e.ServeHTTP(httptest.NewRecorder(), req)
	}
	post() // opened-a
	post() // opened-b
	if s.Len() != 2 {
		t.Fatalf("%d sessions tracked, want 2", s.Len())
	}
	post() // opened-c: ends a, the least recently active
	mu.Lock()
	if !slices.Equal(ended, []string{"opened-a"}) || s.Len() != 2 {
		t.Errorf("at the cap: ended %v, %d tracked", ended, s.Len())
	}
	mu.Unlock()
	// Both places busy: the next one opened is ended at once.
	var busy []*list.Element
	for _, id := range []string{"opened-b", "opened-c"} {
		el, _ := s.enter(id, false, nil)
		busy = append(busy, el)
	}
	post() // opened-d
	mu.Lock()
	if !slices.Equal(ended, []string{"opened-a", "opened-d"}) || s.Len() != 2 {
		t.Errorf("every place busy: ended %v, %d tracked", ended, s.Len())
	}
	mu.Unlock()
	for _, el := range busy {
		s.leave(el, false, false)
	}
	now = now.Add(2 * time.Minute)
	s.sweep()
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(ended, []string{"opened-a", "opened-d", "opened-b", "opened-c"}) || s.Len() != 0 {
		t.Errorf("after the TTL: ended %v, %d tracked", ended, s.Len())
	}
}
