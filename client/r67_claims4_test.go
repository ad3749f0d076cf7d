package client

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// TestR67Claims4TokenReasonRunningIntoOurWordsIsRedacted: README's "Words of ours that may
// stand before or after the composed text ... are allowed for at its ends": a client secret
// that begins in the token endpoint's last text and runs on past it into the words the error
// puts after it ("; try again later", " after N attempts", ": check SPICE_CLIENT_ID ...") has
// the endpoint's part replaced, and the value is shown nowhere in the error's text.
func TestR67Claims4TokenReasonRunningIntoOurWordsIsRedacted(t *testing.T) {
	for _, tc := range []struct {
		status       int
		body, secret string
	}{
		{503, `{"error":"temporarily_unavailable","error_description":"busy hunter2"}`, "hunter2 after 2 attempts; try again"},
		{503, `{"error":"temporarily_unavailable","error_description":"busy hunter2"}`, "busy hunter2 after 2"},
		{503, `{"error":"temporarily_unavailable","error_description":"busy hunter2"}`, "hunter2; try again later"},
		{401, `{"error":"invalid_client","error_description":"bad hunter2"}`, "hunter2: check SPICE_CLIENT_ID"},
		{401, `{"error":"invalid_client","error_description":"bad hunter2"}`, "hunter2: check"},
		{400, `{"error":"invalid_request","error_description":"bad hunter2"}`, "bad hunter2: ch"},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		}))
		cc := &ClientCredentials{ClientID: "id", ClientSecret: tc.secret, TokenURL: srv.URL + "/token", Retry: RetryPolicy{MaxAttempts: 2}}
		_, err := cc.Token(context.Background())
		srv.Close()
		if err == nil {
			t.Fatalf("%s: no error", tc.body)
		}
		if shown := err.Error(); strings.Contains(shown, "hunter2") || !strings.Contains(shown, redactedMark) {
			t.Errorf("%d %s, secret %q: %q, want the endpoint's part of it %s", tc.status, tc.body, tc.secret, shown, redactedMark)
		}
	}
}

// TestR67Claims4RedactAcrossWordsMemoryIsLinear: README's "The work is linear in the composed
// text's length plus the values'", held by bytes allocated rather than by the benchmark that
// times it (BenchmarkRedactAcrossWords, which go test does not run): the degenerate value
// "Request: aaa…. What", every end and middle of it a beginning of the text, redacted from a
// text of its a's, allocates at most 32 times as much at 64 KiB as at 4 KiB (16 is linear,
// README's reading 14; a quadratic pass would be 256).
func TestR67Claims4RedactAcrossWordsMemoryIsLinear(t *testing.T) {
	allocated := map[int]uint64{}
	for _, n := range []int{4 << 10, 64 << 10} {
		value := "Request: " + strings.Repeat("a", n) + ". What"
		r := newRedactor([]string{value})
		allocated[n] = math.MaxUint64
		for range 3 { // the least of three: what else the process allocates meanwhile is not counted
			texts := []string{strings.Repeat("a", n)}
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r.redactShownTexts(texts, []layout{{[]piece{oursPiece("400 Bad Request: "), {texts[0], 0}}, []string{" (", ". ", "\n"}}})
			runtime.ReadMemStats(&after)
			if texts[0] != redactedMark {
				t.Fatalf("a value of %d a's across our words: %.40q…, want %s", n, texts[0], redactedMark)
			}
			allocated[n] = min(allocated[n], after.TotalAlloc-before.TotalAlloc)
		}
	}
	ratio := float64(allocated[64<<10]) / float64(max(allocated[4<<10], 1))
	t.Logf("allocated %d bytes at 4 KiB, %d at 64 KiB: %.1f times", allocated[4<<10], allocated[64<<10], ratio)
	if ratio > 32 {
		t.Errorf("a value 16 times as long allocates %.1f times as much, want at most 32 (linear)", ratio)
	}
}
