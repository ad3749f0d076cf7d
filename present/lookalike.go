package present

import "strconv"

// lookAlikeQuoted quotes a typed approval that holds characters beyond ASCII escaped, so it
// cannot read as the name asked for (a Cyrillic "а" and a fullwidth "ａ" look like "a").
func lookAlikeQuoted(typed string) string {
	head, more := cutNoted(typed, 100)
	return escapeText(strconv.QuoteToASCII(head), false, false) + more
}

// lookAlikeNeverApproves follows a typed approval quoted by lookAlikeQuoted.
const lookAlikeNeverApproves = "The value typed holds characters beyond ASCII that look alike with ASCII letters (Cyrillic, Greek, fullwidth): " +
	"a look-alike is never taken as approval; the name must be typed in plain ASCII."
