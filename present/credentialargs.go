package present

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Why a credential is refused in an argument Spice.ai keeps or is sent (ArgCredential's kept):
// each says where the value goes, and what to send instead.
const (
	// KeptWithApp: a description, tag, name, branch, commit or setting, kept with the app or its
	// deployments and shown to whoever can see the app.
	KeptWithApp = "Spice.ai keeps it as sent and shows it to everyone who can see the app: " +
		"keep a credential in a secret (set_secret's value), and send this without it (reworded, if it is none)"
	// KeptSecretName: set_secret's and create_and_deploy_app's secret names.
	KeptSecretName = "a secret's name is kept as sent and shown to everyone who can list the app's secrets: " +
		"name the secret (e.g. OPENAI_API_KEY) and give the credential as its value"
	// KeptUsername: add_member's username.
	KeptUsername = "a username is sent to Spice.ai and shown in the organization's member list: send the person's Spice.ai username"
	// KeptOrg: an org argument, sent with every request of the call.
	KeptOrg = "an organization is named by its handle, which is sent to Spice.ai with every request: send the organization's handle"
	// PromptWritesAsGiven: a prompt's app, written into the conversation as given.
	// PromptSpicepodAsGiven: deploy_app's spicepod, written into the conversation as given.
	PromptSpicepodAsGiven = "a prompt writes its arguments into the conversation as given: reference the credential as ${secrets:NAME} " +
		"and leave its value out (create_and_deploy_app has the user enter it on a private page)"
	PromptWritesAsGiven = "a prompt writes its arguments into the conversation as given: give the app's ID instead (see list_apps)"
)

// ArgCredential refuses a value that holds what looks like a credential (MaskText; prose:
// MaskAPIText, which shows the words after "token:" in a sentence) in an argument sent as it
// is: quoted masked, shortened, with why and what to send instead (kept). "" when none shows.
// Nothing is masked and sent instead: what a user sends is never silently altered.
func ArgCredential(value string, prose bool, kept string) string {
	masked := mask(value, prose) // MaskAPIText or MaskText
	if masked == value {
		return ""
	}
	shown, total := cut(masked, textBytes)
	note := ""
	if total != 0 {
		note = ShortenedNote(utf8.RuneCountInString(value))
	}
	return fmt.Sprintf("holds what looks like a credential, in %s%s%s; %s", visibleQuote(shown), note, maskedWhy, kept)
}

// CredentialNotListed refuses a reference that holds what looks like a credential and that
// the app's list (listTool's) does not hold: an instance or a secret is named as it is listed,
// so it can name none, and is not sent (it would go into the request's path and the API's
// 404 would quote it). what: "instance", "secret".
func CredentialNotListed(what, ref, app, listTool string) string {
	return fmt.Sprintf("No %s %s on %s: it is no name %s lists, so it was not sent.", what, quotedRef(ref), app, listTool)
}

// HoldsCredential reports whether s holds what looks like a credential (MaskText's rule).
func HoldsCredential(s string) bool { return MaskText(s) != s }

// storedShown is a text another client stored (the API, or this server before round 63
// refused it) as results show it: a credential in it masked (prose: MaskAPIText, as the API's
// error texts), followed by why. The copy it goes into is shown, never sent.
func storedShown(s string, prose bool) string {
	if len(s) > maxCleanText {
		return longShown(s, prose)
	}
	if s == "" || knownClean(s, prose) { // masked once already, as it is (storedclean.go)
		return s
	}
	masked := mask(s, prose) // MaskAPIText or MaskText: one pass (both cost 0.5 s on 1.4 MB)
	if masked == s {
		rememberClean(s, prose)
		return s
	}
	return masked + maskedWhy
}

// tagValueShown is a tag's value as shown: masked, with why, where it looks like a credential
// (storedShown) or its key names one (api_key, db_password), by the rule a spicepod's
// credential-named key follows (valueNamesNoSecret: auth_mode=oauth shows).
func tagValueShown(k, v string) string {
	if TagValueIsCredential(k, v) {
		return Masked + maskedWhy
	}
	return storedShown(v, false)
}

// TagValueIsCredential reports whether a tag's value is a credential by its key's name, as a
// spicepod's credential-named key's is: create_app and update_app refuse it (ArgTagCredential)
// as they refuse a value that looks like one, and views mask one another client stored.
func TagValueIsCredential(k, v string) bool {
	return credentialKey(k) && strings.TrimSpace(v) != "" && !isReference(v) && !strings.Contains(v, Masked) &&
		!valueNamesNoSecret(k, v) && !paramMode(k, v)
}

// ArgTagCredential refuses a tag value TagValueIsCredential finds, quoted masked, with what to
// send instead.
func ArgTagCredential() string {
	return fmt.Sprintf("is a credential, as its key names one: %s%s. %s", visibleQuote(Masked), maskedWhy, KeptWithApp)
}

// MaskStoredSummary returns a copy of an app of a list with a credential in its description and
// tags (keys and values, a credential-named key's value too: tagValueShown) masked, with why
// (storedShown): in list_apps, list_forks and, through MaskApp, every view of one app. Two tag
// keys masked alike stay two, numbered.
func MaskStoredSummary(a client.ProjectSummary) client.ProjectSummary {
	a.Description = storedShown(a.Description, true)
	var tags map[string]string
	for k, v := range a.Tags {
		if storedShown(k, false) != k || tagValueShown(k, v) != v {
			tags = make(map[string]string, len(a.Tags))
			break
		}
	}
	if tags == nil {
		return a
	}
	for _, k := range slices.Sorted(maps.Keys(a.Tags)) {
		key := storedShown(k, false)
		for n := 2; key != k; n++ {
			if _, taken := tags[key]; !taken {
				break
			}
			key = fmt.Sprintf("%s #%d", storedShown(k, false), n)
		}
		tags[key] = tagValueShown(k, a.Tags[k])
	}
	a.Tags = tags
	return a
}
