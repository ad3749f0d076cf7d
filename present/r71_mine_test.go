package present

import "testing"

// r71MineBeyondUnicodeSpace is what of a value the old log masker hid lies past the Unicode
// space where a reader ends it (oldValueCore's end), "" when none: text MaskLogLines may show
// (principleBeyond), so the core's text inside it counts as exempt (principleCounted).
func r71MineBeyondUnicodeSpace(v string) string {
	core := hiddenCore(v)
	for i := 1; i < len(core); i++ {
		if unicodeBlankAt(core, i) > 0 {
			return core[i:]
		}
	}
	return ""
}

// TestR71MineCoreRepeatedBeyondAUnicodeSpace: my closing run's FuzzMaskLogLinesCoversOld
// finding was the oracle's (seed 9c95df62758c57dc): in "ApAssword =AAA\u00a0AAA000" the value
// ends at the no-break space, as at a space (decided), so MaskLogLines masks AAA and shows
// AAA000 after it; the old masker, to which U+00A0 was no space, hid both, and the oracle found
// the core "AAA" in the shown AAA000. Text past the Unicode space is beyond the value, and the
// core inside it is counted exempt; the core shown more often than that is still a leak.
func TestR71MineCoreRepeatedBeyondAUnicodeSpace(t *testing.T) {
	line := "ApAssword =AAA\u00a0AAA000"
	if got := MaskLogLines([]string{line})[0]; got != "ApAssword ="+Masked+"\u00a0AAA000" {
		t.Fatalf("MaskLogLines(%q) = %q", line, got)
	}
	if why := r69Masking14Why(line, "ApAssword ="+Masked+"\u00a0AAA000")["AAA"]; why != principleCounted {
		t.Errorf("AAA shown past the no-break space only: principle %q, want %q", why, principleCounted)
	}
	// Held: shown inside the value as well, it is a leak.
	if why, ok := r69Masking14Why(line, line)["AAA"]; !ok || why != "" {
		t.Errorf("AAA shown in the value itself: principle %q (hidden %v), want none: a leak", why, ok)
	}
	if got := r71MineBeyondUnicodeSpace("AAA\u2009BBB"); got != "\u2009BBB" {
		t.Errorf("beyond of AAA, thin space, BBB = %q", got)
	}
	if got := r71MineBeyondUnicodeSpace("AAABBB"); got != "" {
		t.Errorf("beyond of a value with no Unicode space = %q, want none", got)
	}
}

// TestR71MineCookieValueHoldingAPairIsMasked: my closing run's FuzzMaskLogLinesCoversOld
// finding was a real leak (seed 8e45219d37e6be85): "Cookie:gA=token=000" showed token=000, and
// "Cookie: gA=password=hunter2" hunter2, as gA reads as Google Analytics' cookie (kept by its
// name), where outside a Cookie header gA=password=hunter2 masks hunter2. A cookie's value
// holding a pair of its own is masked whatever the cookie's name; an analytics id, which holds
// no "=" but base64's padding, is still kept.
func TestR71MineCookieValueHoldingAPairIsMasked(t *testing.T) {
	for in, want := range map[string]string{
		"Cookie:gA=token=000":                     "Cookie:gA=" + Masked,
		"Cookie: gA=password=hunter2; theme=dark": "Cookie: gA=" + Masked + "; theme=dark",
		"Set-Cookie: _ga=token=abc123; Path=/":    "Set-Cookie: _ga=" + Masked + "; Path=/",
		"Cookie: lang=user=bob&pass=secret9":      "Cookie: lang=" + Masked,
		// Held: analytics ids and plain values stay, padding included.
		"Cookie: _ga=GA1.2.1234567890.1234567890; theme=dark": "Cookie: _ga=GA1.2.1234567890.1234567890; theme=dark",
		"Cookie: _ga=GA1.2.3=":                                "Cookie: _ga=GA1.2.3=",
	} {
		if got := MaskText(in); got != want {
			t.Errorf("MaskText(%q)\n got  %q\n want %q", in, got, want)
		}
		if got := MaskLogLines([]string{in})[0]; got != want {
			t.Errorf("MaskLogLines(%q)\n got  %q\n want %q", in, got, want)
		}
	}
}
