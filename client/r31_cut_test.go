package client

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestR31CutBreaksTextWithoutSpaces (round 31): a text in a script written without spaces
// (an API message in Chinese, Japanese or Thai) is cut between its characters, not dropped whole
// as one word: the reason the API gives stays readable. A credential it holds (ASCII, no comma)
// is still never shown in part, nor a URL's password in any script.
func TestR31CutBreaksTextWithoutSpaces(t *testing.T) {
	r := newShownRedactor(nil)
	for _, msg := range []string{
		strings.Repeat("请求参数无效，应用名称已被占用。", 50),
		strings.Repeat("リクエストが無効です。アプリ名は既に使われています。", 40),
		strings.Repeat("คำขอไม่ถูกต้อง", 80),
		"Validation failed: " + strings.Repeat("名称无效", 100),
		"reset_reason:connection_failure," + strings.Repeat("transport_failure_reason:delayed_connect_error:_111,", 10),
	} {
		got := r.shortenedWithNote(msg, 200)
		shown, _, _ := strings.Cut(got, "…")
		if len(shown) < 150 || !strings.HasPrefix(msg, shown) || !utf8.ValidString(got) {
			t.Errorf("%.40q… shortened to %q: want most of its first 200 bytes", msg, got)
		}
	}
	const ideographicSpace = "\u3000"
	const token, url = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8", "postgres://admin:密码密码密码密码密码@db"
	for _, text := range []string{
		strings.Repeat("错误", 30) + token + "。",
		strings.Repeat("错误", 30) + url,
		strings.Repeat("a ", 40) + "连接" + url,
		strings.Repeat("错", 20) + ideographicSpace + url,
	} {
		credential := token
		if strings.Contains(text, url) {
			credential = url
		}
		for n := 60; n < len(text); n++ {
			got := r.truncate(text, n)
			if !utf8.ValidString(got) {
				t.Fatalf("%q cut at %d: %q", text, n, got)
			}
			// whole (masking sees it and masks it), or none of it past its first few characters
			if shown := strings.TrimSuffix(got, "…"); !strings.Contains(shown, credential) &&
				(strings.Contains(shown, credential[:len("ghp_A1b")]) || strings.Contains(shown, "admin:")) {
				t.Fatalf("%q cut at %d: %q shows a part of %q", text, n, got, credential)
			}
		}
	}
}
