package humanweb

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// A DISPLAY or WAYLAND_DISPLAY of spaces (an unset variable written as `DISPLAY= ` in a unit
// file or .env) names no graphical session: no browser, so --human-links auto shows links.
func TestR46LeadBlankDisplayIsNoSession(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the xdg-open path is Linux's")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	for _, env := range []map[string]string{
		{"DISPLAY": " "},
		{"WAYLAND_DISPLAY": "\t"},
		{"DISPLAY": "  ", "WAYLAND_DISPLAY": " "},
	} {
		if _, ok := SystemBrowser(func(k string) string { return env[k] }); ok {
			t.Errorf("%q: a browser to start, though no session is named", env)
		}
	}
	if _, ok := SystemBrowser(func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] }); !ok {
		t.Error("DISPLAY=:0 with xdg-open: no browser")
	}
}
