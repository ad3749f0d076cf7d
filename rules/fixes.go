package rules

import "strings"

// The fixes some rules' messages end with, after ": ". The emulator answers these messages as
// they are (the API's texts), so the fix stays in them; our own refusals part it off (CutFix)
// and say it on their What to do line alone, never twice.
const (
	FixQuote           = "quote it to keep it as text"
	FixQuoteOrZero     = FixQuote + ", or write 0 if 0 is meant"
	FixQuoteOrDigits   = FixQuote + ", or write it with at most 15 significant digits"
	FixTag             = "correct it, or drop the tag and " + FixQuote
	FixDropTag         = "drop the tag and " + FixQuote
	FixAliasesExpanded = "write repeated parts out fewer times or split the spicepod"
	FixSecondDocument  = "merge it into the first or remove it (only one document can be stored)"
	FixSpicepodSize    = "shorten it, for example by removing unused datasets or long inline values"
	FixAnchorCycle     = "refer to it only from outside"
	FixTextKey         = "use a text key"
	FixKeyTwice        = "keep one (only one value can be stored)"
	FixSameJSONKey     = "rename one"
	FixMergeNotMapping = "write the value under a key instead"
	FixShortenIt       = "shorten it"
	FixShortenThem     = "shorten them"
	// RootDirectoryBlankFix is RootDirectoryBlank's, BranchBlankFix BranchBlank's.
	RootDirectoryBlankFix = `leave it out (or send ".") for the repository root`
	BranchBlankFix        = "leave it out rather than send it blank"
)

// Fixes are every fix a rule's message may end with.
var Fixes = []string{FixQuote, FixQuoteOrZero, FixQuoteOrDigits, FixTag, FixDropTag, FixAliasesExpanded, FixSecondDocument,
	FixSpicepodSize, FixAnchorCycle, FixTextKey, FixKeyTwice, FixSameJSONKey, FixMergeNotMapping, FixShortenIt, FixShortenThem,
	RootDirectoryBlankFix, BranchBlankFix}

// withFix is a rule's message as the API answers it: the rule, then its fix.
func withFix(rule, fix string) string { return rule + ": " + fix }

// CutFix parts a rule's message from the fix it ends with (one of Fixes, after ": "): fix is ""
// when it ends with none. The fix is matched at the end only, where no value a message quotes
// stands.
func CutFix(msg string) (rule, fix string) {
	for _, f := range Fixes {
		if r, ok := strings.CutSuffix(msg, ": "+f); ok && len(f) > len(fix) {
			rule, fix = r, f
		}
	}
	if fix == "" {
		return msg, ""
	}
	return rule, fix
}
