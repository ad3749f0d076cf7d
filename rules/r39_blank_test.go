package rules

import "testing"

// TestR39BlankLookingTagKeys: the braille pattern blank (U+2800) is no space to Unicode, yet it
// shows as one: a key ending in it reads as "team ", and a key of it alone as nothing.
func TestR39BlankLookingTagKeys(t *testing.T) {
	for _, key := range []string{"team\u2800", "\u2800team", "\u2800"} {
		if TagKey(key) == "" {
			t.Errorf("TagKey(%q) took a key that shows blank space around it", key)
		}
	}
	for _, key := range []string{"te\u2800am", "⠿ braille", "team lead"} {
		if msg := TagKey(key); msg != "" {
			t.Errorf("TagKey(%q) = %q, want it taken", key, msg)
		}
	}
}
