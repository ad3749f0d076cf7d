package gendocs

import (
	"regexp"
	"strings"
	"testing"
)

// TestR75Newcomer13OneEmptyCacheBuildFigure: README's first screen gave the server's first
// build from empty caches in four runs (4.8, 7.9, 7.8 and 6.4 minutes, each at its own load)
// and its build cache as 171 MB where the next round saw 188 MB, so a newcomer could not tell
// which to expect. The part about the server's build (before the test command's) now states
// one wait and one build-cache size, each with its conditions; a second one fails this.
func TestR75Newcomer13OneEmptyCacheBuildFigure(t *testing.T) {
	intro := strings.Join(strings.Fields(r74Newcomer12Intro(t)), " ")
	server, _, ok := strings.Cut(intro, "The test command compiles")
	if !ok {
		t.Fatal("README's first screen no longer speaks of the test command's compilation; update this test")
	}
	for _, c := range []struct{ what, re string }{
		{"wait for the first build", `\d+(?:\.\d+)? minutes`},
		{"build cache size", `\d+ MB in Go's build cache`},
	} {
		got := regexp.MustCompile(c.re).FindAllString(server, -1)
		if len(got) != 1 {
			t.Errorf("README's first screen gives the server's %s as %q; state one figure with its conditions", c.what, got)
		}
	}
	for _, want := range []string{"4.8 minutes in round 74, from empty caches", "load average 17 to 24"} {
		if !strings.Contains(server, want) {
			t.Errorf("README's figure lost its conditions: no %q", want)
		}
	}
}
