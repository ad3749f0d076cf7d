package present

import (
	"strings"
	"testing"
)

func TestPageNote(t *testing.T) {
	for _, tc := range []struct {
		p    Page
		want string
	}{
		{Page{Offset: 0, Shown: 2, Total: 2}, ""},
		{Page{Offset: 0, Shown: 50, Total: 1000, Next: 50}, "Showing apps 1–50 of 1,000. Next page: list_apps with offset 50."},
		{Page{Offset: 950, Shown: 50, Total: 1000}, "Showing apps 951–1,000 of 1,000 (the last page)."},
		{Page{Offset: 20, Shown: 20, Total: -1, Next: 40}, "Showing apps 21–40. More may follow: list_apps with offset 40."},
		{Page{Offset: 40, Shown: 3, Total: -1}, "Showing apps 41–43."},
		{Page{Offset: 1200, Total: 1000}, "No apps at offset 1200."},
	} {
		if got := PageNote("list_apps", "apps", tc.p); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestSpicepodPagesCoverEveryLine(t *testing.T) {
	var datasets []any
	for i := range 300 {
		datasets = append(datasets, map[string]any{"from": "postgres:t", "name": strings.Repeat("d", i%40+1)})
	}
	pod := map[string]any{"version": "v1", "kind": "Spicepod", "name": "big", "datasets": datasets}
	whole := spicepodYAML(pod)
	var joined strings.Builder
	parts := 0
	for offset := 0; ; parts++ {
		w := SpicepodPage(pod, offset, 2000)
		if w.FromLine != offset+1 || len(w.YAML) > 2000 {
			t.Fatalf("offset %d: lines %d–%d, %d bytes", offset, w.FromLine, w.ToLine, len(w.YAML))
		}
		joined.WriteString(w.YAML)
		if w.NextOffset == 0 {
			break
		}
		offset = w.NextOffset
	}
	if strings.TrimRight(joined.String(), "\n") != strings.TrimRight(whole, "\n") || parts < 3 {
		t.Errorf("%d parts do not add up to the spicepod", parts+1)
	}
	if w := SpicepodPage(pod, 100000, 2000); w.YAML != "" || !strings.Contains(spicepodWindowText(w, "big"), "none at offset 100000") {
		t.Errorf("past the end: %+v", w)
	}
}
