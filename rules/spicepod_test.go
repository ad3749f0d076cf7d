package rules

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
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
		bomb:           "Spicepod is too large once its aliases are expanded",
		"a: .nan\n":    "Spicepod contains a value that JSON cannot represent",
	} {
		if _, got := ParseSpicepod(in); !strings.HasPrefix(got, want) {
			t.Errorf("ParseSpicepod(%.30q) = %q, want %q…", in, got, want)
		}
	}
}

// TestSpicepodAliasBombsBoundedInBytes: the auditors' alias bombs (rules/testdata) are refused
// by the size they would have as JSON with every alias expanded, not by their node count: a
// 3,000-character string aliased 160,000 times (bomb2, 3.7 KB of text, 485 MB as JSON) and the
// same padded with a 200 KB comment (bomb3). The refusal says which rule, and reading costs
// about the text, not the expansion: allocation is bounded by a byte counter.
func TestSpicepodAliasBombsBoundedInBytes(t *testing.T) {
	for _, name := range []string{"bomb.yaml", "bomb2.yaml", "bomb3.yaml"} {
		text, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		_, msg := ParseSpicepod(string(text))
		const want = "Spicepod is too large once its aliases are expanded (about "
		if !strings.HasPrefix(msg, want) || !strings.Contains(msg, fmt.Sprintf("at most %d)", SpicepodMaxBytes)) {
			t.Errorf("%s: %q, want %q…", name, msg, want)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ParseSpicepod(string(text))
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 40*uint64(len(text))+(4<<20) {
			t.Errorf("%s: reading it allocated %d bytes for %d bytes of text", name, alloc, len(text))
		}
	}
	// Just under the limit is read; the same text with 100 more aliases is not. What a document
	// holds as written is never refused (the text bounds it): a larger one may expand as far as
	// its written size.
	long := strings.Repeat("x", 1000)
	under := "version: v1\nkind: Spicepod\nname: t\ns: &s " + long + "\nl: [" + strings.Repeat("*s, ", 1000) + "*s]\n"
	if _, msg := ParseSpicepod(under); msg != "" {
		t.Errorf("1,000 aliases of 1,000 characters: %q", msg)
	}
	over := strings.Replace(under, "l: [", "l: ["+strings.Repeat("*s, ", 100), 1)
	if _, msg := ParseSpicepod(over); !strings.HasPrefix(msg, "Spicepod is too large once its aliases are expanded") {
		t.Errorf("1,100 aliases of 1,000 characters: %q", msg)
	}
	plain := "version: v1\nkind: Spicepod\nname: t\ns: &s " + strings.Repeat("y", SpicepodMaxBytes) + "\n"
	if _, msg := ParseSpicepod(plain); msg != "" {
		t.Errorf("a 1 MiB string: %q", msg)
	}
	_, msg := ParseSpicepod(plain + "t: *s\n")
	var size, limit int
	fmt.Sscanf(strings.TrimPrefix(msg, "Spicepod is too large once its aliases are expanded "), "(about %d bytes as JSON; at most %d)", &size, &limit)
	if size < 2*SpicepodMaxBytes || limit <= SpicepodMaxBytes || limit > SpicepodMaxBytes+100 {
		t.Errorf("a 1 MiB string used twice: %q", msg)
	}
	if _, msg := ParseSpicepod(plain + "t: 1\n"); msg != "" {
		t.Errorf("a 1 MiB string and more: %q", msg)
	}
	// Cycles (an anchor holding an alias to itself) are refused by name, at once.
	for in, want := range map[string]string{
		"a: &a [1, *a]\n":   "Spicepod anchor &a (line 1) contains an alias to itself",
		"a: &a {b: *a}\n":   "Spicepod anchor &a (line 1) contains an alias to itself",
		"a: &a\n  <<: *a\n": "Spicepod anchor &a (line 1) contains an alias to itself",
	} {
		if _, got := ParseSpicepod(in); !strings.HasPrefix(got, want) {
			t.Errorf("ParseSpicepod(%q) = %q, want %q…", in, got, want)
		}
	}
}

// TestSpicepodKeysAndMerges: a merge key (<<) must name a mapping or a list of mappings (it was
// dropped silently); a key that is a list or a mapping is refused naming where (it was turned
// into "[1 2]"); keys that are other scalars keep their text; an indented %YAML line is not a
// directive.
func TestSpicepodKeysAndMerges(t *testing.T) {
	const head = "version: v1\nkind: Spicepod\nname: t\n"
	for in, want := range map[string]string{
		head + "base: &b foo\nx: {<<: *b, y: 1}\n":               "Spicepod merge key (<<) at x (line 5) must name a mapping or a list of mappings, not a scalar",
		head + "x:\n  y:\n  - <<: [{a: 1}, 2]\n":                 "Spicepod merge key (<<) at x.y[0] (line 6) must name a mapping or a list of mappings, not a scalar",
		head + "x:\n  <<:\n  y: 1\n":                             "Spicepod merge key (<<) at x (line 5)",
		head + "x:\n  <<: [[1]]\n":                               "Spicepod merge key (<<) at x (line 5) must name a mapping or a list of mappings, not a list",
		head + "[1,2]: e\n":                                      "Spicepod key at the top level (line 4) is a list, but JSON object keys must be text",
		head + "x:\n  - {a: 1}: f\n":                             "Spicepod key at x[0] (line 5) is a mapping, but JSON object keys must be text",
		head + "x:\n  ? [1, 2]\n  : y\n":                         "Spicepod key at x (line 5) is a list",
		"  %YAML 1.2\n" + head:                                   "Spicepod is not valid YAML",
		head + "x: .inf\n":                                       "Spicepod contains a value that JSON cannot represent (.inf at x, line 4)",
		head + "base: &b {p: 1}\nx: {<<: *b, y: 1}\n":            "",
		head + "a: &a {p: 1}\nb: &b {q: 2}\nx: {<<: [*a, *b]}\n": "",
		head + "true: a\n1.0: b\n0x10: c\n~: d\n":                "",
	} {
		_, got := ParseSpicepod(in)
		if want == "" && got != "" || !strings.HasPrefix(got, want) {
			t.Errorf("ParseSpicepod(%q) = %q, want %q…", in, got, want)
		}
	}
	pod, _ := ParseSpicepod(head + "true: a\n1.0: b\n0x10: c\n~: d\n")
	if got, _ := json.Marshal(pod); string(got) != `{"0x10":"c","1.0":"b","kind":"Spicepod","name":"t","true":"a","version":"v1","~":"d"}` {
		t.Errorf("scalar keys: %s", got)
	}
}

// TestSpicepodNumbersAsSerdeYAML: numbers read as serde_yaml 0.9 (Spice's parser) reads them
// (visit_untagged_str): signed and binary radix integers are numbers, as the reader before
// YAML 1.2 also had them; a float too large for 64 bits stays the text it is (it was refused).
func TestSpicepodNumbersAsSerdeYAML(t *testing.T) {
	pod, msg := ParseSpicepod("a: 0b101\nb: +0x1F\nc: -0x1F\nd: 1e400\ne: -0o17\nf: +0o17\ng: 0xFFFFFFFFFFFFFFFF\n" +
		"h: -0b11\ni: 1e-400\nj: 0o-1\nk: 0x\nl: 0x_1F\nm: -1e400\nn: 0x+1F\n")
	if msg != "" {
		t.Fatal(msg)
	}
	got, _ := json.Marshal(pod)
	const want = `{"a":5,"b":31,"c":-31,"d":"1e400","e":-15,"f":15,"g":18446744073709551615,"h":-3,"i":0,` +
		`"j":"0o-1","k":"0x","l":"0x_1F","m":"-1e400","n":31}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// BenchmarkSpicepodAliasBomb: reading the auditors' bombs next to a plain spicepod of similar
// text (go test ./rules -run XXX -bench SpicepodAliasBomb -benchmem).
func BenchmarkSpicepodAliasBomb(b *testing.B) {
	plain := "version: v1\nkind: Spicepod\nname: t\ndatasets:\n" +
		strings.Repeat("  - from: s3://bucket/path/file.parquet\n    name: taxi_trips\n    params: {file_format: parquet}\n", 40)
	for _, name := range []string{"bomb.yaml", "bomb2.yaml", "bomb3.yaml", "plain"} {
		text := plain
		if name != "plain" {
			raw, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				b.Fatal(err)
			}
			text = string(raw)
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				ParseSpicepod(text)
			}
		})
	}
}
