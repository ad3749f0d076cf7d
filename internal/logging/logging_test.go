package logging

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
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

// TestRedactFilterAgreesWithThePattern: the cheap filter in front of the expression
// (secretName) decides as the expression would.
func TestRedactFilterAgreesWithThePattern(t *testing.T) {
	keys := []string{"password", "PG_PASS", "Passwd", "secret", "client_secret", "token", "access_token", "apikey",
		"API_KEY", "api-key", "Authorization", "cookie", "credentials", "private_key", "privateKey", "value", "VALUE",
		"values", "value_from_env", "tool", "version", "mode", "url", "duration", "err", "op", "status", "attempt",
		"ToKen", "paſs", "keys", "KEY", "sig", "author", "credit"}
	for _, k := range keys {
		if got, want := secretName(k), secretKey.MatchString(k); got != want {
			t.Errorf("secretName(%q) = %v, the pattern says %v", k, got, want)
		}
	}
}

// TestLogsMaskAsResultsDo: a log line's texts are masked by the rule results mask error texts
// by (present.MaskAPIText), every shape of it: the audit's retry warning (round 14) showed
// password=Xyz123abc that list_apps's result masked. Texts without a credential, and the
// messages (the server's own words), are logged as written.
func TestLogsMaskAsResultsDo(t *testing.T) {
	ghp := "ghp_" + strings.Repeat("A", 36)
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		logger, err := New(&buf, slog.LevelDebug, format)
		if err != nil {
			t.Fatal(err)
		}
		logger.Warn("spice api request failed, retrying", "op", "listProjects", "attempt", 1,
			"error", "GET /v1/projects: 502: "+ghp+" password=Xyz123abc")
		logger.Warn("retrying", "err", errors.New(`upstream said {"pg_password":"Pg-Secret-77"} for postgres://admin:Adm1nPw@db:5432/x`))
		logger.Info("shapes", "basic", "Authorization: Basic dXNlcjpwYXNzd29yZA==", "aws", "key AKIAIOSFODNN7EXAMPLE",
			"gitlab", "glpat-abcdefghij0123456789", "slack", "xoxb-123456789012-abcdefghijkl",
			"query", "https://h/x?sig=SigValue123&sv=2024", "spaced", "password\u00a0=\u00a0Hunter22222",
			"split", "pass\u034fword=hunter2XYZ", "escaped", `x ghp_\u200b`+strings.Repeat("E", 36))
		// Round 15: a Unicode space after the colon reads as a space (prose stays, nothing is
		// dropped), and its escape written out (an ASCII-only JSON encoder's) too.
		logger.Warn("retrying", "error", "400: {\"message\":\"Invalid token:\u00a0signature verification failed\"}",
			"revoked", "token:\u00a0Token has been revoked", "json", `{"msg":"password\u00a0=\u00a0Hunter33333"}`,
			"bearer", `{"msg":"auth header Bearer\u00a0abcDEF123456xyz"}`)
		// Round 18: a no-break space spelled out (HTML, Go's byte escapes, percent-encoded) or a
		// NEL after Bearer, and an invisible character before the space after "token:".
		logger.Warn("retrying", "html", "upstream page: Authorization: Bearer&nbsp;sk-live-abcdef0123456789",
			"quoted", `header "Bearer\xc2\xa0Tok9Go8Quoted7"`, "form", "auth=x Bearer%C2%A0Tok6Percent5", "nel", "Bearer\u0085Tok4Nel3Value",
			"expired", "Invalid token:\u200b signature has expired")
		// Round 20: an ASCII space spelled out, a space encoded twice, octal byte escapes.
		logger.Warn("retrying", "ascii", "upstream page: Authorization: Bearer&#32;Tok3Ascii2Sp", "double", "q=Bearer%2520Tok1Double0Enc",
			"octal", `password\302\240=\302\240Oct7Pw8Value`, "amp", "Bearer&amp;nbsp;Amp5Nbsp6Tok")
		logger.Info("tool call", "tool", "list_apps", "note", "status: ok, 3 apps", "url", "http://127.0.0.1:8080/mcp")
		logger.Warn("no Spice.ai credentials: --http-allow-server-token has none to lend") // the server's own words
		out := buf.String()
		for _, leak := range []string{"AAAAAAAAAAAA", "Xyz123abc", "Pg-Secret-77", "Adm1nPw", "dXNlcjpwYXNzd29yZA", "IOSFODNN7EXAMPLE",
			"abcdefghij0123456789", "abcdefghijkl", "SigValue123", "Hunter22222", "hunter2XYZ", "EEEEEEEEEEEE",
			"Hunter33333", "abcDEF123456xyz", "abcdef0123456789", "Tok9Go8Quoted7", "Tok6Percent5", "Tok4Nel3Value",
			"Tok3Ascii2Sp", "Tok1Double0Enc", "Oct7Pw8Value", "Amp5Nbsp6Tok"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s output leaks %q:\n%s", format, leak, out)
			}
		}
		for _, kept := range []string{"password=********", "sv=2024", "list_apps", "status: ok, 3 apps", "http://127.0.0.1:8080/mcp",
			"credentials: --http-allow-server-token has none", "signature verification failed", "Token has been revoked", "signature has expired"} {
			if !strings.Contains(out, kept) {
				t.Errorf("%s output lost %q:\n%s", format, kept, out)
			}
		}
	}
}

// TestMaskMessages: a logger whose messages other code formats (mcp-go's stdio error logger,
// a log.Logger over slog) masks them as attributes are; the server's own logger keeps its.
func TestMaskMessages(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var buf bytes.Buffer
		logger, err := New(&buf, slog.LevelDebug, format)
		if err != nil {
			t.Fatal(err)
		}
		foreign := slog.NewLogLogger(MaskMessages(logger.Handler()).WithAttrs([]slog.Attr{slog.String("from", "mcp-go")}), slog.LevelError)
		foreign.Printf("panic recovered in stdio tool call worker: %v", "dial postgres://admin:Adm1nPw@db/x password=Xyz123abc")
		foreign.Printf("Tool call queue full, processing synchronously")
		out := buf.String()
		for _, leak := range []string{"Adm1nPw", "Xyz123abc"} {
			if strings.Contains(out, leak) {
				t.Errorf("%s output leaks %q:\n%s", format, leak, out)
			}
		}
		for _, kept := range []string{"panic recovered in stdio tool call worker", "password=********", "Tool call queue full, processing synchronously", "mcp-go"} {
			if !strings.Contains(out, kept) {
				t.Errorf("%s output lost %q:\n%s", format, kept, out)
			}
		}
	}
}

// BenchmarkLogLine is the cost of one log line through the redaction, as the server writes
// them: a tool call's line (names, numbers, durations), a retry's warning with the API's error
// text, and one whose text holds a credential. JSON to a writer that keeps only the last line
// (checked after the loop: CI runs each benchmark once), so the figure is the handler's work.
func BenchmarkLogLine(b *testing.B) {
	var last r75CiBenchLastLine
	logger, err := New(&last, slog.LevelDebug, "json")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("tool-call", func(b *testing.B) {
		for b.Loop() {
			logger.Info("tool call", "tool", "list_apps", "session", "b1f0c2d4-51c7-4f3e-9d1a-2f7c9e6a0b11",
				"duration", 1234*time.Microsecond, "is_error", false)
		}
		if line := string(last); !strings.Contains(line, `"tool":"list_apps"`) || !strings.Contains(line, `"session":"b1f0c2d4-51c7-4f3e-9d1a-2f7c9e6a0b11"`) {
			b.Fatalf("logged %s", line)
		}
	})
	b.Run("retry", func(b *testing.B) {
		for b.Loop() {
			logger.Warn("spice api request failed, retrying", "op", "listProjects", "attempt", 2, "wait", 400*time.Millisecond,
				"error", `GET https://api.spice.ai/v1/projects: 503 Service Unavailable: {"error":"upstream connect error or disconnect/reset before headers. reset reason: connection failure"}`)
		}
		if line := string(last); !strings.Contains(line, "reset reason: connection failure") || !strings.Contains(line, `"op":"listProjects"`) {
			b.Fatalf("logged %s", line)
		}
	})
	b.Run("retry-credential", func(b *testing.B) {
		for b.Loop() {
			logger.Warn("spice api request failed, retrying", "op", "listProjects", "attempt", 2, "wait", 400*time.Millisecond,
				"error", "GET https://api.spice.ai/v1/projects: 503: ghp_"+strings.Repeat("A", 36)+" password=Xyz123abc")
		}
		if line := string(last); strings.Contains(line, "ghp_AAAA") || strings.Contains(line, "Xyz123abc") ||
			!strings.Contains(line, "password=********") || !strings.Contains(line, `"attempt":2`) {
			b.Fatalf("logged %s", line)
		}
	})
}
