package tools

import (
	"math"
	"strconv"
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
	s := lit
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intPart := s[:i]
	if len(intPart) == 0 || len(intPart) > 1 && intPart[0] == '0' {
		return 0, false, false
	}
	var frac []byte
	if i < len(s) && s[i] == '.' {
		j := i + 1
		for i = j; i < len(s) && isDigit(s[i]); i++ {
		}
		if frac = s[j:i]; len(frac) == 0 {
			return 0, false, false
		}
	}
	exp := int64(0) // the exponent as written, saturated far beyond any float64's
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
			return 0, false, false
		}
		exp *= sign
	}
	if i != len(s) {
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
