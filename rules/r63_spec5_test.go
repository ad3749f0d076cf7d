package rules

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestR63Spec5YAMLFloatLiterals: a float scalar of YAML text is read as the float64 it is when
// a double holds it (every YAML 1.2 spelling: .5, +1., 00.25e1, -0.0, 1E2), and otherwise kept
// as the same number written as JSON, every digit, so SpicepodInexact refuses it by where it is,
// tagged !!float too. Before, 0.10000000000000000001 was read as 0.1 and passed.
func TestR63Spec5YAMLFloatLiterals(t *testing.T) {
	for lit, want := range map[string]string{
		".5": "0.5", "+1.": "1", "00.25e1": "2.5", "-0.0": "-0", "1E2": "100", "1.50": "1.5", "1e21": "1e+21",
		"0.10000000000000000001": "0.10000000000000000001", "-.10000000000000000001e3": "-0.10000000000000000001e3",
		"9007199254740993.0": "9007199254740993.0", "1e-400": "1e-400", "!!float 1e-400": "1e-400",
		"!!float +00.10000000000000000001": "0.10000000000000000001", "!!float .5": "0.5",
		"1e400": `"1e400"`, // beyond doubles: text, as serde_yaml keeps it
	} {
		pod, msg := ParseSpicepod("version: v1\nkind: Spicepod\nname: t\nn: " + lit + "\n")
		if msg != "" {
			t.Errorf("%s: %s", lit, msg)
			continue
		}
		got, _ := json.Marshal(pod["n"])
		if string(got) != want {
			t.Errorf("%s read as %s, want %s", lit, got, want)
		}
		_, isNumber := pod["n"].(json.Number)
		if inexact := SpicepodInexact(pod); isNumber != (inexact != "") || isNumber && (!strings.Contains(inexact, "(at n)") || strings.Contains(inexact, "0000000001")) {
			t.Errorf("%s: SpicepodInexact %q", lit, inexact)
		}
	}
}
