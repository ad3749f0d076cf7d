package sandbox

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestR67MineRequestWithoutBodyReadsNothing: a request without a body (net/http gives most GETs
// http.NoBody) costs no read buffer; one with an empty body is read as before, and both are
// answered alike.
func TestR67MineRequestWithoutBodyReadsNothing(t *testing.T) {
	e := New(Config{Clock: NewManualClock(testStart)})
	serve := func(body io.ReadCloser) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/v1/health", nil)
		req.Body = body
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec
	}
	emptyBody := func() io.ReadCloser { return io.NopCloser(strings.NewReader("")) }
	if a, b := serve(http.NoBody), serve(emptyBody()); a.Code != b.Code || a.Body.String() != b.Body.String() {
		t.Fatalf("answered otherwise without a body: %d %q against %d %q", a.Code, a.Body, b.Code, b.Body)
	}
	without := testing.AllocsPerRun(50, func() { serve(http.NoBody) })
	with := testing.AllocsPerRun(50, func() { serve(emptyBody()) })
	// with also counts the NopCloser and the strings.Reader it builds (2): reading allocates
	// the MaxBytesReader and ReadAll's buffer on top.
	if with-without < 4 {
		t.Errorf("a request without a body allocated %.0f times, one with an empty body %.0f: want the read's allocations saved", without, with)
	}
}
