package humanweb

import (
	"errors"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// SystemBrowser returns an opener that shows a URL in the person's default browser, started
// by this process, and whether this machine has one to start: macOS and Windows always, other
// systems when a graphical session is present (DISPLAY or WAYLAND_DISPLAY) and xdg-open is
// installed. The URL is passed as one argument, never through a shell; the launcher's output
// is discarded, so nothing reaches stdout (which carries JSON-RPC over stdio).
func SystemBrowser(getenv func(string) string) (func(url string) error, bool) {
	var name string
	var args []string
	switch runtime.GOOS {
	case "darwin":
		name = "open"
	case "windows":
		name, args = "rundll32", []string{"url.dll,FileProtocolHandler"}
	default:
		if getenv("DISPLAY") == "" && getenv("WAYLAND_DISPLAY") == "" {
			return nil, false
		}
		name = "xdg-open"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return nil, false
	}
	return func(url string) error {
		cmd := exec.Command(path, append(args, url)...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
		if err := cmd.Start(); err != nil {
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
