package rules

import (
	"go/ast"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// Round 67 words6: one number format for every number a user reads.

// r67Words6Bare is a number of four digits or more written without separators; the position
// before it says whether it is a line's (kept bare, as an ID is).
var r67Words6Bare = regexp.MustCompile(`(\S+ )?\b\d{4,}\b`)

// r67Words6BareNumbers is each quantity of 1,000 or more msg writes without separators (a line
// number is a position, kept bare).
func r67Words6BareNumbers(msg string) []string {
	var bare []string
	for _, m := range r67Words6Bare.FindAllStringSubmatch(msg, -1) {
		if before := strings.TrimSpace(m[1]); before != "line" && before != "(line" {
			bare = append(bare, m[0])
		}
	}
	return bare
}

// TestR67Words6RefusalsWriteBoundsWithSeparators: rules/ wrote its bounds and sizes with %d
// ("Spicepod is too large: 1048577 bytes as sent (JSON); at most 1048576 (1 MiB)"), where
// results write 1,048,576; so did api.Rule.Check ("must be at most 1024 characters", an
// instance name's bound). Every refusal rules/ can produce with a number in it, each bound
// at its limit, writes it as results do; and no format of rules/ or api/ writes a number with
// %d but a line's (rules/spicepod.go's positions), an index or a value as sent.
func TestR67Words6RefusalsWriteBoundsWithSeparators(t *testing.T) {
	bomb := "version: v1\nkind: Spicepod\nname: t\ns: &s " + strings.Repeat("x", 1000) + "\nl: [" + strings.Repeat("*s, ", 1200) + "*s]\n"
	_, aliases := ParseSpicepod(bomb)
	_, body := BodySize([]byte(`{"spicepod":"` + strings.Repeat("x", SpicepodMaxBytes) + `","description":"` + strings.Repeat("y", 70000) + `"}`))
	_, one := BodySize([]byte(`"` + strings.Repeat("x", BodyMaxBytes) + `"`))
	instance := api.GetProjectInstanceLogs.Params[1].Rule
	refusals := map[string]string{
		"app name short":      AppName("ab"),
		"app name long":       AppName(strings.Repeat("a", AppNameMax+1)),
		"replicas":            Replicas(ReplicasMax + 1),
		"limit":               Limit(LimitMax + 1),
		"tag value":           Tags(map[string]string{"team": strings.Repeat("v", TagValueMax+1)}),
		"spicepod size":       SpicepodSize(strings.Repeat("x", SpicepodMaxBytes)),
		"spicepod aliases":    aliases,
		"body, largest field": body,
		"body, one field":     one,
		"instance name long":  instance.Check(strings.Repeat("i", 1025)),
		"tail below":          api.GetProjectInstanceLogs.Params[2].Rule.Check("0"),
	}
	for what, msg := range refusals {
		if msg == "" {
			t.Errorf("%s: not refused", what)
		}
		if bare := r67Words6BareNumbers(msg); len(bare) > 0 {
			t.Errorf("%s: %q written without separators: %s", what, bare, msg)
		}
	}
	for what, want := range map[string]string{
		"spicepod size":       "bytes as sent (JSON); at most 1,048,576 (1 MiB)",
		"body, largest field": "at most 1,114,112 (1 MiB + 64 KiB) for all fields together. Largest fields: spicepod 1,048,578 bytes, description 70,002 bytes",
		"spicepod aliases":    "bytes as JSON; at most 1,048,576)",
		"instance name long":  "must be at most 1,024 characters",
	} {
		if !strings.Contains(refusals[what], want) {
			t.Errorf("%s: %q lacks %q", what, refusals[what], want)
		}
	}

	// Every format: a %d is a line's or an index, which are positions, not quantities.
	for _, dir := range []string{".", "../api"} {
		testutil.InspectGoCode(t, dir, func(fset *token.FileSet, n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for i := strings.Index(s, "%d"); i >= 0; i = r67Words6Next(s, i) {
				before := s[:i]
				if !strings.HasSuffix(before, "line ") && !strings.HasSuffix(before, "lines ") && !strings.HasSuffix(before, "[") &&
					!strings.HasSuffix(before, "\x00") && !strings.HasSuffix(before, "lines %d and ") &&
					!strings.HasSuffix(before, "got ") && !strings.HasSuffix(before, "needs ") { // got: the value as sent; needs: a panic
					t.Errorf("%s: %q writes a number with %%d", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
}

// r67Words6Next is the index of the next %d in s after the one at i, or -1.
func r67Words6Next(s string, i int) int {
	j := strings.Index(s[i+2:], "%d")
	if j < 0 {
		return -1
	}
	return i + 2 + j
}
