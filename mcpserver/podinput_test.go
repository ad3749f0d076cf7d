package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// bodyProxy sits between the client and the emulator and records every request as
// "METHOD PATH BODY".
type bodyProxy struct {
	mu       sync.Mutex
	requests []string
}

func (p *bodyProxy) upstream(t *testing.T, emulatorURL string) string {
	t.Helper()
	return inFrontOfEmulator(nil, func(w http.ResponseWriter, r *http.Request, rp http.Handler) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		p.requests = append(p.requests, r.Method+" "+r.URL.Path+" "+string(body))
		p.mu.Unlock()
		rp.ServeHTTP(w, r)
	})(t, emulatorURL)
}

// take returns the requests recorded since the last take.
func (p *bodyProxy) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.requests
	p.requests = nil
	return out
}

// mutating keeps the requests that change something (not GET).
func mutating(requests []string) []string {
	var out []string
	for _, r := range requests {
		if !strings.HasPrefix(r, "GET ") {
			out = append(out, r)
		}
	}
	return out
}

const podWithSecret = "version: v1\nkind: Spicepod\nname: pg-app\ndatasets:\n  - from: postgres:public.orders\n    name: orders\n    params:\n      pg_pass: ${secrets:PG_PASS}\n"

// TestDeployInputsAreRefusedNotAltered: values encoding/json would silently turn into
// something else are refused by name before any request: a null or empty secret (it was stored
// as ""), a null tag value (sent as ""), a key given twice (one value dropped), a caller's own
// created-by tag (replaced by the tool's marker), and a spicepod of several YAML documents (only
// the first was checked — a copied-back ******** in the second got through — and the rest lost).
func TestDeployInputsAreRefusedNotAltered(t *testing.T) {
	var proxy bodyProxy
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: proxy.upstream})
	twoDocs := "version: v1\nkind: Spicepod\nname: two-docs\n---\nversion: v1\nkind: Spicepod\nname: other\n" +
		"datasets:\n  - from: postgres:public.t\n    name: t\n    params:\n      pg_pass: \"********\"\n"
	deploy := func(extra string) string {
		return `{"name":"fresh-app","spicepod":` + mustJSON(t, podWithSecret) + extra + `}`
	}
	for _, tc := range []struct {
		tool, args string
		want       []string
	}{
		{"create_and_deploy_app", deploy(`,"secrets":{"PG_PASS":null}`), []string{"nothing was sent", "secrets.PG_PASS: null is not a value", "leave the name out"}},
		{"create_and_deploy_app", deploy(`,"secrets":{"A":""}`), []string{"nothing was sent", "secrets.A: must not be empty"}},
		{"create_and_deploy_app", deploy(`,"secrets":{"A":7}`), []string{"Invalid arguments, nothing was sent: secrets.A: expected string, got number"}},
		{"create_and_deploy_app", deploy(`,"secrets":{"PG_PASS":"x","PG_PASS":"y"}`), []string{"Invalid arguments, nothing was sent: secrets", `key "PG_PASS" is given twice`}},
		{"create_and_deploy_app", deploy(`,"tags":{"k":null}`), []string{"Invalid arguments, nothing was sent: tags.k: expected string, got null"}},
		{"create_app", `{"name":"fresh-app","tags":{"team":"x","k":null}}`, []string{"Invalid arguments, nothing was sent: tags.k: expected string, got null"}},
		{"update_app", `{"app":"analytics-app","tags":{"k":null}}`, []string{"Invalid arguments, nothing was sent: tags.k: expected string, got null"}},
		{"update_app", `{"app":"analytics-app","tags":{"team":5}}`, []string{"Invalid arguments, nothing was sent: tags.team: expected string, got number"}},
		{"update_app", `{"app":"analytics-app","tags":{"k":"a","k":"b"}}`, []string{`key "k" is given twice`}},
		{"create_and_deploy_app", deploy(`,"tags":{"created-by":"alice","team":"x"}`), []string{"nothing was sent", "tags.created-by: set by this tool to spice-cloud-mcp"}},
		{"create_and_deploy_app", `{"name":"fresh-app","spicepod":` + mustJSON(t, twoDocs) + `}`, []string{"nothing was sent", "spicepod: ", "spicepod: must be a single YAML document, but a second one starts at line 4", `contains "********"`, "at line 12"}},
		{"update_app", `{"app":"analytics-app","spicepod":` + mustJSON(t, twoDocs) + `}`, []string{"nothing was sent", "spicepod: must be a single YAML document", `contains "********"`}},
		{"update_app", `{"app":"analytics-app","spicepod":"version: v1\nkind: Spicepod\nname: x\n---\n"}`, []string{"spicepod: must be a single YAML document"}},
	} {
		res := h.callRaw(t, tc.tool, tc.args)
		if !res.IsError {
			t.Errorf("%s %s: accepted:\n%s", tc.tool, tc.args, text(res))
			continue
		}
		mustContain(t, tc.tool+" "+tc.args, text(res), tc.want...)
		if sent := mutating(proxy.take()); len(sent) > 0 {
			t.Errorf("%s %s: refused, yet sent %q", tc.tool, tc.args, sent)
		}
	}
	// A spicepod with one document, "---" first, is one document.
	h.ok(t, "update_app", map[string]any{"app": "docs-search", "spicepod": "---\n" + podYAML})
}

// TestDeployInputsArriveAsSent: what is accepted reaches the API as sent — a spicepod object's
// numbers digit for digit (they went through float64: 1.0 became 1), a created-by tag equal to
// the tool's own marker, and secret values — and the spicepod the API answers with is shown as
// the API stores it (JSON.stringify: 1.0 as 1, 10000000000000000000000 as 1e+22; api/README §10
// "Spicepod numbers"). A number the API would store as another one (9007199254740993) is refused
// naming where, before any request (r62).
func TestDeployInputsArriveAsSent(t *testing.T) {
	var proxy bodyProxy
	h := newHarness(t, harnessOptions{cfg: sandbox.Config{Demo: true}, upstream: proxy.upstream})
	numbers := []string{`"exact":9007199254740991`, `"float":1.0`, `"big":10000000000000000000000`, `"small":1e-7`}
	pod := `{"version":"v1","kind":"Spicepod","name":"num-app","runtime":{` + strings.Join(numbers, ",") + `}}`

	res := h.callRaw(t, "update_app", `{"app":"docs-search","spicepod":`+pod+`}`)
	if res.IsError {
		t.Fatalf("update_app: %s", text(res))
	}
	assertSent(t, "update_app", proxy.take(), numbers...)
	// and the result shows them as stored (read back from the API's answer)
	mustContain(t, "update_app result", text(res), "exact: 9007199254740991", "float: 1\n", "big: 1e+22", "small: 1e-7")

	rounded := `{"version":"v1","kind":"Spicepod","name":"num-app","runtime":{"exact":9007199254740993}}`
	res = h.callRaw(t, "update_app", `{"app":"docs-search","spicepod":`+rounded+`}`)
	if !res.IsError || !strings.Contains(text(res), "at runtime.exact") || strings.Contains(text(res), "9007199254740993") {
		t.Errorf("update_app with 9007199254740993: %s, want it refused naming where, not quoting it", text(res))
	}
	if sent := mutating(proxy.take()); len(sent) > 0 {
		t.Errorf("update_app with 9007199254740993: refused, yet sent %q", sent)
	}

	res = h.callRaw(t, "create_and_deploy_app", `{"name":"num-app","spicepod":`+pod+
		`,"tags":{"created-by":"spice-cloud-mcp","team":"x"},"secrets":{"PG_PASS":"s3cr3t-value"}}`)
	if res.IsError {
		t.Fatalf("create_and_deploy_app: %s", text(res))
	}
	sent := proxy.take()
	assertSent(t, "create_and_deploy_app", sent, numbers...)
	assertSent(t, "create_and_deploy_app", sent, `"tags":{"created-by":"spice-cloud-mcp","team":"x"}`, `"value":"s3cr3t-value"`)
}

// assertSent fails unless each of wants occurs in the body of a request that changes something.
func assertSent(t *testing.T, what string, requests []string, wants ...string) {
	t.Helper()
	all := strings.Join(mutating(requests), "\n")
	for _, want := range wants {
		if !strings.Contains(all, want) {
			t.Errorf("%s: no request carried %s; sent:\n%s", what, want, all)
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
