package mcpserver_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestR73Hostile18OriginRefusalLogShowsNoToken: an Origin of https://<token>.example, for each
// sampled family and form, is refused on a server of its own, so that its refusal is the first
// of its kind and logged (the refusal log keeps one line per kind per 10 s: a loaded run of
// TestR72Hostile16HTTPHeadersEchoNoToken, past 10 s, logged a later family's Origin). The line
// showed the canonical origin, lower-cased, which the masking no longer recognised
// (https://asiar66hostile10xyz7.example); it must show no token.
func TestR73Hostile18OriginRefusalLogShowsNoToken(t *testing.T) {
	t.Parallel()
	n := 0
	for _, k := range r71Hostile15Sample() {
		for _, f := range r71Hostile15Forms {
			_, forbidden, log := r74DupsPostAlone(t, func(req *http.Request) {
				req.Header["Origin"] = []string{"https://" + f.of(k.Value) + ".example"}
			})
			if forbidden {
				n++
			}
			for _, line := range strings.Split(log, "\n") {
				if strings.Contains(line, "Origin is not allowed") && r71Hostile15Shows(k, line) {
					t.Errorf("%s, %s: the refusal's log line shows it: %s", k.Family, f.name, line)
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d Origins refused", n)
	}
}
