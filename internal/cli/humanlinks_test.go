package cli_test

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestHumanLinksOpenWithAFailingBrowser: over stdio with --human-links open (and auto, which
// becomes open when DISPLAY is set and xdg-open is installed), a browser launcher that fails
// (no browser behind DISPLAY, as over SSH with X forwarding) makes the approval and secret
// calls refuse, saying what the operator can do: the link is never given to the agent instead
// (it could fetch the page and approve its own action), the link is withdrawn, no secret is
// stored, the log says why without the link, and whoami stays true. (That nothing is changed
// is checked against the emulator in mcpserver's TestFailedOpenNeverShowsTheLink.)
func TestHumanLinksOpenWithAFailingBrowser(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the xdg-open path is Linux's")
	}
	dir := t.TempDir()
	got := filepath.Join(dir, "urls")
	// The launcher gets a redirect file, never the link (humanweb.SystemBrowser): it records
	// the file's line that sends the browser on to the link (PATH holds nothing else: builtins).
	script := "#!/bin/sh\nwhile IFS= read -r l; do case \"$l\" in *http-equiv*) printf '%s\\n' \"$l\";; esac; done < \"$1\" >> " + got + "\nexit 3\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	link := regexp.MustCompile(`https?://\S+/human/[A-Za-z0-9_-]{43}`)
	for _, mode := range []string{"open", "auto"} {
		t.Run(mode, func(t *testing.T) {
			_ = os.Remove(got)
			s := startStdio(t, map[string]string{"DISPLAY": ":99"}, "--sandbox", "--human-links", mode)
			defer s.stop()
			s.handshake()
			out, isErr := s.call(3, "pause_app", map[string]any{"app": "analytics-app"})
			if !isErr || link.MatchString(out) {
				t.Fatalf("pause_app: error %v, want a refusal without a link:\n%s", isErr, out)
			}
			for _, want := range []string{"could not be opened in the user's browser", "Nothing was changed", "--human-links=show"} {
				if !strings.Contains(out, want) {
					t.Errorf("pause_app refusal lacks %q:\n%s", want, out)
				}
			}
			out, isErr = s.call(4, "set_secret", map[string]any{"app": "analytics-app", "name": "FROM_PAGE"})
			if !isErr || link.MatchString(out) || !strings.Contains(out, "Nothing was stored") {
				t.Fatalf("set_secret: error %v, want a refusal without a link:\n%s", isErr, out)
			}
			out, _ = s.call(5, "list_secrets", map[string]any{"app": "analytics-app"})
			if strings.Contains(out, "FROM_PAGE") {
				t.Errorf("a secret was stored:\n%s", out)
			}
			out, _ = s.call(7, "whoami", nil)
			if !strings.Contains(out, "(the link never reaches the agent)") {
				t.Errorf("whoami:\n%s", out)
			}
			tried, err := os.ReadFile(got)
			if err != nil {
				t.Fatalf("the browser launcher never ran: %v", err)
			}
			urls := link.FindAllString(string(tried), -1)
			if len(urls) != 2 {
				t.Fatalf("the launcher got %q, want the two links", tried)
			}
			stderr := s.stderr.String()
			if !strings.Contains(stderr, "could not open the page in the person's browser; the link is not shown to the agent") {
				t.Errorf("the log does not say why:\n%s", stderr)
			}
			for _, u := range urls {
				if strings.Contains(stderr, u[strings.LastIndex(u, "/")+1:]) || strings.Contains(s.all.String(), u) {
					t.Errorf("the link %s reached the log or the agent", u)
				}
				if code := get(t, u, strings.TrimPrefix(strings.Split(u, "/human/")[0], "http://")); code != http.StatusNotFound {
					t.Errorf("a link the browser never got answers %d, want 404", code)
				}
			}
		})
	}
}
