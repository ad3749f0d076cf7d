package tools

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestR50NewcomerStaleSchemasAdviceIsTheRecipes: when schemas_gen.go is stale, the message says
// to run what README's "Adding an operation or a tool" step 5 runs, flags and all, so a newcomer
// who forgot the step regenerates everything it regenerates.
func TestR50NewcomerStaleSchemasAdviceIsTheRecipes(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, recipe, ok := strings.Cut(string(readme), "\n## Adding an operation or a tool\n")
	if !ok {
		t.Fatal(`README has no "## Adding an operation or a tool"`)
	}
	_, step, ok := strings.Cut(recipe, "\n5. ")
	if !ok {
		t.Fatal("the recipe has no step 5")
	}
	step, _, _ = strings.Cut(step, "\n6. ")
	step = strings.Join(strings.Fields(step), " ")
	commands := regexp.MustCompile("`(go (?:generate|test) [^`]+)`").FindAllStringSubmatch(step, -1)
	if len(commands) != 2 {
		t.Fatalf("step 5 names %d commands, want 2: %s", len(commands), step)
	}
	for _, c := range commands {
		if !strings.Contains(staleSchemasAdvice, c[1]) {
			t.Errorf("the stale-schemas message %q does not say to run %q (README's step 5)", staleSchemasAdvice, c[1])
		}
	}
}
