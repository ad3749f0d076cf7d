package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/contract"
)

// testStart is the ManualClock's starting time in tests.
var testStart = time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC)

// ---- openapi.json ----

var (
	specOnce     sync.Once
	specDoc      map[string]any
	contractSpec *contract.Spec
	specErr      error
)

// loadSpec reads openapi.json once: as a raw document for the route-table tests and as a
// compiled contract.Spec that checks every response the harness sees.
func loadSpec(t testing.TB) {
	t.Helper()
	specOnce.Do(func() {
		if specErr = json.Unmarshal(api.Spec, &specDoc); specErr != nil {
			return
		}
		contractSpec, specErr = contract.LoadEmbedded()
	})
	if specErr != nil {
		t.Fatalf("loading openapi.json: %v", specErr)
	}
}

// spec is the raw openapi.json document.
func spec(t testing.TB) map[string]any {
	t.Helper()
	loadSpec(t)
	return specDoc
}

// specOperation returns the spec's operation object for method and path pattern.
func specOperation(t testing.TB, method, pattern string) map[string]any {
	t.Helper()
	paths := spec(t)["paths"].(map[string]any)
	item, ok := paths[pattern].(map[string]any)
	if !ok {
		t.Fatalf("openapi.json has no path %s", pattern)
	}
	op, ok := item[strings.ToLower(method)].(map[string]any)
	if !ok {
		t.Fatalf("openapi.json has no %s %s", method, pattern)
	}
	return op
}

// list is v as a JSON array (nil when it is not one).
func list(v any) []any {
	l, _ := v.([]any)
	return l
}

// ---- HTTP harness ----

// harness drives an Emulator over real HTTP and checks every /v1 response against
// openapi.json: the status must be one the operation declares, and the body must match.
type harness struct {
	t     *testing.T
	e     *Emulator
	srv   *httptest.Server
	clock *ManualClock

	// offSpec lets a test accept statuses the operation does not declare (injected faults).
	offSpec bool

	mu     sync.Mutex
	bodies [][]byte // every response body, for "this never appears anywhere" checks
}

func newHarness(t *testing.T, cfg Config) *harness {
	t.Helper()
	clock, _ := cfg.Clock.(*ManualClock)
	if cfg.Clock == nil {
		clock = NewManualClock(testStart)
		cfg.Clock = clock
	}
	e := New(cfg)
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return &harness{t: t, e: e, srv: srv, clock: clock}
}

// result is a decoded response.
type result struct {
	status int
	header http.Header
	raw    []byte
	body   any
}

func (r *result) obj() map[string]any {
	m, _ := r.body.(map[string]any)
	return m
}

func (r *result) errText() string {
	s, _ := r.obj()["error"].(string)
	return s
}

// fieldErrors returns details.fieldErrors[field].
func (r *result) fieldErrors(field string) []string {
	details, _ := r.obj()["details"].(map[string]any)
	fe, _ := details["fieldErrors"].(map[string]any)
	var out []string
	for _, m := range list(fe[field]) {
		out = append(out, m.(string))
	}
	return out
}

// do sends a request with a bearer token (none when token is ""). body may be nil (no
// body), a string or []byte (sent as is), or anything else (sent as JSON).
func (h *harness) do(method, path, token string, body any) *result {
	h.t.Helper()
	return h.send(method, path, body, func(req *http.Request) {
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
	})
}

func (h *harness) send(method, path string, body any, prepare func(*http.Request)) *result {
	h.t.Helper()
	var reader io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		reader = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, reader)
	if err != nil {
		h.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	prepare(req)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	res := &result{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			h.t.Errorf("%s %s: Content-Type %q", method, path, ct)
		}
		if err := json.Unmarshal(raw, &res.body); err != nil {
			h.t.Errorf("%s %s: body is not JSON: %v: %s", method, path, err, raw)
		}
	}
	h.mu.Lock()
	h.bodies = append(h.bodies, raw)
	h.mu.Unlock()
	h.checkAgainstSpec(req, res)
	return res
}

func (h *harness) checkAgainstSpec(req *http.Request, res *result) {
	h.t.Helper()
	rt, _, _ := match(req.Method, req.URL.EscapedPath())
	if rt == nil || !strings.HasPrefix(rt.op.Path, "/v1/") {
		return
	}
	loadSpec(h.t)
	for _, problem := range contractSpec.ValidateResponse(rt.op.ID, res.status, res.header, res.raw) {
		if h.offSpec && strings.Contains(problem, "status not declared") {
			continue
		}
		h.t.Errorf("%s %s: %s\n%s", req.Method, req.URL.Path, problem, res.raw)
	}
	if res.header.Get(FaultHeader) == "" {
		if problem := r75Spec18UndocumentedCode(h.t, rt.op.ID, res.status, res.raw); problem != "" {
			h.t.Errorf("%s %s: %s\n%s", req.Method, req.URL.Path, problem, res.raw)
		}
	}
}

// expect fails the test unless the response has the status (and, when msg is not "", that error text).
func (h *harness) expect(res *result, status int, msg string) {
	h.t.Helper()
	if res.status != status {
		h.t.Fatalf("status %d, want %d: %s", res.status, status, res.raw)
	}
	if msg != "" && res.errText() != msg {
		h.t.Fatalf("error %q, want %q", res.errText(), msg)
	}
}

// allBodies joins every response body seen so far.
func (h *harness) allBodies() []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return bytes.Join(h.bodies, []byte("\n"))
}

// createApp creates an app with region us-west-2 and returns its id.
func (h *harness) createApp(token, name string) int64 {
	h.t.Helper()
	res := h.do("POST", "/v1/apps", token, map[string]any{"name": name, "region": "us-west-2"})
	h.expect(res, http.StatusCreated, "")
	return int64(res.obj()["id"].(float64))
}

// deployableApp creates an app with a valid spicepod and returns its id.
func (h *harness) deployableApp(token, name string) int64 {
	h.t.Helper()
	id := h.createApp(token, name)
	res := h.do("PUT", appPath(id, ""), token, map[string]any{
		"spicepod": "version: v1\nkind: Spicepod\nname: " + name + "\n",
	})
	h.expect(res, http.StatusOK, "")
	return id
}

func appPath(id int64, suffix string) string {
	return fmt.Sprintf("/v1/apps/%d%s", id, suffix)
}

// requireKeys fails unless obj has every key (null values count as present).
func requireKeys(t *testing.T, what string, obj map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("%s: missing key %q in %v", what, k, obj)
		}
	}
}

// requireNull fails unless each key is present with a JSON null.
func requireNull(t *testing.T, what string, obj map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		v, ok := obj[k]
		if !ok || v != nil {
			t.Errorf("%s: %q = %v (present %v), want null", what, k, v, ok)
		}
	}
}

func num(v any) int64 {
	f, _ := v.(float64)
	return int64(f)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

// enterpriseConfig is the default world with "sandbox" on an Enterprise plan (pinned
// image_tag, dedicated clusters, private compute).
func enterpriseConfig() Config {
	orgs := DefaultOrgs()
	orgs[0].Enterprise = true
	return Config{Orgs: orgs}
}
