package logging

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestRedaction(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		logger, err := New(&buf, slog.LevelDebug, format)
		if err != nil {
			t.Fatal(err)
		}
		jwt := "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"
		logger.Debug("call", "api_key", "k-123456", "Authorization", "Bearer abc", "client_secret", "s3cr3t",
			"value", "hunter2", "header", "Bearer zzz-token", "note", "token is "+jwt, "err", errors.New("bad "+jwt))
		logger.With("password", "pw-1").Info("x", slog.Group("req", "token", "t-1"))
		out := buf.String()
		for _, leak := range []string{"k-123456", "Bearer abc", "s3cr3t", "hunter2", "zzz-token", jwt, "pw-1", "t-1"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s output leaks %q:\n%s", format, leak, out)
			}
		}
		if !strings.Contains(out, Redacted) || !strings.Contains(out, "call") {
			t.Errorf("%s output lost its content:\n%s", format, out)
		}
	}
	if _, err := New(&bytes.Buffer{}, slog.LevelInfo, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := ParseLevel("loud"); err == nil {
		t.Error("unknown level accepted")
	}
}
