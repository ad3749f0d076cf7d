package present

import (
	"strings"
	"testing"
)

// TestR40NameShownFlagsLookAlikes (audit r40 web): every approval naming a member, an
// organization or an app by its name flags one holding characters beyond ASCII, in the
// Markdown (results, the client's question) and on the page alike; an ASCII name reads as before.
func TestR40NameShownFlagsLookAlikes(t *testing.T) {
	const flag = `("b\u043eb": it holds characters beyond ASCII, which may only look like others)`
	for name, w := range map[string]Words{
		"UpdateRolesAction":  UpdateRolesAction("b\u043eb", 9, []string{"member"}, []string{"admin"}, ""),
		"RemoveMemberAction": RemoveMemberAction("b\u043eb", 9, ""),
		"AddMemberAction":    AddMemberAction("b\u043eb", []string{"admin"}, ""),
		"DeleteAppAction":    DeleteAppAction(AppShown(101, "b\u043eb"), ""),
		"DeleteSecretAction": DeleteSecretAction("S", AppShown(101, "b\u043eb")),
		"RegenerateKey":      RegenerateKeyAction(2, AppShown(101, "b\u043eb")),
		"PauseAppAction":     PauseAppAction(AppShown(101, "b\u043eb"), ""),
		"RotateStartAction":  RotateStartAction(AppShown(101, "b\u043eb")),
		"RotateFinishAction": RotateFinishAction(AppShown(101, "b\u043eb")),
		"ActionInOrg":        ActionInOrg(PauseAppAction(AppShown(101, "demo"), ""), "b\u043eb"),
		"AppInOrg":           AppInOrg(AppShown(101, "demo"), "b\u043eb"),
	} {
		for _, s := range []string{w.Markdown, w.Plain} {
			if !strings.Contains(s, "b\u043eb "+flag) {
				t.Errorf("%s does not flag the look-alike: %q", name, s)
			}
		}
	}
	w := RemoveMemberAction("bob", 2, "")
	if want := "Remove bob (user 2) from the token's own organization; their access ends immediately"; w.Markdown != want || w.Plain != want {
		t.Errorf("an ASCII name reads %+v", w)
	}
}

// TestR40WordsPlainIsTheValue (audit r40 web): the page's rendering names a value as it is;
// the Markdown one is escaped as Inline and LocalName escape it, a name as NameText shows it.
func TestR40WordsPlainIsTheValue(t *testing.T) {
	const odd = "x](y)|*z\\<b>`q\\"
	for name, c := range map[string]struct {
		w        Words
		markdown string
	}{
		"StoreFromFileAction": {StoreFromFileAction(FileGivenAs(odd, "/d/"+odd), 5, 1, "S", AppShown(1, "demo")), LocalName(odd).Markdown()},
		"StoreFromEnvAction":  {StoreFromEnvAction(LocalName(odd), "S", AppShown(1, "demo")), LocalName(odd).Markdown()},
		// A name the API returns holding markup is a code span (NameText, round 58), which holds
		// it as written.
		"RemoveMemberAction": {RemoveMemberAction(odd, 9, ""), NameText(odd)},
		"ActionInOrg":        {ActionInOrg(PauseAppAction(AppShown(1, "demo"), ""), odd), NameText(odd)},
		"AppInOrg":           {AppInOrg(AppShown(1, "demo"), odd), NameText(odd)},
	} {
		if !strings.Contains(c.w.Plain, odd) || strings.Contains(c.w.Plain, `x\]`) {
			t.Errorf("%s: the page reads %q", name, c.w.Plain)
		}
		if !strings.Contains(c.w.Markdown, c.markdown) || strings.Contains(strings.ReplaceAll(c.w.Markdown, NameText(odd), ""), odd) {
			t.Errorf("%s: the result reads %q", name, c.w.Markdown)
		}
	}
}
