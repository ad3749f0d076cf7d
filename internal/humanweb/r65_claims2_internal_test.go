package humanweb

import (
	"context"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestR65Claims2READMENumbersAreThePagesOwn: the numbers README gives for the approval and
// secret pages are the ones a page server made as the command line makes it (no TTL, no caps:
// the defaults) uses: its listener's timeouts read from its http.Server once it listens, a
// link's life from a link it issues, and the link caps from the surface.
func TestR65Claims2READMENumbersAreThePagesOwn(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s := New(Options{Now: func() time.Time { return now }})
	defer s.Close()
	if _, err := s.baseURL(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, link, err := s.Approval(context.Background(), Approval{Key: "r65", Caller: "r65-caller", Tool: "delete_app", Action: "Delete the app r65"})
	if err != nil {
		t.Fatal(err)
	}
	seconds := func(d time.Duration) string { return strconv.Itoa(int(d.Seconds())) }
	minutes := func(d time.Duration) string { return strconv.Itoa(int(d.Minutes())) }
	for _, c := range []struct {
		claim string // a regular expression whose group is the number README gives
		uses  string // what the page server uses, in README's unit
	}{
		{"headers must arrive within (\\d+) s, a request within \\d+ s, and an idle connection closes after a minute", seconds(s.server.ReadHeaderTimeout)},
		{"headers must arrive within \\d+ s, a request within (\\d+) s, and an idle connection closes after a minute", seconds(s.server.ReadTimeout)},
		{"a request within \\d+ s, and an idle connection closes after (a) minute", map[time.Duration]string{time.Minute: "a"}[s.server.IdleTimeout]},
		{"or a link that expires \\((\\d+) minutes\\), changes nothing", minutes(link.Expires.Sub(now))},
		{"such a link still expires (\\d+) minutes after it was issued", minutes(link.Expires.Sub(now))},
		{"may have at most (\\d+) links waiting for an answer", strconv.Itoa(s.opts.MaxOpenPerCaller)},
		{"The process keeps at most (\\d+) links in all", strconv.Itoa(s.opts.MaxOpen)},
	} {
		m := regexp.MustCompile(c.claim).FindStringSubmatch(text)
		switch {
		case m == nil:
			t.Errorf("README no longer says %q", c.claim)
		case m[1] != c.uses:
			t.Errorf("README says %q, the page server uses %s", m[0], c.uses)
		}
	}
}
