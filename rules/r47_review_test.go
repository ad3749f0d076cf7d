package rules

import "testing"

// TestR47ReviewEchoedReadsOneWay: Echoed says its escapes "read one way"; a value holding the
// six visible characters \u200b is quoted exactly as one holding an invisible U+200B, so the
// reader cannot tell which was sent (backslashes are doubled only when something is hidden).
func TestR47ReviewEchoedReadsOneWay(t *testing.T) {
	typed, hidden := Enum(`us-west-2\u200b`, RegionCodes), Enum("us-west-2\u200b", RegionCodes)
	if typed == hidden {
		t.Errorf("a typed \\u200b and an invisible U+200B are quoted alike: %s", typed)
	}
}
