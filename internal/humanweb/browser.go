package humanweb

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// SystemBrowser returns an opener that shows a URL in the person's default browser, started
// by this process, and whether this machine has one to start: macOS and Windows always, other
// systems when a graphical session is present (DISPLAY or WAYLAND_DISPLAY) and xdg-open is
// installed. The launcher never gets the URL: a command line is readable by every local user
// (/proc/PID/cmdline, ps), and the URL is the capability. It gets the path of a file only we
// can read (handoffs) that sends the browser on to the URL; the path is one argument, never
// through a shell. The launcher's output is discarded, so nothing reaches stdout (which
// carries JSON-RPC over stdio).
func SystemBrowser(getenv func(string) string) (func(url string) error, bool) {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		// Blank is unset (`DISPLAY= ` in a unit file names no session).
		if strings.TrimSpace(getenv("DISPLAY")) == "" && strings.TrimSpace(getenv("WAYLAND_DISPLAY")) == "" {
			return nil, false
		}
		name = "xdg-open"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return nil, false
	}
	return func(url string) error {
		id, file, err := handoffs.write(url)
		if err != nil {
			return err
		}
		cmd := exec.Command(path, append(args, file)...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
		if err := cmd.Start(); err != nil {
			handoffs.remove(id)
			return err
		}
		// The launcher hands the page to a browser and exits: a failure (no browser behind
		// DISPLAY, as over SSH with X forwarding) is its exit status, which must reach the
		// caller so the call is refused rather than claiming a page opened. One still running
		// is a browser in the foreground.
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				handoffs.remove(id)
			}
			return err
		case <-time.After(launcherWait):
			return nil
		}
	}, true
}

// launcherWait is how long Open waits for the browser launcher's exit status.
const launcherWait = 3 * time.Second

// ErrNotOpened: the browser launcher failed, so the person was not shown the page. The link
// was withdrawn and the caller must not show it instead: a surface that opens links promises
// that they never reach the agent.
var ErrNotOpened = errors.New("the page could not be opened in the person's browser")

// Open shows l to the person directly, without the agent. It reports false and no error when
// no opener is configured (the caller shows the link itself); true when the page was handed to
// the person's browser; and ErrNotOpened when the opener failed. Then the link is withdrawn
// (unless an earlier call already opened it in the browser, where the person may be answering),
// and the caller refuses rather than showing it: a failure the agent could provoke or wait for
// must not turn an opened link into one the agent holds.
func (s *Surface) Open(l Link) (bool, error) {
	if s.opts.Open == nil {
		return false, nil
	}
	err := s.opts.Open(l.URL)
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.refs[l.Ref]
	if err == nil {
		if it != nil {
			it.opened = true
			// The redirect file goes once the page is fetched or answered (show, item.finish),
			// or at the latest when the link expires.
			id := it.id
			time.AfterFunc(max(l.Expires.Sub(s.opts.Now()), 0), func() { handoffs.remove(id) })
		}
		return true, nil
	}
	withdrawn := it != nil && !it.opened && !it.busy && it.decision == Pending
	if withdrawn {
		s.forgetLocked(it.id, it)
	}
	// The launcher's error names the program and its exit status; scrub the link anyway, in
	// case an opener quotes its argument.
	reason := strings.ReplaceAll(err.Error(), l.URL, "[link]")
	if it != nil {
		reason = strings.ReplaceAll(reason, it.id, "[link]")
	}
	s.opts.Logger.Warn("could not open the page in the person's browser; the link is not shown to the agent and the call is refused "+
		"(run with --human-links show to pass links through the agent instead)", "error", reason, "withdrawn", withdrawn)
	return false, ErrNotOpened
}

// Opens reports whether links are opened for the person rather than shown in results.
func (s *Surface) Opens() bool { return s.opts.Open != nil }

// handoffs are the redirect files of links handed to a browser launcher: one per link ID, in
// a directory of this process's own (0700, made on first need and removed once empty), each
// file 0600. A file goes as soon as its page is fetched (show) or its link is answered,
// expires or is forgotten (item.finish), and at shutdown (Close finishes every link).
var handoffs = &handoffFiles{files: map[string]string{}}

type handoffFiles struct {
	mu    sync.Mutex
	dir   string
	made  os.FileInfo       // the directory as made, to know it again
	files map[string]string // link ID → file path
}

// write stores a file that sends a browser on to url and returns the link's ID and the file's
// path.
func (h *handoffFiles) write(url string) (id, path string, err error) {
	i := strings.LastIndex(url, Prefix)
	if i < 0 {
		return "", "", errors.New("not a page link")
	}
	id = url[i+len(Prefix):]
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(id)
	if h.dir != "" {
		// Removed behind our back (a temporary-file cleaner), its name (public: in launchers'
		// command lines) may now be another user's directory or link: the next file would be
		// theirs to swap. Anything but the directory we made, still private, is left alone and
		// another made; the files of the old one are gone with it.
		if fi, err := os.Lstat(h.dir); err != nil || !privateDir(fi) || !os.SameFile(fi, h.made) {
			for other, path := range h.files {
				if filepath.Dir(path) == h.dir {
					delete(h.files, other)
				}
			}
			h.dir, h.made = "", nil
		}
	}
	if h.dir == "" {
		dir, err := os.MkdirTemp("", "spice-cloud-mcp-")
		if err == nil {
			h.made, err = os.Lstat(dir)
			if err != nil {
				_ = os.Remove(dir)
			}
		}
		if err != nil {
			return "", "", fmt.Errorf("cannot write the page's redirect file: %w", err)
		}
		h.dir = dir
	}
	f, err := os.CreateTemp(h.dir, "page-*.html") // 0600
	if err == nil {
		_, err = f.WriteString(handoffHTML(url))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}
	if err != nil {
		h.cleanLocked()
		// The error names at most the file, never the link.
		return "", "", fmt.Errorf("cannot write the page's redirect file: %w", err)
	}
	h.files[id] = f.Name()
	return id, f.Name(), nil
}

// remove deletes the redirect file of the link with this ID, if there is one.
func (h *handoffFiles) remove(id string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.removeLocked(id)
}

func (h *handoffFiles) removeLocked(id string) {
	if path, ok := h.files[id]; ok {
		_ = os.Remove(path)
		delete(h.files, id)
		h.cleanLocked()
	}
}

// cleanLocked removes the directory once it holds no file.
func (h *handoffFiles) cleanLocked() {
	if len(h.files) == 0 && h.dir != "" {
		_ = os.Remove(h.dir)
		h.dir, h.made = "", nil
	}
}

// handoffPath is where the redirect file of the link with this ID is ("" when there is none).
func (h *handoffFiles) path(id string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.files[id]
}
