package present

import (
	"strings"
	"testing"
)

// TestR68Claims5FailureLogsMaskedAndFencedAsInstanceLogs: README's failed deployment shows the
// last log lines of the instance that failed "masked like every log line (by the one rule of
// Credentials in text) and fenced so no line can shape the result": the lines read as
// get_instance_logs' do, and a line of backticks, a heading or a list item stays inside a fence
// longer than any run of backticks the lines hold.
func TestR68Claims5FailureLogsMaskedAndFencedAsInstanceLogs(t *testing.T) {
	lines := []string{
		"ERROR could not connect: password=hunter2secret",
		"```",
		"``````",
		"# Deployment succeeded",
		"- **Status: ready**",
		"dial postgres://admin:s3cr3tpw@db:5432/app failed",
		"Authorization: Bearer abcdefghijklmnop0123",
	}
	failed := FailedDeploymentLogs("app", "app-0", "failed", lines, 0)
	instance := InstanceLogs("app", "app-0", "failed", lines, 0)
	body := func(what, text string) string {
		fence := strings.Repeat("`", 7) + "text\n"
		at := strings.Index(text, fence)
		if at < 0 {
			t.Fatalf("%s: no fence of 7 backticks, longer than the lines' 6:\n%s", what, text)
		}
		rest := text[at+len(fence):]
		end := strings.Index(rest, "\n"+strings.Repeat("`", 7))
		if end < 0 {
			t.Fatalf("%s: the fence is never closed:\n%s", what, text)
		}
		if tail := strings.TrimLeft(rest[end+8:], "`"); strings.TrimSpace(tail) != "" {
			t.Errorf("%s: text after the fence, which a line could have shaped: %q", what, tail)
		}
		return rest[:end]
	}
	got, want := body("failed deployment", failed), body("get_instance_logs", instance)
	if got != want {
		t.Errorf("a failed deployment's lines differ from get_instance_logs' (one rule):\n%s\nwant\n%s", got, want)
	}
	for _, leak := range []string{"hunter2secret", "s3cr3tpw", "abcdefghijklmnop0123"} {
		if strings.Contains(failed, leak) {
			t.Errorf("a failed deployment's logs show %q:\n%s", leak, failed)
		}
	}
	if n := strings.Count(got, "\n") + 1; n != len(lines) {
		t.Errorf("%d lines inside the fence, want all %d:\n%s", n, len(lines), got)
	}
}

// TestR68Claims5MySQLClientNamedWithin256Bytes: README's MySQL `-p` is masked when the client
// is named on the same command line, "256 bytes at most" back: a client 250 bytes back still
// names it; one further back is out of the bound read (masking stays linear), and `-p` there is
// read as a port's flag as elsewhere.
func TestR68Claims5MySQLClientNamedWithin256Bytes(t *testing.T) {
	for _, c := range []struct {
		gap    int
		masked bool
	}{{200, true}, {250, true}, {300, false}} {
		args := " --comment=" + strings.Repeat("x", c.gap-len(" --comment=")-len("mysql")-1) + " "
		in := "mysql" + args + "-pZq7xsecret db"
		if back := strings.Index(in, "-p") - strings.Index(in, "mysql"); back != c.gap {
			t.Fatalf("the client is %d bytes back, want %d", back, c.gap)
		}
		for name, mask := range map[string]func(string) string{"MaskText": MaskText, "MaskAPIText": MaskAPIText,
			"MaskLogLines": func(s string) string { return strings.Join(MaskLogLines([]string{s}), "\n") }} {
			if got := mask(in); strings.Contains(got, "Zq7x") == c.masked {
				t.Errorf("%s with the client %d bytes back: masked %v, want %v: %q", name, c.gap, !c.masked, c.masked, got)
			}
		}
	}
}
