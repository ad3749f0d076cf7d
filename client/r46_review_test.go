package client_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestR46ReviewLostDeleteGatewayJSONNotFoundIsNoProof: 0a8e515 says only the API's own 404
// answer counts as the target gone after a DELETE whose answer was lost, but "its own" is any
// JSON with a string "error": the default 404 body of Spring Boot / Spring Cloud Gateway
// ({"timestamp":…,"status":404,"error":"Not Found","path":…}), a route the gateway does not
// know, is taken as proof that the first attempt deleted the app, project or member.
func TestR46ReviewLostDeleteGatewayJSONNotFoundIsNoProof(t *testing.T) {
	var mu sync.Mutex
	attempts := 0
	up := newFakeUpstream(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		attempts++
		n := attempts
		mu.Unlock()
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable) // a proxy's: the answer is lost
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"timestamp":"2026-12-04T15:40:00.000+00:00","path":"` + r.URL.Path +
			`","status":404,"error":"Not Found","requestId":"7f3a2b1c-1"}`))
	})
	c := fakeClient(t, up.URL, client.StaticToken("t"))
	ctx := context.Background()
	for name, del := range map[string]func() (client.Deleted, error){
		"app":     func() (client.Deleted, error) { return c.DeleteApp(ctx, 5) },
		"project": func() (client.Deleted, error) { return c.DeleteProject(ctx, 5) },
		"member":  func() (client.Deleted, error) { return c.RemoveMember(ctx, 5) },
	} {
		mu.Lock()
		attempts = 0
		mu.Unlock()
		d, err := del()
		var apiErr *client.APIError
		if err == nil || d.EarlierAttempt || !errors.As(err, &apiErr) || !apiErr.OutcomeUnknown {
			t.Errorf("%s: a gateway's JSON 404 was taken as the target gone: %+v, %v", name, d, err)
		}
	}
}
