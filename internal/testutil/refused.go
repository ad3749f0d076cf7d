package testutil

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// HeldServer is a started httptest.Server on a HeldListener: once closed (an endpoint that goes
// away mid-test), its address refuses connections for the rest of the test.
func HeldServer(t testing.TB, h http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	_ = srv.Listener.Close()
	srv.Listener = HeldListener(t)
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}
