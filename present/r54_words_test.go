package present

import (
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// TestR54WordsEnumInOurWords: a value outside a field's allowed ones is refused in our words,
// the field, the allowed values and what was given, whether the rules refused it before
// anything was sent or the API answered it; a text that only looks like the validator's is
// left as it is.
func TestR54WordsEnumInOurWords(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{rules.Enum("open", rules.Visibilities), "must be public or private; got 'open'"},
		{rules.Enum("Public", rules.Visibilities), "must be public or private; got 'Public' (case matters: public)"},
		{rules.Enum("beta", rules.UpdateChannels), "must be one of stable, preview, nightly, internal, internal-sandbox; got 'beta'"},
		{rules.EnumNull(rules.MemberRoles), "must be one of owner, admin, member, viewer, billing; got null"},
		{rules.Enum("", rules.RegionCodes), "must be us-east-1 or us-west-2; got ''"},
		{rules.Enum("us-west-2\u200b", rules.RegionCodes), `must be us-east-1 or us-west-2; got 'us-west-2\u200b'`},
		{rules.AsAPI.Enum("x', received 'y", rules.Visibilities), "must be public or private; got 'x', received 'y'"},
		{"Invalid enum value. Expected 'a b' | 'c', received 'x'", "Invalid enum value. Expected 'a b' | 'c', received 'x'"},
		{"Invalid enum value. Expected 'a' | 'c', received x", "Invalid enum value. Expected 'a' | 'c', received x"},
		{"Replicas must be between 1 and 10", "Replicas must be between 1 and 10"},
	} {
		if got := enumWords(tc.msg); got != tc.want {
			t.Errorf("enumWords(%q)\n got %q\nwant %q", tc.msg, got, tc.want)
		}
	}
	got := Error(&client.ValidationError{Operation: "updateApp", Fields: rules.FieldErrors{
		"visibility": {rules.Enum("open", rules.Visibilities)}, "update_channel": {rules.Enum("beta", rules.UpdateChannels)}}})
	for _, want := range []string{"\n- update_channel: must be one of stable, preview, nightly, internal, internal-sandbox; got 'beta'",
		"\n- visibility: must be public or private; got 'open'"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	// The API's answer: each field error of the kind, in the same words.
	got = Error(&client.APIError{Operation: "addMember", StatusCode: 400, Message: "Validation error",
		FieldErrors: map[string][]string{"roles": {rules.AsAPI.Enum("boss", rules.MemberRoles)}, "visibility": {rules.AsAPI.Enum("open", rules.Visibilities)}}})
	for _, want := range []string{"roles: must be one of owner, admin, member, viewer, billing; got 'boss'", "visibility: must be public or private; got 'open'"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Invalid enum value") {
		t.Errorf("the validator's words are shown:\n%s", got)
	}
}

// TestR54WordsFieldlessRefusal: a refusal of the call as a whole (field "") names no field.
func TestR54WordsFieldlessRefusal(t *testing.T) {
	got := Error(&client.ValidationError{Operation: "update_app", Fields: rules.FieldErrors{"": {NothingToUpdate("update_app", []string{"description", "replicas"})}}})
	want := "Invalid arguments, nothing was sent: Nothing to update: update_app needs app and at least one setting to change: description, replicas"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// TestR54WordsValidatorTypesAndBounds: the validator's other texts, a value of the wrong JSON
// type and a number, list or text out of bounds, read in our words too, a path inside the field
// kept; and a rule that restates its field's name with underscores drops it too.
func TestR54WordsValidatorTypesAndBounds(t *testing.T) {
	for _, tc := range []struct{ msg, want string }{
		{"Expected string or object, received number", "must be a string or an object; got a number"},
		{"limits.cpu: Expected string, received null", "limits.cpu: must be a string; got null"},
		{"limits: Expected object, received array", "limits: must be an object; got an array"},
		{"replicas: Number must be greater than or equal to 0", "replicas: must be 0 or more"},
		{"Array must contain at least 1 element(s)", "must list at least one"},
		{"String must contain at least 1 character(s)", "must not be empty"},
		{"String must contain at least 4 character(s)", "must be at least 4 characters long"},
		{"Expected string, received 'x'", "Expected string, received 'x'"},
		{"limits.cpu: 'lots' is not a Kubernetes quantity", "limits.cpu: 'lots' is not a Kubernetes quantity"},
	} {
		if got := validatorWords(tc.msg); got != tc.want {
			t.Errorf("validatorWords(%q)\n got %q\nwant %q", tc.msg, got, tc.want)
		}
	}
	got := FieldErrorsText(rules.FieldErrors{"root_directory": {rules.RootDirectory("../x")}, "spicepod": {"Expected string or object, received number"}})
	for _, want := range []string{"\n- root_directory: must be a relative path", "\n- spicepod: must be a string or an object; got a number"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}
