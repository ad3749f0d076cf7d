package tools

import "slices"

// withoutRepeats drops the items the API lists again (same key as an earlier one), keeping the
// first, and returns the keys repeated, once each, for the result to say so.
func withoutRepeats[T any, K comparable](items []T, key func(T) K) ([]T, []K) {
	var repeated []K
	seen := map[K]bool{}
	items = slices.DeleteFunc(items, func(item T) bool {
		k := key(item)
		again := seen[k]
		if again && !slices.Contains(repeated, k) {
			repeated = append(repeated, k)
		}
		seen[k] = true
		return again
	})
	return items, repeated
}
