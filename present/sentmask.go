package present

// sentMargin is the end of a masking window (sentWindow) that masking reads but no quote shows:
// the window's edge can cut a credential to a part that reads as none (ghp_ and 30 characters,
// "passwo"), and masks before it can shorten the text so far that a quote cut to its limit
// reaches that part. What stands in the margin is left out, however short the masks made the rest.
const sentMargin = 1024

// maskedSentHead is what a quote may show of the start of sent, masked (MaskText): all of sent
// when it fits sentWindow (whole); else its first sentWindow bytes masked, of which only what
// stands before the last sentMargin is kept. hid: masking changed what is kept.
func maskedSentHead(sent string) (shown string, hid, whole bool) {
	if len(sent) <= sentWindow {
		m := MaskText(sent)
		return m, m != sent, true
	}
	head := sent[:runeStartAtOrBefore(sent, sentWindow)]
	m := MaskText(head)
	edge := runeStartAtOrBefore(head, len(head)-sentMargin)
	shown = m[:maskedAt(head, m, edge, false)]
	return shown, shown != head[:edge], false
}

// maskedSentTail is maskedSentHead for the end of sent: its last sentWindow bytes masked, of
// which only what stands after the first sentMargin is kept (all of them when sent fits the
// window).
func maskedSentTail(sent string) (shown string, hid bool) {
	if len(sent) <= sentWindow {
		m := MaskText(sent)
		return m, m != sent
	}
	tail := sent[runeStartAtOrAfter(sent, len(sent)-sentWindow):]
	m := MaskText(tail)
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
