package sandbox

import (
	"reflect"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// r71Testtime9Pods gathers every demo spicepod an emulator holds (projects' and deployments'),
// by app name.
func r71Testtime9Pods(e *Emulator) map[string][]map[string]any {
	e.mu.Lock()
	defer e.mu.Unlock()
	pods := map[string][]map[string]any{}
	for _, o := range e.orgs {
		for _, a := range o.apps {
			if a.config.spicepod != nil {
				pods[a.name] = append(pods[a.name], a.config.spicepod)
			}
			for _, d := range a.deployments {
				if d.spicepod != nil {
					pods[a.name] = append(pods[a.name], d.spicepod)
				}
			}
		}
	}
	return pods
}

// TestR71Testtime9DemoSpicepodsParsedOncePerProcess: the demo world's spicepods are parsed once
// per process (demoPods), not for each emulator a test builds; each emulator still gets the
// spicepods a parse gives, in maps of its own, so one emulator's change reaches no other.
func TestR71Testtime9DemoSpicepodsParsedOncePerProcess(t *testing.T) {
	want := map[string]map[string]any{}
	for name, text := range map[string]string{
		"analytics-app": demoSpicepod,
		"nightly-etl":   strings.ReplaceAll(demoSpicepod, "analytics-app", "nightly-etl"),
		"fraud-scoring": fraudSpicepod,
	} {
		pod, msg := rules.ParseSpicepod(text)
		if msg != "" {
			t.Fatal(msg)
		}
		want[name] = pod
	}
	first := New(DemoWorld())
	parses := demoParses.Load()
	if parses == 0 || parses > int64(len(want)) {
		t.Fatalf("%d parses of the demo spicepods, want 1 to %d", parses, len(want))
	}
	second := New(DemoWorld())
	third := New(DemoWorld())
	if n := demoParses.Load(); n != parses {
		t.Errorf("two more demo emulators parsed the demo spicepods %d more times, want none", n-parses)
	}
	for i, e := range []*Emulator{first, second, third} {
		pods := r71Testtime9Pods(e)
		for name, w := range want {
			if len(pods[name]) == 0 {
				t.Fatalf("emulator %d: %s has no spicepod", i, name)
			}
			for _, p := range pods[name] {
				if !reflect.DeepEqual(p, w) {
					t.Errorf("emulator %d: %s's spicepod is %v, a parse gives %v", i, name, p, w)
				}
			}
		}
	}

	// A change deep in the first emulator's spicepod reaches neither the others nor a new one.
	for _, p := range r71Testtime9Pods(first)["analytics-app"] {
		p["name"] = "changed"
		p["datasets"].([]any)[0].(map[string]any)["params"].(map[string]any)["file_format"] = "csv"
	}
	for i, e := range []*Emulator{second, third, New(DemoWorld())} {
		for _, p := range r71Testtime9Pods(e)["analytics-app"] {
			if !reflect.DeepEqual(p, want["analytics-app"]) {
				t.Errorf("emulator %d: the first emulator's change reached its spicepod: %v", i+2, p)
			}
		}
	}
}
