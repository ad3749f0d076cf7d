package rules

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestSpicepodIsOneDocument: text with a second YAML document is refused with its line (only
// the first was read: the rest was neither checked nor stored); markers around one document
// are fine.
func TestSpicepodIsOneDocument(t *testing.T) {
	const pod = "version: v1\nkind: Spicepod\nname: app\n"
	for in, want := range map[string]string{
		pod + "---\nname: other\n":      "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "---\n":                   "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "--- ~\n":                 "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "---\n# a comment only\n": "Spicepod must be a single YAML document, but a second one starts at line 4",
		pod + "---\nname: [\n":          "Spicepod is not valid YAML (line 5)",
		"---\n" + pod:                   "",
		pod + "...\n":                   "",
		"---\n" + pod + "...\n":         "",
		"# only a comment\n":            "Spicepod must be a YAML mapping or a JSON object",
	} {
		_, got := ParseSpicepod(in)
		if want == "" && got != "" || !strings.HasPrefix(got, want) {
			t.Errorf("ParseSpicepod(%q) = %q, want %q…", in, got, want)
		}
	}
}

// TestSpicepodValuesAsYAML12: values are read as YAML 1.2 reads them (as Spice does), not
// with yaml.v3's YAML 1.1 habits, so nothing is rewritten when stored: leading zeros,
// underscores and dates stay strings; explicit tags, anchors and merge keys still work; a
// repeated key, and an alias bomb, are refused.
func TestSpicepodValuesAsYAML12(t *testing.T) {
	pod, msg := ParseSpicepod("%YAML 1.2\n---\n" +
		"a: 0755\nb: 1_000\nd: 2024-01-01\nl: 00123\no: 0o17\nx: 0x1F\nf: 1.5\ne: 1e3\nn: ~\n" +
		"y: yes\nt: True\ns: '0755'\ni: -12\nk: !!int 42\nbig: 18446744073709551616\n0755: key\n" +
		"base: &b {p: 1}\nm:\n  <<: *b\n  q: 2\n")
	if msg != "" {
		t.Fatal(msg)
	}
	got, _ := json.Marshal(pod)
	const want = `{"0755":"key","a":"0755","b":"1_000","base":{"p":1},"big":18446744073709551616,"d":"2024-01-01",` +
		`"e":1000,"f":1.5,"i":-12,"k":42,"l":"00123","m":{"p":1,"q":2},"n":null,"o":15,"s":"0755","t":true,"x":31,"y":"yes"}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	bomb := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	for i, prev := 'b', 'a'; i <= 'k'; i, prev = i+1, i {
		bomb += fmt.Sprintf("%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", i, i, prev, prev, prev, prev, prev, prev, prev, prev, prev, prev)
	}
	for in, want := range map[string]string{
		"a: 1\na: 2\n": "Spicepod is not valid YAML (line 2)",
		bomb:           "Spicepod is not valid YAML",
		"a: .nan\n":    "Spicepod contains a value that JSON cannot represent",
	} {
		if _, got := ParseSpicepod(in); !strings.HasPrefix(got, want) {
			t.Errorf("ParseSpicepod(%.30q) = %q, want %q…", in, got, want)
		}
	}
}
