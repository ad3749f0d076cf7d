package present_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// TestSecretEntryUnknownOutcomeIsTrue: a value whose request got no answer is never said to be
// refused nor "Nothing was stored"; a refusal's reason ends with a full stop before the next
// sentence. Before, an unknown outcome read "…refused the value… set it again Nothing was stored."
func TestSecretEntryUnknownOutcomeIsTrue(t *testing.T) {
	const reason = "upsertProjectSecret: POST /v1/projects/102/secrets failed: EOF. Outcome unknown: the request was sent but no answer came back. Setting a secret is safe to repeat: set it again"
	for _, text := range []string{present.SecretEntryClosedWhileStoring(nil, "SLOW_KEY", reason, true, "", nil), present.SecretEntryFailed(nil, "SLOW_KEY", reason, true, "", nil)} {
		if !strings.Contains(text, "`SLOW_KEY` was stored is unknown") || !strings.Contains(text, "set it again. list_secrets for the app shows which are set.") ||
			strings.Contains(text, "refused") || strings.Contains(text, "Nothing was stored") {
			t.Errorf("unknown outcome: %s", text)
		}
	}
	// Why it is unknown is said as given: an answer is never said to be no answer.
	const why = "the request was answered 500 Internal Server Error, which does not say whether it was applied"
	for _, text := range []string{present.SecretEntryClosedWhileStoring(nil, "K", "Spice.ai API error 500", true, why, nil), present.SecretEntryFailed(nil, "K", "Spice.ai API error 500", true, why, nil)} {
		if !strings.Contains(text, "`K` was stored is unknown ("+why+"): Spice.ai API error 500. list_secrets") || strings.Contains(text, "no answer") {
			t.Errorf("unknown outcome of an answer: %s", text)
		}
	}
	if text := present.SecretEntryClosedWhileStoring(nil, "K", "403 Insufficient scope", false, "", nil); !strings.HasSuffix(text, "Spice.ai refused the value for `K`: 403 Insufficient scope. Nothing was stored.") {
		t.Errorf("refusal: %s", text)
	}
}

// TestOutcomeUnknownWhy: why a write's outcome is unknown, as it happened: a request without an
// answer says no answer came back; an answer names its status and never says there was none.
func TestOutcomeUnknownWhy(t *testing.T) {
	const noAnswer = "the request was sent but no answer came back"
	const inFlight = "no answer to the last attempt had been read when the time limit ran out"
	for _, tc := range []struct {
		err  error
		want string
	}{
		{&client.RequestError{Operation: "upsertProjectSecret", Method: "POST", Sent: true, OutcomeUnknown: true, Err: errors.New("EOF")}, noAnswer},
		{&client.APIError{Operation: "upsertProjectSecret", StatusCode: 500, OutcomeUnknown: true},
			"the request was answered 500 Internal Server Error, which does not say whether it was applied"},
		{&client.ResponseError{Operation: "upsertProjectSecret", Method: "POST", StatusCode: 200, Missing: []string{"name"}},
			"the request was answered 200 OK, but the answer does not show what was done"},
		{&client.DeadlineError{Operation: "upsertProjectSecret", Method: "POST", OutcomeUnknown: true}, inFlight},
		// The 429 before the attempt in flight applied nothing: it is not why the outcome is unknown.
		{&client.DeadlineError{Operation: "upsertProjectSecret", Method: "POST", OutcomeUnknown: true,
			Last: &client.APIError{Operation: "upsertProjectSecret", StatusCode: 429, RetryAfter: time.Second}}, inFlight},
		{&client.CancelledError{Operation: "upsertProjectSecret", Method: "POST", OutcomeUnknown: true}, "the call was cancelled before the request was done"},
	} {
		if got := present.OutcomeUnknownWhy(tc.err); got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.err, got, tc.want)
		}
	}
}

// TestOutcomeUnknownWhyAfterA429: an upstream answers a secret upsert 429 with Retry-After,
// then does not answer the retry before the call's time limit. The outcome is unknown because
// of the attempt in flight, not the 429 (which applied nothing): said so, never "an earlier
// attempt's outcome is unknown, and the request was then answered 429". Through the real client.
func TestOutcomeUnknownWhyAfterA429(t *testing.T) {
	var posts atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if posts.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error":"Too many requests"}`)
			return
		}
		select { // the retry: no answer before the caller's time limit
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err = c.UpsertProjectSecret(ctx, 1, "DB_TOKEN", "v")
	if !client.MayHaveApplied(err) || posts.Load() != 2 {
		t.Fatalf("want an unknown outcome after 2 attempts, got %d attempts: %v", posts.Load(), err)
	}
	why := present.OutcomeUnknownWhy(err)
	if why != "no answer to the last attempt had been read when the time limit ran out" {
		t.Errorf("why: %q (error %v)", why, err)
	}
}
