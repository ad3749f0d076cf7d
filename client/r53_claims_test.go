package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR53ClaimsPathValuesNeverLeaveOneSegment: README (API client, Path values) says instance
// names are any name of at most 1,024 characters but all dots or one holding '/', '\', '%',
// '?', '#', white space (Unicode's too) or a control character, and secret names follow the
// secret-name pattern, "so no dot-segment or encoded separator ever reaches the API; they are
// path-escaped as well". An agent tries every Unicode white-space rune, every control rune,
// dot-segments, encoded separators and a name one character over the cap: none of them reaches
// the upstream. Names that pass (dots inside, 1,024 characters of two bytes each, a colon, an
// '@', a ';') arrive as exactly one path segment, decoded back to the name.
func TestR53ClaimsPathValuesNeverLeaveOneSegment(t *testing.T) {
	var mu sync.Mutex
	var got []string // raw request URIs
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.RequestURI)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if strings.Contains(r.URL.Path, "/secrets/") {
			_, _ = w.Write([]byte(`{"name":"X","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}`))
			return
		}
		_, _ = w.Write([]byte(`{"lines":[]}`))
	})
	c := fakeClient(t, up.URL, client.StaticToken("tok-r53"))
	ctx := context.Background()
	sent := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := got
		got = nil
		return out
	}

	bad := []string{".", "..", "...", "%2e%2e", "%2E", "a/b", `a\b`, "a%2fb", "a?b", "a#b", "a b", "/", "../x", `..\x`,
		strings.Repeat("a", 1025), strings.Repeat("é", 1025)}
	for r := rune(0); r <= 0x3000; r++ {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			bad = append(bad, "a"+string(r)+"b", string(r))
		}
	}
	bad = append(bad, "a\ufeffb")
	for _, name := range bad {
		_, err := c.GetProjectInstanceLogs(ctx, 101, name, 0)
		var ve *client.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("instance %q: %v, want a validation error", name, err)
		}
		if s := sent(); len(s) != 0 {
			t.Errorf("instance %q reached the API: %q", name, s)
		}
	}
	for _, name := range []string{"..", "a/b", "A-B", "1A", "a b", "%41", "a.b", "A\u00a0", "A\u200b"} {
		_, err := c.GetProjectSecret(ctx, 101, name)
		var ve *client.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("secret %q: %v, want a validation error", name, err)
		}
		if s := sent(); len(s) != 0 {
			t.Errorf("secret %q reached the API: %q", name, s)
		}
	}

	for _, name := range []string{"a..b", ".a", "a.", "..a", "spice-7f9c:0", "pod@x", "a;b", "a+b", "ü", strings.Repeat("é", 1024), strings.Repeat("a", 1024)} {
		if _, err := c.GetProjectInstanceLogs(ctx, 101, name, 0); err != nil {
			t.Errorf("instance %q: %v", name, err)
			continue
		}
		s := sent()
		if len(s) != 1 {
			t.Fatalf("instance %q: %d requests", name, len(s))
		}
		rest, ok := strings.CutPrefix(s[0], "/v1/projects/101/instances/")
		seg, ok2 := strings.CutSuffix(rest, "/logs")
		if !ok || !ok2 || strings.ContainsAny(seg, "/?#") {
			t.Errorf("instance %q: sent as %q, not one segment", name, s[0])
			continue
		}
		if dec, err := unescapePath(seg); err != nil || dec != name {
			t.Errorf("instance %q: segment %q decodes to %q (%v)", name, seg, dec, err)
		}
	}
}

func unescapePath(s string) (string, error) { return url.PathUnescape(s) }
