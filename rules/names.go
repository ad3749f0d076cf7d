package rules

// SameName reports whether two names are one to the API, which compares names without regard
// to case. Only ASCII letters fold: names are ASCII, and Unicode folding (strings.EqualFold)
// would take look-alikes for them — "docſ-ſearch" (long s) or "K" (Kelvin sign) — so a
// confirmation typed with one, or a reference to one, would act on another name.
func SameName(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
