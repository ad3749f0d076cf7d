package client_test

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/contract"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// spec validates every request the client sends and every response the emulator returns, across
// all tests of this package; TestMain fails the run on any violation or any operation left unseen.
var spec *contract.Spec

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if spec, err = contract.LoadEmbedded(); err != nil {
		fmt.Fprintln(os.Stderr, "contract:", err)
		os.Exit(1)
	}
	spec.AllowSimulatedFailures(func(h http.Header) bool { return h.Get(sandbox.FaultHeader) != "" })
	code := m.Run()
	if code == 0 {
		code = checkContract()
	}
	os.Exit(testutil.CheckLeaks(code))
}

// checkContract reports violations and, when the whole suite ran, any status an operation
// declares that no test produced through the client.
func checkContract() int {
	failed := false
	for _, v := range spec.Violations() {
		fmt.Fprintln(os.Stderr, "contract violation:", v)
		failed = true
	}
	if f := flag.Lookup("test.run"); f == nil || f.Value.String() == "" {
		seen := spec.Seen()
		ops, produced, declared := 0, 0, 0
		for _, op := range spec.Operations() {
			if len(seen[op]) > 0 {
				ops++
			}
			for _, status := range spec.Declared(op) {
				if status == http.StatusBadRequest && unreachable400[api.ByID(op)] {
					continue
				}
				declared++
				if !slices.Contains(seen[op], status) {
					fmt.Fprintf(os.Stderr, "contract: %s never answered %d through the client\n", op, status)
					failed = true
					continue
				}
				produced++
			}
		}
		if testing.Verbose() {
			fmt.Fprintf(os.Stderr, "contract: %d/%d operations exercised through the client; %d/%d declared statuses produced (%d unreachable 400s aside); %d violations\n",
				ops, len(spec.Operations()), produced, declared, len(unreachable400), len(spec.Violations()))
		}
	}
	if failed {
		return 1
	}
	return 0
}

// testEnv is an emulator behind real HTTP (with contract validation in between) and a client.
type testEnv struct {
	emu    *sandbox.Emulator
	clock  *sandbox.ManualClock
	srv    *httptest.Server
	client *client.Client
}

var epoch = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

// fastRetry keeps retry tests quick while keeping the policy's shape.
var fastRetry = client.RetryPolicy{MaxAttempts: 4, MaxElapsed: 5 * time.Second, BaseDelay: 5 * time.Millisecond, MaxDelay: 20 * time.Millisecond}

func newEnv(t *testing.T, cfg sandbox.Config, configure ...func(*client.Config)) *testEnv {
	t.Helper()
	clock := sandbox.NewManualClock(epoch)
	if cfg.Clock == nil {
		cfg.Clock = clock
	}
	emu := sandbox.New(cfg)
	srv := httptest.NewServer(spec.Handler(emu))
	t.Cleanup(srv.Close)
	ccfg := client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("sandbox"), Version: "test", Retry: fastRetry}
	for _, f := range configure {
		f(&ccfg)
	}
	c, err := client.New(ccfg)
	if err != nil {
		t.Fatalf("client.New: %v", err)
	}
	return &testEnv{emu: emu, clock: clock, srv: srv, client: c}
}

// withToken returns a client of the same emulator that uses another token.
func (e *testEnv) withToken(t *testing.T, token string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: e.srv.URL, Tokens: client.StaticToken(token), Retry: fastRetry})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// scoped returns a client whose token holds only scopes.
func (e *testEnv) scoped(t *testing.T, scopes ...string) *client.Client {
	t.Helper()
	return e.withToken(t, e.emu.IssueToken("sandbox", scopes, time.Hour))
}

func mustNoErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantAPIError asserts err is an *APIError with the status and a message containing msg.
func wantAPIError(t *testing.T, err error, status int, msg string) *client.APIError {
	t.Helper()
	apiErr, ok := err.(*client.APIError)
	if !ok {
		t.Fatalf("want *client.APIError %d %q, got %T: %v", status, msg, err, err)
	}
	if apiErr.StatusCode != status || !strings.Contains(apiErr.Message, msg) {
		t.Fatalf("want %d %q, got %d %q", status, msg, apiErr.StatusCode, apiErr.Message)
	}
	return apiErr
}

func ptr[T any](v T) *T { return &v }

// errOf keeps the error of a call that also returns a value.
func errOf[T any](_ T, err error) error { return err }
