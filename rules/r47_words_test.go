package rules

import "testing"

// TestR47WordsRefusalsEscapeWhatDoesNotShow: the server's refusals quote a value with each
// character that does not show escaped (a backslash doubled, so the escapes read one way);
// AsAPI, the emulator's wording, quotes it as received; a value that shows is quoted as it is.
func TestR47WordsRefusalsEscapeWhatDoesNotShow(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{Enum("us-west-2\u200b", RegionCodes), `Invalid enum value. Expected 'us-east-1' | 'us-west-2', received 'us-west-2\u200b'`},
		{Enum("us-west-2\u202e\\x", RegionCodes), `Invalid enum value. Expected 'us-east-1' | 'us-west-2', received 'us-west-2\u202e\\x'`},
		{Enum("eu-\\west", RegionCodes), `Invalid enum value. Expected 'us-east-1' | 'us-west-2', received 'eu-\\west'`},
		{Enum("público", Visibilities), "Invalid enum value. Expected 'public' | 'private', received 'público'"},
		{AsAPI.Enum("us-west-2\u200b", RegionCodes), "Invalid enum value. Expected 'us-east-1' | 'us-west-2', received 'us-west-2\u200b'"},
		{Echoed("a\U000e0041\nb\x00"), `a\U000e0041\u000ab\u0000`},
		{ResourceSpec(map[string]any{"limits": map[string]any{"cpu": "2\u2066"}}), `limits.cpu: '2\u2066' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`},
		{AsAPI.ResourceSpec(map[string]any{"limits": map[string]any{"cpu": "2\u2066"}}), "limits.cpu: '2\u2066' is not a Kubernetes quantity (such as \"2\", \"500m\", \"8Gi\")"},
		{ExecutorSpec(nil, nil, map[string]any{"requests": map[string]any{"memory": "\ufeff1Gi"}}), `resources: requests.memory: '\ufeff1Gi' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`},
		{SpicepodProblem(map[string]any{"version": "v1", "kind": "Spicepod\u00ad", "name": "x"}), `Spicepod kind must be Spicepod, got Spicepod\u00ad`},
	} {
		if tc.got != tc.want {
			t.Errorf("got  %q\nwant %q", tc.got, tc.want)
		}
	}
}
