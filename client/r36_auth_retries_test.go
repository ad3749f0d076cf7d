package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r36AnsweredThenRefused is a token source whose endpoint answers 503 with Retry-After: 7 and
// stops listening once the first wait starts; later attempts are refused. It records the waits
// and the log, and the clock it judges failures by (now) can be moved.
func r36AnsweredThenRefused(t *testing.T, attempts int) (cc *client.ClientCredentials, waits *[]time.Duration, logs *bytes.Buffer, now *atomic.Int64, asked *atomic.Int32) {
	asked = new(atomic.Int32)
	// Held: once closed, the address refuses connections until the test ends.
	srv := testutil.HeldServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		w.Header().Set("Retry-After", "7")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, `{"error":"temporarily_unavailable"}`)
	}))
	logs, waits, now = new(bytes.Buffer), new([]time.Duration), new(atomic.Int64)
	now.Store(time.Now().UnixNano())
	cc = client.NewClientCredentials("r36-id", r33Secret, srv.URL+"/token")
	cc.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	cc.Retry = client.RetryPolicy{MaxAttempts: attempts, MaxElapsed: time.Hour, BaseDelay: 10 * time.Millisecond, MaxDelay: 40 * time.Millisecond}
	cc.Logger = slog.New(slog.NewTextHandler(logs, nil))
	client.SetTokenClock(cc, func() time.Time { return time.Unix(0, now.Load()) })
	client.SetTokenSleep(cc, func(ctx context.Context, d time.Duration) error {
		*waits = append(*waits, d)
		srv.Close() // the endpoint goes away: the next attempts are refused
		return ctx.Err()
	})
	return cc, waits, logs, now, asked
}

// TestR36TokenRetriesSayWhatHappened: the token endpoint answers 503 (Retry-After: 7), then
// refuses connections. Each refused attempt waits the normal backoff, not the old Retry-After,
// and its log line says it got no answer (connection refused), not a 503 it did not get. The
// error and the tool result quote the answer with the attempt that got it and say the later
// attempts got no answer, without claiming the endpoint asked for the last wait. It said
// "status=503 attempt=2 wait=7s", waited [7s 7s 7s] and "it asked to wait 7 s".
func TestR36TokenRetriesSayWhatHappened(t *testing.T) {
	cc, waits, logs, _, asked := r36AnsweredThenRefused(t, 4)
	_, err := cc.Token(context.Background())
	var te *client.TokenError
	if !errors.As(err, &te) || te.StatusCode != http.StatusServiceUnavailable || te.Attempts != 4 || te.AnsweredAttempt != 1 || te.LaterErr == nil {
		t.Fatalf("want the 503 of attempt 1 of 4 with the later attempts' failure, got %#v", err)
	}
	if asked.Load() != 1 {
		t.Fatalf("the endpoint answered %d requests, want 1", asked.Load())
	}
	if len(*waits) != 3 || (*waits)[0] != 7*time.Second {
		t.Fatalf("waits %v: want Retry-After (7s), then two backoffs", *waits)
	}
	for i, w := range (*waits)[1:] {
		if w > 40*time.Millisecond {
			t.Errorf("wait after refused attempt %d is %v: want the backoff (at most 40ms), not the old Retry-After", i+2, w)
		}
	}

	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 retry log lines, got:\n%s", logs)
	}
	if !strings.Contains(lines[0], "status=503 attempt=1 wait=7s") {
		t.Errorf("attempt 1's line: %s", lines[0])
	}
	for i, line := range lines[1:] {
		for _, want := range []string{"gave no answer", "connection refused", "sent=false", "attempt=" + string(rune('2'+i))} {
			if !strings.Contains(line, want) {
				t.Errorf("attempt %d's line lacks %q: %s", i+2, want, line)
			}
		}
		if strings.Contains(line, "status=") || strings.Contains(line, "wait=7s") {
			t.Errorf("attempt %d's line claims an answer it did not get: %s", i+2, line)
		}
	}

	msg := err.Error()
	for _, want := range []string{"answered 503 temporarily_unavailable at attempt 1 of 4", "the 3 later attempts failed (dial tcp", "connection refused"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q: %s", want, msg)
		}
	}
	text := present.ToolError("list_apps", []string{"apps:read"}, err)
	for _, want := range []string{"asked 4 times at", "it answered 503 Service Unavailable: temporarily_unavailable at attempt 1; the 3 later attempts got no answer:",
		"connection refused", "Ask the user to check that the token endpoint is reachable from the MCP server and answering; then try again later."} {
		if !strings.Contains(text, want) {
			t.Errorf("tool result lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "asked to wait") {
		t.Errorf("tool result claims the endpoint asked for the wait:\n%s", text)
	}
	for name, s := range map[string]string{"log": logs.String(), "error": msg, "result": text} {
		if strings.Contains(s, r33Secret) {
			t.Errorf("%s shows the client secret: %s", name, s)
		}
	}
}

// TestR36TokenRefusedAfterAnswerNotReusedForOldRetryAfter: the failure of an exchange whose
// later attempts got no answer answers later calls for the usual 5 s, not for the Retry-After
// the endpoint sent before it stopped answering (7 s).
func TestR36TokenRefusedAfterAnswerNotReusedForOldRetryAfter(t *testing.T) {
	cc, _, _, now, _ := r36AnsweredThenRefused(t, 2)
	if _, err := cc.Token(client.WithCall(context.Background())); err == nil {
		t.Fatal("want a failure")
	}
	now.Add(int64(6 * time.Second))
	_, err := cc.Token(client.WithCall(context.Background())) // another call
	var te *client.TokenError
	if !errors.As(err, &te) || te.Reused {
		t.Fatalf("6 s later: want the endpoint asked again, got %#v", err)
	}
}

// TestR36TokenDeadlineAfterRefusedAttempt: when the call's time limit stops the retries after a
// refused attempt, the wait it names is the backoff, not the endpoint's old Retry-After.
func TestR36TokenDeadlineAfterRefusedAttempt(t *testing.T) {
	cc, _, _, _, _ := r36AnsweredThenRefused(t, 4)
	cc.Retry.BaseDelay, cc.Retry.MaxDelay = time.Minute, time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := cc.Token(ctx) // attempt 1 waits 7 s (recorded, not slept); attempt 2 is refused
	var dl *client.DeadlineError
	if !errors.As(err, &dl) || dl.RetryAfter || dl.Wait < 30*time.Second {
		t.Fatalf("want a DeadlineError for the backoff after the refused attempt, got %#v", err)
	}
	var te *client.TokenError
	if !errors.As(dl.Last, &te) || te.AnsweredAttempt != 1 || te.Attempts != 2 {
		t.Fatalf("Last: %#v", dl.Last)
	}
	text := present.ToolError("list_apps", []string{"apps:read"}, err)
	if strings.Contains(text, "asked to wait") || !strings.Contains(text, "the next retry would start after") {
		t.Errorf("tool result:\n%s", text)
	}
}
