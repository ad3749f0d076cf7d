package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// r71Newcomer9BadDurations are what a newcomer writes for a duration: a day, words, a number
// without unit (bare and quoted), a date.
var r71Newcomer9BadDurations = []struct{ yaml, flag, shown string }{
	{"1d", "1d", `"1d"`},
	{"5 minutes", "5 minutes", `"5 minutes"`},
	{"5", "5", "5"},
	{`"90"`, "90", `"90"`},
	{"2024-01-01", "2024-01-01", "2024-01-01"},
}

const r71Newcomer9Example = "e.g. 60s, 2m or 1m30s"

// r71Newcomer9Run runs the command line in-process and returns its exit code and stderr.
func r71Newcomer9Run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := Run(ctx, Env{Args: args, Getenv: func(string) string { return "" }, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
	return code, stderr.String()
}

// r71Newcomer9DurationPaths lists the config file's places whose type is duration, found in
// the type itself: "queued_for", "tokens[0].expires_in", … (a list entry as its first).
func r71Newcomer9DurationPaths(t reflect.Type, prefix string) []string {
	var out []string
	for field := range t.Fields() {
		key, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if !field.IsExported() || key == "" || key == "-" {
			continue
		}
		ft := field.Type
		switch {
		case ft == reflect.TypeFor[duration]():
			out = append(out, prefix+key)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, r71Newcomer9DurationPaths(ft.Elem(), prefix+key+"[0].")...)
		case ft.Kind() == reflect.Struct:
			out = append(out, r71Newcomer9DurationPaths(ft, prefix+key+".")...)
		}
	}
	return out
}

// r71Newcomer9YAML writes path (a.b[0].c) = value as YAML.
func r71Newcomer9YAML(path, value string) string {
	var b strings.Builder
	indent := ""
	for part := range strings.SplitSeq(path, ".") {
		if key, ok := strings.CutSuffix(part, "[0]"); ok {
			fmt.Fprintf(&b, "%s%s:\n%s  -\n", indent, key, indent)
			indent += "    "
			continue
		}
		fmt.Fprintf(&b, "%s%s: %s\n", indent, part, value)
	}
	return b.String()
}

// TestR71Newcomer9ConfigDurationNamesKeyValueAndForm: every duration key of sandbox-api's
// config file, enumerated from its type, refuses a value that is no Go duration naming the key
// with its place, the value and the form with an example, not Go's `time: unknown unit`.
func TestR71Newcomer9ConfigDurationNamesKeyValueAndForm(t *testing.T) {
	paths := r71Newcomer9DurationPaths(reflect.TypeFor[sandboxFile](), "")
	if len(paths) < 5 {
		t.Fatalf("found only %q", paths)
	}
	dir := t.TempDir()
	for _, path := range paths {
		for _, bad := range r71Newcomer9BadDurations {
			file := filepath.Join(dir, "c.yaml")
			if err := os.WriteFile(file, []byte(r71Newcomer9YAML(path, bad.yaml)), 0o600); err != nil {
				t.Fatal(err)
			}
			code, stderr := r71Newcomer9Run(t, "sandbox-api", "--listen", "127.0.0.1:0", "--config", file)
			if code != 2 {
				t.Errorf("%s: %s: exit %d, want 2: %s", path, bad.yaml, code, stderr)
			}
			for _, want := range []string{path + ": ", bad.shown, r71Newcomer9Example, "a day is 24h"} {
				if !strings.Contains(stderr, want) {
					t.Errorf("%s: %s: stderr lacks %q: %s", path, bad.yaml, want, stderr)
				}
			}
			if strings.Contains(stderr, "time: ") {
				t.Errorf("%s: %s: Go's error: %s", path, bad.yaml, stderr)
			}
		}
	}
}

// TestR71Newcomer9FlagDurationNamesFlagValueAndForm: the same for every flag that takes a
// duration (found in --help by its DURATION placeholder, for both commands) and every duration
// key of a repeatable SPEC flag (found in the flag's entry type).
func TestR71Newcomer9FlagDurationNamesFlagValueAndForm(t *testing.T) {
	durationFlag := regexp.MustCompile(`(?m)^\s+(--[a-z-]+) DURATION\b`)
	type tc struct {
		args        []string
		named, want string
	}
	var cases []tc
	for _, command := range [][]string{nil, {"sandbox-api"}} {
		var stdout, stderr bytes.Buffer
		Run(context.Background(), Env{Args: append(command, "--help"), Getenv: func(string) string { return "" }, Stdout: &stdout, Stderr: &stderr})
		found := durationFlag.FindAllStringSubmatch(stdout.String(), -1)
		if len(found) < 3 {
			t.Fatalf("%v --help: found only %q among:\n%s", command, found, stdout.String())
		}
		for _, m := range found {
			for _, bad := range r71Newcomer9BadDurations {
				cases = append(cases, tc{append(append([]string{}, command...), m[1], bad.flag), m[1], strconv.Quote(bad.flag)})
			}
		}
	}
	specKeys := 0
	r72DupsSpecEntries(func(name string, entry reflect.Type) {
		for _, key := range r71Newcomer9DurationPaths(entry, "") {
			specKeys++
			for _, bad := range r71Newcomer9BadDurations {
				cases = append(cases, tc{[]string{"sandbox-api", "--" + name, key + "=" + bad.flag}, "--" + name, key + ": " + strconv.Quote(bad.flag)})
			}
		}
	})
	if specKeys < 2 {
		t.Fatalf("found %d duration keys of SPEC flags", specKeys)
	}
	for _, c := range cases {
		code, stderr := r71Newcomer9Run(t, c.args...)
		if code != 2 {
			t.Errorf("%q: exit %d, want 2: %s", c.args, code, stderr)
		}
		for _, want := range []string{c.named, c.want, r71Newcomer9Example, "a day is 24h"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%q: stderr lacks %q: %s", c.args, want, stderr)
			}
		}
		if strings.Contains(stderr, "time: ") {
			t.Errorf("%q: Go's error: %s", c.args, stderr)
		}
	}
}
