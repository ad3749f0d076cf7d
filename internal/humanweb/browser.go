package humanweb

import (
	"errors"
	"os/exec"
	"runtime"
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
		// caller so the link is shown instead. One still running is a browser in the foreground.
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

// errNoOpener: the surface shows links in results instead of opening them.
var errNoOpener = errors.New("links are shown, not opened")

// Open shows url to the person directly, without the agent, when an opener is configured;
// false means the caller must show the link itself.
func (s *Surface) Open(url string) bool {
	err := errNoOpener
	if s.opts.Open != nil {
		err = s.opts.Open(url)
	}
	if err != nil && !errors.Is(err, errNoOpener) {
		s.opts.Logger.Warn("could not open the page in the person's browser; the link is shown to the agent instead", "error", err.Error())
	}
	return err == nil
}

// Opens reports whether links are opened for the person rather than shown in results.
func (s *Surface) Opens() bool { return s.opts.Open != nil }
