package sandbox

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// jsNumber reads s as ECMAScript's Number(s) does (StringToNumber), which is how the service's
// validator coerces a query string to a number (api/README §10 "Numbers in query parameters"):
// the white space and line terminators ECMAScript knows (Unicode spaces, U+FEFF, U+2028, U+2029)
// around the value are ignored; what remains is a decimal literal (optional sign, digits, an
// optional fraction and exponent: "05", "5.0", "5.", ".5e1", "1e1"), "Infinity" with an optional
// sign, or an unsigned 0x, 0o or 0b integer ("0x10" is 16). Anything else is not a number
// (false): digits of other scripts ("９"), "_" separators, "inf", a signed "-0x10", a hex float.
// An empty or blank value, which Number reads as 0, is reported as not a number too: a query
// parameter sent empty names no number (api/README §10).
func jsNumber(s string) (float64, bool) {
	s = strings.TrimFunc(s, jsSpace)
	if s == "" {
		return 0, false
	}
	if len(s) > 2 && s[0] == '0' {
		base := map[byte]int{'x': 16, 'X': 16, 'o': 8, 'O': 8, 'b': 2, 'B': 2}[s[1]]
		if base != 0 {
			digits := s[2:]
			for i := 0; i < len(digits); i++ {
				if _, err := strconv.ParseUint(digits[i:i+1], base, 8); err != nil {
					return 0, false // big.Int would take a sign or "_"; Number takes neither
				}
			}
			n, _ := new(big.Int).SetString(digits, base)
			f, _ := new(big.Float).SetInt(n).Float64() // beyond float64: ±Inf, as Number
			return f, true
		}
	}
	unsigned := s
	if s[0] == '+' || s[0] == '-' {
		unsigned = s[1:]
	}
	if unsigned == "Infinity" {
		if s[0] == '-' {
			return math.Inf(-1), true
		}
		return math.Inf(1), true
	}
	if !jsDecimal(unsigned) {
		return 0, false
	}
	// Read from its digits and exponent, in JSON's spelling (no "+", leading zeros or bare
	// point): strconv.ParseFloat misreads long literals ("1" and 1000 zeros "e-1000" as 1e-201).
	// Beyond float64 it is ±Infinity and nearer 0 than its least subnormal ±0, as Number reads it.
	mantissa, exp, hasExp := strings.Cut(strings.ToLower(unsigned), "e")
	whole, frac, _ := strings.Cut(mantissa, ".")
	lit := strings.TrimLeft(whole, "0")
	if lit == "" {
		lit = "0"
	}
	if frac != "" {
		lit += "." + frac
	}
	if hasExp {
		lit += "e" + exp
	}
	f, beyond, _ := rules.ReadNumber([]byte(lit))
	if beyond {
		f = math.Inf(1)
	}
	if s[0] == '-' {
		f = math.Copysign(f, -1) // Number("-0") is -0
	}
	return f, true
}

// jsDecimal reports whether s is an unsigned StrUnsignedDecimalLiteral without "Infinity":
// digits with an optional "." and fraction (at least one digit in all), then an optional
// exponent e or E, an optional sign and digits.
func jsDecimal(s string) bool {
	digits := func(i int) int {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i
	}
	i := digits(0)
	mantissa := i
	if i < len(s) && s[i] == '.' {
		j := digits(i + 1)
		mantissa += j - i - 1
		i = j
	}
	if mantissa == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// jsSpace is ECMAScript's StrWhiteSpaceChar: its WhiteSpace (tab, VT, FF, U+FEFF and every
// space separator, Zs) and LineTerminator (LF, CR, U+2028, U+2029). U+0085 and U+200B are not.
func jsSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', '\u2028', '\u2029', '\ufeff':
		return true
	}
	return unicode.Is(unicode.Zs, r)
}

// asStored is a spicepod as the service keeps it: JSON.parse has read every number into a
// double, and JSON.stringify writes it back so (api/README §10 "Spicepod numbers"): 1.50 is
// 1.5, 1E2 is 100, 9007199254740993 is 9007199254740992, -0 is 0. encoding/json writes a
// float64 as ECMAScript does, so the numbers become float64s; the rest is copied as it is.
func asStored(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, item := range x {
			out[k] = asStored(item)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, item := range x {
			out[i] = asStored(item)
		}
		return out
	case json.Number:
		f, _, _ := rules.ReadNumber([]byte(x)) // a number beyond doubles was refused (ParseSpicepod)
		return f
	case int:
		return float64(x) // the nearest double, ties to even, as JSON.parse reads the digits
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case float64:
		if x == 0 {
			return 0.0 // -0 too
		}
	}
	return v
}
