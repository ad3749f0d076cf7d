package humanweb_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/humanweb"
)

// r55HttpmodeLargePost sends a 4 MiB body with a fresh Go client (chunked when chunked is set,
// with Connection: close when closing is set), which writes it while it reads the answer, and
// returns the status or the error the client got instead.
func r55HttpmodeLargePost(method, target string, headers map[string]string, chunked, closing bool) (int, error) {
	var body io.Reader = bytes.NewReader(bytes.Repeat([]byte("x"), 4<<20))
	if chunked {
		body = io.MultiReader(body) // hides the length
	}
	req, _ := http.NewRequest(method, target, body)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	req.Close = closing
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: 20 * time.Second}).Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// TestR55HttpmodePageRefusalsReachAClientStillSending: every refusal the page's own listener
// sends while the client still sends a large body (405, 403, 415, 413, 409 for a link already
// answered, 410 for one expired, 404 for an unknown one) reaches the client every time, also
// when the client sent Connection: close, after which net/http closed at once, the body
// unread, and the reset lost the answer about half the time.
func TestR55HttpmodePageRefusalsReachAClientStillSending(t *testing.T) {
	var skew atomic.Int64 // how far the clock is ahead
	s := newSurface(t, humanweb.Options{Now: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	pending := approval(t, s, "pending")
	answered := approval(t, s, "answered")
	if r := post(t, answered.URL, map[string][]string{"token": {tokenOf(t, answered.URL)}, "decision": {"decline"}}, sameOrigin(answered.URL)); r.status != http.StatusOK {
		t.Fatalf("decline: %d", r.status)
	}
	form := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	own := sameOrigin(pending.URL)
	for k, v := range own {
		form[k] = v
	}
	base := pending.URL[:strings.LastIndex(pending.URL, "/")+1]
	cases := []struct {
		name, method, target string
		headers              map[string]string
		status               int
	}{
		{"405 PUT", http.MethodPut, pending.URL, form, http.StatusMethodNotAllowed},
		{"403 foreign Origin", http.MethodPost, pending.URL, map[string]string{"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"}, http.StatusForbidden},
		{"415 not a form", http.MethodPost, pending.URL, map[string]string{"Origin": own["Origin"], "Sec-Fetch-Site": "same-origin", "Content-Type": "text/plain"}, http.StatusUnsupportedMediaType},
		{"413 past the form's limit", http.MethodPost, pending.URL, form, http.StatusRequestEntityTooLarge},
		{"409 already answered", http.MethodPost, answered.URL, form, http.StatusConflict},
		{"404 unknown link", http.MethodPost, base + "nosuchlink", form, http.StatusRequestEntityTooLarge},
	}
	run := func(name, method, target string, headers map[string]string, status int) {
		for _, mode := range []struct{ chunked, closing bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			for i := range 3 {
				got, err := r55HttpmodeLargePost(method, target, headers, mode.chunked, mode.closing)
				if err != nil || got != status {
					t.Errorf("%s (chunked %v, Connection: close %v) round %d: %d %v, want %d", name, mode.chunked, mode.closing, i, got, err, status)
				}
			}
		}
	}
	for _, tc := range cases {
		run(tc.name, tc.method, tc.target, tc.headers, tc.status)
	}
	// Expired: 410, the body unread.
	expiring := approval(t, s, "expiring")
	_ = tokenOf(t, expiring.URL)
	skew.Store(int64(humanweb.DefaultTTL + time.Minute))
	run("410 expired", http.MethodPost, expiring.URL, form, http.StatusGone)
}
