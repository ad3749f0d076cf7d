package cli

import (
	"bytes"
	"context"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r72Newcomer10HelpFlags reads the flags and their defaults from a command's --help, as it
// prints them from the flag set: "  --name ARG   usage (default X)".
func r72Newcomer10HelpFlags(t *testing.T, args ...string) map[string]string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Run(context.Background(), Env{Args: append(args, "--help"), Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr}); code != 0 {
		t.Fatalf("%v --help: exit %d: %s", args, code, stderr.String())
	}
	line := regexp.MustCompile(`(?m)^  --([a-z-]+)(.*?)(?: \(default ([^()]*)\))?$`)
	flags := map[string]string{}
	for _, m := range line.FindAllStringSubmatch(stdout.String(), -1) {
		flags[m[1]] = m[3]
	}
	if len(flags) < 10 {
		t.Fatalf("%v --help: found only %v in:\n%s", args, flags, stdout.String())
	}
	return flags
}

// r72Newcomer10Rows maps each flag a README table's first column names to its row.
func r72Newcomer10Rows(section string) map[string]string {
	name := regexp.MustCompile("`(--[a-z-]+)")
	rows := map[string]string{}
	for _, line := range strings.Split(section, "\n") {
		first, _, ok := strings.Cut(strings.TrimPrefix(line, "| "), " | ")
		if !ok || !strings.HasPrefix(line, "| `--") {
			continue
		}
		for _, m := range name.FindAllStringSubmatch(first, -1) {
			rows[strings.TrimPrefix(m[1], "--")] = line
		}
	}
	return rows
}

// r72Newcomer10SaysDefault: the row gives def as a default: the word "default" and def as a
// value, in backticks or bare (durations compare as durations: README's `60s` is 1m0s); a
// boolean flag on by default is written --name=false.
func r72Newcomer10SaysDefault(name, row, def string) bool {
	if def == "true" {
		return strings.Contains(row, "`--"+name+"=false`")
	}
	if !strings.Contains(row, "default") {
		return false
	}
	want, wantErr := time.ParseDuration(def)
	for _, m := range regexp.MustCompile("`([^`]+)`|default:? ([^\\s`,;:)]+)").FindAllStringSubmatch(row, -1) {
		v := m[1] + m[2]
		if v == def {
			return true
		}
		if got, err := time.ParseDuration(v); err == nil && wantErr == nil && got == want {
			return true
		}
	}
	return false
}

// TestR72Newcomer10EveryDefaultIsInREADME: README's tables named each flag (TestR55Newcomer…,
// TestSandboxAPIFlagsAreDocumented) and the defaults they state matched --help
// (TestR48NewcomerREADMEDefaultsMatchHelp), but a default README left out went unnoticed:
// sandbox-api's --log-level and --log-format (info, text) and the server's --log-level (info)
// and --human-listen's port (0, any free one) were in no row. Every flag --help gives a default
// now has it in its row, and the emulator's table names no flag sandbox-api lacks.
func TestR72Newcomer10EveryDefaultIsInREADME(t *testing.T) {
	for _, tc := range []struct {
		command []string
		heading string
	}{{nil, "## Command line"}, {[]string{"sandbox-api"}, "## The emulator"}} {
		flags := r72Newcomer10HelpFlags(t, tc.command...)
		if tc.command == nil {
			flags["help"] = "" // the flag package's own, in the server's table as the others
		}
		rows := r72Newcomer10Rows(testutil.READMESection(t, "../..", tc.heading))
		for name, def := range flags {
			row, ok := rows[name]
			switch {
			case !ok:
				t.Errorf("%v --help lists --%s; README's %s table has no row for it", tc.command, name, tc.heading)
			case def != "" && !r72Newcomer10SaysDefault(name, row, def):
				t.Errorf("%v --%s defaults to %s; README's row does not say so:\n%s", tc.command, name, def, row)
			}
		}
		for name := range rows {
			if _, ok := flags[name]; !ok {
				t.Errorf("README's %s table has a row for --%s, which %v --help does not list", tc.heading, name, tc.command)
			}
		}
	}
}

// r72Newcomer10Keys lists the JSON keys of a config struct type.
func r72Newcomer10Keys(typ reflect.Type) []string {
	var keys []string
	for field := range typ.Fields() {
		if key, _, _ := strings.Cut(field.Tag.Get("json"), ","); field.IsExported() && key != "" && key != "-" {
			keys = append(keys, key)
		}
	}
	slices.Sort(keys)
	return keys
}

// TestR72Newcomer10SpecKeysAreREADMEs: each repeatable SPEC flag of sandbox-api (--org,
// --token, --oauth-client, --fault) takes the keys of its config entry; README's row lists
// them after "Keys:", and the list is the code's, found in the entry's type, not a hand list.
// The config file example names every top-level key the file takes (the example itself is loaded,
// unknown keys refused, by TestSandboxAPIFlagsAreDocumented).
func TestR72Newcomer10SpecKeysAreREADMEs(t *testing.T) {
	section := testutil.READMESection(t, "../..", "## The emulator")
	rows := r72Newcomer10Rows(section)
	specs := 0
	r72DupsSpecEntries(func(name string, entry reflect.Type) {
		specs++
		_, list, ok := strings.Cut(rows[name], "Keys: ")
		if !ok {
			t.Errorf("README's row for --%s lists no keys:\n%s", name, rows[name])
			return
		}
		for paren := regexp.MustCompile(`\([^()]*\)`); paren.MatchString(list); {
			list = paren.ReplaceAllString(list, "") // a key's explanation, which names other things
		}
		list, _, _ = strings.Cut(list, ". ")
		list, _, _ = strings.Cut(list, " |")
		var inREADME []string
		for _, m := range regexp.MustCompile("`([a-z_]+)`").FindAllStringSubmatch(list, -1) {
			if !slices.Contains(inREADME, m[1]) {
				inREADME = append(inREADME, m[1])
			}
		}
		slices.Sort(inREADME)
		if want := r72Newcomer10Keys(entry); !slices.Equal(inREADME, want) {
			t.Errorf("--%s: README's keys %v, the code's %v", name, inREADME, want)
		}
	})
	if specs != 4 {
		t.Errorf("found %d SPEC flags, want --org, --token, --oauth-client and --fault", specs)
	}
	_, example, _ := strings.Cut(section, "```yaml\n")
	example, _, _ = strings.Cut(example, "```")
	for _, key := range r72Newcomer10Keys(reflect.TypeFor[sandboxFile]()) {
		if !regexp.MustCompile(`(?m)^` + key + `:`).MatchString(example) {
			t.Errorf("README's config file example does not show the key %s", key)
		}
	}
}
