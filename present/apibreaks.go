package present

import (
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// The client shows an API error text on one line (its line breaks one space) and redacts sent
// values from it as shown, before present masks it: a token a break cuts would reach the
// masker with a blank where the break was, which no break-joining rule reads. So the client
// hands the raw text to maskAcrossBreaks first, which masks only what its breaks make a
// credential: the rest is left for the redaction and the masking of the text as shown.
func init() { client.MaskAcrossBreaks = maskAcrossBreaks }

// maskAcrossBreaks masks, in s (an API text as received), the stretches MaskAPIText masks in
// s but not in s with each line break a blank of its length, and the pieces of a token whose
// lines repeat a log prefix (maskWrappedTokens, maskBrokenTokenEntries: the lines read as log
// entries, as MaskLogLines joins them). s itself when
// it holds no line break. Two masker passes more: linear.
func maskAcrossBreaks(s string) string {
	blanked, ok := breaksBlanked(s)
	if !ok {
		return s
	}
	if lines := strings.Split(s, "\n"); len(lines) > 1 {
		cr := make([]bool, len(lines)) // a line's \r before its \n, kept apart
		for i, l := range lines {
			lines[i], cr[i] = strings.CutSuffix(l, "\r")
		}
		maskNarrowWrappedTokens(lines)
		maskWrappedTokens(lines)
		maskBrokenTokenEntries(lines)
		for i := range lines {
			if cr[i] {
				lines[i] += "\r"
			}
		}
		if joined := strings.Join(lines, "\n"); joined != s {
			s = joined
			blanked, _ = breaksBlanked(s)
		}
	}
	own := maskedSpans(blanked, MaskAPIText(blanked))
	var extra [][2]int
	k := 0 // own[:k] end before the span read
	for _, sp := range maskedSpans(s, MaskAPIText(s)) {
		for k < len(own) && own[k][1] <= sp[0] {
			k++
		}
		if k == len(own) || own[k][0] > sp[0] || own[k][1] < sp[1] {
			extra = append(extra, sp)
		}
	}
	if extra == nil {
		return s
	}
	return withSpansMasked(s, extra)
}

// breaksBlanked is s with each line break (\n, \r, \v, \f, NEL, U+2028, U+2029) spaces of its
// length, so that positions in it are positions in s; ok false when s holds none.
func breaksBlanked(s string) (string, bool) {
	var b []byte
	for i := 0; i < len(s); i++ {
		n := 0
		if c := s[i]; c >= '\n' && c <= '\r' {
			n = 1
		} else {
			n = lineSeparatorAt(s, i)
		}
		if n == 0 {
			continue
		}
		if b == nil {
			b = []byte(s)
		}
		for k := range n {
			b[i+k] = ' '
		}
		i += n - 1
	}
	if b == nil {
		return s, false
	}
	return string(b), true
}
