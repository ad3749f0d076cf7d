package present

import "strings"

// sentMargin is the end of a masking window (sentWindow) that masking reads but no quote shows:
// the window's edge can cut a credential to a part that reads as none (ghp_ and 30 characters,
// "passwo"), and masks before it can shorten the text so far that a quote cut to its limit
// reaches that part. What stands in the margin is left out, however short the masks made the rest.
const sentMargin = 1024

// maskedSentHead is what a quote may show of the start of sent, masked (maskSent): all of sent
// when it fits sentWindow (whole); else its first sentWindow bytes masked, of which only what
// stands before the last sentMargin is kept. hid: masking changed what is kept.
func maskedSentHead(sent string) (shown string, hid, whole bool) {
	if len(sent) <= sentWindow {
		m := maskSent(sent)
		return m, m != sent, true
	}
	head := sent[:runeStartAtOrBefore(sent, sentWindow)]
	m := maskSent(head)
	edge := runeStartAtOrBefore(head, len(head)-sentMargin)
	shown = m[:maskedAt(head, m, edge, false)]
	return shown, shown != head[:edge], false
}

// maskedSentTail is maskedSentHead for the end of sent: its last sentWindow bytes masked, of
// which only what stands after the first sentMargin is kept (all of them when sent fits the
// window).
func maskedSentTail(sent string) (shown string, hid bool) {
	if len(sent) <= sentWindow {
		m := maskSent(sent)
		return m, m != sent
	}
	tail := sent[runeStartAtOrAfter(sent, len(sent)-sentWindow):]
	m := maskSent(tail)
	edge := runeStartAtOrAfter(tail, sentMargin)
	shown = m[maskedAt(tail, m, edge, true):]
	return shown, shown != tail[edge:]
}

// maskedAt is where, in m (MaskText of w), w[edge] stands: m[:at] shows w[:edge] and m[at:]
// shows w[edge:], masked. A mask edge falls in belongs to the start (after unset: at is after
// it) or to the end (after set: at is before it), so that neither loses it.
func maskedAt(w, m string, edge int, after bool) int {
	at, pos := 0, 0 // w[:at] is shown by m[:pos]
	for _, sp := range maskedSpans(w, m) {
		if edge <= sp[0] {
			break
		}
		pos += sp[0] - at // a stretch kept as written
		run := pos
		for pos < len(m) && m[pos] == '*' {
			pos++
		}
		if edge < sp[1] {
			if after {
				return run
			}
			return pos
		}
		at = sp[1]
	}
	return min(len(m), pos+edge-at)
}

// maskSent is MaskText of a name a client sent (a resource URI, a prompt's name, an argument's),
// masking too what its percent-decoded forms show, in the text as written: a URI's part is read
// decoded (spice://apps/postgres%3A%2F%2Fadmin%3Apw%40db names the app
// "postgres://admin:pw@db"), once or twice encoded (%253A), and ghp%5F… is ghp_….
func maskSent(s string) string {
	masked := MaskText(s)
	if strings.IndexByte(s, '%') < 0 {
		return masked
	}
	spans := maskedSpans(s, masked)
	view, src := s, [][2]int(nil)
	for range 3 {
		next, from := percentDecoded(view)
		if next == view {
			break
		}
		if src != nil { // from's spans are in view: take them back to s
			for k, f := range from {
				from[k] = [2]int{src[f[0]][0], src[f[1]-1][1]}
			}
		}
		view, src = next, from
		m := MaskText(view)
		for _, v := range maskedSpans(view, m) {
			switch {
			case v[1] > v[0]:
				spans = append(spans, [2]int{src[v[0]][0], src[v[1]-1][1]})
			case v[0] < len(src):
				spans = append(spans, [2]int{src[v[0]][0], src[v[0]][0]})
			default:
				spans = append(spans, [2]int{len(s), len(s)})
			}
		}
	}
	if len(spans) == 0 {
		return masked
	}
	return withSpansMasked(s, spans)
}

// percentDecoded is s with each %XX (two hexadecimal digits) read as its byte, and where each
// of its bytes stands in s; s and nil when it holds none.
func percentDecoded(s string) (string, [][2]int) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	src := make([][2]int, 0, len(s))
	decoded := false
	for i := 0; i < len(s); {
		if s[i] == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			src = append(src, [2]int{i, i + 3})
			i += 3
			decoded = true
			continue
		}
		b.WriteByte(s[i])
		src = append(src, [2]int{i, i + 1})
		i++
	}
	if !decoded {
		return s, nil
	}
	return b.String(), src
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
