package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestR48NewcomerOneMethodPerOperation: README ("The client") says the client has one exported
// method per operation of api/openapi.json, named after its operationId (listApps → ListApps,
// getApiKeys → GetAPIKeys; getHealth is Health), taking the context first.
func TestR48NewcomerOneMethodPerOperation(t *testing.T) {
	typ := reflect.TypeFor[*client.Client]()
	ctxType := reflect.TypeFor[interface{ Done() <-chan struct{} }]()
	for _, op := range api.Operations {
		name := strings.ToUpper(op.ID[:1]) + strings.ReplaceAll(op.ID[1:], "Api", "API")
		if op.ID == "getHealth" {
			name = "Health"
		}
		m, ok := typ.MethodByName(name)
		if !ok {
			t.Errorf("operation %s: the client has no method %s", op.ID, name)
			continue
		}
		if m.Type.NumIn() < 2 || !m.Type.In(1).Implements(ctxType) {
			t.Errorf("%s does not take a context first", name)
		}
	}
}

// TestR48NewcomerTimeoutsAsREADMESays: README ("The client", Timeouts) gives 10 s for the TLS
// handshake, 30 s to response headers and 60 s per request.
func TestR48NewcomerTimeoutsAsREADMESays(t *testing.T) {
	c, err := client.New(client.Config{BaseURL: "https://api.spice.ai", Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	tr := client.Transport(c)
	if tr.TLSHandshakeTimeout != 10*time.Second || tr.ResponseHeaderTimeout != 30*time.Second || client.R48NewcomerRequestTimeout(c) != 60*time.Second {
		t.Errorf("TLS %v, headers %v, request %v; README says 10s, 30s, 60s", tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout, client.R48NewcomerRequestTimeout(c))
	}
}

// TestR48NewcomerKeyNumberZeroIsSent: README ("The client", Decoding) says `key_number: 0` is
// always sent (0 means both keys): both spellings' regenerate requests carry it, over real HTTP
// to the emulator, which then replaces both keys.
func TestR48NewcomerKeyNumberZeroIsSent(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	emu := sandbox.New(sandbox.Config{Demo: true})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/api-keys") {
			b, _ := io.ReadAll(r.Body)
			mu.Lock()
			bodies = append(bodies, string(b))
			mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		emu.ServeHTTP(w, r)
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox")})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	before, err := c.GetProjectAPIKeys(ctx, 101)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.RegenerateProjectAPIKey(ctx, 101, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RegenerateAPIKey(ctx, 101, 0); err != nil {
		t.Fatal(err)
	}
	after, err := c.GetProjectAPIKeys(ctx, 101)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bodies) != 2 {
		t.Fatalf("%d regenerate requests seen, want 2", len(bodies))
	}
	for _, b := range bodies {
		if !strings.Contains(b, `"key_number":0`) {
			t.Errorf("regenerate body %s lacks key_number 0", b)
		}
	}
	if reflect.DeepEqual(before, after) {
		t.Errorf("keys unchanged after regenerating both: %+v", after)
	}
}

// TestR48NewcomerREADMEClientSnippetRuns: the three lines README's "The client" opens with, as
// written, against the emulator over real HTTP with SPICE_API_URL and SPICE_API_TOKEN set; with
// no credentials only Health works and every other call is ErrNoCredentials.
func TestR48NewcomerREADMEClientSnippetRuns(t *testing.T) {
	srv := httptest.NewServer(sandbox.New(sandbox.Config{Demo: true}))
	defer srv.Close()
	ctx, version := context.Background(), "test"
	env := map[string]string{"SPICE_API_URL": srv.URL, "SPICE_API_TOKEN": "sandbox"}
	getenv := func(name string) string { return env[name] }

	cfg, err := client.ConfigFromEnv(getenv, version) // reads the variables below
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	apps, err := c.ListApps(ctx)
	if err != nil || len(apps) != 2 || apps[0].Name != "analytics-app" {
		t.Errorf("ListApps: %+v, %v", apps, err)
	}

	delete(env, "SPICE_API_TOKEN")
	cfg, err = client.ConfigFromEnv(getenv, version)
	if err != nil {
		t.Fatal(err)
	}
	c, err = client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Health(ctx); err != nil {
		t.Errorf("Health without credentials: %v", err)
	}
	if _, err := c.ListOrgs(ctx); !errors.Is(err, client.ErrNoCredentials) || !strings.Contains(err.Error(), "https://spice.ai/account") {
		t.Errorf("ListOrgs without credentials: %v", err)
	}
}

// TestR48NewcomerEnvironmentDefaultsAsListed: the Default column of README's "Environment
// variables" table is what the client uses when the variable is unset.
func TestR48NewcomerEnvironmentDefaultsAsListed(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(readme), "\n### Environment variables\n")
	table, _, _ = strings.Cut(table, "\n\n")
	defaults := map[string]string{}
	for _, line := range strings.Split(table, "\n") {
		cells := strings.Split(line, " | ")
		if len(cells) < 3 || !strings.HasPrefix(cells[0], "| `SPICE_") {
			continue
		}
		name := strings.Trim(strings.TrimPrefix(cells[0], "| "), "`")
		defaults[name] = strings.Trim(strings.TrimSuffix(cells[len(cells)-1], " |"), "`")
	}
	want := map[string]string{
		client.EnvOAuthTokenURL: client.DefaultTokenURL,
		client.EnvAPIURL:        client.DefaultBaseURL,
		client.EnvMaxIdleConns:  strconv.Itoa(client.DefaultMaxIdleConnsPerHost),
	}
	for name, value := range want {
		if defaults[name] != value {
			t.Errorf("README gives %s the default %q; the client's is %q", name, defaults[name], value)
		}
	}
	cfg, err := client.ConfigFromEnv(func(string) string { return "" }, "test")
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != client.DefaultBaseURL || client.Transport(c).MaxIdleConnsPerHost != client.DefaultMaxIdleConnsPerHost {
		t.Errorf("unset variables: base URL %q, idle connections %d", c.BaseURL(), client.Transport(c).MaxIdleConnsPerHost)
	}
}

// TestR48NewcomerAPIErrorCarriesWhatREADMESays: every Go identifier README's "Errors" bullet
// says *APIError carries (`ActiveDeploymentID`, `Code`, …) is a field of client.APIError; the
// remedy is the presentation layer's (present.Remedy), which the client does not attach.
func TestR48NewcomerAPIErrorCarriesWhatREADMESays(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sentence, ok := strings.Cut(strings.Join(strings.Fields(string(readme)), " "), "`*APIError` carries ")
	if !ok {
		t.Fatal("README no longer says what *APIError carries; update this test")
	}
	sentence, _, _ = strings.Cut(sentence, " A failed `Deployment`")
	typ := reflect.TypeFor[client.APIError]()
	checked := 0
	for _, m := range regexp.MustCompile("`([A-Z][A-Za-z]+)`").FindAllStringSubmatch(sentence, -1) {
		checked++
		if _, ok := typ.FieldByName(m[1]); !ok {
			t.Errorf("README says *APIError carries %s; client.APIError has no such field", m[1])
		}
	}
	if checked < 4 {
		t.Fatalf("found %d identifiers in %q", checked, sentence)
	}
	for _, field := range []string{"StatusCode", "Message", "FieldErrors", "FormErrors", "RequiredScope"} {
		if _, ok := typ.FieldByName(field); !ok {
			t.Errorf("client.APIError has no %s (README: the status, message, field and form errors, the scope a 403 requires)", field)
		}
	}
}

// TestR48NewcomerErrorTypesHaveTheMembersREADMENames: the members README's "The client" names
// on the client's types are theirs (a renamed field leaves README pointing at nothing).
func TestR48NewcomerErrorTypesHaveTheMembersREADMENames(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	for _, c := range []struct {
		quote   string
		typ     reflect.Type
		members []string
	}{
		{"`*RequestError` is a request without an answer (`Sent`, `OutcomeUnknown`, `Untrusted`)", reflect.TypeFor[client.RequestError](), []string{"Sent", "OutcomeUnknown", "Untrusted"}},
		{"`*ResponseError` (`TooLarge`)", reflect.TypeFor[client.ResponseError](), []string{"TooLarge"}},
		{"`Deleted` has `EarlierAttempt` set", reflect.TypeFor[client.Deleted](), []string{"EarlierAttempt"}},
		{"A failed `Deployment` carries `ErrorCode`; `Retriable()`", reflect.TypeFor[client.Deployment](), []string{"ErrorCode", "Retriable"}},
		{"(`Sent`, `Untrusted`) is decided as for API calls", reflect.TypeFor[client.TokenError](), []string{"Sent", "Untrusted", "SentEarlier"}},
		{"`UpdateProjectRequest.ImageTag` is a `client.Nullable[string]`", reflect.TypeFor[client.UpdateProjectRequest](), []string{"ImageTag"}},
	} {
		if !strings.Contains(text, c.quote) {
			t.Errorf("README no longer says %s; update this test", c.quote)
			continue
		}
		for _, m := range c.members {
			_, field := c.typ.FieldByName(m)
			_, method := reflect.PointerTo(c.typ).MethodByName(m)
			if !field && !method {
				t.Errorf("README names %s.%s; there is no such field or method", c.typ.Name(), m)
			}
		}
	}
	if f, _ := reflect.TypeFor[client.UpdateProjectRequest]().FieldByName("ImageTag"); f.Type != reflect.TypeFor[client.Nullable[string]]() {
		t.Errorf("UpdateProjectRequest.ImageTag is a %v, README says client.Nullable[string]", f.Type)
	}
}
