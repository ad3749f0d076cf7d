package present

import (
	"strings"
	"testing"
)

// r46MaskCBoth checks MaskText and MaskLogLines (the text one entry) against want, and that
// masking the result again changes nothing.
func r46MaskCBoth(t *testing.T, in, want string) {
	t.Helper()
	if got := MaskText(in); got != want {
		t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
	} else if again := MaskText(got); again != got {
		t.Errorf("MaskText(%q) again = %q", got, again)
	}
	if !strings.ContainsAny(in, "\n") {
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// r46MaskCEntries checks MaskLogLines on entries against want, and that masking the result
// again changes nothing.
func r46MaskCEntries(t *testing.T, entries, want []string) {
	t.Helper()
	got := MaskLogLines(entries)
	if strings.Join(got, "⏎") != strings.Join(want, "⏎") {
		t.Errorf("MaskLogLines(%q) = %q, want %q", entries, got, want)
		return
	}
	if again := MaskLogLines(got); strings.Join(again, "⏎") != strings.Join(got, "⏎") {
		t.Errorf("MaskLogLines(%q) again = %q", got, again)
	}
}

// HTTPie's :8080/api shorthand after a masked password is the URL, no value of it.
func TestR46MaskCHTTPieShorthandAfterPassword(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"http -a admin:hunter22 :8080/api":          "http -a admin:" + m + " :8080/api",
		"http -a admin:hunter22 :8080/api name=bob": "http -a admin:" + m + " :8080/api name=bob",
		"http --auth admin:hunter22 :/users":        "http --auth admin:" + m + " :/users",
	} {
		r46MaskCBoth(t, in, want)
	}
}

// An API key given as the user with an empty password (curl -u sk_test_…:) is the
// credential: masked, the colon and the URL after it kept.
func TestR46MaskCKeyAsUserEmptyPassword(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"curl -u sk_test_abc123: https://api.example.com/v1": "curl -u " + m + ": https://api.example.com/v1",
		"curl -u sk_test_abc123:":                            "curl -u " + m + ":",
		"curl https://api.example.com/v1 -u sk_test_abc123:": "curl https://api.example.com/v1 -u " + m + ":",
		"curl --user sk_test_abc123: https://x.io":           "curl --user " + m + ": https://x.io",
		"curl -u admin: https://x.io":                        "curl -u admin: https://x.io",
	} {
		r46MaskCBoth(t, in, want)
	}
}

// PHP's var_dump in log entries with a prefix: the string's entry after the type's keeps its
// prefix and has its value masked.
func TestR46MaskCVarDumpPrefixedValue(t *testing.T) {
	m := Masked
	r46MaskCEntries(t,
		[]string{"INFO password => string(40)", "INFO hunter22hunter22hunter22hunter22abcd"},
		[]string{"INFO password => " + m, "INFO " + m})
	r46MaskCEntries(t,
		[]string{"INFO password => string(8)", `INFO "hunter22"`},
		[]string{"INFO password => " + m, "INFO " + m})
	r46MaskCEntries(t,
		[]string{"2024-06-01T10:00:00Z INFO password => string(8)", `2024-06-01T10:00:01Z INFO "hunter22"`},
		[]string{"2024-06-01T10:00:00Z INFO password => " + m, "2024-06-01T10:00:01Z INFO " + m})
}

// Ruby: a symbol key on the line after a masked value is the next pair, not its value.
func TestR46MaskCRubySymbolKeyNextPair(t *testing.T) {
	m := Masked
	for in, want := range map[string]string{
		"password => ********\n:name => \"bob\"": "password => " + m + "\n:name => \"bob\"",
		"password => hunter22\n:name => \"bob\"": "password => " + m + "\n:name => \"bob\"",
	} {
		r46MaskCBoth(t, in, want)
	}
	r46MaskCEntries(t, []string{"password => hunter22", `:name => "bob"`}, []string{"password => " + m, `:name => "bob"`})
}
