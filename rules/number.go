package rules

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// ReadNumber reads the JSON number lit (-12.5e3) from its digits and exponent: f is the float64
// nearest to it (a zero is 0, never -0: "-0" is the same number, and -0 would be sent and shown
// as "-0"), beyond reports a number whose magnitude no float64 holds (1e400), and ok is false
// when lit is not a JSON number. strconv.ParseFloat, and so encoding/json, misreads long literals
// (it keeps 800 digits and caps the exponent at 10000): "1" and 1000 zeros "e-500", which is
// 1e500, is read as 1e299 without error, and "0." and 100000 zeros "1e100400" (1e399) as 0. Here
// the decimal exponent of the first significant digit decides the range, and ParseFloat is given
// only a short canonical form (d.ddd…e±E, at most 801 significant digits: beyond 800 a nonzero
// rest is kept as one digit, which rounds alike), which it reads right.
func ReadNumber(lit []byte) (f float64, beyond, ok bool) {
	neg, intPart, frac, exp, ok := splitNumber(lit)
	if !ok {
		return 0, false, false
	}
	// The significant digits (from the first that is not 0) and the decimal exponent of the first.
	var lead int64
	var digits []byte
	if k := firstNonZero(intPart); k >= 0 {
		lead = int64(len(intPart) - 1 - k)
		digits = intPart[k:]
	} else if k := firstNonZero(frac); k >= 0 {
		lead = -int64(k + 1)
		frac = frac[k:]
	} else {
		return 0, false, true // 0, however written: -0 too
	}
	lead += exp
	switch {
	case lead > 308: // 1e309 and up: beyond float64's largest, about 1.8e308
		return 0, true, true
	case lead < -400: // far below the smallest float64 (about 4.9e-324): 0
		return 0, false, true
	}
	canon := make([]byte, 0, 820)
	if neg {
		canon = append(canon, '-')
	}
	n := 0 // significant digits written
	rest := false
	for _, part := range [][]byte{digits, frac} {
		for _, c := range part {
			switch {
			case n < 800:
				canon = append(canon, c)
				if n == 0 {
					canon = append(canon, '.')
				}
				n++
			case c != '0':
				rest = true
			}
		}
	}
	if rest {
		canon = append(canon, '1') // the 801st digit stands for a rest that is not 0
	}
	canon = append(canon, '0', 'e')
	canon = strconv.AppendInt(canon, lead, 10)
	f, err := strconv.ParseFloat(string(canon), 64)
	if err != nil && math.IsInf(f, 0) {
		return 0, true, true
	}
	if f == 0 { // -1e-330, beyond float64's smallest: 0, not -0
		return 0, false, true
	}
	return f, false, true
}

// splitNumber takes the JSON number lit apart: its sign, the digits before and after the point,
// and the exponent as written, saturated far beyond any float64's or int64's; ok is false when
// lit is not a JSON number.
func splitNumber(lit []byte) (neg bool, intPart, frac []byte, exp int64, ok bool) {
	s := lit
	neg = len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart = s[:i]
	if len(intPart) == 0 || len(intPart) > 1 && intPart[0] == '0' {
		return false, nil, nil, 0, false
	}
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for i = j; i < len(s) && isDigit(s[i]); i++ {
		}
		if frac = s[j:i]; len(frac) == 0 {
			return false, nil, nil, 0, false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		sign := int64(1)
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			if s[i] == '-' {
				sign = -1
			}
			i++
		}
		j := i
		for ; i < len(s) && isDigit(s[i]); i++ {
			if exp < 1<<40 {
				exp = exp*10 + int64(s[i]-'0')
			}
		}
		if i == j {
			return false, nil, nil, 0, false
		}
		exp *= sign
	}
	if i != len(s) {
		return false, nil, nil, 0, false
	}
	return neg, intPart, frac, exp, true
}

// ReadInteger reads the JSON number lit as an integer, exactly, from its digits and exponent:
// never through a float64, which holds integers exactly only up to 2^53 (9007199254740993.0
// would be read as ...992). A number with a zero fractional part is whole however it is written
// (JSON Schema's "integer": 10, 10.0, 1e1, 10E0, 1.00e1 and 100e-1 are all 10); n is it when
// it is within int64, beyond reports one that is not (1e20); whole is false for one with a
// fractional part (1.5, 1e-1); ok is false when lit is not a JSON number.
func ReadInteger(lit []byte) (n int64, whole, beyond, ok bool) {
	neg, intPart, frac, exp, ok := splitNumber(lit)
	if !ok {
		return 0, false, false, false
	}
	digits := append(slices.Clip(intPart), frac...) // the point stands after digits[:point]
	first := firstNonZero(digits)
	if first < 0 {
		return 0, true, false, true // 0, however written: -0.0 too
	}
	last := len(digits) - 1
	for digits[last] == '0' {
		last--
	}
	point := int64(len(intPart)) + exp
	switch {
	case int64(last) >= point: // a digit that is not 0 after the point
		return 0, false, false, true
	case point-int64(first) > 19: // 20 digits or more: 1e19 and up, beyond int64's 9.2e18
		return 0, true, true, true
	}
	magnitude, err := strconv.ParseUint(string(digits[first:last+1])+strings.Repeat("0", int(point)-last-1), 10, 64)
	switch {
	case err != nil:
		return 0, true, true, true
	case !neg && magnitude > math.MaxInt64, neg && magnitude > 1<<63:
		return 0, true, true, true
	case neg:
		return int64(-magnitude), true, false, true // -(1<<63) wraps to itself: math.MinInt64
	}
	return int64(magnitude), true, false, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// firstNonZero is the index of the first digit of b that is not 0, or -1.
func firstNonZero(b []byte) int {
	for i, c := range b {
		if c != '0' {
			return i
		}
	}
	return -1
}

// KeepsValue reports whether the JSON number lit is written back as the same number by a reader
// that holds it in a float64 (JSON.parse, then JSON.stringify): 1.50, 1E2, 0.1 and -0 are (as
// 1.5, 100, 0.1 and 0: another spelling of the same value); 9007199254740993 (…992),
// 12345678901234567890123 (1.2345678901234568e+22), 0.10000000000000000001 and 1e-400 (0) are
// not. Compared as decimals, significant digits and exponent, never through big numbers, so an
// exponent of a billion costs nothing.
func KeepsValue(lit []byte) bool {
	f, beyond, ok := ReadNumber(lit)
	if !ok || beyond {
		return false
	}
	_, intPart, frac, exp, _ := splitNumber(lit)
	digits, point := significant(append(slices.Clip(intPart), frac...), int64(len(intPart))+exp)
	if len(digits) > 17 { // a float64 written shortest never has more
		return false
	}
	shortest := strconv.AppendFloat(nil, math.Abs(f), 'e', -1, 64) // d.ddde±x
	mantissa, e, _ := strings.Cut(string(shortest), "e")
	fexp, _ := strconv.ParseInt(e, 10, 64)
	fdigits, fpoint := significant([]byte(strings.Replace(mantissa, ".", "", 1)), 1+fexp)
	return string(digits) == string(fdigits) && (len(digits) == 0 || point == fpoint)
}

// significant strips the digits of a decimal (the point after digits[:point]) to those from the
// first that is not 0 to the last that is not 0, moving the point with them; 0 has none.
func significant(digits []byte, point int64) ([]byte, int64) {
	first := firstNonZero(digits)
	if first < 0 {
		return nil, 0
	}
	last := len(digits) - 1
	for digits[last] == '0' {
		last--
	}
	return digits[first : last+1], point - int64(first)
}
