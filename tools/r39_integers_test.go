package tools

import (
	"math"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestR39ReadIntegerIsExact: ReadInteger reads a whole number in any spelling from its digits,
// exactly, to the ends of int64; a fractional part makes it no integer, and past int64 it is
// beyond, an exponent of any length included.
func TestR39ReadIntegerIsExact(t *testing.T) {
	zeros := strings.Repeat("0", 5000)
	for _, c := range []struct {
		lit                  string
		n                    int64
		whole, beyond, isNum bool
	}{
		{"10", 10, true, false, true}, {"10.0", 10, true, false, true}, {"1e1", 10, true, false, true},
		{"10E0", 10, true, false, true}, {"1.00e1", 10, true, false, true}, {"100e-1", 10, true, false, true},
		{"-0", 0, true, false, true}, {"-0.0e5", 0, true, false, true}, {"0.000e-99999999999999", 0, true, false, true},
		{"9007199254740993.0", 9007199254740993, true, false, true},
		{"9.007199254740993e15", 9007199254740993, true, false, true},
		{"9223372036854775807", math.MaxInt64, true, false, true},
		{"-9223372036854775808", math.MinInt64, true, false, true},
		{"-9.223372036854775808e18", math.MinInt64, true, false, true},
		{"1" + zeros + "e-5000", 1, true, false, true},
		{"9223372036854775808", 0, true, true, true}, {"-9223372036854775809.0", 0, true, true, true},
		{"1e19", 0, true, true, true}, {"1e20", 0, true, true, true}, {"1e1000000000", 0, true, true, true},
		{"1e" + zeros + "1", 10, true, false, true}, {"1e1" + zeros, 0, true, true, true},
		{"1.5", 0, false, false, true}, {"1e-1", 0, false, false, true}, {"25e-1", 0, false, false, true},
		{"10.000000000000000000001", 0, false, false, true}, {"1e-" + zeros + "1", 0, false, false, true},
		{"1", 1, true, false, true},
		{"", 0, false, false, false}, {"01", 0, false, false, false}, {"1.", 0, false, false, false},
		{"+1", 0, false, false, false}, {"null", 0, false, false, false}, {`"1"`, 0, false, false, false},
	} {
		n, whole, beyond, ok := rules.ReadInteger([]byte(c.lit))
		if n != c.n || whole != c.whole || beyond != c.beyond || ok != c.isNum {
			t.Errorf("rules.ReadInteger(%.40s) = %d whole=%v beyond=%v ok=%v, want %d %v %v %v", c.lit, n, whole, beyond, ok, c.n, c.whole, c.beyond, c.isNum)
		}
	}
	// The literal is left as it was: the digits after the point are not copied over it.
	lit := []byte("12.50e1")
	rules.ReadInteger(lit)
	if string(lit) != "12.50e1" {
		t.Errorf("ReadInteger altered its literal: %s", lit)
	}
}

// TestR39IntegerArgumentsDecodeWholeNumbers: every integer argument type, a pointer to one
// included, takes a whole number in any spelling and keeps it exactly; a fractional one is
// refused as no integer, a whole one past int64 by its range.
func TestR39IntegerArgumentsDecodeWholeNumbers(t *testing.T) {
	var a struct {
		Replicas *Replicas    `json:"replicas"`
		ID       DeploymentID `json:"deployment_id"`
		Offset   Offset       `json:"offset"`
	}
	if err := decodeArgs([]byte(`{"replicas":2.0,"deployment_id":9007199254740993e0,"offset":1e1}`), &a); err != nil {
		t.Fatal(err)
	}
	if a.Replicas == nil || *a.Replicas != 2 || a.ID != 9007199254740993 || a.Offset != 10 {
		t.Errorf("decoded %v %d %d", a.Replicas, a.ID, a.Offset)
	}
	for raw, want := range map[string]string{
		`{"replicas":2.5}`:        "Invalid arguments, nothing was sent: replicas: expected integer, got number 2.5",
		`{"offset":1e1000000000}`: "Invalid arguments, nothing was sent: offset: the number 1e1000000000 is beyond the range of integers (-9223372036854775808 to 9223372036854775807)",
		`{"deployment_id":-1e19}`: "Invalid arguments, nothing was sent: deployment_id: the number -1e19 is beyond the range of integers",
		`{"offset":"1"}`:          "Invalid arguments, nothing was sent: offset: expected integer, got string",
		`{"replicas":true}`:       "Invalid arguments, nothing was sent: replicas: expected integer, got boolean",
	} {
		var b struct {
			Replicas *Replicas    `json:"replicas"`
			ID       DeploymentID `json:"deployment_id"`
			Offset   Offset       `json:"offset"`
		}
		if err := decodeArgs([]byte(raw), &b); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", raw, err, want)
		}
	}
}
