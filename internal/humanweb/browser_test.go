package humanweb

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
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
	if ok, err := s.Open(Link{URL: link}); !s.Opens() || !ok || err != nil {
		t.Errorf("a surface with an opener does not open: %v, %v", ok, err)
	}
	if ok, err := New(Options{}).Open(Link{URL: link}); ok || err != nil {
		t.Errorf("a surface without an opener claims to open, or fails: %v, %v", ok, err)
	}
}

// TestBrowserLaunchFailureWithdrawsTheLink: a launcher that fails (DISPLAY set, no browser
// behind it, as over SSH with X forwarding) makes Open fail with ErrNotOpened, so the caller
// refuses instead of showing the link to the agent; the link is withdrawn (its page says it is
// unknown), and the log line says why without the link or its ID.
func TestBrowserLaunchFailureWithdrawsTheLink(t *testing.T) {
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
	var logs bytes.Buffer
	s := New(Options{Open: open, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	t.Cleanup(func() { _ = s.Close() })
	for _, kind := range []string{"approval", "secrets"} {
		var link Link
		var err error
		if kind == "approval" {
			_, link, err = s.Approval(context.Background(), Approval{Key: "k", Tool: "pause_app", Action: "Pause app"})
		} else {
			_, link, err = s.Secrets(context.Background(), SecretForm{Key: "k", Tool: "set_secret", App: "a", Names: []string{"N"},
				Store: func(context.Context, string, string) error { t.Error("stored"); return nil }})
		}
		if err != nil {
			t.Fatal(err)
		}
		if opened, err := s.Open(link); opened || !errors.Is(err, ErrNotOpened) {
			t.Fatalf("%s: Open = %v, %v; want ErrNotOpened", kind, opened, err)
		}
		res, err := http.Get(link.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound || !strings.Contains(string(body), `data-outcome="unknown"`) {
			t.Errorf("%s: the page of a link the browser never got still answers: %d", kind, res.StatusCode)
		}
		id := link.URL[strings.LastIndex(link.URL, "/")+1:]
		if strings.Contains(logs.String(), id) {
			t.Errorf("the log holds the link: %s", logs.String())
		}
	}
	if !strings.Contains(logs.String(), "could not open the page in the person's browser; the link is not shown to the agent") ||
		!strings.Contains(logs.String(), "exit status 3") {
		t.Errorf("the log does not say why: %s", logs.String())
	}
}

// TestOpenedLinkSurvivesALaterLaunchFailure: a link already in the person's browser is not
// withdrawn when opening it again fails (they may be answering it), and the call still gets
// ErrNotOpened, not the link.
func TestOpenedLinkSurvivesALaterLaunchFailure(t *testing.T) {
	fail := false
	s := New(Options{Open: func(string) error {
		if fail {
			return errors.New("exit status 3")
		}
		return nil
	}})
	t.Cleanup(func() { _ = s.Close() })
	_, link, err := s.Approval(context.Background(), Approval{Key: "k", Tool: "pause_app", Action: "Pause app"})
	if err != nil {
		t.Fatal(err)
	}
	if opened, err := s.Open(link); !opened || err != nil {
		t.Fatalf("Open = %v, %v", opened, err)
	}
	fail = true
	if opened, err := s.Open(link); opened || !errors.Is(err, ErrNotOpened) {
		t.Fatalf("Open = %v, %v; want ErrNotOpened", opened, err)
	}
	if _, again, _ := s.Approval(context.Background(), Approval{Key: "k", Tool: "pause_app", Action: "Pause app"}); again.URL != link.URL {
		t.Error("the link the person has open was withdrawn")
	}
}
