package rules

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"sync"
)

// ResourceKeys are the ResourceSpec quantities openapi.json declares (strings); other keys of
// limits and requests are kept as sent.
var ResourceKeys = []string{"cpu", "memory", "ephemeral-storage"}

// quantityRE is a Kubernetes resource quantity: a non-negative decimal with an optional binary
// (Ki…Ei), decimal (n, u, m, k…E) or exponent (e3) suffix.
var quantityRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\+?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$`)
})

var quantitySuffixes = map[string]float64{
	"": 1, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40, "Pi": 1 << 50, "Ei": 1 << 60,
	"n": 1e-9, "u": 1e-6, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
}

// Quantity reads a Kubernetes quantity in base units: cores for cpu ("500m" = 0.5), bytes for
// memory ("8Gi" = 8·2³⁰, "2T" = 2·10¹²). ok is false when s is not one.
func Quantity(s string) (v float64, ok bool) {
	m := quantityRE().FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, false
	}
	scale, known := quantitySuffixes[m[2]]
	if !known { // an exponent, e.g. e3
		exp, err := strconv.Atoi(m[2][1:])
		if err != nil {
			return 0, false
		}
		scale = math.Pow10(exp)
	}
	v = f * scale
	return v, !math.IsInf(v, 0) && !math.IsNaN(v)
}

// ResourceSpec checks a decoded ResourceSpec (config.resources, executor.resources): null, or
// an object whose limits and requests are objects with cpu, memory and ephemeral-storage as
// Kubernetes quantities in strings ("2", "500m", "8Gi"). It returns the first problem,
// prefixed with its path inside the field ("limits.cpu: ..."), or "".
func ResourceSpec(v any) string { return Wording{}.ResourceSpec(v) }

// ResourceSpec is the package's ResourceSpec in w.
func (w Wording) ResourceSpec(v any) string {
	if v == nil {
		return ""
	}
	spec, ok := v.(map[string]any)
	if !ok {
		return "Expected object, received " + JSONKind(v)
	}
	for _, group := range []string{"limits", "requests"} {
		raw, present := spec[group]
		if !present {
			continue
		}
		g, ok := raw.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: Expected object, received %s", group, JSONKind(raw))
		}
		for _, key := range ResourceKeys {
			raw, present := g[key]
			if !present {
				continue
			}
			s, ok := raw.(string)
			if !ok {
				return fmt.Sprintf("%s.%s: Expected string, received %s", group, key, JSONKind(raw))
			}
			if _, ok := Quantity(s); !ok {
				return fmt.Sprintf("%s.%s: '%s' is not a Kubernetes quantity (such as \"2\", \"500m\", \"8Gi\")", group, key, w.echo(s))
			}
		}
	}
	return ""
}
