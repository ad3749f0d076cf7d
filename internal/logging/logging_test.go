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

// TestRedactFiltersAgreeWithThePatterns: the cheap filters in front of the expressions
// (secretName, mayHoldSecret) decide as the expressions would.
func TestRedactFiltersAgreeWithThePatterns(t *testing.T) {
	keys := []string{"password", "PG_PASS", "Passwd", "secret", "client_secret", "token", "access_token", "apikey",
		"API_KEY", "api-key", "Authorization", "cookie", "credentials", "private_key", "privateKey", "value", "VALUE",
		"values", "value_from_env", "tool", "version", "mode", "url", "duration", "err", "op", "status", "attempt",
		"ToKen", "paſs", "keys", "KEY", "sig", "author", "credit"}
	for _, k := range keys {
		if got, want := secretName(k), secretKey.MatchString(k); got != want {
			t.Errorf("secretName(%q) = %v, the pattern says %v", k, got, want)
		}
	}
	values := []string{"Bearer abc.def", "bearer\tx", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "sk-abcdefgh12345",
		"SK-ABCDEFGH12345", "ghp_" + strings.Repeat("a", 20), "GHS_" + strings.Repeat("b", 24), "ſk-abcdefgh1234",
		"serving MCP over stdio", "v1.2.3", "sandbox (emulated API with demo data)", "http://127.0.0.1:8080/mcp",
		"ghost", "skip-this", "bear", "eyes", ""}
	for _, v := range values {
		if secretValue.MatchString(v) && !mayHoldSecret(v) {
			t.Errorf("mayHoldSecret(%q) = false, but the pattern matches", v)
		}
	}
}
