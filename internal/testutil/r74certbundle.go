package testutil

import (
	"encoding/base64"
	"math/rand/v2"
	"strings"
)

// R74CertBundle is a certificate bundle of about n bytes: PEM blocks of base64 lines (with "/"
// and "+" in them) and line breaks, what a user sends as a secret value. The same each run.
func R74CertBundle(n int) string {
	raw := make([]byte, n)
	_, _ = rand.NewChaCha8([32]byte{7, 4, byte(n), byte(n >> 8), byte(n >> 16)}).Read(raw) // the same each run
	enc := base64.StdEncoding.EncodeToString(raw)
	var b strings.Builder
	b.WriteString("-----BEGIN CERTIFICATE-----\n")
	for i := 0; i < len(enc) && b.Len() < n-26; i += 64 {
		b.WriteString(enc[i:min(i+64, len(enc))])
		b.WriteByte('\n')
	}
	b.WriteString("-----END CERTIFICATE-----\n")
	return b.String()
}
