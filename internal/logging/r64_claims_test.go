package logging

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// TestR64ClaimsJSONLogsNeverColoured: README's flag table says text logs are coloured only on a
// terminal that wants colour, and "JSON is never coloured". On a terminal that wants colour
// (a character device, TERM=xterm-256color, NO_COLOR unset), where the text format colours,
// --log-format json writes slog's JSON handler, whose lines carry no escape sequence.
func TestR64ClaimsJSONLogsNeverColoured(t *testing.T) {
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	t.Setenv("NO_COLOR", "")
	t.Setenv("TERM", "xterm-256color")
	if !colorful(tty) {
		t.Skip("no character device to stand in for a terminal")
	}
	l, err := New(tty, slog.LevelDebug, "json")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Handler().(*slog.JSONHandler); !ok {
		t.Fatalf("--log-format json on a terminal writes with %T, not slog's JSON handler", l.Handler())
	}
	var buf bytes.Buffer
	json, _ := New(&buf, slog.LevelDebug, "json")
	json.Warn("r64 warning", "tool", "delete_app", "err", "x")
	if line := buf.String(); !strings.HasPrefix(line, "{") || strings.ContainsRune(line, '\x1b') {
		t.Errorf("a JSON log line: %q", line)
	}
}
