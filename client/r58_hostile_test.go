package client_test

import (
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR58HostileGzipBomb: an answer marked gzip that would inflate to a gibibyte is read only to
// the client's bound, then refused as over it ("an answer over 1,000 bytes, the most this client
// reads"): no read to the end, no memory for the whole. The upstream compresses as it is read,
// so the test costs what the client reads.
func TestR58HostileGzipBomb(t *testing.T) {
	var wrote int64
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		if _, err := zw.Write([]byte(`{"projects":[`)); err != nil {
			return
		}
		spaces := []byte(strings.Repeat(" ", 1<<16))
		for wrote < 1<<30 { // 1 GiB inflated, if anyone read it all
			if _, err := zw.Write(spaces); err != nil {
				return // the client stopped reading
			}
			wrote += int64(len(spaces))
		}
		_, _ = zw.Write([]byte(`]}`))
		_ = zw.Close()
	})
	c, err := client.New(client.Config{BaseURL: up.URL, Tokens: client.StaticToken("t0k3n-for-tests"), Retry: client.RetryPolicy{MaxAttempts: 1}})
	mustNoErr(t, err)
	client.SetMaxResponseBytes(c, 1000)
	_, err = c.ListProjects(context.Background())
	var re *client.ResponseError
	if !errors.As(err, &re) || re.TooLarge != 1000 || !strings.Contains(err.Error(), "an answer over 1,000 bytes, the most this client reads; nothing was changed") {
		t.Fatalf("a gzip bomb: %T %v", err, err)
	}
}

// TestR58HostileOddBodiesOnARead: answers that are not the documented body are refused as such,
// never read as an empty list: a 204 (no body), a Content-Length shorter than the JSON (the
// client reads what it announced), JSON followed by garbage or by a second object, an "ID"
// beside "id" (Go's decoder matches keys without regard to case: a value given twice), an id
// as a string, NaN, and a BOM-less UTF-16 body.
func TestR58HostileOddBodiesOnARead(t *testing.T) {
	for _, c := range []struct {
		name, contentLength, body string
		status                    int
		want                      string
	}{
		{"204", "", "", 204, "answered 204 No Content without the response body it documents"},
		{"short Content-Length", "5", `{"projects":[]}`, 200, "with a body that is not the response body it documents"},
		{"garbage after", "", `{"projects":[]}garbage`, 200, "with a body that is not the response body it documents"},
		{"a second object", "", `{"projects":[]} {"projects":[{"id":1}]}`, 200, "with a body that is not the response body it documents"},
		{"id and ID", "", `{"projects":[{"id":7,"ID":8,"name":"a","visibility":"private","created_at":"2026-01-01T00:00:00Z"}]}`, 200, "gives id twice, with different values"},
		{"id as a string", "", `{"projects":[{"id":"101","name":"a","visibility":"private","created_at":"2026-01-01T00:00:00Z"}]}`, 200, "with a body that is not the response body it documents"},
		{"NaN", "", `{"projects":[{"id":NaN}]}`, 200, "with a body that is not the response body it documents"},
		{"UTF-16", "", "\xff\xfe{\x00}\x00", 200, "with a body that is not the response body it documents"},
	} {
		up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if c.contentLength != "" {
				w.Header().Set("Content-Length", c.contentLength)
			}
			w.WriteHeader(c.status)
			_, _ = w.Write([]byte(c.body))
		})
		cl, err := client.New(client.Config{BaseURL: up.URL, Tokens: client.StaticToken("t0k3n-for-tests"), Retry: client.RetryPolicy{MaxAttempts: 1}})
		mustNoErr(t, err)
		ps, err := cl.ListProjects(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "nothing was changed") {
			t.Errorf("%s: %v, %v; want an error saying %q", c.name, ps, err, c.want)
		}
	}
}
