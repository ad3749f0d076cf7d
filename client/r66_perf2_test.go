package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r66Perf2Body is a response body that counts the reads of it.
type r66Perf2Body struct {
	r     io.Reader
	reads int
}

func (b *r66Perf2Body) Read(p []byte) (int, error) { b.reads++; return b.r.Read(p) }
func (b *r66Perf2Body) Close() error               { return nil }

// r66Perf2Client is a client whose answers are the emulator's, with their bodies replaced by
// body (its Content-Length as contentLength; -1 unknown) when body is not nil, and counted.
func r66Perf2Client(t *testing.T, body []byte, contentLength int64) (*client.Client, *r66Perf2Body) {
	t.Helper()
	emu := sandbox.New(sandbox.DemoWorld()).Transport()
	counted := &r66Perf2Body{}
	rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := emu.RoundTrip(r)
		if err != nil || body == nil {
			if err == nil {
				raw, _ := io.ReadAll(resp.Body)
				counted.r = bytes.NewReader(raw)
				resp.Body = counted
			}
			return resp, err
		}
		resp.Header.Set("Content-Length", strconv.FormatInt(contentLength, 10))
		if contentLength < 0 {
			resp.Header.Del("Content-Length")
		}
		counted.r, resp.Body, resp.ContentLength = bytes.NewReader(body), counted, contentLength
		return resp, nil
	})
	c, err := client.New(client.Config{BaseURL: "http://sandbox.test", Tokens: client.StaticToken(sandbox.DefaultToken),
		HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	return c, counted
}

// r66Perf2ManyApps is a list answer of n apps, each the emulator's first one.
func r66Perf2ManyApps(t *testing.T, n int) []byte {
	t.Helper()
	c, counted := r66Perf2Client(t, nil, 0)
	if _, err := c.ListApps(context.Background()); err != nil {
		t.Fatal(err)
	}
	counted.r.(*bytes.Reader).Seek(0, io.SeekStart)
	var list struct{ Apps []json.RawMessage }
	raw, _ := io.ReadAll(counted.r)
	if err := json.Unmarshal(raw, &list); err != nil || len(list.Apps) == 0 {
		t.Fatalf("emulator's list: %v %s", err, raw)
	}
	apps := make([]json.RawMessage, n)
	for i := range apps {
		apps[i] = list.Apps[0]
	}
	out, _ := json.Marshal(map[string]any{"apps": apps})
	return out
}

// TestR66Perf2AnswerOfKnownLengthIsReadAtOnce: an answer whose Content-Length is known is read
// into a buffer of its size: the emulator's list of apps (790 bytes) in one read and the read
// that finds its end, where io.ReadAll's 512-byte start took three; a 150 KB list in a few
// reads, not one per growth of the buffer. An unknown length reads as before, whole.
func TestR66Perf2AnswerOfKnownLengthIsReadAtOnce(t *testing.T) {
	ctx := context.Background()
	c, counted := r66Perf2Client(t, nil, 0)
	apps, err := c.ListApps(ctx)
	if err != nil || len(apps) == 0 {
		t.Fatalf("ListApps: %v, %d apps", err, len(apps))
	}
	if size := counted.r.(*bytes.Reader).Size(); counted.reads > 2 {
		t.Errorf("a %d-byte answer of known length took %d reads, want at most 2", size, counted.reads)
	}

	big := r66Perf2ManyApps(t, 400)
	for _, tc := range []struct {
		length   int64
		maxReads int
	}{{int64(len(big)), 6}, {-1, 40}} {
		c, counted := r66Perf2Client(t, big, tc.length)
		apps, err := c.ListApps(ctx)
		if err != nil || len(apps) != 400 {
			t.Fatalf("Content-Length %d: ListApps: %v, %d apps", tc.length, err, len(apps))
		}
		if counted.reads > tc.maxReads {
			t.Errorf("a %d-byte answer, Content-Length %d, took %d reads, want at most %d", len(big), tc.length, counted.reads, tc.maxReads)
		}
	}
}

// TestR66Perf2ContentLengthClaimCostsNoMemory: a Content-Length that says far more than the
// body holds (1 GiB for a few bytes) sizes no buffer beyond 64 KiB; the answer is read as the
// bytes come, and still cut at the size limit when they go beyond it.
func TestR66Perf2ContentLengthClaimCostsNoMemory(t *testing.T) {
	c, _ := r66Perf2Client(t, []byte(`{"apps":[]}`), 1<<30)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := c.ListApps(context.Background())
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("ListApps: %v", err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("a 1 GiB Content-Length on an 11-byte answer allocated %d bytes", got)
	}

	big := r66Perf2ManyApps(t, 400)
	c, _ = r66Perf2Client(t, big, int64(len(big)))
	client.SetMaxResponseBytes(c, 100<<10)
	_, err = c.ListApps(context.Background())
	var re *client.ResponseError
	if !errors.As(err, &re) || re.TooLarge != 100<<10 {
		t.Errorf("a %d-byte answer over a 100 KiB limit: %v, want TooLarge", len(big), err)
	}
}
