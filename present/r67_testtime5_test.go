package present

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"iter"
	"os"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// r67TesttimeSeedsFile holds, per fuzz target and slice of generated seeds (r59Seeds), the
// indexes of the seeds that added coverage when the fuzzer gathered its baseline over all of
// them, written by scripts/fuzz-seeds.sh.
const r67TesttimeSeedsFile = "testdata/fuzzseeds.txt"

// r67TesttimeSeeds yields seeds with their indexes: every one, unless this process fuzzes
// (go test -fuzz) and r67TesttimeSeedsFile holds a list measured for f's target and exactly
// this slice; then only the seeds it keeps. Before its first mutation the fuzzer replays every
// seed with coverage on, one round trip to its worker each: over r59Seeds' thousands, nearly
// all adding no coverage, that was most of CI's fuzz step. A plain run (go test -run FuzzX:
// the race step, and every seed without the race detector's one in 8 in .ci/run's step beside
// it) replays every seed through the same oracle.
func r67TesttimeSeeds(f *testing.F, seeds []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		kept, measured := r67TesttimeKept(f, seeds)
		for i, s := range seeds {
			if (!measured || kept[i]) && !yield(i, s) {
				return
			}
		}
		r67TesttimeEqualSeeds(f)
	}
}

// r67TesttimeEqualSeeds prints, when scripts/fuzz-seeds.sh measures, how many seeds f's target
// added so far and which equal one before them: the fuzzer replays such a seed once, and the
// script counts them to tell which seed each of the fuzzer's lines is.
func r67TesttimeEqualSeeds(f *testing.F) {
	if os.Getenv("SPICE_FUZZ_EVERY_SEED") != "1" || r67TesttimeFlag("test.fuzz") == "" || r67TesttimeFlag("test.fuzzworker") == "true" {
		return
	}
	corpus := reflect.ValueOf(f).Elem().FieldByName("corpus")
	if !corpus.IsValid() {
		return
	}
	line := fmt.Sprintf("fuzzseeds-added: %s %d", f.Name(), corpus.Len())
	seen := map[string]bool{}
	for i := range corpus.Len() {
		values := corpus.Index(i).FieldByName("Values")
		var key strings.Builder
		for j := range values.Len() {
			v := values.Index(j).Elem()
			switch v.Kind() {
			case reflect.String:
				fmt.Fprintf(&key, "%s %q\x00", v.Type(), v.String())
			case reflect.Slice:
				fmt.Fprintf(&key, "%s %q\x00", v.Type(), v.Bytes())
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				fmt.Fprintf(&key, "%s %d\x00", v.Type(), v.Int())
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				fmt.Fprintf(&key, "%s %d\x00", v.Type(), v.Uint())
			default:
				fmt.Fprintf(&key, "%s %v\x00", v.Type(), v)
			}
		}
		if seen[key.String()] {
			line += " " + strconv.Itoa(i)
		}
		seen[key.String()] = true
	}
	fmt.Fprintln(os.Stderr, line)
}

// r67TesttimeFlag is the value of the test binary's flag name ("" when unset).
func r67TesttimeFlag(name string) string {
	if fl := flag.Lookup(name); fl != nil {
		return fl.Value.String()
	}
	return ""
}

// r67TesttimeDigest names a slice of seeds in r67TesttimeSeedsFile.
func r67TesttimeDigest(seeds []string) string {
	h := sha256.New()
	for _, s := range seeds {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// r67TesttimeKept is the set of seeds' indexes to add while fuzzing, and whether one was
// measured (else every seed is added). SPICE_FUZZ_EVERY_SEED=1, set by scripts/fuzz-seeds.sh
// to measure, adds every seed and prints where the slice starts among the target's seeds.
func r67TesttimeKept(f *testing.F, seeds []string) (map[int]bool, bool) {
	if r67TesttimeFlag("test.fuzz") == "" {
		return nil, false
	}
	coordinator := r67TesttimeFlag("test.fuzzworker") != "true"
	digest := r67TesttimeDigest(seeds)
	if os.Getenv("SPICE_FUZZ_EVERY_SEED") == "1" {
		if coordinator {
			// The number of seeds the target added so far: the fuzzer names them seed#0 on.
			base := -1
			if c := reflect.ValueOf(f).Elem().FieldByName("corpus"); c.IsValid() {
				base = c.Len()
			}
			fmt.Fprintf(os.Stderr, "fuzzseeds: %s %s %d %d\n", f.Name(), digest, base, len(seeds))
		}
		return nil, false
	}
	kept, ok := r67TesttimeLists()[f.Name()+" "+digest]
	if !ok && coordinator {
		fmt.Fprintf(os.Stderr, "fuzzseeds: %s: %s holds no list for its %d seeds (%s): every one added; scripts/fuzz-seeds.sh measures them\n",
			f.Name(), r67TesttimeSeedsFile, len(seeds), digest)
	}
	return kept, ok
}

// r67TesttimeLists reads r67TesttimeSeedsFile: lines "target digest index...".
var r67TesttimeLists = sync.OnceValue(func() map[string]map[int]bool {
	lists := map[string]map[int]bool{}
	file, err := os.Open(r67TesttimeSeedsFile)
	if err != nil {
		return lists
	}
	defer file.Close()
	lines := bufio.NewScanner(file)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		kept := map[int]bool{}
		for _, n := range fields[2:] {
			if i, err := strconv.Atoi(n); err == nil {
				kept[i] = true
			}
		}
		lists[fields[0]+" "+fields[1]] = kept
	}
	return lists
})

// TestR67TesttimeFuzzSeedListsCurrent: every slice of generated seeds a fuzz target passes to
// r67TesttimeSeeds has a list measured for it, naming seeds it holds and fewer than all of
// them. A class or template changed without measuring again would have every seed of its
// slice added while fuzzing (safe, but the slow baseline back): this fails first.
func TestR67TesttimeFuzzSeedListsCurrent(t *testing.T) {
	text := r59SeedsEvery(1, r59TextTemplates...)
	for _, c := range []struct {
		target string
		seeds  []string
	}{
		{"FuzzMaskText", text},
		{"FuzzMaskInvisible", text},
		{"FuzzMaskedSpans", text},
		{"FuzzMaskLogLinesCoversOld", r59SeedsEvery(1, r59LogTemplates...)},
		{"FuzzMaskSpicepod", r59SeedsEvery(1, r67TesttimeSpicepodTemplates...)},
		{"FuzzMaskParam", r59SeedsEvery(1, r67TesttimeParamKeyTemplates...)},
		{"FuzzMaskParam", r59SeedsEvery(1, r67TesttimeParamValueTemplates...)},
	} {
		digest := r67TesttimeDigest(c.seeds)
		kept, ok := r67TesttimeLists()[c.target+" "+digest]
		if !ok {
			t.Errorf("%s: %s holds no list for its %d generated seeds (%s): run scripts/fuzz-seeds.sh %s",
				c.target, r67TesttimeSeedsFile, len(c.seeds), digest, c.target)
			continue
		}
		if len(kept) == 0 || len(kept) >= len(c.seeds) {
			t.Errorf("%s: its list keeps %d of %d seeds", c.target, len(kept), len(c.seeds))
		}
		for i := range kept {
			if i < 0 || i >= len(c.seeds) {
				t.Errorf("%s: its list keeps seed %d of %d", c.target, i, len(c.seeds))
			}
		}
	}
}

// TestR67TesttimeSeedsAllWithoutFuzzing: a run that does not fuzz (go test -run FuzzX, CI's
// race step and the step beside it) gets every seed, at its own index.
func TestR67TesttimeSeedsAllWithoutFuzzing(t *testing.T) {
	seeds := r59SeedsEvery(1, r59TextTemplates...)
	n := 0
	for i, s := range r67TesttimeSeeds(nil, seeds) {
		if i != n || s != seeds[i] {
			t.Fatalf("seed %d: got %d %q", n, i, s)
		}
		n++
	}
	if n != len(seeds) {
		t.Fatalf("%d of %d seeds", n, len(seeds))
	}
}
