package rules

import (
	"strings"
	"testing"
)

func TestChecks(t *testing.T) {
	for _, tc := range []struct {
		name, got, want string
	}{
		{"app name ok", AppName("my-app-2"), ""},
		{"app name short", AppName("abc"), "App name must be at least 4 characters"},
		{"app name long", AppName(strings.Repeat("a", 39)), "App name must be at most 38 characters"},
		{"app name max", AppName(strings.Repeat("a", 38)), ""},
		{"app name chars", AppName("my_app"), "App name can only contain letters, numbers, and hyphens"},
		{"app name unicode", AppName("appé-name"), "App name can only contain letters, numbers, and hyphens"},
		{"secret ok", SecretName("_PG_PASS1"), ""},
		{"secret first char", SecretName("1PASS"), "Secret name must start with a letter or underscore"},
		{"secret chars", SecretName("PG-PASS"), "Secret name can only contain letters, numbers, and underscores"},
		{"secret empty", SecretName(""), "Required"},
		{"replicas low", Replicas(0), "Replicas must be between 1 and 10"},
		{"replicas ok", Replicas(10), ""},
		{"limit high", Limit(101), "Limit must be between 1 and 100"},
		{"key number", KeyNumber(3), "Must be 0, 1, or 2"},
		{"key number zero", KeyNumber(0), ""},
		{"username", Username("  "), "Username is required"},
		{"enum", Enum("x", Visibilities), "Invalid enum value. Expected 'public' | 'private', received 'x'"},
		{"tags ok", Tags(map[string]string{"team": "data_1@x-y"}), ""},
		{"tags slash", Tags(map[string]string{"path": "a/b"}), `Tag "path": values may contain only letters, digits, '_', '@' and '-' (at most 256 characters)`},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestSpicepod(t *testing.T) {
	pod, msg := ParseSpicepod("version: v1\nkind: Spicepod\nname: app\n1: numeric-key\n")
	if msg != "" || pod["name"] != "app" || pod["1"] != "numeric-key" || SpicepodProblem(pod) != "" {
		t.Fatalf("pod = %v, %q, problem %q", pod, msg, SpicepodProblem(pod))
	}
	for in, want := range map[any]string{
		"version: [unclosed\npassword: hunter2": "Spicepod is not valid YAML (line 1)",
		"- a\n- list":                           "Spicepod must be a YAML mapping or a JSON object",
		"   ":                                   "Spicepod is empty",
		"x: .nan":                               "Spicepod contains a value that JSON cannot represent (.nan at x, line 1): quote it to keep it as text",
		12.0:                                    "Expected string or object, received number",
	} {
		if _, got := ParseSpicepod(in); got != want {
			t.Errorf("%v: got %q, want %q", in, got, want)
		}
	}
	if got := SpicepodProblem(map[string]any{"version": 1.0, "name": "x"}); got != "Spicepod must have kind" {
		t.Errorf("missing kind: %q", got)
	}
	if got := SpicepodProblem(map[string]any{"version": "v1", "kind": "Pod", "name": "x"}); !strings.Contains(got, "kind must be Spicepod") {
		t.Errorf("wrong kind: %q", got)
	}
}

func TestFieldErrors(t *testing.T) {
	fe := FieldErrors{}
	fe.Check("name", "")
	fe.Check("name", "too short")
	fe.Check("cname", "Required")
	if got := fe.String(); got != "cname: Required; name: too short" {
		t.Errorf("String() = %q", got)
	}
}

func TestQuantityAndResourceSpec(t *testing.T) {
	for in, want := range map[string]float64{
		"2": 2, "500m": 0.5, "8Gi": 8 << 30, "2T": 2e12, "1Pi": 1 << 50, "1e3": 1000, "1E": 1e18, ".5": 0.5, "+1k": 1000,
	} {
		if got, ok := Quantity(in); !ok || got != want {
			t.Errorf("Quantity(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "lots", "-2", "2X", "1.2.3", "Gi", "2 Gi", "1e"} {
		if _, ok := Quantity(in); ok {
			t.Errorf("Quantity(%q) accepted", in)
		}
	}
	for _, tc := range []struct {
		in   any
		want string
	}{
		{nil, ""},
		{map[string]any{}, ""},
		{map[string]any{"limits": map[string]any{"cpu": "2", "memory": "8Gi", "nvidia.com/gpu": 1}}, ""},
		{"big", "Expected object, received string"},
		{map[string]any{"limits": "lots"}, "limits: Expected object, received string"},
		{map[string]any{"requests": map[string]any{"cpu": 2.0}}, "requests.cpu: Expected string, received number"},
		{map[string]any{"limits": map[string]any{"memory": "2X"}}, `limits.memory: '2X' is not a Kubernetes quantity (such as "2", "500m", "8Gi")`},
	} {
		if got := ResourceSpec(tc.in); got != tc.want {
			t.Errorf("ResourceSpec(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
