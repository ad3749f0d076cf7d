package deploy

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestR69Newcomer7READMEBlocksParse (held): every JSON and YAML block of README, an indented
// one in a list too, parses as its language, so a newcomer who copies one gets no syntax error
// from the client or the tool reading it. r62Newcomer3Configs' tests read the JSON blocks by
// client; this reads every block, whatever stands before it.
func TestR69Newcomer7READMEBlocksParse(t *testing.T) {
	readme := readFile(t, "README.md")
	seen := map[string]int{}
	for _, m := range regexp.MustCompile("(?ms)^( *)```(json|yaml)\n(.*?)^ *```").FindAllStringSubmatch(readme, -1) {
		indent, lang := m[1], m[2]
		var lines []string
		for _, line := range strings.Split(m[3], "\n") {
			lines = append(lines, strings.TrimPrefix(line, indent))
		}
		block := strings.Join(lines, "\n")
		var v any
		var err error
		if lang == "json" {
			err = json.Unmarshal([]byte(block), &v)
		} else {
			err = yaml.Unmarshal([]byte(block), &v)
		}
		if err != nil || v == nil {
			t.Errorf("a %s block does not parse (%v):\n%s", lang, err, block)
		}
		seen[lang]++
	}
	if seen["json"] < 5 || seen["yaml"] < 2 {
		t.Errorf("found %v blocks, want at least 5 JSON and 2 YAML (README's configurations, the emulator's and the action's)", seen)
	}
}
