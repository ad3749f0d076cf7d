package present

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r72Words12Quoted is a result as a golden quotes it.
var r72Words12Quoted = regexp.MustCompile("(?s)````markdown\n(.*?)\n````")

// r72Words12LongLeft is how many sentences of present's code still run over 35 words: round 72
// left 87 (the rotation steps' texts, start-up's and the HTTP listener's), round 73 split them all.
// It may only go down.
const r72Words12LongLeft = 0

// TestR72Words12ResultSentencesRunAtMost35Words: round 71 held the instructions, tools/list,
// prompts and resources to 35 words a sentence, not the results and errors: 26 sentences of the
// result goldens ran longer, 132 of present's code (88 after the round). Every sentence of every result golden runs
// at most 35 words; of the texts present's code writes (each literal, concatenation and
// fmt.Sprintf folded, an unknown part one word) no more than r72Words12LongLeft run longer.
func TestR72Words12ResultSentencesRunAtMost35Words(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join("..", "mcpserver", "testdata", "results", "*.md"))
	if len(goldens) < 30 {
		t.Fatalf("read %d result goldens, want their tens", len(goldens))
	}
	read := 0
	for _, p := range goldens {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// A result is quoted in a fenced block, which Sentences reads as one word: read it out.
		for _, m := range r72Words12Quoted.FindAllStringSubmatch(string(b), -1) {
			read++
			for _, s := range testutil.Sentences(m[1]) {
				if n := len(strings.Fields(s)); n > testutil.MaxSentenceWords {
					t.Errorf("results/%s: a sentence of %d words, more than %d:\n%s", filepath.Base(p), n, testutil.MaxSentenceWords, s)
				}
			}
		}
	}
	if read < 250 {
		t.Errorf("read %d results from the goldens, want their hundreds", read)
	}
	var long []string
	for _, tx := range r70Words9Texts(t) {
		for _, s := range testutil.Sentences(tx.Text) {
			if n := len(strings.Fields(s)); n > testutil.MaxSentenceWords {
				long = append(long, fmt.Sprintf("%s (%s): %d words: %s", tx.Where, tx.Func, n, s))
			}
		}
	}
	if len(long) > r72Words12LongLeft {
		t.Errorf("%d sentences of present's code run over %d words, more than the %d left:\n%s", len(long), testutil.MaxSentenceWords,
			r72Words12LongLeft, strings.Join(long, "\n"))
	}
	if len(long) < r72Words12LongLeft {
		t.Errorf("%d sentences of present's code run over %d words: lower r72Words12LongLeft from %d", len(long), testutil.MaxSentenceWords, r72Words12LongLeft)
	}
}
