package client_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// BenchmarkR75Hostile20CutRule: a caller's 64 remembered values of 40 bytes, redacted from a 4 KB
// log text cut in 50 places (the cut rule's worst usual case: every piece judged for every
// spelling), and from one holding a percent sign (read through, since round 75).
func BenchmarkR75Hostile20CutRule(b *testing.B) {
	var values []string
	for i := range 64 {
		values = append(values, fmt.Sprintf("secret-value-%02d-abcdefghijklmnopqrstuvw", i))
	}
	r := client.NewRedactor(values...)
	cut := strings.Repeat("INFO request served in 12ms, status ok… ", 50)
	pct := strings.Repeat("INFO request served in 12ms, 50% of quota ", 50)
	for name, text := range map[string]string{"cut": cut, "percent": pct} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = r.Redact(text)
			}
		})
	}
}
