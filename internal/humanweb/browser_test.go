package humanweb

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestSystemBrowser: without a graphical session there is no browser to open; with one, the
// URL reaches xdg-open as one argument, untouched by any shell.
func TestSystemBrowser(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the xdg-open path is Linux's")
	}
	none := func(string) string { return "" }
	if _, ok := SystemBrowser(none); ok {
		t.Fatal("a browser without DISPLAY or WAYLAND_DISPLAY")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "args")
	script := "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$1\" > " + out + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	open, ok := SystemBrowser(func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] })
	if !ok {
		t.Fatal("no browser with DISPLAY set and xdg-open on PATH")
	}
	link := "http://127.0.0.1:1/human/abc; touch /tmp/pwned $(id)"
	if err := open(link); err != nil {
		t.Fatal(err)
	}
	var got string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if b, err := os.ReadFile(out); err == nil && strings.Count(string(b), "\n") == 2 {
			got = string(b)
			break
		}
	}
	if got != "1\n"+link+"\n" {
		t.Errorf("xdg-open got %q, want the URL as its one argument", got)
	}
	s := New(Options{Open: open})
	if !s.Opens() || !s.Open(link) {
		t.Error("a surface with an opener does not open")
	}
	if New(Options{}).Open(link) {
		t.Error("a surface without an opener claims to open")
	}
}

// TestBrowserLaunchFailureShowsTheLink: a launcher that fails (DISPLAY set, no browser behind
// it, as over SSH with X forwarding) makes Open report false, so the link is shown instead of
// claimed opened.
func TestBrowserLaunchFailureShowsTheLink(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the xdg-open path is Linux's")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 3\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	open, ok := SystemBrowser(func(k string) string { return map[string]string{"DISPLAY": ":99"}[k] })
	if !ok {
		t.Fatal("no opener")
	}
	if err := open("http://127.0.0.1:1/human/abc"); err == nil {
		t.Error("a failed launch reported success")
	}
	if New(Options{Open: open}).Open("http://127.0.0.1:1/human/abc") {
		t.Error("the surface claims a page opened that did not")
	}
}
