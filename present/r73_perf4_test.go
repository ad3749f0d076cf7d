package present

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r73Perf4App is an app as list_apps shows it, over and over: a description and tags that hold
// no credential.
func r73Perf4App() client.ProjectSummary {
	return client.ProjectSummary{ID: 7, Name: "analytics-app",
		Description: "Sales analytics over the orders dataset, refreshed hourly; owned by the data team.",
		Tags:        map[string]string{"team": "data", "env": "production", "cost_center": "analytics-42"}}
}

// A stored text masking leaves whole is masked once, not on every list or read of its app:
// the second time it costs no allocation (masking them again allocated 2, and its CPU:
// BenchmarkR73Perf4MaskStoredSummary).
func TestR73Perf4StoredTextMaskedOncePerText(t *testing.T) {
	app := r73Perf4App()
	first := MaskStoredSummary(app)
	if first.Description != app.Description || len(first.Tags) != len(app.Tags) || first.Tags["team"] != "data" {
		t.Fatalf("a clean app changed: %+v", first)
	}
	if n := testing.AllocsPerRun(50, func() { MaskStoredSummary(app) }); n > 0 {
		t.Errorf("showing an app whose texts were masked before allocates %.0f times, want 0 (masked again)", n)
	}
}

// A text that holds a credential is masked every time, and neither it nor a tag value masked
// for its credential-named key is remembered.
func TestR73Perf4CredentialStoredTextMaskedEveryTime(t *testing.T) {
	app := r73Perf4App()
	app.Description = "deploy with Bearer ghp_R73perf4AbCdEfGhIjKlMnOpQrStUvWxYz0123 please"
	app.Tags = map[string]string{"api_key": "hunter2-correct-horse", "team": "data"}
	for i := range 3 {
		got := MaskStoredSummary(app)
		if strings.Contains(got.Description, "ghp_R73perf4") || !strings.Contains(got.Description, Masked) {
			t.Fatalf("call %d: description shown %q", i, got.Description)
		}
		if got.Tags["api_key"] == "hunter2-correct-horse" {
			t.Fatalf("call %d: api_key's value shown", i)
		}
	}
	if knownClean(app.Description, true) || knownClean(app.Description, false) {
		t.Error("a description holding a token is remembered")
	}
	if knownClean("hunter2-correct-horse", false) || knownClean("hunter2-correct-horse", true) {
		t.Error("a credential-named tag's value is remembered")
	}
}

// The memory of clean texts is bounded: past maxCleanTexts it starts again, and a text over
// maxCleanText is never kept (since round 75 its SHA-256 sum is: longShown).
func TestR73Perf4CleanTextsBounded(t *testing.T) {
	for i := range maxCleanTexts + 10 {
		storedShown(fmt.Sprintf("r73 perf4 clean text number %d", i), false)
	}
	storedClean.RLock()
	n := len(storedClean.sets[0]) + len(storedClean.sets[1])
	storedClean.RUnlock()
	if n > maxCleanTexts {
		t.Errorf("%d texts remembered, want at most %d", n, maxCleanTexts)
	}
	long := strings.Repeat("a plain sentence. ", maxCleanText/18+1)
	if storedShown(long, true) != long || knownClean(long, true) {
		t.Error("a text over maxCleanText is remembered (or changed)")
	}
}

// BenchmarkR73Perf4MaskStoredSummary is the cost of showing an app of a list whose texts were
// shown before (list_apps' apps, on every call).
func BenchmarkR73Perf4MaskStoredSummary(b *testing.B) {
	app := r73Perf4App()
	b.ReportAllocs()
	var out client.ProjectSummary
	for b.Loop() {
		out = MaskStoredSummary(app)
	}
	// A clean app is shown as it is.
	if out.Description != app.Description || fmt.Sprint(out.Tags) != fmt.Sprint(app.Tags) {
		b.Fatalf("a clean app changed: %+v", out)
	}
}
