package sandbox

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestR41InProcessTransportSendsNothingOnAnEndedContext: as net/http's transport, the
// in-process one serves no request whose context already ended (a tool call whose time limit
// ran out before its first request): create_app creates nothing.
func TestR41InProcessTransportSendsNothingOnAnEndedContext(t *testing.T) {
	e := New(Config{})
	rt := e.Transport()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://sandbox.invalid/v1/apps", strings.NewReader(`{"name":"r41-ended"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer sandbox")
	req.Header.Set("Content-Type", "application/json")
	if resp, err := rt.RoundTrip(req); err == nil {
		resp.Body.Close()
		t.Fatalf("RoundTrip on an ended context answered %d, want an error", resp.StatusCode)
	}
	list, err := http.NewRequest(http.MethodGet, "http://sandbox.invalid/v1/apps", nil)
	if err != nil {
		t.Fatal(err)
	}
	list.Header.Set("Authorization", "Bearer sandbox")
	resp, err := rt.RoundTrip(list)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body bytes.Buffer
	if _, err := body.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(body.String(), "r41-ended") {
		t.Errorf("the request on an ended context was applied: GET /v1/apps lists r41-ended\n%s", body.String())
	}
}
