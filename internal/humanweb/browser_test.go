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

// TestSystemBrowser: without a graphical session there is no browser to open; with one,
// xdg-open gets one argument, untouched by any shell: the path of a file that sends the browser
// on to the link, never the link (a command line is readable by every local user). The file is
// ours alone (0600 in a 0700 directory of ours) and goes once the page is fetched, at the
// link's expiry, and at shutdown.
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
	// The launcher records its command line, as another local user reads it in /proc.
	script := "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" >> " + out + "\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	t.Setenv("TMPDIR", t.TempDir())
	open, ok := SystemBrowser(func(k string) string { return map[string]string{"DISPLAY": ":0"}[k] })
	if !ok {
		t.Fatal("no browser with DISPLAY set and xdg-open on PATH")
	}
	argv := func(n int) []string {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if b, err := os.ReadFile(out); err == nil && strings.Count(string(b), "\n") == 2*n {
				lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
				return lines[2*n-2:]
			}
		}
		t.Fatalf("the launcher did not run %d times", n)
		return nil
	}

	s := New(Options{Open: open})
	t.Cleanup(func() { _ = s.Close() })
	opened := func(key string) (Link, string, string) {
		t.Helper()
		_, link, err := s.Approval(context.Background(), Approval{Key: key, Tool: "pause_app", Action: "Pause app"})
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Open(link); !s.Opens() || !ok || err != nil {
			t.Fatalf("a surface with an opener does not open: %v, %v", ok, err)
		}
		s.mu.Lock()
		it := s.refs[link.Ref]
		s.mu.Unlock()
		return link, it.id, it.token
	}
	link, id, token := opened("k")
	args := argv(1)
	if args[0] != "1" {
		t.Fatalf("xdg-open got %q, want one argument", args)
	}
	file := args[1]
	if strings.Contains(file, Prefix) || strings.Contains(file, id) || strings.Contains(file, token) || strings.Contains(file, link.URL) {
		t.Fatalf("the launcher's command line holds the link: %q", args)
	}
	if file != handoffs.path(id) {
		t.Fatalf("the launcher got %q, not the link's redirect file %q", file, handoffs.path(id))
	}
	for path, want := range map[string]os.FileMode{file: 0o600, filepath.Dir(file): 0o700 | os.ModeDir} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode() != want || ownerOf(fi) != os.Getuid() {
			t.Errorf("%s: mode %v owner %d; want %v, ours", path, fi.Mode(), ownerOf(fi), want)
		}
	}
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `<meta http-equiv="refresh" content="0;url=`+link.URL+`">`) ||
		!strings.Contains(string(body), `location.replace("`+link.URL+`")`) || strings.Contains(string(body), token) {
		t.Errorf("the file does not send the browser on to the link (or holds the token):\n%s", body)
	}
	res, err := http.Get(link.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the redirect file outlives the page's fetch: %v", err)
	}
	if _, err := os.Stat(filepath.Dir(file)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the empty directory outlives its last file: %v", err)
	}

	// Never fetched: the file goes at shutdown.
	_, id2, _ := opened("k2")
	file2 := argv(2)[1]
	if file2 != handoffs.path(id2) {
		t.Fatalf("second link: launcher got %q", file2)
	}
	_ = s.Close()
	if _, err := os.Stat(file2); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the redirect file outlives the server: %v", err)
	}

	// Never fetched: the file goes when the link expires.
	// (A clock that stands still: the file's time is the TTL from Open, however slow the launch.)
	frozen := time.Now()
	short := New(Options{Open: open, TTL: time.Second, Now: func() time.Time { return frozen }})
	t.Cleanup(func() { _ = short.Close() })
	_, link3, err := short.Approval(context.Background(), Approval{Key: "k3", Tool: "pause_app", Action: "Pause app"})
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := short.Open(link3); !ok || err != nil {
		t.Fatal(ok, err)
	}
	file3 := argv(3)[1]
	if _, err := os.Stat(file3); err != nil {
		t.Fatalf("the redirect file is gone before the link expired: %v", err)
	}
	gone := false
	for deadline := time.Now().Add(3 * time.Second); !gone && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		_, err := os.Stat(file3)
		gone = errors.Is(err, os.ErrNotExist)
	}
	if !gone {
		t.Error("the redirect file outlives the link's expiry")
	}

	if ok, err := New(Options{}).Open(Link{URL: link.URL}); ok || err != nil {
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
	t.Setenv("TMPDIR", t.TempDir())
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
		if id := link.URL[strings.LastIndex(link.URL, "/")+1:]; handoffs.path(id) != "" {
			t.Errorf("%s: the redirect file of a link the browser never got is kept", kind)
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

// TestHandoffDirReplaced (round 26): the redirect files' directory has a public name (in the
// launcher's command line). Removed behind our back and put back as someone else's (a symbolic
// link, a directory of another mode; another user's, which a test cannot make), it is not used: the next
// file goes to a fresh private directory, and nothing is written into or removed from the
// impostor.
func TestHandoffDirReplaced(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("Unix modes and symbolic links")
	}
	t.Setenv("TMPDIR", t.TempDir())
	elsewhere := t.TempDir()
	for _, tc := range []struct {
		name    string
		replace func(dir string) error
	}{
		{"a symbolic link", func(dir string) error { return os.Symlink(elsewhere, dir) }},
		{"a directory of mode 0755", func(dir string) error { return os.Mkdir(dir, 0o755) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			id1, file1, err := handoffs.write("http://127.0.0.1:1" + Prefix + "first-" + tc.name)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { handoffs.remove(id1) })
			dir := filepath.Dir(file1)
			if err := os.RemoveAll(dir); err != nil { // a temporary-file cleaner
				t.Fatal(err)
			}
			if err := tc.replace(dir); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Remove(dir) })
			id2, file2, err := handoffs.write("http://127.0.0.1:1" + Prefix + "second-" + tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Dir(file2) == dir {
				t.Fatalf("the second redirect file went into the replaced directory %s (%s)", dir, tc.name)
			}
			for _, d := range []string{dir, elsewhere} {
				if entries, _ := os.ReadDir(d); len(entries) != 0 {
					t.Errorf("%s holds %d files, want none", d, len(entries))
				}
			}
			fi, err := os.Lstat(filepath.Dir(file2))
			if err != nil || !privateDir(fi) {
				t.Errorf("the fresh directory is not private: %v, %v", fi, err)
			}
			handoffs.remove(id1)
			handoffs.remove(id2)
			if _, err := os.Lstat(dir); err != nil {
				t.Errorf("the replacement was removed: %v", err)
			}
			if _, err := os.Stat(filepath.Dir(file2)); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("the fresh directory outlives its last file: %v", err)
			}
		})
	}
}
