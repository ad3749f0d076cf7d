package logging

import (
	"os"
	"strings"
	"testing"
)

// Text logs are coloured only on a terminal, and never with NO_COLOR set (non-empty) or
// TERM=dumb; the README's flag table says so.
func TestR45SandboxColourFollowsNoColorAndTerm(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0) // a character device, as a terminal is
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	if info, err := tty.Stat(); err != nil || info.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no character device to stand in for a terminal")
	}
	for _, tc := range []struct {
		noColor, term string
		want          bool
	}{
		{"", "xterm-256color", true},
		{"1", "xterm-256color", false},
		{"", "dumb", false},
		{"", "DUMB", false},
	} {
		t.Setenv("NO_COLOR", tc.noColor)
		t.Setenv("TERM", tc.term)
		if got := colorful(tty); got != tc.want {
			t.Errorf("NO_COLOR=%q TERM=%q: colour %v, want %v", tc.noColor, tc.term, got, tc.want)
		}
	}
	if colorful(&strings.Builder{}) {
		t.Error("colour on a writer that is no terminal")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"`NO_COLOR`", "`TERM=dumb`"} {
		if !strings.Contains(string(readme), want) {
			t.Errorf("README does not say how %s affects the log's colour", want)
		}
	}
}
