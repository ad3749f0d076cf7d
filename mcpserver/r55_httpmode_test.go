package mcpserver_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// r55HttpmodeLargeBody sends a 4 MiB body with a fresh Go client (Content-Length, or chunked
// when chunked is set; Connection: close when closing is set) and returns the status, or the
// error the client got instead: the client writes the body while it reads the answer, as
// RFC 9112 §9.3 asks of clients, and as Go's and curl's do.
func r55HttpmodeLargeBody(method, target string, headers map[string]string, chunked, closing bool) (int, error) {
	payload := bytes.Repeat([]byte("x"), 4<<20)
	var body io.Reader = bytes.NewReader(payload)
	if chunked {
		body = io.MultiReader(body) // hides the length
	}
	req, _ := http.NewRequest(method, target, body)
	for k, v := range headers {
		if k == "Host" {
			req.Host = v // Go's client sends req.Host, never a Host header
			continue
		}
		req.Header.Set(k, v)
	}
	req.Close = closing
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	c := &http.Client{Transport: tr, Timeout: 20 * time.Second}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, fmt.Errorf("after %s: %w", time.Since(start), err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// TestR55HttpmodeRefusalsReachAClientStillSending: every refusal the --http listener sends
// while the client is still sending a large body (413 past --http-max-body, 403 for a foreign
// Origin or Host, 400 for a credential in the URL, 401 without the shared secret, 405, 406)
// reaches the client, with Content-Length or chunked, with or without the client's own
// Connection: close, every time.
func TestR55HttpmodeRefusalsReachAClientStillSending(t *testing.T) {
	h := serve(t, mcpserver.HTTPOptions{MaxBodyBytes: 64 << 10, AuthToken: "r55-secret"}, nil)
	endpoint := h.URL()
	base := strings.TrimSuffix(endpoint, "/mcp")
	auth := map[string]string{mcpserver.AuthTokenHeader: "r55-secret", "Content-Type": "application/json"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range auth {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name, method, target string
		headers              map[string]string
		status               int
	}{
		{"413 past the body limit", http.MethodPost, endpoint, auth, http.StatusRequestEntityTooLarge},
		{"413 on another path", http.MethodPost, base + "/nothing", auth, http.StatusRequestEntityTooLarge},
		{"403 foreign Origin", http.MethodPost, endpoint, with(map[string]string{"Origin": "http://evil.example"}), http.StatusForbidden},
		{"403 foreign Host", http.MethodPost, endpoint, with(map[string]string{"Host": "evil.example"}), http.StatusForbidden},
		{"400 credential in the URL", http.MethodPost, endpoint + "?access_token=x", auth, http.StatusBadRequest},
		{"401 without the shared secret", http.MethodPost, endpoint, map[string]string{"Content-Type": "application/json"}, http.StatusUnauthorized},
		{"405 PUT", http.MethodPut, endpoint, auth, http.StatusMethodNotAllowed},
		{"406 GET ruling out the stream", http.MethodGet, endpoint, with(map[string]string{"Accept": "application/json"}), http.StatusNotAcceptable},
	}
	rounds := 3
	if raceDetector {
		rounds = 1
	}
	for _, tc := range cases {
		for _, mode := range []struct{ chunked, closing bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
			t.Run(fmt.Sprintf("%s chunked=%v close=%v", tc.name, mode.chunked, mode.closing), func(t *testing.T) {
				t.Parallel()
				for i := range rounds {
					status, err := r55HttpmodeLargeBody(tc.method, tc.target, tc.headers, mode.chunked, mode.closing)
					// A declared length past the limit gets 413 before the checks behind the
					// body limit (all but the Host check) read the headers.
					if err != nil || status != tc.status && (status != http.StatusRequestEntityTooLarge || mode.chunked || tc.headers["Host"] != "") {
						t.Errorf("round %d: %d %v, want %d", i, status, err, tc.status)
					}
				}
			})
		}
	}
}
