package present

import (
	"strings"
	"testing"
)

// TestR67MineLookalikeValueAfterSplitKey: CI's FuzzMaskInvisible (seed 70c5f951d76e1b93) found
// MaskAPIText hiding "tokeY:К" and showing "\u200btoke\u00adY:К": the key reads only once the
// soft hyphen is gone, and in that view the Cyrillic К read as K was a word of prose. The view
// with its letters as written is masked too.
func TestR67MineLookalikeValueAfterSplitKey(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"tokeY:К":                 "tokeY:" + m,
		"\u200btoke\u00adY:К":     "\u200btoke\u00adY:" + m,
		"api\u200b_key: раssword": "api\u200b_key: " + m,
	})
	// A word of prose after a split key stays, written in Latin letters.
	if got := MaskAPIText("Invalid to\u00adken: signature verification failed"); got != "Invalid to\u00adken: signature verification failed" {
		t.Errorf("MaskAPIText kept prose otherwise: %q", got)
	}
}

// TestR67MineLaterPairEndsYAMLWords: masking12's fuzzing (FuzzMaskInvisible c639c426e925b0e2)
// found "pAss: 0 0 0=0" masked to the line's end while "pAss:⏎0⏎0⏎0=0" (line separators for
// its spaces) ended the value before the pair "0=0" and showed it. A YAML line's words end
// before any later word that starts the next pair, not only the second.
func TestR67MineLaterPairEndsYAMLWords(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"pAss: 0 0 0=0":                "pAss: " + m + " 0=0",
		"pAss:\u20280\u20290\u00850=0": "pAss:\u2028" + m + "\u00850=0",
		"password: x7Kq9 Zr2 user=bob": "password: " + m + " user=bob",
		"password: x7Kq9 Zr2":          "password: " + m,
	})
}

// TestR67MineUserOfSpacesAloneIsEmpty: masking12's fuzzing (FuzzMaskLogLinesCoversOld
// a2fff803941a8c80) found "://\u00a0:000@" shown, which the old log masker hid (its \s is
// ASCII's, so it read the no-break space as a user name). A user of spaces alone is an empty
// one, as in redis://:password@cache.
func TestR67MineUserOfSpacesAloneIsEmpty(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"://\u00a0:000@":            "://" + m + "@",
		"postgres://\u2009:pw@db/x": "postgres://" + m + "@db/x",
		"postgres:// :pw@db/x":      "postgres://" + m + "@db/x",
		"see http:// and then: x@y": "see http:// and then: x@y",
	})
	if got := MaskLogLines([]string{"dsn postgres://\u00a0:000@db"}); got[0] != "dsn postgres://"+m+"@db" {
		t.Errorf("MaskLogLines: %q", got)
	}
}

// TestR67MineLineSeparatorBetweenYAMLWords: my fuzzing after the fixes above
// (FuzzMaskInvisible 2b52d6825ab56a27) found "tokeY: 0\t0 0" masked whole while
// "tokeY:⏎0\t0⏎0" showed its last word: a line separator between a YAML line's words reads as
// a space there, and still ends them before the next pair.
func TestR67MineLineSeparatorBetweenYAMLWords(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"tokeY:\u00850\t0\u20280":            "tokeY:\u0085" + m,
		"password: x7Kq9 Zr2\u2028user: bob": "password: " + m + "\u2028user: bob",
	})
}

// TestR67MineWrittenFormsMasksKept: FuzzMaskLogLinesCoversOld 662f2b9dba9a7431 found
// "BeArer 0\u00adBeArer 000" showing 000, which the old log masker hid: read without the soft
// hyphen the first token runs on over the second Bearer, read as written the hyphen ends it.
// What either reading masks is masked.
func TestR67MineWrittenFormsMasksKept(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"BeArer 0\u00adBeArer 000": "BeArer " + m + " " + m,
	})
	if got := MaskLogLines([]string{"BeArer 0\u00adBeArer 000"}); strings.Contains(got[0], "000") {
		t.Errorf("MaskLogLines shows the second token: %q", got)
	}
}

// TestR67MineBlockHeaderBeforeUnicodeSpace: FuzzMaskInvisible 031fcda5577d265b found "tokeY:| "
// kept (a block scalar's header alone, no value) and "tokeY:|\u1680" masked: a Unicode space
// after the header is a blank as every pass reads one.
func TestR67MineBlockHeaderBeforeUnicodeSpace(t *testing.T) {
	r65Masking10Check(t, map[string]string{
		"tokeY:|\u1680":     "tokeY:|\u1680",
		"password: |\u00a0": "password: |\u00a0",
	})
	// A block after a header and a no-break space is read as after a space.
	spaced, nbsp := MaskText("password: |- \n  x7Kq9Zr2\nuser: bob"), MaskText("password: |-\u00a0\n  x7Kq9Zr2\nuser: bob")
	if strings.Contains(nbsp, "x7Kq9Zr2") || strings.ReplaceAll(nbsp, "\u00a0", " ") != spaced {
		t.Errorf("the block after a header and a no-break space: %q, after a space: %q", nbsp, spaced)
	}
}

// TestR67MineUserStartingWithSpaces: CI's FuzzMaskLogLinesCoversOld (0e40d23ecfb6fa24) found
// "://\u00a00:000@" shown, which the old log masker hid: a user name may start with spaces.
func TestR67MineUserStartingWithSpaces(t *testing.T) {
	m := Masked
	r65Masking10Check(t, map[string]string{
		"://\u00a00:000@":                 "://" + m + "@",
		"postgres://\u2009bob:pw@db/x":    "postgres://" + m + "@db/x",
		"see https:// example.com:8080/x": "see https:// example.com:8080/x",
	})
}
