package rules

import "strings"

// r59SizeSeeds are spicepods with a character JSON writes longer than YAML reads it (a
// control character or DEL, C1, a line separator, <, > and &, an invalid byte), raw and as a
// YAML escape, in a key, a plain and a quoted value, and an anchor's copy (round 59: each
// class at each place, as the masking fuzz targets are seeded).
func r59SizeSeeds() []string {
	chars := []string{"\t", "\x7f", "\u0085", "\u00a0", "\u2028", "\u2029", "\u200b", "\ufeff", "<", ">", "&", "\x1b", "\xff",
		`\0`, `\x01`, `\x1f`, `\x7f`, `\x85`, `\u2028`, `\u2029`, `\e`, `\N`, `\L`, `\P`, `\_`, `\U0001F600`, `\ud800`}
	templates := []string{
		"k|e|y: v|a|l\n",
		"\"k|e|y\": \"v|a|l\"\n",
		"a: &a \"x|y\"\nb: [*a, *a, \"|\"]\n",
		"a: &a {\"k|\": \"v|\"}\nb: {<<: [*a], c: *a}\n",
	}
	var seeds []string
	for _, tpl := range templates {
		parts := strings.Split(tpl, "|")
		for i := 1; i < len(parts); i++ {
			for _, c := range chars {
				seeds = append(seeds, strings.Join(parts[:i], "")+c+strings.Join(parts[i:], ""))
			}
		}
	}
	return seeds
}
