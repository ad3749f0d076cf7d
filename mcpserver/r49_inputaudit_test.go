package mcpserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/tools"
)

// r49InputAuditRecorder is a reverse proxy in front of the emulator that keeps every request
// (method, URL and body) it forwards.
type r49InputAuditRecorder struct {
	mu   sync.Mutex
	seen []string
}

func (r *r49InputAuditRecorder) upstream(t *testing.T, emulatorURL string) string {
	u, err := url.Parse(emulatorURL)
	if err != nil {
		t.Fatal(err)
	}
	rp := httputil.NewSingleHostReverseProxy(u)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := httputil.DumpRequest(req, true)
		r.mu.Lock()
		r.seen = append(r.seen, string(body))
		r.mu.Unlock()
		rp.ServeHTTP(w, req)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func (r *r49InputAuditRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

func (r *r49InputAuditRecorder) since(n int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.seen[n:], "\n")
}

// TestR49InputAuditResourcesKeyPath: an unknown key in update_app's resources is named by its
// path as the caller wrote it (resources.limits.cpus, as README says), with the keys taken
// there; it used to read `resources: key "limits.cpus" is not one of …`. Nothing is sent.
func TestR49InputAuditResourcesKeyPath(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	for args, want := range map[string]string{
		`{"app":"analytics-app","resources":{"limits":{"cpus":"1"}}}`:            "Invalid argument resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage",
		`{"app":"analytics-app","resources":{"limits":{"cpu":"1","cpus":null}}}`: "Invalid argument resources.limits.cpus: unknown key; the keys taken there are cpu, memory, ephemeral-storage",
		`{"app":"analytics-app","resources":{"requests":{"gpu":{}}}}`:            "Invalid argument resources.requests.gpu: unknown key; the keys taken there are cpu, memory, ephemeral-storage",
		`{"app":"analytics-app","resources":{"limit":{"cpu":"1"}}}`:              "Invalid argument resources.limit: unknown key; the keys taken there are limits, requests",
		`{"app":"analytics-app","resources":{"limits":{"a b":"1"}}}`:             `Invalid argument "resources.limits.a b": unknown key`,
	} {
		res := h.callRaw(t, "update_app", args)
		if !res.IsError {
			t.Errorf("%s: accepted: %s", args, text(res))
			continue
		}
		mustContain(t, args, text(res), want)
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests reached the API, want 0", n)
	}
}

// TestR49InputAuditOrgNumberIsRefused: org is a name (the schema's string); a JSON number used to
// be taken as its digits, respelled (1e2 acted in organization "100"), and sent. Every tool that
// takes org refuses one, naming org and what it wants, before any request.
func TestR49InputAuditOrgNumberIsRefused(t *testing.T) {
	rec := &r49InputAuditRecorder{}
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: rec.upstream})
	checked := 0
	for _, def := range tools.All() {
		if !strings.Contains(string(def.InputSchema()), `"org"`) {
			continue
		}
		checked++
		for _, number := range []string{"12345", "1e2"} {
			args, _ := json.Marshal(def.Examples.Valid)
			raw := strings.Replace(string(args), "{", `{"org":`+number+",", 1)
			if string(args) == "{}" || string(args) == "null" {
				raw = `{"org":` + number + `}`
			}
			res := h.callRaw(t, def.Name, raw)
			if !res.IsError {
				t.Errorf("%s %s: accepted: %.300s", def.Name, raw, text(res))
				continue
			}
			mustContain(t, def.Name+" "+raw, text(res), "Invalid argument org: want an organization name")
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("%d requests reached the API, want 0", n)
	}
	if checked < 30 {
		t.Errorf("only %d tools take org", checked)
	}
}
