package testutil

import "strings"

// CutTokenAPITexts are API error texts holding a token a line break cuts, each with the piece no
// result or masking may show: a GitHub token cut after 20 of its 40 bytes (over \n, \r\n,
// U+2028), a Stripe key, a Slack token, a GitHub token cut inside its prefix, and a Groq key whose
// lines repeat a log prefix (its last 4 after it). Round 73's masking20 tests in present (the
// masker) and mcpserver (through a tool over a real MCP client) share them.
func CutTokenAPITexts() (texts, pieces []string) {
	ghp := "ghp_R73m20" + strings.Repeat("Qz5", 8) + "Lw8Kp2"
	stripe := "sk_live_R73m20" + strings.Repeat("aB3", 8) + "Xq7W"
	slack := "xoxb-1234567890-1234567890123-R73m20AbCdEfGhIjKlMnOp"
	groq := "gsk_R73masking20AbCdEfGhIjKlMnOpQrStUvWxYz0123456789Zq8W"
	at := "2026-12-07T10:00:00.000000Z  ERROR runtime::init: "
	texts = []string{
		"Conflict: " + ghp[:20] + "\n" + ghp[20:] + " rejected",
		"Conflict: " + ghp[:20] + "\r\n" + ghp[20:] + " rejected",
		"Conflict: " + ghp[:20] + "\u2028" + ghp[20:] + " rejected",
		"key " + stripe[:18] + "\n" + stripe[18:] + " revoked",
		"token " + slack[:30] + "\n" + slack[30:] + " revoked",
		"auth with gh\np_" + ghp[4:] + " failed",
		at + "auth with " + groq[:52] + "\n" + at + "  " + groq[52:] + " rejected",
	}
	return texts, []string{ghp[20:32], ghp[20:32], ghp[20:32], stripe[18:30], slack[30:42], ghp[4:16], "Zq8W"}
}
