package cli

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// givenWriter is stderr, knowing the values the command line and the environment gave (each
// argument, and each variable's value as it was read): a start-up refusal (refuse) quotes one
// as given — a flag's value, SPICE_API_MAX_IDLE_CONNS's in the API client's error, a spec's
// piece — and one that holds a credential (pasted in the wrong place) is masked there. Our
// own words are never masked: they name flags and variables whose names read as credential
// keys. Writes pass through as they are (the logger masks its own lines).
type givenWriter struct {
	io.Writer
	mu    sync.Mutex
	given []string
}

// givenMasked is env with Stderr a givenWriter fed by Args and every variable read.
func (env Env) givenMasked() Env {
	if _, ok := env.Stderr.(*givenWriter); ok {
		return env
	}
	g := &givenWriter{Writer: env.Stderr}
	for _, a := range env.Args {
		if name, value, ok := strings.Cut(a, "="); ok && strings.HasPrefix(name, "-") {
			a = value // --flag=VALUE: the flag's name is ours
		}
		g.add(a)
	}
	if getenv := env.Getenv; getenv != nil {
		env.Getenv = func(key string) string { v := getenv(key); g.add(v); return v }
	}
	if lookup := env.LookupEnv; lookup != nil {
		env.LookupEnv = func(key string) (string, bool) { v, ok := lookup(key); g.add(v); return v, ok }
	}
	env.Stderr = g
	return env
}

// add notes v, and its pieces (a spec's KEY=VALUE entries and values, a flag's =VALUE), where
// they hold a credential.
func (g *givenWriter) add(v string) {
	pieces := []string{v, strings.TrimSpace(v)}
	for _, entry := range strings.Split(v, ",") {
		_, value, _ := strings.Cut(entry, "=")
		pieces = append(pieces, entry, value)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, p := range pieces {
		if p != "" && present.HoldsCredential(p) && !slices.Contains(g.given, p) {
			g.given = append(g.given, p)
		}
	}
}

// addFile notes the values of a config file (sandbox-api --config) as given: each string of the
// document, keys included, and, for a file that does not parse, each line and word, so that a
// refusal quoting one (an unknown organization, an invalid duration) masks it as a flag's.
func (g *givenWriter) addFile(path string) {
	data, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var doc any
	if yaml.Unmarshal(data, &doc) != nil {
		for _, line := range strings.Split(string(data), "\n") {
			g.add(line)
			for _, f := range strings.Fields(line) {
				g.add(strings.Trim(f, `"'`))
			}
		}
		return
	}
	// Every node: a mapping whose keys are not all text (`1: …`, `true: …`, a list as a key)
	// decodes as map[any]any, and a scalar that is no text (a number, a date) is quoted as
	// written by a refusal that prints it: each is noted as the file spells it too.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case nil:
		case string:
			g.add(v)
		case map[string]any:
			for k, e := range v {
				g.add(k)
				walk(e)
			}
		case map[any]any:
			for k, e := range v {
				walk(k)
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		default:
			g.add(fmt.Sprint(v))
		}
	}
	walk(doc)
}

// refuse writes a start-up refusal, its parts joined as fmt.Sprintln joins them, to w; on a
// givenWriter, each given value holding a credential masked where the refusal quotes it
// (longest first, so a piece does not cut its whole), with why at the end.
func refuse(w io.Writer, parts ...any) {
	text := strings.TrimSuffix(fmt.Sprintln(parts...), "\n")
	if g, ok := w.(*givenWriter); ok {
		g.mu.Lock()
		given := slices.Clone(g.given)
		g.mu.Unlock()
		slices.SortFunc(given, func(a, b string) int { return len(b) - len(a) })
		masked := text
		for _, v := range given {
			masked = strings.ReplaceAll(masked, v, present.MaskText(v))
		}
		masked = maskedFragments(masked, given)
		if masked != text {
			text = masked + present.MaskedWhy
		}
	}
	fmt.Fprintln(w, text)
}

// cutOfMasked reports whether core is a quote cut short ("…") of a given value's part that
// MaskText masks there (a token of a fixed length, no longer whole once cut: pypi-AgE…).
func cutOfMasked(core string, given []string) bool {
	stem, cut := strings.CutSuffix(core, "…")
	if !cut || len(stem) < 8 {
		return false
	}
	return slices.ContainsFunc(given, func(g string) bool {
		return strings.Contains(g, stem) && !strings.Contains(present.MaskText(g), stem[:8])
	})
}

// maskedFragments masks (MaskText) each word of text (between spaces, quotes and brackets taken
// off) whose beginning (12 bytes, or all of a word of 8 or more) is a part of a given value
// holding a credential: a refusal that quotes a piece it derived ("admin:pw@db.example.com" of
// a URL given as --http, a value cut and given a port as an example) shows no credential of it.
// A word MaskText keeps is kept: our words, and the parts a refusal kept on purpose
// ("https://a.example" of an origin given with ?token=…).
func maskedFragments(text string, given []string) string {
	words := strings.Split(text, " ")
	for i, w := range words {
		core := strings.Trim(w, "\"'`()[]{}<>,;:.")
		if len(core) < 8 || !slices.ContainsFunc(given, func(g string) bool { return strings.Contains(g, core[:min(len(core), 12)]) }) {
			continue
		}
		if m := present.MaskText(core); m != core {
			words[i] = strings.Replace(w, core, m, 1)
		} else if cutOfMasked(core, given) {
			words[i] = strings.Replace(w, core, present.Masked+"…", 1)
		}
	}
	return strings.Join(words, " ")
}
