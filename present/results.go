package present

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Headlines and confirmations of the single-operation tools.

// Headed puts a headline above a rendered object.
func Headed(headline, body string) string {
	if headline == "" {
		return body
	}
	return headline + "\n\n" + body
}

// SandboxAPI is where check_health says the API is in --sandbox mode.
const SandboxAPI = "the built-in emulator (--sandbox)"

// Health is check_health's result; without credentials it says how to add them.
func Health(baseURL string, h *client.Health, hasCredentials bool) string {
	text := fmt.Sprintf("Spice.ai Cloud Management API at %s is **%s** (server time %s).", baseURL, Inline(h.Status), Time(h.Timestamp))
	if !hasCredentials {
		text += "\n\nNo credentials are configured: " + askUser + "set SPICE_API_TOKEN (https://spice.ai/account) to use the other tools, or to run the server with --sandbox."
	}
	return text
}

// AppCreated is create_app's headline, with the next steps (unavailable: the tools they name
// that the caller cannot use, named only as not available, saying why). The app's heading
// follows it, so it does not name the app (name and ID) again.
func AppCreated(unavailable []UnavailableTool) string {
	f := &fixTools{unavailable: unavailable}
	return f.fix(fmt.Sprintf("App created. Next: set a spicepod %s, add secrets %s, then %s.", f.with("update_app"),
		f.with("set_secret"), f.name("create_deployment")))
}

// CNameNotUsed follows AppCreated when the call gave both region and a cname that is not the
// same code: the API places the app by region and leaves cname unused (openapi.json
// CreateAppRequest: "When both are present region wins").
func CNameNotUsed(region, cname string) string {
	return fmt.Sprintf("cname %s was not used: with both given, region (%s) places the app.", quotedShort(cname), Inline(region))
}

// UpdateReach is how update_app's changes reach the app's runtime.
type UpdateReach int

const (
	// ReachNone: only settings no deployment carries changed (description, visibility, tags).
	ReachNone UpdateReach = iota
	// ReachDeploy: the app is not paused: the next deployment carries them.
	ReachDeploy
	// ReachPaused: the app is paused: deployments are refused; resuming deploys them.
	ReachPaused
	// ReachUnknown: whether the app is paused could not be told.
	ReachUnknown
	// ReachNotRunning: the app is not paused and runs nothing (no instance ready: never
	// deployed, or its deployments failed): the next deployment carries them.
	ReachNotRunning
)

// Deployable is whether a deployment of an app (create_deployment, resume_app) has what the
// API needs: a spicepod, or a connected GitHub repository to read one from (api/README §7.3,
// §7.4); without either it is refused, 400 "App has no spicepod configuration".
type Deployable int

const (
	// DeployableYes: the app has a spicepod, or runs (a ready instance), has a deployment in
	// flight or deployed successfully from the GitHub branch it has now (a connected app stores
	// no spicepod), or could not be read (nothing is claimed). Any other succeeded deployment
	// is not enough: an app deleted and created again keeps its history, not its spicepod.
	DeployableYes Deployable = iota
	// DeployableNo: no spicepod and no production branch (connecting a repository sets one).
	DeployableNo
	// DeployableIfConnected: no spicepod, but a production branch, which the API also stores
	// on an app with no repository connected, and it shows no connection: it deploys only if
	// one is connected.
	DeployableIfConnected
)

// AppUpdated is update_app's headline: what changed and when it takes effect (the app's heading
// follows it, so it does not name the app again); again are the
// app and the organization as the caller named them, for the call that deploys the change.
// d is whether a deployment has what it needs (a spicepod, or a connected repository): when not,
// or not surely, the text says so instead of promising one. busy is a deployment of the app
// still queued or in progress (0: none; BusyUnknown: not checked), which a new one waits for (409 otherwise).
// unavailable are resume_app, create_deployment and the FollowTools when the caller cannot use
// them: named then only as not available, with why (or, to follow a deployment, another way).
func AppUpdated(changed []string, reach UpdateReach, d Deployable, busy int64, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	text := fmt.Sprintf("Updated %s.", strings.Join(changed, ", "))
	switch {
	case reach == ReachNone:
	case busy > 0 && (reach == ReachDeploy || reach == ReachNotRunning):
		if reach == ReachDeploy {
			text += " Changes reach the running app with the next deployment, and"
		} else {
			text += " Nothing runs now (no instance ready), and"
		}
		text += fmt.Sprintf(" deployment %d is still queued or in progress: wait for it with %s, then %s deploys these changes.", busy,
			Follow(busy, unavailable, again...), f.call("create_deployment", again...))
	case reach == ReachPaused && d != DeployableYes:
		text += " The app is paused, so deployments are refused (spicepod_paused). " + resumeBlockedBy(d, f, again...)
	case (reach == ReachDeploy || reach == ReachNotRunning) && d == DeployableNo:
		text += " It has no spicepod yet, so create_deployment would be refused (no spicepod configuration): first set one " +
			"with update_app (the app and its spicepod), then " + f.call("create_deployment", again...) + " deploys it, these changes included."
	case (reach == ReachDeploy || reach == ReachNotRunning) && d == DeployableIfConnected:
		text += " It has no spicepod stored, so create_deployment deploys these changes only if a GitHub repository is connected. " +
			upperFirst(branchNoProof) + ". With none, it is refused (no spicepod configuration): set a spicepod first with update_app " +
			"(the app and its spicepod), then " + f.call("create_deployment", again...) + " deploys it, these changes included."
	case reach == ReachUnknown && d != DeployableYes:
		text += " It has no spicepod stored, so a deployment (" + f.name("create_deployment") + ", or " + f.name("resume_app") +
			" if the app is paused) is refused (no spicepod configuration)"
		if d == DeployableIfConnected {
			text += " unless a GitHub repository is connected (" + branchNoProof + ")"
		}
		text += ": set a spicepod first with update_app (the app and its spicepod)."
	case reach == ReachNotRunning:
		text += " Nothing runs now (no instance ready): " + f.call("create_deployment", again...) + " deploys it, these changes included"
		text += unlessQueued(busy)
	case reach == ReachDeploy:
		next := " (" + Call("create_deployment", again...) + ")"
		if m := f.mark("create_deployment"); m != "" {
			next = m
		}
		text += " Changes reach the running app with the next deployment" + next
		text += unlessQueued(busy)
	case reach == ReachPaused:
		text += " The app is paused, so deployments are refused (spicepod_paused): " + f.call("resume_app", again...) +
			" deploys its current configuration, these changes included."
	case reach == ReachUnknown:
		text += " Changes reach the running app with the next deployment: " + f.call("create_deployment", again...) +
			", or, if the app is paused (deployments refused, spicepod_paused), " + f.call("resume_app", again...) +
			", which deploys its current configuration."
	}
	if slices.Contains(changed, "region") && !slices.Contains(changed, "cluster_name") {
		text += " region sets the configuration's region (config.region): the app stays where it runs now until a deployment " +
			"succeeds, which runs it in config.region and moves it there. Its Region, Endpoint and cname follow; a standalone app " +
			"becomes Spice-managed."
	}
	return f.fix(text)
}

// ClearedFields are update_app's changed fields as its headline names them: a field given ""
// (empty) is named as cleared, "version (cleared)".
func ClearedFields(changed, empty []string) []string {
	return labelFields(changed, empty, " (cleared)")
}

// EmptyFields are update_app's fields that already had the values given, as its headline names
// them: a field given "" that was already empty (or unset) is "version (empty)".
func EmptyFields(same, empty []string) []string { return labelFields(same, empty, " (empty)") }

// labelFields is names with label after each that is one of empty.
func labelFields(names, empty []string, label string) []string {
	out := slices.Clone(names)
	for i, n := range out {
		if slices.Contains(empty, n) {
			out[i] = n + label
		}
	}
	return out
}

// BusyUnknown is AppUpdated's busy when the app's deployments could not be read: one may be
// queued or in progress, which a new deployment waits for (409 otherwise).
const BusyUnknown int64 = -1

// unlessQueued ends AppUpdated's sentence on the next deployment: hedged when whether one is
// already queued or in progress could not be checked.
func unlessQueued(busy int64) string {
	if busy != BusyUnknown {
		return "."
	}
	return ", unless a deployment is already queued or in progress (its deployments could not be read to check): " +
		"then it is refused (409) until that one ends; wait for it first."
}

// ResourcesNow follows update_app's headline when resources were given: they are merged into
// the app's (keys not given stay, keys given as null are removed), so it says what they are
// now, as the API returned them (sent), or as the app had them when nothing was sent, and names
// the keys to remove that the app did not have.
func ResourcesNow(r *client.ResourceSpec, absent []string, sent bool) string {
	text := "The API's answer shows no resources; get_app shows the app's."
	if !sent {
		text = "The app has no resources."
	}
	if now := resourceList(r); now != "" {
		text = "Resources now (keys not given were kept; null removes a key): " + now + "."
	}
	if len(absent) > 0 {
		text += " Not set, so not removed: " + strings.Join(absent, ", ") + "."
	}
	return text
}

// TagsRemoved follows update_app's headline when the tags given (which replace them all) leave
// out tags the app had: it names them, as many as fit TagsBytes with how many there are, so that
// none is lost unseen (a list view and structured content keep only the tags, by key, that fit TagsBytes: ShortTags); their values are in the
// structured content's removed_tags. They are the app's tags as read just before the update,
// and said so: one added by another call between that read and the update is removed unnamed.
func TagsRemoved(removed map[string]string) string {
	if len(removed) == 0 {
		return ""
	}
	keys := slices.Sorted(maps.Keys(removed))
	named, size := 0, 0
	for _, k := range keys {
		if size += len(k) + 2; size > TagsBytes && named > 0 {
			break
		}
		named++
	}
	list := Inline(strings.Join(keys[:named], ", "))
	if named < len(keys) {
		list += fmt.Sprintf(" … (%d of %s named)", named, number(len(keys)))
	}
	text := fmt.Sprintf(" Tags removed (tags replaces them all; pass one again with the others to restore it), as read just before the update: %s.", clip(list, 2*TagsBytes))
	for _, k := range keys {
		if ReadsAsManagedTag(k, removed[k]) {
			return text + ManagedTagRemoved(k, removed[k])
		}
	}
	return text
}

// ManagedTagRemoved follows TagsRemoved when the tag key: value removed was create_and_deploy_app's
// mark or read as it: it cannot be passed again, since create_app and update_app set it on no
// app that lacks it (ArgManagedTagForged); for the mark itself, a re-run no longer resumes the app.
func ManagedTagRemoved(key, value string) string {
	text := fmt.Sprintf(" %s cannot be restored that way: only create_and_deploy_app sets it, on the apps it creates", Inline(clip(key+"="+value, TagsBytes)))
	if key == ManagedTag[0] && value == ManagedTag[1] {
		text += ", and a re-run of it now refuses this app's name as taken"
	}
	return text + "."
}

// UpdateReadFailed is update_app's failure when the read of the app that tags or resources
// need (tags replace them all and the removed ones are named; resources are merged into the
// app's) failed: nothing was sent, and cause (rendered) says why.
func UpdateReadFailed(cause string) string {
	return "update_app reads the app first when tags or resources are given (tags replace the app's tags whole, " +
		"and the ones removed are named; resources are merged into the app's). That read failed, so nothing was sent: " + cause
}

// AppUnchanged is update_app's headline when every field it was asked to change already is as
// given (same; for resources: the keys to remove are not set either): nothing is sent, and no
// deployment is offered, as there is nothing new to deploy.
func AppUnchanged(app string, same []string) string {
	return fmt.Sprintf("Nothing changed on %s: %s already %s, so no update was sent.", app, strings.Join(same, ", "), hadGiven(len(same)))
}

// AlreadyAsGiven follows update_app's headline when some of the fields given already held the
// values given (same): they were sent as they were, and are not named as changed.
func AlreadyAsGiven(same []string) string {
	if len(same) == 0 {
		return ""
	}
	return fmt.Sprintf(" Unchanged: %s already %s.", strings.Join(same, ", "), hadGiven(len(same)))
}

// UpdateNotShown: fields update_app changed that the API's answer shows with other values than
// sent, so the change is not vouched for.
func UpdateNotShown(fields []string) string {
	if len(fields) == 0 {
		return ""
	}
	return fmt.Sprintf(" The API's answer does not show %s as sent: read the app again before relying on the change.",
		strings.Join(fields, ", "))
}

// hadGiven says that n fields named together already held the values given.
func hadGiven(n int) string {
	if n == 1 {
		return "had the value given"
	}
	return "had the values given"
}

// DeleteAppAction is what delete_app asks the user to confirm. It is asked before anything of
// the app is read, so what the delete stops is said for any app, running or never deployed.
func DeleteAppAction(app Shown, url string) Words {
	url = appAddress(url)
	return words("Delete app %s: if it runs, its runtime is torn down and %s stops serving. "+
		"A deployment of it still queued or in progress, if any, ends", app, url)
}

// DeleteRan is what ran of an app just before delete_app deleted it.
type DeleteRan int

const (
	// DeleteRanUnknown: its instances could not be read.
	DeleteRanUnknown DeleteRan = iota
	// DeleteRanServing: an instance was ready (api/README §7.5: "ready" means serving).
	DeleteRanServing
	// DeleteRanNotReady: instances, none ready: nothing served.
	DeleteRanNotReady
	// DeleteRanNothing: no instances (never deployed, or its deployments stopped).
	DeleteRanNothing
	// DeleteRanPaused: the app was paused (409 project_paused): no runtime.
	DeleteRanPaused
)

// AppDeleted confirms a deletion, says what it stopped (ran, as read just before it; with no
// instances, ended: the app's newest deployment when it was still queued or in progress, which
// the deletion ends, Now unused) and what creating the name again brings back (see AppReactivated).
func AppDeleted(app, url string, d client.Deleted, ran DeleteRan, ended Ended) string {
	url = appAddress(url)
	text := deleted("Deleted", d) + " app " + app + "; "
	switch {
	case ran == DeleteRanServing:
		text += "its runtime was torn down and " + url + " no longer serves." + ended.deleted()
	case ran == DeleteRanNotReady:
		text += "none of its instances was ready, so " + url + " was not serving; the deletion took them down." + ended.deleted()
	case ran == DeleteRanNothing && ended.ID != 0:
		text += fmt.Sprintf("it had no runtime running (no instances), but deployment %d was %s: the deletion ended it "+
			"(the API marks such a deployment failed with error_code stopped).", ended.ID, strings.ReplaceAll(ended.Status, "_", " "))
	case ran == DeleteRanNothing && ended.Unknown:
		text += "it had no runtime running (no instances); whether a deployment was queued or in progress could not be " +
			"checked (its deployments could not be read): if one was, the deletion ended it (failed, error_code stopped)."
	case ran == DeleteRanNothing:
		// A deployment another call started after the read was ended by the delete too (an app
		// deleted cannot be read to tell): said in a clause, as a case this read rules out.
		text += "nothing of it was running or deploying when checked just before the deletion (a deployment another " +
			"call started since ended with it: failed, error_code stopped)."
	case ran == DeleteRanPaused:
		text += "it was paused (no runtime running), so nothing was stopped."
	default:
		text += "whatever of it ran is torn down and " + url + " does not serve (whether it was running could not be checked first)." +
			ended.deleted()
	}
	return text + " " + AppDeletedComesBack
}

// AppDeletedComesBack ends delete_app's result, in its text and as structured content's note
// (some clients show only that): the API soft-deletes, and what creating the name again brings back.
const AppDeletedComesBack = "Creating an app with the same name reactivates it with its ID, secrets, API keys and deployment history, " +
	"but not its settings: those (spicepod, configuration, region, visibility, description) come from that create."

// deleted is what AppDeleted says, beside the instances it took down, of the deployment the
// deletion ended, as AppPaused's text does ("" when none was in flight; a leading space otherwise).
func (e Ended) deleted() string {
	switch {
	case e.ID != 0:
		return fmt.Sprintf(" The deletion also ended deployment %d (it was %s; the API marks such a deployment failed "+
			"with error_code stopped).", e.ID, strings.ReplaceAll(e.Status, "_", " "))
	case e.Unknown:
		return " Whether a deployment was queued or in progress could not be checked (its deployments could not be read): " +
			"if one was, the deletion ended it."
	}
	return ""
}

// deleted is the verb of a deletion, with what happened when an earlier attempt went through.
func deleted(verb string, d client.Deleted) string {
	if d.EarlierAttempt {
		return verb + " (the first attempt went through; its answer was lost, and the retry found it gone)"
	}
	return verb
}

// DeploymentQueued is create_deployment's result (unavailable: the tools that follow it the
// caller cannot use; sandbox: the server runs --sandbox; again: as Deployment's).
func DeploymentQueued(app string, d *client.Deployment, unavailable []UnavailableTool, sandbox bool, again ...Arg) string {
	// The deployment's heading says it is queued, of which app: no sentence above says it again.
	return DeploymentIn(app, d, Standing{Unavailable: unavailable, Sandbox: sandbox}, again...)
}

// DeploymentQueuedWithoutSecrets is create_deployment's result when the app's spicepod
// references secrets (unset) the app does not have: the deployment runs without them (a secret
// reaches only deployments created after it is set, api/README §7.7), so it is likely to fail
// to start; it names how to set them and the same create_deployment call (repeat: the call's
// arguments as given) once this one has ended, which the deployment's own last line says how to
// follow (again: as Deployment's), so the call that follows it is written once.
func DeploymentQueuedWithoutSecrets(app string, d *client.Deployment, unset []string, repeat []Arg, unavailable []UnavailableTool, sandbox bool, again ...Arg) string {
	names := "secret " + unset[0]
	if len(unset) > 1 {
		names = "secrets " + strings.Join(unset, ", ")
	}
	f := &fixTools{unavailable: unavailable} // set_secret named as the step only where usable
	deploy := Call("create_deployment", repeat...)
	if len(deploy) > 300 { // a long argument (a commit message) would crowd the result: named, not repeated
		deploy = "create_deployment with the same arguments"
	}
	return fmt.Sprintf("Queued a deployment of %s, but it is likely to fail to start (unable_to_start): its spicepod references "+
		"the %s, which the app does not have%s. A secret reaches only deployments "+
		"created after it is set, so this one runs without them. Set each with %s (the app and the name; leave value "+
		"out and the user enters it on a private page). Then, once deployment %d has ended (the line below says how to follow it), deploy "+
		"again with %s.%s\n\n%s", app, Inline(names), f.read(" (list_secrets shows the ones it has)", "list_secrets"), f.name("set_secret"), d.ID, deploy, f.fix(""),
		DeploymentIn(app, d, Standing{Unavailable: unavailable, Sandbox: sandbox}, again...))
}

// DeleteSecretAction is what delete_secret asks the user to confirm.
func DeleteSecretAction(name string, app Shown) Words {
	return words("Delete secret %s of %s permanently", name, app)
}

// keyNames name the keys a regeneration replaces, by key_number.
var keyNames = map[int]string{client.KeyBoth: "primary and secondary API keys", client.KeyPrimary: "primary API key", client.KeySecondary: "secondary API key"}

// RegenerateKeyAction is what regenerate_api_key asks the user to confirm: the key or keys
// replaced, and that the old one (both old ones) stop working at once, for good.
func RegenerateKeyAction(keyNumber int, app Shown) Words {
	if keyNumber == client.KeyBoth {
		return words("Replace the %s of %s; the old keys stop working immediately and cannot be restored", keyNames[keyNumber], app)
	}
	return words("Replace the %s of %s; the old key stops working immediately and cannot be restored", keyNames[keyNumber], app)
}

// MemberAdded confirms add_member in org (MemberOrg), with what each role granted allows (api/README §4): every
// role the API documents, owner and the legacy billing included; one this server does not know
// is named as the API's to decide.
func MemberAdded(m *client.Member, org string) string {
	text := fmt.Sprintf("Added %s (user %d) to %s with %s %s.", NameShown(m.Username).Markdown(), m.UserID, MemberOrg(org), rolesNoun(m.Roles), NameText(strings.Join(m.Roles, ", ")))
	// A member acts with the highest role held (api/README §4; the emulator's highestRole): that
	// role's rights are said, and that the lower ones held as well add nothing.
	var says, lower []string
	best := ""
	for _, r := range m.Roles {
		k := strings.ToLower(r)
		if _, ok := roleRights[k]; !ok {
			continue
		}
		switch {
		case best == "":
			best = r
		case roleRank[k] > roleRank[strings.ToLower(best)] || roleRank[k] == roleRank[strings.ToLower(best)] && strings.EqualFold(best, "billing"):
			lower, best = append(lower, best), r
		default:
			lower = append(lower, r)
		}
	}
	if best != "" {
		s := roleRights[strings.ToLower(best)]
		if len(lower) > 0 {
			s += fmt.Sprintf(" (the highest role held applies: %s %s nothing)", NameText(strings.Join(lower, ", ")), plural(len(lower), "adds", "add"))
		}
		says = append(says, s)
	}
	for _, r := range m.Roles {
		if _, ok := roleRights[strings.ToLower(r)]; !ok {
			says = append(says, fmt.Sprintf("%s is a role this server does not know: the API decides what it allows", NameText(r)))
		}
	}
	if len(says) > 0 {
		text += " " + strings.ToUpper(says[0][:1]) + strings.Join(says, "; ")[1:] + "."
	}
	return text
}

// roleRank orders the roles as the API's role check does (viewer < member = billing < admin < owner).
var roleRank = map[string]int{"viewer": 1, "member": 2, "billing": 2, "admin": 3, "owner": 4}

// roleRights is what a member holding each role may do (api/README §4; billing: Assumed).
var roleRights = map[string]string{
	"viewer": "a viewer only reads",
	"member": "a member may do everything their tokens' scopes allow except manage members",
	"billing": "billing is a legacy role whose rights the API does not document: it is read as member here (everything " +
		"but managing members)",
	"admin": "an admin may do what a member may, and also add, remove and change the roles of members and viewers, but not " +
		"grant, change or remove admin or owner",
	"owner": "an owner may do everything, granting, changing and removing admin and owner included; unlike the " +
		"organization's own owner, whom no one can change or remove, another owner can change or remove them",
}

// RemoveMemberAction is what remove_member asks the user to confirm.
func RemoveMemberAction(username string, userID int64, org string) Words {
	return words("Remove %s (user %d) from %s; their access ends immediately", NameShown(username), userID, actionOrg(org))
}

// MemberRemoved confirms remove_member from org (MemberOrg).
func MemberRemoved(username string, userID int64, d client.Deleted, org string) string {
	return fmt.Sprintf("%s %s (user %d) from %s; their access ended immediately.", deleted("Removed", d), NameShown(username).Markdown(), userID, MemberOrg(org))
}

// settingBytes bounds a runtime setting as an app's view shows it (AppPart's Runtime line,
// shortenConfig): update_app sends any length and the API stores it; an image or registry names
// a host and a path, the others are words.
func settingBytes(name string) int {
	if name == "image" || name == "registry" {
		return cellBytes
	}
	return wordBytes
}

// shortenConfig shortens, in cfg (a copy; its resources are copied before any change), the
// runtime settings (settingBytes) and resource quantities (wordBytes) as the view shows them,
// ending in "…", and adds the full length of each one shortened to full by its path
// ("config.image", "config.resources.limits.cpu").
func shortenConfig(cfg *client.ProjectConfig, full map[string]int) {
	for name, s := range map[string]*string{"version": &cfg.Version, "image_tag": &cfg.ImageTag, "image": &cfg.Image,
		"registry": &cfg.Registry, "update_channel": &cfg.UpdateChannel, "node_group": &cfg.NodeGroup} {
		value, why := strings.CutSuffix(*s, maskedWhy) // MaskApp's note stays whole, after the cut
		if head, total := cut(value, settingBytes(name)); total != 0 {
			*s, full["config."+name] = head+"…", total
			if why {
				*s += maskedWhy
			}
		}
	}
	if r := cfg.Resources; r != nil {
		cfg.Resources = &client.ResourceSpec{Limits: shortQuantities(r.Limits, "config.resources.limits", full),
			Requests: shortQuantities(r.Requests, "config.resources.requests", full)}
	}
}

// shortQuantities is a copy of a resource group as the view shows it (resourceEntries: its keys
// while they fit, long keys and quantities shortened), the full length of each quantity
// shortened added to full by path (the group's path, then the key shown) and, when keys are
// left out or shortened, the number of keys in all by the group's path.
func shortQuantities(group map[string]any, path string, full map[string]int) map[string]any {
	if group == nil {
		return nil
	}
	entries := resourceEntries(group)
	out := make(map[string]any, len(entries))
	for _, e := range entries {
		out[e.key] = e.value
		if e.valueTotal != 0 {
			full[path+"."+e.key] = e.valueTotal
		}
		if e.keyTotal != 0 {
			full[path] = len(group)
		}
	}
	if len(entries) < len(group) {
		full[path] = len(group)
	}
	return out
}

// tagsElsewhere labels a view's shortened tag line with where the tags can be read whole;
// tagsNowhere labels it when the caller cannot use get_app.
const (
	tagsElsewhere = "Tags (shortened; get_app lists every one that fits, cutting long ones if need be)"
	tagsNowhere   = "Tags (shortened; no tool here lists them all)"
)
