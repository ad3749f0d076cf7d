package present

import "testing"

// TestArgHiddenCharacterEscapesEveryInvisible (audit r23): the refusal quotes the value with
// each invisible character escaped, those strconv.Quote keeps (a variation selector, a tag, a
// Hangul filler) too: "a️cme" showed the person nothing to remove.
func TestArgHiddenCharacterEscapesEveryInvisible(t *testing.T) {
	for in, want := range map[string]string{
		"a\ufe0fcme":            `"a\ufe0fcme"`,
		"a\u034fb\u3164":        `"a\u034fb\u3164"`,
		"x\U000E0067\U000E007F": `"x\U000e0067\U000e007f"`,
		"ac\u200dme":            `"ac\u200dme"`,
		"caf\u00e9<b>":          `"café\<b>"`,
	} {
		if got := ArgHiddenCharacter(in); got != WithFix("holds a character that does not show, in "+want, "send the value without it") {
			t.Errorf("%+q: %s", in, got)
		}
	}
}
