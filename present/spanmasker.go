package present

import "strings"

// spanMasker writes s with the spans given to mask, in order and apart, each as Masked.
type spanMasker struct {
	s   string
	b   strings.Builder
	pos int // s[:pos] is written
}

func (m *spanMasker) mask(start, end int) {
	m.b.WriteString(m.s[m.pos:start])
	m.b.WriteString(Masked)
	m.pos = end
}

// result is s with the spans masked (s itself when none was).
func (m *spanMasker) result() string {
	if m.pos == 0 {
		return m.s
	}
	m.b.WriteString(m.s[m.pos:])
	return m.b.String()
}

// keptAsWritten reports whether a value read as a credential's is shown as written: masked
// already, a secret reference (${secrets:name}: isReference), nothing a reader sees, or a
// placeholder (placeholderValue: None, <redacted>, ***).
func keptAsWritten(v string) bool {
	return maskedOnly(v) || isReference(v) || invisibleOnly(v) || placeholderValue(v)
}
