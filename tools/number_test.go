package tools

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestReadNumberLongLiterals (audit r20, X2): strconv.ParseFloat, and so encoding/json, misreads
// long literals without error ("1" and 1000 zeros "e-500", 1e500, as 1e299); ReadNumber reads
// them from their digits and exponent.
func TestReadNumberLongLiterals(t *testing.T) {
	zeros := func(n int) string { return strings.Repeat("0", n) }
	for _, c := range []struct {
		lit    string
		want   float64
		beyond bool
	}{
		{"1" + zeros(1000) + "e-500", 0, true},              // 1e500 (ParseFloat: 1e299)
		{"-1" + zeros(100000) + "e-99600", 0, true},         // -1e400 (ParseFloat: -1e200)
		{"0." + zeros(100000) + "1e+100400", 0, true},       // 1e399 (ParseFloat: 0)
		{"1" + zeros(1000) + "e-1000", 1, false},            // 1 (ParseFloat: 1e-201)
		{"0." + zeros(1000) + "1e+600", 0, false},           // 1e-401: 0
		{"0." + zeros(100000) + "25e+100001", 2.5, false},   // 2.5
		{"1" + zeros(2000) + "1e-2000", 10, false},          // 10.000…01: 10
		{"1e" + zeros(5000) + "7", 1e7, false},              // a long exponent
		{"1e-" + zeros(5000) + "1" + zeros(4000), 0, false}, // 1e-1e4000
		{"1e" + "1" + zeros(4000), 0, true},
		{"1.7976931348623157e308", math.MaxFloat64, false},
		{"1.7976931348623159e308", 0, true},
		{"0", 0, false}, {"-0.000e999999", 0, false}, {"1e400", 0, true}, {"-1E999", 0, true},
		{"4.9e-324", 5e-324, false}, {"2e-324", 0, false},
	} {
		f, beyond, ok := rules.ReadNumber([]byte(c.lit))
		if !ok || beyond != c.beyond || !beyond && f != c.want {
			t.Errorf("%.30s… (%d chars): %g beyond=%v ok=%v, want %g beyond=%v", c.lit, len(c.lit), f, beyond, ok, c.want, c.beyond)
		}
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1x", "--1", "1.2.3"} {
		if _, _, ok := rules.ReadNumber([]byte(bad)); ok {
			t.Errorf("%q read as a number", bad)
		}
	}
	// Short literals: as ParseFloat reads them (right while they are short).
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		lit := strconv.FormatFloat(math.Float64frombits(r.Uint64()), 'g', r.IntN(20)+1, 64)
		if strings.ContainsAny(lit, "NI") {
			continue
		}
		lit = strings.Replace(lit, "e+", "e", 1)
		want, err := strconv.ParseFloat(lit, 64)
		f, beyond, ok := rules.ReadNumber([]byte(lit))
		if want == 0 {
			want = 0 // ReadNumber reads -0 as 0 (TestNegativeZeroIsZero)
		}
		if !ok || beyond != (err != nil) || err == nil && math.Float64bits(f) != math.Float64bits(want) {
			t.Fatalf("%s: %g beyond=%v ok=%v, ParseFloat %g %v", lit, f, beyond, ok, want, err)
		}
	}
}

// TestGigabytesReadsLongLiterals: a storage size sent as a long literal is the number it spells,
// or refused naming the rule: never another number.
func TestGigabytesReadsLongLiterals(t *testing.T) {
	var args struct {
		G *Gigabytes `json:"storage_size_gb"`
	}
	one := "1" + strings.Repeat("0", 1000) + "e-1000"
	if err := decodeArgs(json.RawMessage(`{"storage_size_gb":`+one+`}`), &args); err != nil || args.G == nil || *args.G != 1 {
		t.Fatalf("%v %v, want 1", err, args.G)
	}
	for _, c := range []struct{ lit, want string }{
		{"1" + strings.Repeat("0", 1000) + "e-500", "storage_size_gb: the number 1000000000000000…00000000000e-500 (1,006 characters) is beyond the range of numbers"},
		{"1e400", "storage_size_gb: the number 1e400 is beyond the range"},
		{"0." + strings.Repeat("0", 1000) + "1e+600", "storage_size_gb: the number 0.00000000000000…00000000001e+600 (1,008 characters) is too small to tell from 0"},
	} {
		err := decodeArgs(json.RawMessage(`{"storage_size_gb":`+c.lit+`}`), &args)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.20s…: %v, want %q", c.lit, err, c.want)
		}
	}
}

// TestNegativeZeroIsZero (audit r23): "-0" and "-0.0" are 0, and are read, sent and shown as 0:
// a storage size of -0.0 passed "0 or more" and was stored and shown as "storage -0 GB".
func TestNegativeZeroIsZero(t *testing.T) {
	for _, lit := range []string{"-0", "-0.0", "-0e5", "-0.000E-7", "-1e-401", "-2e-330"} {
		f, beyond, ok := rules.ReadNumber([]byte(lit))
		if !ok || beyond || f != 0 || math.Signbit(f) {
			t.Errorf("%s: %g beyond=%v ok=%v, want 0 (not -0)", lit, f, beyond, ok)
		}
	}
	var args struct {
		G *Gigabytes `json:"storage_size_gb"`
	}
	for _, lit := range []string{"-0", "-0.0"} {
		if err := decodeArgs(json.RawMessage(`{"storage_size_gb":`+lit+`}`), &args); err != nil || args.G == nil ||
			math.Signbit(float64(*args.G)) {
			t.Errorf("%s: %v %v, want 0", lit, err, args.G)
		}
	}
}
