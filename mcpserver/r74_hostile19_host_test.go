package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestR74Hostile19HostRefusalShowsNoToken: a Host header holding a token (each sampled family,
// in each form, as a host's first label and as the whole host), refused by guardHost (neither
// loopback nor the public URL's host: DNS rebinding) on a server of its own — its refusal the
// first of its kind, so logged (one line per kind per 10 s) — shows the token neither in the
// refusal's log line nor in the answer (status line, headers, body).
func TestR74Hostile19HostRefusalShowsNoToken(t *testing.T) {
	t.Parallel()
	n, logged := 0, 0
	for _, k := range r71Hostile15Sample() {
		for _, f := range r71Hostile15Forms {
			for _, host := range []string{f.of(k.Value) + ".example", f.of(k.Value)} {
				answer, forbidden, log := r74DupsPostAlone(t, func(req *http.Request) { req.Host = host })
				if forbidden {
					n++
				}
				if r71Hostile15Shows(k, answer) {
					t.Errorf("%s, %s, Host %q: the answer shows it: %.600s", k.Family, f.name, host, answer)
				}
				for _, line := range strings.Split(log, "\n") {
					if strings.Contains(line, "request refused") {
						logged++
					}
					if strings.Contains(line, "request refused") && r71Hostile15Shows(k, line) {
						t.Errorf("%s, %s, Host %q: the refusal's log line shows it: %s", k.Family, f.name, host, line)
					}
				}
			}
		}
	}
	if n < 100 || logged < n {
		t.Fatalf("only %d Hosts refused, %d refusals logged", n, logged)
	}
}
