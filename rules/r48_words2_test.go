package rules

import "testing"

// TestR48Words2EchoedText: a text shows each Hidden character that is not part of it where it
// stands as Echoed's escape (and then a backslash doubled); what is part of it (a joiner in an
// emoji or Persian, a variation selector after an emoji or a keycap base, an England flag's
// tags) and whitespace that breaks the line stay; a text without a stray one is as it is.
func TestR48Words2EchoedText(t *testing.T) {
	for in, want := range map[string]string{
		`C:\dir`:                    `C:\dir`,
		"a\u202eb":                  `a\u202eb`,
		`C:\dir` + "\u200b":         `C:\\dir\u200b`,
		"one\ntwo\tthree\u2028four": "one\ntwo\tthree\u2028four",
		"x\x00y\x7fz\u0085w":        `x\u0000y\u007fz` + "\u0085w",
		"\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e":                    "\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e",
		"\u2764\ufe0f 1\ufe0f\u20e3 a\ufe0f":                                     "\u2764\ufe0f 1\ufe0f\u20e3 " + `a\ufe0f`,
		"\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F": "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",
		"x\U000E0041y":                        `x\U000e0041y`,
		"\ufeffBOM \u200eLRM \u2066iso\u2069": `\ufeffBOM \u200eLRM \u2066iso\u2069`,
	} {
		if got := EchoedText(in); got != want {
			t.Errorf("EchoedText(%+q) = %+q, want %+q", in, got, want)
		}
	}
}
