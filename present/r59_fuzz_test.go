package present

import (
	"slices"
	"strings"
)

// r59Classes are the characters (and runs) an oracle may read otherwise on one side than the
// other: C0 controls and DEL, C1 controls, invisible and format characters, Unicode spaces,
// ANSI escapes, line breaks. Round 58's CI failed on {pAsswd=\x7f}00: the oracle read DEL as a
// space in one string and looked for the key in the other.
var r59Classes = []string{
	"\x00", "\x01", "\x08", "\t", "\n", "\v", "\f", "\r", "\r\n", "\x1f", "\x7f",
	"\u0080", "\u0085", "\u009b", "\u009f",
	"\u00ad", "\u034f", "\u200b", "\u200d", "\u200e", "\u202e", "\u2066", "\ufeff", "\U000e0020",
	"\u00a0", "\u2000", "\u2009", "\u3000", "\u1680", "\u2028", "\u2029",
	"\x1b", "\x1b[2m", "\x1b[0m", "\x1b]8;;\x07", " ", "  ",
}

// r59Seeds writes each of r59Classes at each "|" of each template (the other marks dropped):
// before a key, inside it, between it and its separator, after the separator, inside and
// after the value. Under the race detector, which slows masking about tenfold and finds no
// race in a pure function, one seed in 8 (every class and every place still among them).
func r59Seeds(templates ...string) []string {
	if raceDetector {
		return r59SeedsEvery(8, templates...)
	}
	return r59SeedsEvery(1, templates...)
}

// r59SeedsEvery is r59Seeds taking one seed in every.
func r59SeedsEvery(every int, templates ...string) []string {
	var seeds []string
	k := 0
	for _, tpl := range templates {
		parts := strings.Split(tpl, "|")
		for i := 1; i < len(parts); i++ {
			for _, c := range r59Classes {
				if k++; k%every == 0 {
					seeds = append(seeds, strings.Join(parts[:i], "")+c+strings.Join(parts[i:], ""))
				}
			}
		}
	}
	return seeds
}

// r59LogTemplates are the shapes the old log masker hid values in: key=value, a struct's
// field in braces, quoted JSON, Bearer, a URL's userinfo.
var r59LogTemplates = []string{
	"|{|pA|sswd|=|}|00|",
	"|x |pass|word| |=| |hun|ter2| |rest|",
	`|{"|tok|en|"|:| |"|abc|123|"|}|`,
	"|Bear|er| |abcdef|123456| |x|",
	"|x |postgres|://|bob|:|pa|ss|@|db|/app|",
	"|api_key|:|Some(|\"|sk-|live|\"|)|, |",
}

// r59TextTemplates add to r59LogTemplates the shapes MaskText reads beside them: a scheme
// before a token, a query parameter, a prefixed token, a PEM block.
var r59TextTemplates = append(slices.Clip(r59LogTemplates),
	"|Author|ization|:| |Basic| |dXNl|cjpw|",
	"|https://|h/x|?|to|ken|=|abc|123|&|a=1|",
	"|x |ghp_|AAAAAAAAAAAAAAAAAAAA|AAAAAAAAAAAAAAAA| |",
	"|https://|u|:|p@|h/x|",
)
