package sandbox_test

import (
	"math/rand/v2"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestSeededRandomIsRepeatable: with Config.Random seeded, keys, tokens and demo secret values
// are the same on every run (golden outputs rely on it); without it they differ.
func TestSeededRandomIsRepeatable(t *testing.T) {
	world := func(random *rand.ChaCha8) (key, token, secret string) {
		cfg := sandbox.Config{Demo: true}
		if random != nil {
			cfg.Random = random
		}
		e := sandbox.New(cfg)
		key, _ = e.APIKey("sandbox", 101, 1)
		secret, _ = e.SecretValue("sandbox", 101, "PG_PASS")
		return key, e.IssueToken("sandbox", []string{"apps:read"}, 0), secret
	}
	seed := [32]byte{1}
	k1, t1, s1 := world(rand.NewChaCha8(seed))
	k2, t2, s2 := world(rand.NewChaCha8(seed))
	if k1 == "" || k1 != k2 || t1 != t2 || s1 != s2 {
		t.Errorf("seeded worlds differ: %q/%q, %q/%q, %q/%q", k1, k2, t1, t2, s1, s2)
	}
	if k3, _, _ := world(nil); k3 == k1 {
		t.Error("crypto/rand produced the seeded key")
	}
}
