package tools

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// TestAppReferenceRule is the rule of README "Tools": id:N is always an ID; otherwise a name
// match (case-insensitive) wins; plain decimal digits that name no app are an ID; digits that
// are one app's name and another app's ID are ambiguous.
func TestAppReferenceRule(t *testing.T) {
	apps := []client.ProjectSummary{{ID: 101, Name: "analytics-app"}, {ID: 5, Name: "0101"}, {ID: 7, Name: "4242"},
		{ID: 4242, Name: "other-app"}, {ID: 8, Name: "9999"}}
	for _, tc := range []struct {
		ref  string
		id   int64
		fail string // a part of the error, when it must fail
	}{
		{ref: "analytics-app", id: 101},
		{ref: "ANALYTICS-APP", id: 101},
		{ref: "101", id: 101},
		{ref: "0101", id: 5},
		{ref: "id:101", id: 101},
		{ref: "id:5", id: 5},
		{ref: "id:4242", id: 4242},
		{ref: "id:7", id: 7},
		{ref: "9999", id: 8},
		{ref: "8", id: 8},
		{ref: "4242", fail: `"4242" is ambiguous: it is the name of 4242 (7) and the ID of other-app (4242)`},
		{ref: "id:999", fail: "No app with ID 999"},
		{ref: "1234", fail: `No app named "1234" and none with ID 1234`},
		{ref: "nope", fail: `No app named "nope"`},
	} {
		got, err := matchApp(apps, AppRef(tc.ref))
		switch {
		case tc.fail != "":
			if err == nil || !strings.Contains(err.Error(), tc.fail) {
				t.Errorf("%q: got %+v, %v; want an error with %q", tc.ref, got, err, tc.fail)
			}
		case err != nil || got.ID != tc.id:
			t.Errorf("%q: got %+v, %v; want app %d", tc.ref, got, err, tc.id)
		}
	}
	var amb *AmbiguousError
	if _, err := matchApp(apps, "4242"); !errors.As(err, &amb) || !strings.Contains(err.Error(), `What to do: Pass app "id:7" for the first or "id:4242" for the second`) {
		t.Errorf("ambiguity: %v", err)
	}
}

func TestAppReferenceForms(t *testing.T) {
	for ref, want := range map[string]bool{"101": true, "id:4242": true, "id: 12": false, "4242": false, "0101": false, "analytics-app": false, "+101": false} {
		if _, ok := AppRef(ref).onlyID(); ok != want {
			t.Errorf("onlyID(%q) = %t, want %t", ref, ok, want)
		}
	}
	for ref, bad := range map[string]bool{"id:abc": true, "id:0101": true, "id:": true, "id:-1": true, "id: 12": true, "id:101": false,
		"analytics-app": false, " analytics-app": true, "analytics-app\n": true, "  ": true, "\t101": true} {
		if msg := AppRef(ref).check(); (msg != "") != bad {
			t.Errorf("check(%q) = %q", ref, msg)
		}
	}
}

// TestMemberReferenceRule is the app rule applied to members (resolveMember): id:N is always a
// user ID; a username match (case-insensitive) wins; plain decimal digits that are no username
// are a user ID; digits that are one member's username and another's user ID are ambiguous.
func TestMemberReferenceRule(t *testing.T) {
	members := []client.Member{{UserID: 1, Username: "alice"}, {UserID: 2, Username: "bob"}, {UserID: 5, Username: "2"},
		{UserID: 7, Username: "0002"}, {UserID: 9, Username: "9"}}
	for _, tc := range []struct {
		ref  string
		id   int64
		fail string
	}{
		{ref: "bob", id: 2}, {ref: "BOB", id: 2}, {ref: "id:2", id: 2}, {ref: "id:5", id: 5}, {ref: "0002", id: 7},
		{ref: "7", id: 7}, {ref: "9", id: 9}, {ref: "1", id: 1},
		{ref: "2", fail: `"2" is ambiguous: it is the username of user 5 and the user ID of bob (user 2)`},
		{ref: "02", fail: `No member "02"`}, {ref: "+2", fail: `No member "+2"`}, {ref: " 2", fail: "No member"},
		{ref: "id:3", fail: `No member "id:3"`}, {ref: "id:02", fail: "No member"}, {ref: "carol", fail: "Members: "},
	} {
		got, err := matchMember(members, MemberRef(tc.ref))
		switch {
		case tc.fail != "":
			if err == nil || !strings.Contains(err.Error(), tc.fail) {
				t.Errorf("%q: got %+v, %v; want an error with %q", tc.ref, got, err, tc.fail)
			}
		case err != nil || got.UserID != tc.id:
			t.Errorf("%q: got %+v, %v; want user %d", tc.ref, got, err, tc.id)
		}
	}
	var amb *AmbiguousError
	if _, err := matchMember(members, "2"); !errors.As(err, &amb) {
		t.Errorf("ambiguity: %T %v", err, err)
	}
	for ref, bad := range map[string]bool{"bob": false, "id:2": false, "2": false, " bob": true, "bob\n": true, "id:": true, "id:0": true, "id: 2": true} {
		if msg := MemberRef(ref).check(); (msg != "") != bad {
			t.Errorf("check(%q) = %q", ref, msg)
		}
	}
}

// TestSpicepodKeyGivenTwice: a key given twice anywhere in a spicepod object is refused, naming
// its path; encoding/json alone keeps the last value and drops the other.
func TestSpicepodKeyGivenTwice(t *testing.T) {
	var pod Spicepod
	err := json.Unmarshal([]byte(`{"version":"v1","datasets":[{"name":"a","params":{"pg_user":"x","pg_user":"y"}}]}`), &pod)
	if err == nil || !strings.Contains(err.Error(), `"datasets[0].params.pg_user" is given twice`) {
		t.Errorf("got %v", err)
	}
	if err := json.Unmarshal([]byte(`{"version":"v1","datasets":[{"name":"a"},{"name":"b"}]}`), &pod); err != nil {
		t.Errorf("same key in two objects: %v", err)
	}
}
