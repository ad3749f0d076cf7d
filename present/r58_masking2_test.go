package present

import "testing"

// A pair whose "=" is percent-encoded twice (password%253DS3cret, a query encoded again) is
// masked as password%3D… is: round 58 showed its value.
func TestR58Masking2DoubleEncodedSeparator(t *testing.T) {
	m := Masked
	r52MaskingWant(t, map[string]string{
		"password%253DS3cret":            "password%253D" + m,
		"password%253dS3cret":            "password%253d" + m,
		"x?password%253DS3cret&y=1":      "x?password%253D" + m + "&y=1",
		"next=%2Flogin%3Ftoken%253DAbc9": "next=%2Flogin%3Ftoken%253D" + m,
	})
	r52MaskingKept(t, "color%253Dred", "a%253Db")
}
