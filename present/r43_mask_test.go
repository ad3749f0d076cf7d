package present_test

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// r43Maskers are the three maskers of free text: a log line is one entry.
var r43Maskers = map[string]func(string) string{
	"MaskText":    present.MaskText,
	"MaskAPIText": present.MaskAPIText,
	"MaskLogLines": func(s string) string {
		return strings.Join(present.MaskLogLines([]string{s}), "\n")
	},
}

// A value after a credential key and an arrow that merely starts with "--" is the value, as
// after "=" or ":" (round 42's DB_PASSWORD=--Secret…): the arrow rule took any "--" for a
// credential flag whose own value maskSpacedValues masks, and so showed the password.
func TestR43MaskArrowValueStartingWithDashes(t *testing.T) {
	for _, in := range []string{
		"password -> --Secret123abc",
		"password->--Secret123abc",
		"api_key → --Zq7xSECRET99",
		"token -> --Zq7x-secret-99 rotated",
		"password -> --password Secret123abc",
		"password->--password Secret123abc",
		"password -> --password\n  Secret123abc",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "Secret123") || strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}

// The MaskLogLines half of TestR42ReviewmaskVarDumpTypeNextArrowPairStaysText, kept out of the
// tree last round: a column list var_dump-style, one entry per column (password => string(60),
// then name => string(20)), had the next column's name masked. maskPendingKeys masks the key's
// entry and the next as one text, a line separator between them; MaskText masked the type
// alone in its first pass, and in its second read the mask and the next entry's first word as
// one value (a line separator ends no value): password => ******** => ********.
func TestR42ReviewmaskVarDumpTypeNextArrowPairStays(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"password => string(60)", "name => string(20)"}, []string{"password => ********", "name => string(20)"}},
		{[]string{"password -> string(255)", "remember_token -> string(100)"}, []string{"password -> ********", "remember_token -> ********"}},
		{[]string{"password => string(60)", "name->x"}, []string{"password => ********", "name->x"}},
		{[]string{"password => string(60)", "name: string(20)"}, []string{"password => ********", "name: string(20)"}},
		// The value itself in the next entry stays masked.
		{[]string{"api_key -> string(11)", "Zq7xK9pW2m1"}, []string{"api_key -> ********", "********"}},
	} {
		if got := present.MaskLogLines(c.in); strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("MaskLogLines(%q) = %q, want %q", c.in, got, c.want)
		}
		// As MaskLogLines joins them: a line separator between the entries.
		joined := strings.Join(c.in, "\u2028")
		want := strings.Join(c.want, "\u2028")
		if c.want[1] == "********" {
			want = c.want[0] // the mask takes the separator and the value whole
		}
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText} {
			if got := mask(joined); got != want {
				t.Errorf("%s(%q) = %q, want %q", name, joined, got, want)
			}
		}
	}
}

// One entry over several lines (a line break inside it reads as a line separator): a value
// that runs over a break into the next pair ends before it, as MaskText ends it at the break;
// a value's rest after a break that is no pair (base64's padding, a word) stays masked with it.
func TestR43MaskLogValueEndsBeforeNextPairAfterBreak(t *testing.T) {
	for in, want := range map[string]string{
		"api_key -> string(40)\nZq7xK9pW2mZq7xK9pW2m\nuser -> bob": "api_key -> ******** user -> bob",
		"Authorization: ApiKey\nContent-Type: application/json":    "Authorization: ******** Content-Type: application/json",
		"password=Zq7xK9\nuser=bob":                                "password=******** user=bob",
		"secret=Zq7xK9pW2m\nAbCd==":                                "secret=********",
		"secret=Zq7xK9pW2m\nAbCd= next":                            "secret=******** next",
		"password=abc\ndef2QZ more":                                "password=******** more",
	} {
		if got := strings.Join(present.MaskLogLines([]string{in}), "\n"); got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
	}
}

// A YAML block scalar in one log entry (its lines read as one, line separators between): the
// value was masked, and MaskText's next pass read the mask and the next line's first word as
// one value (a line separator ends no value) and masked that word too: "next line" lost
// "next", "bob" was gone. A mask before a line separator ends there.
func TestR43MaskLogBlockScalarKeepsTheNextLine(t *testing.T) {
	m := present.Masked
	for in, want := range map[string]string{
		"2026-12-03 INFO loaded password: |\n  Zq7xK9pW2m\nnext line": "2026-12-03 INFO loaded password: " + m + " next line",
		"password: |\n  Zq7xK9pW2m\nbob":                              "password: " + m + " bob",
		"password: |-\n  Zq7xK9pW2m\n  Zq7xsecond\ndone":              "password: " + m + " done",
		"token: >-\n  Zq7xK9pW2m\nrestarting in 5s":                   "token: " + m + " restarting in 5s",
	} {
		if got := strings.Join(present.MaskLogLines([]string{in}), "\n"); got != want {
			t.Errorf("MaskLogLines(%q) = %q, want %q", in, got, want)
		}
		// MaskText, the lines as written.
		if got, want := present.MaskText(in), strings.Replace(want, m+" ", m+"\n", 1); got != want {
			t.Errorf("MaskText(%q) = %q, want %q", in, got, want)
		}
	}
}

// The MySQL client's attached -p password: the word mysql as another flag's value (a
// container's name) made a port mapping a password (docker run --name mysql
// -p3306:3306 mysql:8 masked 3306:3306). The client run inside a container or a pod still
// has its password masked.
func TestR43MaskMySQLWordAsFlagValueIsNoClient(t *testing.T) {
	for _, in := range []string{
		"docker run --name mysql -p3306:3306 mysql:8",
		"docker run -d --name=mysql -p3306:3306 mysql:8.0",
		"podman run --hostname mysql -p 3306:3306 -p33060:33060 mysql",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
	for _, in := range []string{
		"docker exec -it mysql mysql -uroot -pZq7xsecret db",
		"kubectl exec db-0 -- mysql -u root -pZq7xsecret",
		"sudo -u root /usr/bin/mysql -pZq7xsecret",
		"mysql -u root -pZq7xsecret",
		`{"command":"mysql -u root -pZq7xsecret"}`,
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "Zq7x") {
				t.Errorf("%s(%q) = %q: shows the password", name, in, got)
			}
		}
	}
}

// A word after a credential flag and before the ")" of a parenthesis prose opened before the
// flag is prose, not the flag's value: (see --token docs) masked docs. A subshell's ($(…))
// lone word and a value that looks like one stay masked.
func TestR43MaskFlagWordBeforeProseParenStays(t *testing.T) {
	for _, in := range []string{
		"(see --token docs)",
		"Authenticate first (see --api-key below).",
		"Use a key (pass --password explicitly or --token docs)",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
	for _, in := range []string{
		"$(cmd --token Zq7xabc123)",
		"$(run --password hunterzq)",
		"(see --token Zq7xabc123)",
		"out=`run --password hunterzq`",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "Zq7x") || strings.Contains(got, "hunterzq") {
				t.Errorf("%s(%q) = %q: shows the value", name, in, got)
			}
		}
	}
}

// A UI's breadcrumb written with arrows (Settings -> Password -> Change) is prose: MaskText
// masked its last step after Password. A credential after a lower-case key and an arrow is
// still masked.
func TestR43MaskArrowBreadcrumbStays(t *testing.T) {
	for _, in := range []string{
		"Settings -> Password -> Change",
		"Open Settings -> Password -> Change.",
		"Account → Token → Regenerate",
		"Go to Profile -> Password -> Reset -> Confirm",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); got != in {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
	for _, in := range []string{
		"password -> hunter22",
		"password->Zq7xK9pW2m",
		"Settings -> Password -> Zq7xK9pW2m",
		"Password -> Hunter22",
	} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "hunter22") || strings.Contains(got, "Zq7x") || strings.Contains(got, "Hunter22") {
				t.Errorf("%s(%q) = %q: shows the value", name, in, got)
			}
		}
	}
}

// A CLI's usage text: a flag's description that starts with an acronym (API key to use),
// on the flag's line or wrapped to the next, is prose: the acronym was masked as the flag's
// value. An acronym alone after the flag (the command line ends) is still the value.
func TestR43MaskFlagUsageAcronymStays(t *testing.T) {
	for _, in := range []string{
		"  --api-key\n      API key to use",
		"  --api-key    API key (env SPICE_API_KEY)\n  --org   Org",
		"Flags:\n  --api-key   API key for Spice.ai Cloud",
		"--token JWT issued by the identity provider",
	} {
		for name, mask := range map[string]func(string) string{"MaskText": present.MaskText, "MaskAPIText": present.MaskAPIText,
			"MaskLogLines": func(s string) string {
				return strings.Join(present.MaskLogLines(strings.Split(s, "\n")), "\n")
			}} {
			want := in
			if name == "MaskLogLines" {
				want = strings.Join(present.MaskLogLines(strings.Split(in, "\n")), "\n") // one entry a line
				if strings.Contains(want, present.Masked) {
					t.Errorf("%s(%q) = %q: masks usage prose", name, in, want)
				}
				continue
			}
			if got := mask(in); got != want {
				t.Errorf("%s(%q) = %q, want it unchanged", name, in, got)
			}
		}
	}
	for _, in := range []string{"run --password ZQXWVU", "--password QWERTY --host db", "--api-key ABCD1234 more words"} {
		for name, mask := range r43Maskers {
			if got := mask(in); strings.Contains(got, "ZQXWVU") || strings.Contains(got, "QWERTY") || strings.Contains(got, "ABCD1234") {
				t.Errorf("%s(%q) = %q: shows the value", name, in, got)
			}
		}
	}
}
