// Package logging builds the process logger: tint text (or JSON) on stderr, never stdout, with
// credentials redacted from every attribute at every level: a secret-named attribute loses its
// value, and every string value and error text is masked as results mask the error texts they
// show (present.MaskAPIText, the one rule of what a credential looks like in text: key=value,
// URL userinfo, Bearer and Basic tokens, prefixed tokens, PEM keys, read through invisible
// characters and Unicode spaces). The message is the server's own words (every log call's
// message is a literal or a present constant; what varies goes in attributes), logged as
// written: "no Spice.ai credentials: --http-allow-server-token has none to lend" names no
// credential. A logger whose messages are formatted by other code (mcp-go's stdio error
// logger) masks them too (MaskMessages).
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/lmittmann/tint"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/lazyregexp"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Attribute keys whose values are always secret, whatever they hold.
var secretKey = lazyregexp.New(`(?i)(pass(word)?|secret|token|api[_-]?key|authorization|cookie|credential|private[_-]?key|^value$)`)

// secretKeyParts are secretKey's alternatives as lower-case substrings (value is matched whole).
var secretKeyParts = []string{"pass", "secret", "token", "apikey", "api_key", "api-key", "authorization", "cookie",
	"credential", "privatekey", "private_key", "private-key"}

// secretName reports whether secretKey matches key, without compiling it for ordinary keys: a
// log line at start-up should not cost a regular expression's compilation.
func secretName(key string) bool {
	if strings.ContainsRune(key, 'ſ') { // (?i) folds it to s; strings.ToLower does not
		return secretKey.MatchString(key)
	}
	lower := strings.ToLower(key)
	for _, part := range secretKeyParts {
		if strings.Contains(lower, part) {
			return true
		}
	}
	return lower == "value"
}

// Redacted replaces the value of a secret-named attribute; a credential inside a text is
// masked as results mask it (present.Masked).
const Redacted = "[REDACTED]"

// New returns a logger writing to w at level, as "text" (tint) or "json".
func New(w io.Writer, level slog.Level, format string) (*slog.Logger, error) {
	switch format {
	case "", "text":
		return slog.New(tint.NewTextHandler(w, &tint.Options{
			Level:       level,
			TimeFormat:  time.RFC3339,
			NoColor:     !colorful(w),
			ReplaceAttr: redact,
		})), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level, ReplaceAttr: redact})), nil
	}
	return nil, fmt.Errorf("unknown log format %q: want text or json", format)
}

// ParseLevel reads debug, info, warn or error.
func ParseLevel(s string) (slog.Level, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("unknown log level %q: want debug, info, warn or error", s)
	}
	return level, nil
}

// redact is the slog ReplaceAttr hook: secret-named keys lose their value, and the credentials
// inside any other attribute's string value or error text are masked (present.MaskAPIText).
func redact(groups []string, a slog.Attr) slog.Attr {
	if len(groups) == 0 && (a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.SourceKey) {
		return a
	}
	if len(groups) == 0 && a.Key == slog.MessageKey {
		return a
	}
	if secretName(a.Key) {
		return slog.String(a.Key, Redacted)
	}
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); s != "" {
			if masked := present.MaskAPIText(s); masked != s {
				return slog.String(a.Key, masked)
			}
		}
	case slog.KindAny:
		if err, ok := a.Value.Any().(error); ok && err != nil {
			if s := err.Error(); s != "" {
				if masked := present.MaskAPIText(s); masked != s {
					return slog.String(a.Key, masked)
				}
			}
		}
	}
	return a
}

// MaskMessages wraps h for a logger whose messages are not the server's own words: mcp-go's
// stdio error logger (mcpserver/transport.go), a log.Logger whose Printf lines ("panic
// recovered in stdio tool call worker: %v", "Error handling message: %v") become messages
// with whatever they format. Their messages are masked as attributes are (present.MaskAPIText).
func MaskMessages(h slog.Handler) slog.Handler { return maskedMessages{h} }

type maskedMessages struct{ slog.Handler }

func (h maskedMessages) Handle(ctx context.Context, r slog.Record) error {
	r.Message = present.MaskAPIText(r.Message)
	return h.Handler.Handle(ctx, r)
}

func (h maskedMessages) WithAttrs(attrs []slog.Attr) slog.Handler {
	return maskedMessages{h.Handler.WithAttrs(attrs)}
}

func (h maskedMessages) WithGroup(name string) slog.Handler {
	return maskedMessages{h.Handler.WithGroup(name)}
}

// colorful reports whether w is a terminal that wants colour (NO_COLOR unset).
func colorful(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || strings.EqualFold(os.Getenv("TERM"), "dumb") {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
