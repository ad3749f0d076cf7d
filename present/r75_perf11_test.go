package present

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r75Perf11Description is an app description of about size bytes: prose, with URLs, config
// lines and names, and no credential.
func r75Perf11Description(size int) string {
	para := "Sales analytics over the orders dataset, refreshed hourly from https://data.example.com/orders?region=eu " +
		"by the data team (owner: jane.doe@example.com). Settings: refresh_interval=1h, retention: 30d, " +
		"engine = duckdb; see docs at http://wiki.example.com/analytics#setup and ticket ANALYTICS-1234.\n"
	return strings.Repeat(para, size/len(para)+1)[:size]
}

func BenchmarkR75Perf11MaskStoredSummaryLarge(b *testing.B) {
	app := client.ProjectSummary{ID: 7, Name: "analytics-app", Description: r75Perf11Description(1400 << 10)}
	b.ReportAllocs()
	defer r75Perf11CPU(b)()
	for b.Loop() {
		MaskStoredSummary(app)
	}
}

// r75Perf11CPU reports the process's CPU per op when the func it returns is called: on a shared
// machine the wall clock counts other processes' turns.
func r75Perf11CPU(b *testing.B) func() {
	var before syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	return func() {
		var after syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		cpu := after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano()
		b.ReportMetric(float64(cpu)/1e6/float64(b.N), "cpu-ms/op")
	}
}

// r75Perf11Log is an instance log of about size bytes: runtime lines, no credential.
func r75Perf11Log(size int) []string {
	var lines []string
	for n, i := 0, 0; n < size; i++ {
		l := []string{
			"2026-12-07T16:00:00.000Z INFO runtime::flight: Spice Runtime Flight listening on 0.0.0.0:50051",
			"2026-12-07T16:00:01.000Z INFO runtime::datafusion: Loaded 1,234 rows for dataset orders in 0.5s",
			"2026-12-07T16:00:02.000Z WARN data_components::s3: retrying s3://bucket/orders/part-0001.parquet (attempt 2 of 5)",
		}[i%3]
		lines = append(lines, l)
		n += len(l) + 1
	}
	return lines
}

func BenchmarkR75Perf11MaskLogLinesLarge(b *testing.B) {
	lines := r75Perf11Log(1 << 20)
	b.ReportAllocs()
	defer r75Perf11CPU(b)()
	for b.Loop() {
		MaskLogLines(lines)
	}
}

// r75Perf11OldMorePrefixAt is morePrefixAt before round 75 (every prefix tried at a byte any
// starts with), kept to check the index by first byte gives the same answer.
func r75Perf11OldMorePrefixAt(rest string) int {
	for _, k := range moreTokens {
		if strings.HasPrefix(rest, k.prefix) {
			return len(k.prefix)
		}
	}
	return 0
}

// r75Perf11Corpus is the texts masking tests are checked over: the adversarial texts, the
// fuzz seeds' texts, every moreTokens prefix alone, with a body, and cut a byte short.
func r75Perf11Corpus(t *testing.T) []string {
	var texts []string
	for _, s := range adversarialTexts(2000) {
		texts = append(texts, s)
	}
	for _, k := range moreTokens {
		texts = append(texts, k.prefix, k.prefix[:len(k.prefix)-1], "x "+k.prefix+strings.Repeat("aB3", 30)+" y")
	}
	dirs, _ := filepath.Glob("testdata/fuzz/*/*")
	if len(dirs) == 0 {
		t.Fatal("no fuzz seeds found")
	}
	for _, f := range dirs {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	if b, err := os.ReadFile("testdata/fuzzseeds.txt"); err == nil {
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	return texts
}

// The index of moreTokens by first byte answers as trying every prefix did, at every byte of
// the corpus (a third of masking a 1.4 MB description went into trying all 42).
func TestR75Perf11MorePrefixAtAsBefore(t *testing.T) {
	n := 0
	for _, s := range r75Perf11Corpus(t) {
		for i := range len(s) {
			if got, want := morePrefixAt(s[i:]), r75Perf11OldMorePrefixAt(s[i:]); got != want {
				t.Fatalf("morePrefixAt(%q) = %d, before %d", s[i:min(len(s), i+20)], got, want)
			}
			n++
		}
	}
	if n < 10000 {
		t.Fatalf("only %d positions checked", n)
	}
}

// storedShown masks a stored text once (with MaskAPIText for prose): it showed MaskAPIText's
// text after computing MaskText's too and throwing it away (half of a get_app's masking).
func TestR75Perf11StoredShownMasksOnce(t *testing.T) {
	for _, s := range r75Perf11Corpus(t) {
		for _, prose := range []bool{false, true} {
			want := MaskText(s)
			if prose {
				want = MaskAPIText(s)
			}
			if want != s {
				want += maskedWhy
			}
			if got := storedShown(s, prose); got != want {
				t.Fatalf("storedShown(%q, %v) = %q, want %q", s, prose, got, want)
			}
		}
	}
}

// A stored text that holds a credential is masked once per showing, as MaskAPIText alone
// allocates (it was masked twice: twice the allocations, and the CPU).
func TestR75Perf11StoredShownAllocatesAsOneMask(t *testing.T) {
	s := r75Perf11Description(maxCleanText+1000) + " Bearer ghp_R75perf11AbCdEfGhIjKlMnOpQrStUvWxYz0123"
	if !strings.Contains(storedShown(s, true), Masked) {
		t.Fatal("the token is shown")
	}
	one := testing.AllocsPerRun(3, func() { MaskAPIText(s) })
	if got := testing.AllocsPerRun(3, func() { storedShown(s, true) }); got > one+3 {
		t.Errorf("storedShown of %d bytes allocates %.0f times, MaskAPIText alone %.0f", len(s), got, one)
	}
}

// A clean text over maxCleanText is remembered by its sum: shown again, it is not masked again
// (a few allocations, where masking 1.4 MB made 38,777), and only for the rule it was masked by.
func TestR75Perf11LongCleanTextMaskedOnce(t *testing.T) {
	s := r75Perf11Description(maxCleanText*2) + " r75 perf11 once"
	if got := storedShown(s, true); got != s {
		t.Fatalf("a clean text changed: %.200q", got)
	}
	if n := testing.AllocsPerRun(5, func() { storedShown(s, true) }); n > 3 {
		t.Errorf("showing a long clean text again allocates %.0f times, want at most 3 (not masked again)", n)
	}
	key := longCleanKey(s)
	longClean.Lock()
	_, prose := longClean.sets[1][key]
	_, plain := longClean.sets[0][key]
	longClean.Unlock()
	if !prose || plain {
		t.Errorf("remembered for MaskAPIText %v (want true), for MaskText %v (want false)", prose, plain)
	}
}

// A long text that holds a credential is masked every time and its sum is never remembered;
// the sums are bounded (maxLongClean), and a text one byte off another's is not taken for it.
func TestR75Perf11LongCredentialTextMaskedEveryTime(t *testing.T) {
	clean := r75Perf11Description(maxCleanText + 500)
	s := clean[:len(clean)-60] + " ghp_R75perf11AbCdEfGhIjKlMnOpQrStUvWxYz0123 "
	s += clean[len(s):]
	for i := range 3 {
		if got := storedShown(s, false); strings.Contains(got, "ghp_R75perf11") || !strings.HasSuffix(got, maskedWhy) {
			t.Fatalf("call %d: the token is shown: %.100q", i, got[len(got)-200:])
		}
	}
	key := longCleanKey(s)
	longClean.Lock()
	_, kept := longClean.sets[0][key]
	longClean.Unlock()
	if kept {
		t.Error("a text holding a token is remembered clean")
	}
	for i := range maxLongClean + 5 {
		longShown(fmt.Sprintf("%s %d", clean, i), false)
	}
	longClean.Lock()
	n := len(longClean.sets[0]) + len(longClean.sets[1])
	longClean.Unlock()
	if n > maxLongClean {
		t.Errorf("%d sums remembered, want at most %d", n, maxLongClean)
	}
}

// BenchmarkR75Perf11MaskStoredSummaryFirst is BenchmarkR75Perf11MaskStoredSummaryLarge with a
// text never shown before at each op (a first get_app of each app).
func BenchmarkR75Perf11MaskStoredSummaryFirst(b *testing.B) {
	desc := r75Perf11Description(1400 << 10)
	b.ReportAllocs()
	defer r75Perf11CPU(b)()
	for i := 0; b.Loop(); i++ {
		MaskStoredSummary(client.ProjectSummary{ID: 7, Name: "analytics-app", Description: fmt.Sprint(desc, " ", i)})
	}
}
