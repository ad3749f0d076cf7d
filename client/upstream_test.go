package client_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Regression tests against fake upstreams (audit findings): answers the emulator never gives —
// redirects, 2xx answers without the documented body, error bodies that echo a credential.

// fakeUpstream answers every request with handler and records what it was sent.
type fakeUpstream struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string // "METHOD /path Authorization"
}

func newFakeUpstream(t *testing.T, handler func(w http.ResponseWriter, r *http.Request)) *fakeUpstream {
	t.Helper()
	f := &fakeUpstream{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		f.mu.Unlock()
		if handler != nil {
			handler(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeUpstream) received() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

func fakeClient(t *testing.T, baseURL string, tokens client.TokenSource) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: baseURL, Tokens: tokens, Retry: fastRetry})
	mustNoErr(t, err)
	return c
}

// TestRedirectsAreNeverFollowed: a 3xx is the answer. Followed, a 301/302/303 turned POST
// …/deployments into a GET whose 200 was reported as "Deployment 0" queued, a 307/308 re-sent
// a secret value to another address, and the bearer token went to another port of the same
// host. Now nothing reaches the target, and the error names it (scheme and host only), the
// status and the setting to fix.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	const token = "spice_pat_redirect_canary_0123456789"
	elsewhere := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":7,"status":"queued","name":"X","created_at":null,"projects":[]}`))
	})
	var status int
	api := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		// The query carries a credential: it must not appear in the error.
		w.Header().Set("Location", elsewhere.URL+"/v1/next?sig=query-credential-42")
		w.WriteHeader(status)
	})
	c := fakeClient(t, api.URL, client.StaticToken(token))
	ctx := context.Background()
	calls := []struct {
		name string
		run  func() error
	}{
		{"create deployment", func() error {
			return errOf(c.CreateProjectDeployment(ctx, 5, client.CreateProjectDeploymentRequest{}))
		}},
		{"set secret", func() error { return errOf(c.UpsertProjectSecret(ctx, 5, "PG_PASS", "secret-value-canary")) }},
		{"regenerate keys", func() error { return errOf(c.RegenerateProjectAPIKey(ctx, 5, client.KeyBoth)) }},
		{"list projects", func() error { return errOf(c.ListProjects(ctx)) }},
	}
	for _, status = range []int{301, 302, 303, 307, 308} {
		for _, call := range calls {
			err := call.run()
			var re *client.RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("%d %s: want a *RedirectError, got %T: %v", status, call.name, err, err)
			}
			if re.StatusCode != status || re.Target != elsewhere.URL || re.Setting != client.EnvAPIURL {
				t.Errorf("%d %s: %+v", status, call.name, re)
			}
			msg := err.Error()
			for _, leak := range []string{"query-credential-42", "/v1/next", token, "secret-value-canary"} {
				if strings.Contains(msg, leak) {
					t.Errorf("%d %s: error shows %q: %s", status, call.name, leak, msg)
				}
			}
			wantOutcome := "a redirect means the request was not carried out"
			if re.Method == http.MethodGet {
				wantOutcome = "nothing was changed"
			}
			if !strings.Contains(msg, wantOutcome) || !strings.Contains(msg, client.EnvAPIURL) {
				t.Errorf("%d %s: %s", status, call.name, msg)
			}
		}
	}
	if got := elsewhere.received(); len(got) > 0 {
		t.Errorf("the redirect target was sent %q", got)
	}
	if got, want := len(api.received()), 5*len(calls); got != want {
		t.Errorf("the API got %d requests, want %d (a 3xx is not retried)", got, want)
	}

	// A Location that is missing, relative or not http(s) still gives a clear error.
	for loc, sameHost := range map[string]bool{"": false, "/v1/moved": true, "ftp://files.example/x": false} {
		moved := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
			if loc != "" {
				w.Header().Set("Location", loc)
			}
			w.WriteHeader(http.StatusFound)
		})
		want := ""
		if sameHost {
			want = moved.URL
		}
		err := errOf(fakeClient(t, moved.URL, client.StaticToken(token)).ListProjects(ctx))
		var re *client.RedirectError
		if !errors.As(err, &re) || re.Target != want {
			t.Errorf("Location %q: %v, want target %q", loc, err, want)
		}
	}
}

// TestOAuthTokenRequestFollowsNoRedirect: the client-credentials exchange posts the client
// secret; a redirect must not carry it anywhere.
func TestOAuthTokenRequestFollowsNoRedirect(t *testing.T) {
	elsewhere := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"stolen","token_type":"Bearer","expires_in":3600}`))
	})
	tokenEndpoint := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", elsewhere.URL+"/oauth/token")
		w.WriteHeader(http.StatusTemporaryRedirect)
	})
	api := newFakeUpstream(t, nil)
	c := fakeClient(t, api.URL, client.NewClientCredentials("client-id", "client-secret-canary", tokenEndpoint.URL+"/api/oauth/token"))
	err := errOf(c.ListProjects(context.Background()))
	var re *client.RedirectError
	if !errors.As(err, &re) || re.Setting != client.EnvOAuthTokenURL || re.Target != elsewhere.URL || re.StatusCode != 307 {
		t.Fatalf("want a token-endpoint *RedirectError to %s, got %v", elsewhere.URL, err)
	}
	if strings.Contains(err.Error(), "client-secret-canary") {
		t.Errorf("error shows the client secret: %v", err)
	}
	if got := elsewhere.received(); len(got) > 0 {
		t.Errorf("the redirect target was sent %q", got)
	}
	if got := api.received(); len(got) > 0 {
		t.Errorf("the API was called without a token: %q", got)
	}
}

// TestSuccessWithoutTheDocumentedResult: a 2xx without the body the operation documents (a
// 204 for resume, whose 200 is only assumed) or a write's result without its identifying
// fields is an error, not "deployment 0 started" or a secret with no name "updated".
func TestSuccessWithoutTheDocumentedResult(t *testing.T) {
	var status int
	var body string
	api := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
	c := fakeClient(t, api.URL, client.StaticToken("t0k3n-for-tests"))
	ctx := context.Background()
	for _, tc := range []struct {
		status  int
		body    string
		call    func() error
		schema  string
		missing []string // nil: the body is missing; "ok": no error
	}{
		{204, "", func() error { return errOf(c.ResumeProject(ctx, 5)) }, "ResumeResult", nil},
		{200, "", func() error { return errOf(c.ResumeProject(ctx, 5)) }, "ResumeResult", nil},
		{200, "null", func() error { return errOf(c.ResumeProject(ctx, 5)) }, "ResumeResult", nil},
		{200, `{"deployment_id":0}`, func() error { return errOf(c.ResumeProject(ctx, 5)) }, "ResumeResult", []string{"deployment_id"}},
		{202, "{}", func() error {
			return errOf(c.CreateProjectDeployment(ctx, 5, client.CreateProjectDeploymentRequest{}))
		}, "Deployment", []string{"id", "status"}},
		{202, `{"id":null,"status":"queued"}`, func() error { return errOf(c.RollbackProject(ctx, 5, 3)) }, "Deployment", []string{"id"}},
		{200, `{"id":4,"created_at":null}`, func() error { return errOf(c.UpsertProjectSecret(ctx, 5, "PG_PASS", "v4lue")) }, "Secret", []string{"name"}},
		{200, `{"api_key":"k1","api_key_2":""}`, func() error { return errOf(c.RegenerateProjectAPIKey(ctx, 5, client.KeyBoth)) },
			"RegeneratedAPIKeys", []string{"api_key_2", "regenerated_key"}},
		// Both keys are nullable in the schema, but not the one the request replaced.
		{200, `{"api_key":null,"api_key_2":"k2","regenerated_key":1}`, func() error {
			return errOf(c.RegenerateProjectAPIKey(ctx, 5, client.KeyPrimary))
		}, "RegeneratedAPIKeys", []string{"api_key"}},
		{200, `{"api_key":"k1","api_key_2":null,"regenerated_key":2}`, func() error { return errOf(c.RegenerateAPIKey(ctx, 5, client.KeySecondary)) },
			"RegeneratedAPIKeys", []string{"api_key_2"}},
		{201, `{"name":"new-app"}`, func() error { return errOf(c.CreateProject(ctx, client.CreateProjectRequest{Name: "new-app"})) }, "Project", []string{"id"}},
		{201, `{"user_id":0,"username":"x","roles":["member"]}`, func() error { return errOf(c.AddMember(ctx, client.AddMemberRequest{Username: "x"})) }, "Member", []string{"user_id"}},
		// The roles are what update_member_roles changed: without them it did not say.
		{200, `{"user_id":2,"username":"bob","roles":null}`, func() error {
			return errOf(c.UpdateMemberRoles(ctx, 2, []string{"viewer"}))
		}, "Member", []string{"roles"}},
		{204, "", func() error { return errOf(c.ListProjects(ctx)) }, "", nil},
	} {
		status, body = tc.status, tc.body
		err := tc.call()
		var re *client.ResponseError
		if !errors.As(err, &re) {
			t.Errorf("%d %q: want a *ResponseError, got %v", tc.status, tc.body, err)
			continue
		}
		if re.StatusCode != tc.status || re.Schema != tc.schema || !slices.Equal(re.Missing, tc.missing) {
			t.Errorf("%d %q: %+v", tc.status, tc.body, re)
		}
		what := "without the " + tc.schema
		if tc.schema == "" {
			what = "without the response body"
		}
		if tc.missing != nil {
			what = "lacks " + strings.Join(tc.missing, ", ")
		}
		if !strings.Contains(re.Error(), what) {
			t.Errorf("%d %q: %v", tc.status, tc.body, re)
		}
	}

	// What the spec allows still succeeds: a declared 204, a write's full result (a
	// regeneration of both keys is regenerated_key 0). A read without its required fields no
	// longer does (TestReadsWithoutRequiredFieldsAreUnusable).
	for _, tc := range []struct {
		status int
		body   string
		call   func() error
	}{
		{204, "", func() error { return c.PauseProject(ctx, 5) }},
		{204, "", func() error { return errOf(c.DeleteProject(ctx, 5)) }},
		{200, `{"api_key":"k1","api_key_2":"k2","regenerated_key":0}`, func() error {
			return errOf(c.RegenerateProjectAPIKey(ctx, 5, client.KeyBoth))
		}},
		// The key not regenerated may be null (ApiKeysRegenerated: both keys nullable).
		{200, `{"api_key":"aaaabbbbccccddddeeeeffff00001111","api_key_2":null,"regenerated_key":1}`, func() error {
			return errOf(c.RegenerateAPIKey(ctx, 101, client.KeyPrimary))
		}},
		{200, `{"api_key":null,"api_key_2":"k2","regenerated_key":2}`, func() error {
			return errOf(c.RegenerateProjectAPIKey(ctx, 5, client.KeySecondary))
		}},
		{200, `{"deployment_id":12}`, func() error { return errOf(c.ResumeProject(ctx, 5)) }},
	} {
		status, body = tc.status, tc.body
		if err := tc.call(); err != nil {
			t.Errorf("%d %q: %v", tc.status, tc.body, err)
		}
	}
}

// TestErrorBodiesNeverShowACredential: (a) a non-JSON error body is redacted before it is
// shortened, so a token across the cut is not half shown, and a beginning of a credential that
// ends the shortened text is redacted too; (b) a non-string `error` is re-encoded without HTML
// escaping, and every JSON spelling of a sent secret value is redacted.
func TestErrorBodiesNeverShowACredential(t *testing.T) {
	const token = "spice_pat_0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
	var status int
	var contentType, body string
	api := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
	c := fakeClient(t, api.URL, client.StaticToken(token))
	ctx := context.Background()
	// showsPart reports the longest piece (8 bytes or more) of value that msg contains.
	showsPart := func(msg, value string) string {
		for n := len(value); n >= 8; n-- {
			for i := 0; i+n <= len(value); i++ {
				if strings.Contains(msg, value[i:i+n]) {
					return value[i : i+n]
				}
			}
		}
		return ""
	}
	status, contentType = http.StatusBadRequest, "text/html"
	// endsAtCut is a body whose word end ends at byte 200, where the shown body is cut: a
	// beginning of the token there is redacted. A word the cut falls in is not shown at all.
	endsAtCut := func(end string) string { return strings.Repeat("y", 199-len(end)) + " " + end + " and more</p>" }
	for _, tc := range []struct {
		body     string
		redacted bool
	}{
		{"<p>" + strings.Repeat("x", 140) + " Authorization: Bearer " + token + "</p>", true}, // the audit's reproduction
		{strings.Repeat("y", 170) + token[:40] + "</p>", false},                               // only a beginning, cut at 200
		{endsAtCut(token[:30]), true},
		{strings.Repeat("é", 95) + token, true},                                   // redacted whole: 200 bytes, not cut
		{strings.Repeat("y", 175) + `sp\u0069ce_pat_0123456789abcdef</p>`, false}, // a beginning in a mixed spelling, cut at 200
		{endsAtCut(`sp\u0069ce_pat_012345678`), true},
		{strings.Repeat("y", 170) + `\u0073\u0070ice_pat_0123456789abcdef</p>`, false},
		{endsAtCut(`\u0073\u0070ice_pat_0123\u003`), true}, // ends inside the escape of "4"
	} {
		body = tc.body
		err := errOf(c.ListProjects(ctx))
		if err == nil {
			t.Fatal("want an error")
		}
		if part := showsPart(err.Error(), token); part != "" {
			t.Errorf("error shows %q of the token: %v", part, err)
		}
		if !strings.Contains(err.Error(), "400 Bad Request: ") || strings.Contains(err.Error(), "Bad Request: Bad Request") ||
			strings.Contains(err.Error(), "[REDACTED]") != tc.redacted || strings.Contains(err.Error(), "_pat_") {
			t.Errorf("the body should be shown, redacted (%v): %v", tc.redacted, err)
		}
	}

	// A 403's required scope is only a scope the contract names: text after it (here the
	// token) never becomes the scope a remedy repeats.
	status, contentType = http.StatusForbidden, "application/json"
	body = `{"error":"Insufficient scope. Required: apps:read (token ` + token + `)"}`
	var scoped *client.APIError
	if err := errOf(c.ListProjects(ctx)); !errors.As(err, &scoped) || scoped.RequiredScope != "apps:read" || showsPart(fmt.Sprintf("%+v", *scoped), token) != "" {
		t.Errorf("403 with the token after the scope: %+v", scoped)
	}
	status = http.StatusBadRequest

	contentType = "application/json"
	for _, value := range []string{"p&ss<w>rd-canary", `qu"ote\back-canary`, "tab\there-canary"} {
		for _, b := range []string{
			`{"error":{"rejected":%s}}`,
			`{"error":["value", %s]}`,
			`{"error":"bad value","details":{"fieldErrors":{"value":[%s]}}}`,
			`{"error":"bad value","details":{"formErrors":[%s]}}`,
		} {
			quoted := encodeHTMLEscaped(value)
			body = fmt.Sprintf(b, quoted)
			err := errOf(c.UpsertProjectSecret(ctx, 5, "PG_PASS", value))
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			escaped := strings.Trim(quoted, `"`)
			if strings.Contains(msg, value) || strings.Contains(msg, escaped) || !strings.Contains(msg, "[REDACTED]") {
				t.Errorf("body %s: error shows the value: %s", body, msg)
			}
		}
		// The API's `error` string holding the value in its JSON spelling.
		spelled, _ := json.Marshal("rejected " + strings.Trim(encodeHTMLEscaped(value), `"`))
		body = `{"error":` + string(spelled) + `}`
		if msg := errOf(c.UpsertProjectSecret(ctx, 5, "PG_PASS", value)).Error(); !strings.Contains(msg, "rejected [REDACTED]") {
			t.Errorf("body %s: %s", body, msg)
		}
	}

	// A firewall's or proxy's page echoing the value HTML-escaped, percent-encoded or in base64.
	contentType = "text/html"
	for _, value := range []string{`p&ss<w>rd"42x'`, "Zx9+Qw/ErT=&y z"} {
		for _, spelled := range []string{
			html.EscapeString(value), strings.NewReplacer(`"`, "&quot;", "'", "&#x27;").Replace(html.EscapeString(value)),
			url.QueryEscape(value), url.PathEscape(value), lowerHex(url.QueryEscape(value)),
			base64.StdEncoding.EncodeToString([]byte(value)), base64.RawURLEncoding.EncodeToString([]byte(value)),
			// The JSON request body echoed: the value in its JSON spelling inside the outer one.
			html.EscapeString(jsonText(value)), url.QueryEscape(jsonText(value)), url.PathEscape(jsonText(value)),
			base64.StdEncoding.EncodeToString([]byte(jsonText(value))), base64.URLEncoding.EncodeToString([]byte(jsonText(value))),
		} {
			body = "<p>Request blocked: " + spelled + "</p>"
			msg := errOf(c.UpsertProjectSecret(ctx, 5, "PG_PASS", value)).Error()
			if strings.Contains(msg, spelled) || !strings.Contains(msg, "Request blocked: [REDACTED]</p>") {
				t.Errorf("body %s: %s", body, msg)
			}
		}
	}
}

// TestRedactionFindsEveryJSONSpelling: a sent secret value echoed in an error body is redacted
// in whatever spelling its encoder chose — Go's (with or without HTML escaping), Python's and
// PHP's ASCII-only escapes in lower- or upper-case hex, `\/` for `/`, surrogate pairs, a mix —
// in a JSON body and in one that is not JSON (shown raw).
func TestRedactionFindsEveryJSONSpelling(t *testing.T) {
	var body string
	api := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(body))
	})
	c := fakeClient(t, api.URL, client.StaticToken("t0k3n-for-tests"))
	ctx := context.Background()
	for _, tc := range []struct {
		value     string
		spellings []string
	}{
		{"Sécr€t/pass&word<1>", []string{
			`Sécr€t/pass&word<1>`,                           // Go without HTML escaping
			`Sécr€t/pass\u0026word\u003c1\u003e`,            // Go's default
			`S\u00e9cr\u20act\/pass&word<1>`,                // Python json.dumps, PHP json_encode
			`S\u00E9cr\u20ACt\/pass&word<1>`,                // upper-case hex
			`S\u00e9cr\u20act/pass&word<1>`,                 // ASCII-only without \/
			`S\u00E9cr\u20ACt\/pass\u0026word\u003C1\u003E`, // PHP with JSON_HEX_TAG|JSON_HEX_AMP
			`\u0053\u00e9\u0063r€t\/pa\u0073s&word<1\u003e`, // a mix, and escapes where none is needed
		}},
		{"emoji😀-secret/x", []string{`emoji\ud83d\ude00-secret\/x`, `emoji\uD83D\uDE00-secret/x`, `emoji😀-secret\/x`,
			`emoji\ud83d\ude00-s\u0065cret\/x`,     // a pair in a mix
			`emoji\uD83D\ude00-secret/x`,           // hex case mixed inside a pair
			`\u0065moji\uD83d\uDe00-secret\u002fx`, // and inside each escape
		}},
		{"p😀ssword-42", []string{`p\ud83d\ude00ssw\u006frd-42`, `p\uD83D\ude00ssword-42`, `p😀ssw\u006frd-42`}},
		{`qu"ote\back-canary`, []string{`qu\"ote\\back-canary`, `qu\u0022ote\u005cback-canary`}},
	} {
		for _, spelled := range tc.spellings {
			for _, shape := range []string{
				`{"error": "bad value %s" , trailing`, // not JSON: the body is shown raw
				`{"error":"bad value %s"}`,
				`{"error":"bad value","details":{"fieldErrors":{"value":["%s"]}}}`,
			} {
				body = fmt.Sprintf(shape, spelled)
				msg := errOf(c.UpsertProjectSecret(ctx, 5, "PG_PASS", tc.value)).Error()
				if strings.Contains(msg, spelled) || strings.Contains(msg, tc.value) || strings.Contains(msg, "pass") ||
					strings.Contains(msg, "secret/") || strings.Contains(msg, "back-canary") || !strings.Contains(msg, "bad value") ||
					!strings.Contains(msg, "[REDACTED]") {
					t.Errorf("body %s: %s", body, msg)
				}
			}
		}
	}
}

// TestLongErrorBodiesAreRedactedQuickly: an error body up to the 8 MiB read, all escapes,
// is redacted in one pass over the part that can be shown. Each escape of a surrogate used to
// read on into the next, at every position: 16,000 × `\ud800` took 4 s, 900 KB did not answer
// in 200 s, and no deadline stopped it.
func TestLongErrorBodiesAreRedactedQuickly(t *testing.T) {
	const value = "p😀ssword-42"
	var body string
	api := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(body))
	})
	c := fakeClient(t, api.URL, client.StaticToken("t0k3n-for-tests"))
	// 8 MiB (a quadratic pass took hours); 2 MiB under the race detector, which slows the
	// linear pass about tenfold while a quadratic one would still take minutes.
	size := 8 << 20
	if raceDetector {
		size = 2 << 20
	}
	for _, b := range []string{
		`echo p\uD83D\ude00ssw\u006frd-42 ` + strings.Repeat(`\ud800`, size/6-10),
		strings.Repeat(`\ud83d`, size/6-10) + `p\ud83d\ude00ssword-42`,
		strings.Repeat(`\ud83d\ude00`, size/12-10) + `p\ud83d\ude00ssword-42`,
	} {
		body = b
		done := make(chan string, 1)
		go func() { done <- errOf(c.UpsertProjectSecret(context.Background(), 5, "PG_PASS", value)).Error() }()
		select {
		case msg := <-done:
			if strings.Contains(msg, "ssword") || strings.Contains(msg, "ssw\\u006frd") || !strings.Contains(msg, "Bad Request: ") ||
				strings.HasPrefix(b, "echo") != strings.Contains(msg, "echo [REDACTED]…") { // the \ud800 run the cut falls in is dropped
				t.Errorf("body %.40q…: %s", b, msg)
			}
		case <-time.After(30 * time.Second): // it takes milliseconds (BenchmarkRedact)
			t.Fatalf("body %.40q… (%d bytes): no answer after 30s", b, len(b))
		}
	}
}

// jsonText is s as encoding/json writes it inside a string, by default (& < > as \u00XX).
func jsonText(s string) string {
	return strings.Trim(encodeHTMLEscaped(s), `"`)
}

// lowerHex is percent-encoded text with its escapes' hex in lower case.
func lowerHex(s string) string {
	b := []byte(s)
	for i := range b {
		if i >= 1 && b[i-1] == '%' || i >= 2 && b[i-2] == '%' {
			b[i] = strings.ToLower(string(b[i]))[0]
		}
	}
	return string(b)
}

// encodeHTMLEscaped is a JSON string as encoding/json writes it by default: & < > as \u00XX.
func encodeHTMLEscaped(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '&', '<', '>':
			fmt.Fprintf(&b, `\u%04x`, r)
		case '"', '\\':
			b.WriteString(`\` + string(r))
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
