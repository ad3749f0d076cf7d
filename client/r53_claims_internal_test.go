package client

import (
	"net/http"
	"testing"
	"time"
)

// TestR53ClaimsTimeoutsAndIdleConnectionsAreREADMEs: README (API client) says "10 s connect and
// TLS handshake, 30 s to response headers, 60 s per request", and "up to 128 idle connections
// to the API are kept for reuse (SPICE_API_MAX_IDLE_CONNS)". The client the server builds has
// exactly these, a configured count replaces the 128, and a count of zero or less keeps it
// rather than keeping none.
func TestR53ClaimsTimeoutsAndIdleConnectionsAreREADMEs(t *testing.T) {
	for _, tc := range []struct{ configured, want int }{{0, 128}, {-5, 128}, {16, 16}} {
		hc := defaultHTTPClient(tc.configured)
		tr := hc.Transport.(*http.Transport)
		if hc.Timeout != 60*time.Second || tr.TLSHandshakeTimeout != 10*time.Second || tr.ResponseHeaderTimeout != 30*time.Second {
			t.Errorf("request %s, TLS %s, headers %s: README says 60 s, 10 s, 30 s", hc.Timeout, tr.TLSHandshakeTimeout, tr.ResponseHeaderTimeout)
		}
		if tr.MaxIdleConnsPerHost != tc.want || tr.MaxIdleConns != 0 && tr.MaxIdleConns < tc.want {
			t.Errorf("configured %d: %d idle connections per host (%d in all), want %d", tc.configured, tr.MaxIdleConnsPerHost, tr.MaxIdleConns, tc.want)
		}
		if !tr.ForceAttemptHTTP2 {
			t.Error("HTTP/2 is not attempted")
		}
	}
	if connectTimeout != 10*time.Second {
		t.Errorf("connect timeout %s: README says 10 s", connectTimeout)
	}
	env := map[string]string{EnvMaxIdleConns: "16", "SPICE_API_TOKEN": "t"}
	cfg, err := ConfigFromEnv(func(k string) string { return env[k] }, "test")
	if err != nil || cfg.MaxIdleConnsPerHost != 16 {
		t.Errorf("%s=16: %d (%v)", EnvMaxIdleConns, cfg.MaxIdleConnsPerHost, err)
	}
}
