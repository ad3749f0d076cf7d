package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR53ClaimsSandboxAPIFlagsDoWhatTheTableSays: README (The emulator) tables each flag of
// `sandbox-api` with its effect. One emulator is started with every flag the other tests leave
// untried, and each effect is looked for: --token replaces `sandbox` (now 401) and acts as the
// user it names; --user adds a user that add_member takes (another is still unknown);
// --oauth-client mints tokens acting in its organization only, with --token-ttl's expires_in;
// --rate-limit answers 429 with Retry-After and X-RateLimit-* beyond N a minute per token;
// --queued-for and --runs-for set a deployment's clock; --fault with times=-1 fails every
// request of its operation, marked X-Sandbox-Fault, and after_apply changes state before its
// status replaces the answer; the start-up line names the OAuth client but no token or
// secret value, and at debug the connections are logged and counted when it stops.
func TestR53ClaimsSandboxAPIFlagsDoWhatTheTableSays(t *testing.T) {
	const (
		tokBob    = "r53-bob-token-value-1"
		tokRate   = "r53-rate-token-value-2"
		tokDeploy = "r53-deploy-token-value-3"
		secret    = "r53-client-secret-value-4"
	)
	s := startServer(t, nil, "sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--log-level", "debug",
		"--token", "value="+tokBob+",org=sandbox,user=bob",
		"--token", "value="+tokRate+",org=sandbox",
		"--token", "value="+tokDeploy+",org=sandbox",
		"--user", "dan",
		"--oauth-client", "client_id=r53-client,client_secret="+secret+",org=sandbox",
		"--token-ttl", "2m",
		"--rate-limit", "40",
		"--queued-for", "100ms", "--runs-for", "200ms",
		"--fault", "operation=getLimits,status=503,retry_after=7,times=-1",
		"--fault", "operation=pauseProject,status=502,after_apply")
	do := func(method, path, token, body string, headers map[string]string) (*http.Response, string) {
		t.Helper()
		var r io.Reader
		if body != "" {
			r = strings.NewReader(body)
		}
		req, _ := http.NewRequest(method, s.url+path, r)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" && headers["Content-Type"] == "" {
			req.Header.Set("Content-Type", "application/json")
		}
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp, string(raw)
	}

	// --token replaces sandbox, and acts as its user.
	if resp, body := do("GET", "/v1/projects", "sandbox", "", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("sandbox after --token: %d %s", resp.StatusCode, body)
	}
	if resp, body := do("POST", "/v1/members", tokBob, `{"username":"jdoe","roles":["admin"]}`, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("bob (a member) granted admin: %d %s", resp.StatusCode, body)
	}
	// --user adds a known user; another is still unknown.
	if resp, body := do("POST", "/v1/members", tokDeploy, `{"username":"dan"}`, nil); resp.StatusCode/100 != 2 {
		t.Errorf("add --user dan: %d %s", resp.StatusCode, body)
	}
	if resp, body := do("POST", "/v1/members", tokDeploy, `{"username":"erin"}`, nil); resp.StatusCode/100 == 2 {
		t.Errorf("add erin, no --user: %d %s", resp.StatusCode, body)
	}
	// --oauth-client and --token-ttl.
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"r53-client"}, "client_secret": {secret}}
	resp, body := do("POST", "/api/oauth/token", "", form.Encode(), map[string]string{"Content-Type": "application/x-www-form-urlencoded"})
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &tok) != nil || tok.ExpiresIn != 120 || tok.AccessToken == "" {
		t.Fatalf("oauth token: %d %s", resp.StatusCode, body)
	}
	if resp, body := do("GET", "/v1/projects", tok.AccessToken, "", nil); resp.StatusCode != http.StatusOK || !strings.Contains(body, "analytics-app") {
		t.Errorf("oauth token in its org: %d %s", resp.StatusCode, body)
	}
	if resp, body := do("GET", "/v1/projects", tok.AccessToken, "", map[string]string{"X-Org-Name": "acme-labs"}); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "org_assertion_mismatch") {
		t.Errorf("oauth token in another org: %d %s", resp.StatusCode, body)
	}
	// --fault times=-1: every getLimits fails, marked; after_apply: pause answers 502 and pauses.
	for i := range 3 {
		if resp, body := do("GET", "/v1/limits", tokDeploy, "", nil); resp.StatusCode != http.StatusServiceUnavailable ||
			resp.Header.Get("X-Sandbox-Fault") != "injected" || resp.Header.Get("Retry-After") != "7" {
			t.Errorf("getLimits #%d under times=-1: %d %v %s", i+1, resp.StatusCode, resp.Header, body)
		}
	}
	var projects struct {
		Projects []struct {
			ID     int64  `json:"id"`
			Name   string `json:"name"`
			Status string `json:"status"`
		} `json:"projects"`
	}
	_, body = do("GET", "/v1/projects", tokDeploy, "", nil)
	_ = json.Unmarshal([]byte(body), &projects)
	ids := map[string]int64{}
	for _, p := range projects.Projects {
		ids[p.Name] = p.ID
	}
	docs, app := ids["docs-search"], ids["analytics-app"]
	if docs == 0 || app == 0 {
		t.Fatalf("demo projects: %s", body)
	}
	if resp, body := do("POST", "/v1/projects/"+id53(docs)+"/pause", tokDeploy, "", nil); resp.StatusCode != http.StatusBadGateway || resp.Header.Get("X-Sandbox-Fault") != "injected" {
		t.Errorf("pause under after_apply: %d %s", resp.StatusCode, body)
	}
	if resp, body := do("GET", "/v1/projects/"+id53(docs)+"/instances", tokDeploy, "", nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "project_paused") {
		t.Errorf("after_apply: the pause was not applied: %d %s", resp.StatusCode, body)
	}
	if resp, body := do("POST", "/v1/projects/"+id53(docs)+"/pause", tokDeploy, "", nil); resp.Header.Get("X-Sandbox-Fault") != "" {
		t.Errorf("the one-time fault came again: %d %s", resp.StatusCode, body)
	}
	// --queued-for 100ms --runs-for 200ms: a deployment ends well within the default 5 s.
	resp, body = do("POST", "/v1/projects/"+id53(app)+"/deployments", tokDeploy, `{}`, nil)
	var dep struct {
		ID         int64      `json:"id"`
		Status     string     `json:"status"`
		CreatedAt  time.Time  `json:"created_at"`
		StartedAt  *time.Time `json:"started_at"`
		FinishedAt *time.Time `json:"finished_at"`
	}
	if resp.StatusCode/100 != 2 || json.Unmarshal([]byte(body), &dep) != nil || dep.ID == 0 {
		t.Fatalf("create deployment: %d %s", resp.StatusCode, body)
	}
	// Judged by the deployment's own times, not by when the test reads them (a test held up
	// past a deadline between two reads failed so, the deployment long succeeded).
	for deadline := time.Now().Add(15 * time.Second); dep.Status != "succeeded"; {
		time.Sleep(50 * time.Millisecond)
		_, body = do("GET", "/v1/projects/"+id53(app)+"/deployments/"+id53(dep.ID), tokDeploy, "", nil)
		_ = json.Unmarshal([]byte(body), &dep)
		if dep.Status != "succeeded" && time.Now().After(deadline) {
			t.Fatalf("deployment still %q after 15 s with --queued-for 100ms --runs-for 200ms: %s", dep.Status, body)
		}
	}
	if dep.StartedAt == nil || dep.FinishedAt == nil || dep.StartedAt.Sub(dep.CreatedAt) != 100*time.Millisecond ||
		dep.FinishedAt.Sub(*dep.StartedAt) != 200*time.Millisecond {
		t.Errorf("--queued-for 100ms --runs-for 200ms: the deployment's times are %s", body)
	}
	// --rate-limit 40: the 41st request of a token within the minute gets 429; another token is served.
	// The emulator's windows are whole minutes of the clock, and requests that straddle a minute's
	// end see a fresh window part way (CI failed so once: request 41 had 18 left). Each answer's
	// X-RateLimit-Reset names its window, so the count starts again when that changes: at most two
	// windows, wherever in the minute the test runs, and no waiting for one to end.
	window, n := "", 0
	for sent := 1; ; sent++ {
		if sent > 2*41 {
			t.Fatalf("%d requests and still no 429", sent-1)
		}
		resp, body := do("GET", "/v1/projects", tokRate, "", nil)
		if reset := resp.Header.Get("X-RateLimit-Reset"); reset != window {
			window, n = reset, 0
		}
		n++
		if n <= 40 && (resp.StatusCode != http.StatusOK || resp.Header.Get("X-RateLimit-Limit") != "40" ||
			resp.Header.Get("X-RateLimit-Remaining") != strconv.Itoa(40-n)) {
			t.Fatalf("request %d of its window, within the limit: %d %v %s", n, resp.StatusCode, resp.Header, body)
		}
		if n == 41 {
			if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || resp.Header.Get("X-RateLimit-Remaining") != "0" {
				t.Errorf("request 41 of its window: %d %v %s", resp.StatusCode, resp.Header, body)
			}
			break
		}
	}
	if resp, body := do("GET", "/v1/projects", tokBob, "", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("another token after one's limit: %d %s", resp.StatusCode, body)
	}
	s.stop()
	logs := s.stderr.String()
	for _, value := range []string{tokBob, tokRate, tokDeploy, secret, tok.AccessToken} {
		if strings.Contains(logs, value) {
			t.Errorf("the logs hold %q:\n%s", value, logs)
		}
	}
	for _, want := range []string{`"oauth_clients":"r53-client"`, `"rate_limit":40`, `"faults":2`, `bob@sandbox`, `"connection opened"`, `"connections":`} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %s:\n%s", want, logs)
		}
	}
}

func id53(n int64) string { return strconv.FormatInt(n, 10) }

// TestR53ClaimsCommandLineBoundsAreExact: README says --http-max-connections accepts "at most
// 65536", the HTTP limits each have a flag (sizes "in bytes or with KiB, MiB or GiB"), and of
// sandbox-api: a --org slug outside [A-Za-z0-9._-]{1,64} is refused, as is one given twice in
// any case; --allowed-hosts refuses a URL, a wildcard or a port outside 1–65535; a --token's
// user must have a role in its org. Each bound is tried one past it (exit 2, naming the flag)
// and at it (served).
func TestR53ClaimsCommandLineBoundsAreExact(t *testing.T) {
	long := strings.Repeat("a", 64)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-max-connections", "65537"}, "--http-max-connections 65537: want at most 65,536"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-max-connections", "0"}, "--http-max-connections 0: want at least 1"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-max-sessions", "-1"}, "--http-max-sessions -1: want at least 1"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-max-body", "1MB"}, "--http-max-body"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-max-body", "0"}, "--http-max-body 0: want at least"},
		{[]string{"--sandbox", "--http", "127.0.0.1:0", "--http-idle-timeout", "900ms"}, "--http-idle-timeout"},
		{[]string{"sandbox-api", "--org", "slug=" + long + "a,owner=alice"}, `must match [A-Za-z0-9._-]{1,64}`},
		{[]string{"sandbox-api", "--org", "slug=a b,owner=alice"}, `must match [A-Za-z0-9._-]{1,64}`},
		{[]string{"sandbox-api", "--org", "slug=ÿ,owner=alice"}, `must match [A-Za-z0-9._-]{1,64}`},
		{[]string{"sandbox-api", "--org", "slug=Team,owner=x", "--org", "slug=team,owner=y"}, "given twice"},
		{[]string{"sandbox-api", "--allowed-hosts", "http://x.example"}, "not a URL"},
		{[]string{"sandbox-api", "--allowed-hosts", "*.example"}, "no wildcards"},
		{[]string{"sandbox-api", "--allowed-hosts", "x.example:0"}, "from 1 to 65535"},
		{[]string{"sandbox-api", "--allowed-hosts", "x.example:65536"}, "from 1 to 65535"},
		{[]string{"sandbox-api", "--token", "value=r53-t,org=sandbox,user=zed"}, `user "zed" is not a member of "sandbox"`},
	} {
		got := run(t, nil, tc.args...)
		if got.code != 2 || !strings.Contains(got.stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr:\n%s", tc.args, got.code, got.stderr)
		}
	}
	for _, args := range [][]string{
		{"--sandbox", "--http-max-connections", "65536", "--http-max-body", "1KiB"},
		{"sandbox-api", "--listen", "127.0.0.1:0", "--log-format", "json", "--org", "slug=" + long + ",owner=alice", "--allowed-hosts", "x.example:65535"},
	} {
		var s *server
		if args[0] == "sandbox-api" {
			s = startServer(t, nil, args...)
		} else {
			s = startHTTP(t, nil, args...)
		}
		s.stop()
	}
}

// TestR53ClaimsBearerTokenServesItsRequestOnly: README (HTTP tenancy) says a request's bearer
// token "is used for that request only, never cached", and that two clients with different
// tokens never see each other's data. Two callers of one server (no server token to lend), one
// acting in `sandbox` and one in `acme-labs`, call list_apps at the same time, twenty times
// each; then a request without a token follows theirs. Every answer lists only its caller's
// apps, every upstream request carries the token of the call it serves, and the tokenless
// request is refused (401), not served with a token seen before.
func TestR53ClaimsBearerTokenServesItsRequestOnly(t *testing.T) {
	const tokA, tokB = "r53-tenant-a-token", "r53-tenant-b-token"
	emu := sandbox.New(sandbox.Config{Demo: true, Tokens: []sandbox.Token{
		{Value: tokA, Org: "sandbox", Scopes: []string{"*"}}, {Value: tokB, Org: "acme-labs", Scopes: []string{"*"}}}})
	var mu sync.Mutex
	seen := map[string]int{}
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Header.Get("Authorization")]++
		mu.Unlock()
		emu.ServeHTTP(w, r)
	}))
	defer api.Close()
	s := startHTTP(t, map[string]string{"SPICE_API_URL": api.URL, "GOGC": "100", "GOMEMLIMIT": "1GiB"})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	a := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer " + tokA})
	b := s.mcpClient(ctx, map[string]string{"Authorization": "Bearer " + tokB})
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			if out, isErr := callTool(t, ctx, a, "list_apps"); isErr || !strings.Contains(out, "analytics-app") || strings.Contains(out, "nightly-etl") {
				t.Errorf("caller A: %s", out)
			}
		})
		wg.Go(func() {
			if out, isErr := callTool(t, ctx, b, "list_apps"); isErr || !strings.Contains(out, "nightly-etl") || strings.Contains(out, "analytics-app") {
				t.Errorf("caller B: %s", out)
			}
		})
	}
	wg.Wait()
	req, _ := http.NewRequest("POST", s.url, strings.NewReader(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r53","version":"0"}}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a request without a token after two callers': %d", resp.StatusCode)
	}
	mu.Lock()
	defer mu.Unlock()
	for auth, n := range seen {
		if auth != "Bearer "+tokA && auth != "Bearer "+tokB {
			t.Errorf("the API was sent %q (%d times)", auth, n)
		}
	}
	s.stop()
}
