package client

import (
	"context"
	"net/url"
	"testing"
)

// TestPublicSandboxTokenOnlyAtAnEmulator: the token "sandbox" is left unredacted only where
// just an emulator answers (the in-process one's .invalid host, a loopback address); any other
// token, and "sandbox" sent to any other host, is redacted.
func TestPublicSandboxTokenOnlyAtAnEmulator(t *testing.T) {
	for _, tc := range []struct {
		base, token, want string
	}{
		{"http://sandbox.spice-cloud-mcp.invalid", "sandbox", ""},
		{"http://127.0.0.1:8787", "sandbox", ""},
		{"http://[::1]:8787", "sandbox", ""},
		{"http://localhost:8787", "sandbox", ""},
		{"https://api.spice.ai", "sandbox", "sandbox"},
		{"http://10.0.0.5:8787", "sandbox", "sandbox"},
		{"http://127.0.0.1:8787", "Sandbox", "Sandbox"},
		{"http://127.0.0.1:8787", "sandbox2", "sandbox2"},
		{"http://sandbox.spice-cloud-mcp.invalid", "tok-abcdefgh12345", "tok-abcdefgh12345"},
	} {
		u, _ := url.Parse(tc.base)
		c := &Client{base: u}
		if got := c.redactableToken(tc.token); got != tc.want {
			t.Errorf("%s, %q: %q, want %q", tc.base, tc.token, got, tc.want)
		}
	}
}

// TestCallValuesAreShared: a call's set of values is one, whatever is added to it and where.
func TestCallValuesAreShared(t *testing.T) {
	ctx := WithCallValues(context.Background(), "first-value", "")
	learn(ctx, "second-value")
	inner := WithCallValues(ctx, "third-value")
	got := callValuesOf(ctx)
	if len(got) != 3 || got[0] != "first-value" || got[1] != "second-value" || got[2] != "third-value" || len(callValuesOf(inner)) != 3 {
		t.Errorf("values %q", got)
	}
	learn(context.Background(), "nowhere") // no set: nothing happens
	// Free text that holds a value is redacted, seen through invisible characters; text that
	// holds none is kept as it is.
	d := &Deployment{ErrorMessage: "bad h\u200bunter2-value here"}
	redactShownTexts(ctx, d, []string{"hunter2-value"}, nil)
	l := &instanceLogs{Lines: []string{"Team \U0001F468\u200d\U0001F469", "hunter2-value"}}
	redactShownTexts(ctx, l, []string{"hunter2-value"}, nil)
	if d.ErrorMessage != "bad [REDACTED] here" || l.Lines[0] != "Team \U0001F468\u200d\U0001F469" || l.Lines[1] != redactedMark {
		t.Errorf("%q %q", d.ErrorMessage, l.Lines)
	}
}
