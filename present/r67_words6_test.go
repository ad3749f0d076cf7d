package present

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// r67Words6Bare is a quantity of 1,000 or more written without separators.
var r67Words6Bare = regexp.MustCompile(`\b\d{4,}\b`)

// TestR67Words6QuantitiesWithSeparators: refusals and results of present/ wrote some
// quantities with %d where every other writes 1,000 or more with separators: HTTP mode's
// session and connection caps ("at most 5000 MCP sessions"), --http-max-connections' bound
// ("want at most 65536"), the auth token's length, a secret's request size, a file's limit,
// Bytes ("1500 bytes"), the API answer's size limit, and the log lines returned. A value
// quoted as the caller sent it (--http-max-connections 70000, tail 5000) stays as sent.
func TestR67Words6QuantitiesWithSeparators(t *testing.T) {
	texts := map[string]string{
		"sessions":            TooManySessions(5000, time.Second),
		"sessions per client": TooManySessionsForClient(2500, time.Second),
		"connections":         TooManyConnections(4096, time.Second),
		"connections per ip":  TooManyConnectionsFromAddress(1024, time.Second),
		"streams":             StreamsFillConnections(4096, time.Second),
		"max connections":     strings.TrimPrefix(HTTPMaxConnectionsTooMany(70000, 65536), "--http-max-connections 70000"),
		"auth token":          AuthTokenTooLong("--http-auth-token-file", "Authorization", 4096),
		"secret size":         ArgSecretTooLarge(1228828, 1114112),
		"file":                FileTooLarge(1 << 20),
		"bytes":               Bytes(1500),
		"count":               count(2000, "app", "apps"),
		"logs returned":       InstanceLogsPart("app 1", "i-1", "", []string{"a", "b"}, 0, LogWindow{Returned: 1200, Newer: 1198}),
		"logs none older":     InstanceLogsPart("app 1", "i-1", "", nil, 0, LogWindow{Returned: 1200, Newer: 1200, Asked: 5000}),
	}
	for what, s := range texts {
		if m := r67Words6Bare.FindAllString(s, -1); len(m) > 0 {
			t.Errorf("%s: %q without separators: %s", what, m, s)
		}
	}
	for what, want := range map[string]string{
		"sessions": "at most 5,000 MCP sessions", "max connections": ": want at most 65,536", "secret size": "would be 1,228,828 bytes as sent",
		"bytes": "1,500 bytes", "file": "larger than 1,048,576 bytes", "logs returned": "(of 1,200 returned, the newest 1,198 skipped)",
	} {
		if !strings.Contains(texts[what], want) {
			t.Errorf("%s: %q lacks %q", what, texts[what], want)
		}
	}
	if got := HTTPMaxConnectionsTooMany(70000, 65536); !strings.HasPrefix(got, "--http-max-connections 70000: ") {
		t.Errorf("the value as sent is not kept: %s", got)
	}
}
