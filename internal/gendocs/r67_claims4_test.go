package gendocs

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r67Claims4Whole marks the bytes of p inside a code span (a run of backticks to the next run
// of as many, as CommonMark reads them) or a link's text (`[text](`): a sentence does not end
// there, so "`Missing environment variables: SPICE_API_TOKEN`" stays one phrase.
func r67Claims4Whole(p string) []bool {
	whole := make([]bool, len(p))
	for i := 0; i < len(p); {
		switch p[i] {
		case '`':
			n := len(p[i:]) - len(strings.TrimLeft(p[i:], "`"))
			end := r67Claims4CloseRun(p, i+n, n)
			if end < 0 { // an unclosed run is literal backticks
				i += n
				continue
			}
			for j := i; j < end; j++ {
				whole[j] = true
			}
			i = end
		case '[':
			end := strings.Index(p[i:], "](")
			if end < 0 || strings.ContainsAny(p[i+1:i+end], "[`") {
				i++
				continue
			}
			for j := i; j < i+end; j++ {
				whole[j] = true
			}
			i += end + 1
		default:
			i++
		}
	}
	return whole
}

// r67Claims4CloseRun is the end of the first run of exactly n backticks in p from at, or -1.
func r67Claims4CloseRun(p string, at, n int) int {
	for j := at; j < len(p); {
		if p[j] != '`' {
			j++
			continue
		}
		k := j
		for k < len(p) && p[k] == '`' {
			k++
		}
		if k-j == n {
			return k
		}
		j = k
	}
	return -1
}

// TestR67Claims4SentencesKeepCodeSpansWhole: README's sentences are cut at ". Capital" and
// ": Capital" in prose only; inside a code span (of one backtick or several) or a link's text
// the sentence goes on, so the claim after it is counted with the words it belongs to.
func TestR67Claims4SentencesKeepCodeSpansWhole(t *testing.T) {
	for _, c := range []struct{ para, want string }{
		{"It warns `Missing environment variables: SPICE_API_TOKEN` and any client stops.",
			"It warns `Missing environment variables: SPICE_API_TOKEN` and any client stops."},
		{"A header `X-Frame-Options: DENY` is always sent. Then more.",
			"A header `X-Frame-Options: DENY` is always sent."},
		{"It shows `` ⏸ Pending (run `claude`: Approve) `` only once.",
			"It shows `` ⏸ Pending (run `claude`: Approve) `` only once."},
		{"See [the guide: Setup](https://x.example) for every step.",
			"See [the guide: Setup](https://x.example) for every step."},
		{"A stray ` backtick: Never mind the rest.", "Never mind the rest."},
		{"Prose ends here: Every call is checked.", "Every call is checked."},
	} {
		got := r64ClaimsSentences(c.para + "\n")
		if len(got) != 1 || got[0] != c.want {
			t.Errorf("sentences of %q: %q, want only %q", c.para, got, c.want)
		}
	}
}

// r67Claims4Holds says whether the test named can hold a claim: go test runs tests and replays
// fuzz targets' seeds, but runs no benchmark (nor does CI), so a benchmark measures, it holds nothing.
func r67Claims4Holds(name string) bool {
	return !strings.HasPrefix(name, "Benchmark")
}

// TestR67Claims4BenchmarksHoldNoClaim: a README claim citing a benchmark alone is unheld.
func TestR67Claims4BenchmarksHoldNoClaim(t *testing.T) {
	for name, want := range map[string]bool{"TestRedactMemoryIsLinear": true, "FuzzRedact": true, "BenchmarkRedactAcrossWords": false} {
		if got := r67Claims4Holds(name); got != want {
			t.Errorf("%s holds a claim: %v, want %v", name, got, want)
		}
	}
}

// TestR67Claims4ServerNeverValidatesWithMcpGosSchemas: README's Performance note says mcp-go
// compiles every JSON Schema meta-schema at start-up for its opt-in input-schema validation "and
// this server never validates with it" (it checks arguments itself, naming field and rule): no
// source of the server opts in.
func TestR67Claims4ServerNeverValidatesWithMcpGosSchemas(t *testing.T) {
	files := testutil.ServerSources(t, root, func(path string, src []byte) {
		if strings.Contains(string(src), "WithInputSchemaValidation") {
			t.Errorf("%s opts in to mcp-go's input-schema validation", path)
		}
	})
	if files < 50 {
		t.Fatalf("read %d Go files", files)
	}
}
