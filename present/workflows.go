package present

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// The composite tools' words: create_and_deploy_app's step report, wait_for_deployment,
// rotate_api_keys and describe_app. Step names and results also travel in structured content.

// Steps of create_and_deploy_app, in the order they run.
const (
	StepCheckInputs = "check inputs"
	StepCreateApp   = "create app"
	StepConfigure   = "configure"
	StepDeploy      = "deploy"
	StepWait        = "wait"
)

// StepSecret names the step that stores one secret.
func StepSecret(name string) string { return "secret " + name }

// StepSecrets names the row that stands for the steps of n secrets with the same result.
func StepSecrets(n int) string { return fmt.Sprintf("secrets (%s)", number(n)) }

// StepSecretsResult is that row's result: the steps' result and the secrets, in brief.
func StepSecretsResult(result string, names []string) string {
	return result + ": " + namesBriefPlain(names, "")
}

// Results of steps.
const (
	StepFailed = "failed"
	// StepNoneStartedChanged: the run stopped on purpose; another call changed the configuration.
	StepNoneStartedChanged = "none started: another call changed the configuration meanwhile"
	// StepCancelled: the call was cancelled during the step; nothing in it failed.
	StepCancelled = "cancelled"
)

// StepSecretStored: a secret of the call's was stored.
var StepSecretStored = "stored (" + ValuesNeverShown(1) + ")"

// StepOutcomeUnknown: the step's request was sent and its answer lost (no answer, a server
// error, the call cancelled or out of time while it was in flight): it may have been applied.
// The deploy step names no tool: the changes below say where the deployment shows
// (ChangeOutcomeUnknown), and the same call again follows what started.
func StepOutcomeUnknown(step string) string {
	if step == StepDeploy {
		return "outcome unknown: a deployment may have started"
	}
	return "outcome unknown: may have been applied"
}

// ChangeOutcomeUnknown is the change a step whose outcome is unknown may have made (listing as
// StepOutcomeUnknown's).
func ChangeOutcomeUnknown(step string, listing []UnavailableTool) string {
	switch {
	case step == StepDeploy && len(listing) > 0:
		return "may have started a deployment"
	case step == StepDeploy:
		return "may have started a deployment (list_deployments shows it)"
	}
	return step + " (outcome unknown: may have been applied)"
}

// StepWaitStopped: the wait ended early (cancelled, or a status request failed) while the
// deployment had not ended: it goes on without the call, last seen with status. follow is the
// tool that follows it (wait_for_deployment, or get_deployment where that is not usable).
func StepWaitStopped(id int64, status string, cancelled bool, follow string) string {
	why := "stopped waiting"
	if cancelled {
		why = "cancelled: stopped waiting"
	}
	if status == "" {
		return fmt.Sprintf("%s; deployment %d did not fail here (%s follows it)", why, id, follow)
	}
	return fmt.Sprintf("%s; deployment %d was last %s, not failed (%s follows it)", why, id, status, follow)
}

// StepWaitNotFound: the wait's read of deployment id, which the API named, found none (a 404
// "Deployment not found"). listing is list_deployments when the caller cannot use it, with why
// (empty: it can): the step names list_deployments, else the Spice.ai portal, else — in sandbox
// mode, which has no portal — why the list is not available and how it becomes so.
func StepWaitNotFound(id int64, listing []UnavailableTool) string {
	list := "list_deployments shows the app's deployments"
	if len(listing) > 0 {
		list = portalOr(listing, "its deployments", "the Spice.ai portal shows the app's deployments; "+toolsUnavailable(listing))
	}
	return fmt.Sprintf("stopped: the API does not find deployment %d, which it named (%s)", id, list)
}

// DeploymentNotFound404 reports whether err is the API's 404 for a deployment of an app it found.
func DeploymentNotFound404(err error) bool {
	_, ok := deploymentNotFound(err)
	return ok
}

// StepWaitAppGone: the wait found the app deleted (or no longer visible, AppGone): deployment
// id ended with it, nothing follows it.
func StepWaitAppGone(id int64) string {
	return fmt.Sprintf("stopped: the app was deleted (or is no longer visible) meanwhile; deployment %d ended with it (a delete stops it)", id)
}

// StepAppCreated: the app was created in region. The app is not named: the result's headline
// (AppHeadline) names it and its ID, or, where the run stopped, what it changed does.
func StepAppCreated(region string) string { return "created in " + region }

// StepAppCreatedWithWarning: the create succeeded but the API warned (api/README §7.1 `warning`).
func StepAppCreatedWithWarning(app, region string) string {
	return fmt.Sprintf("created %s in %s, with a warning from the API; not configured or deployed", app, region)
}

// CreatedWithWarning says why a run stopped after its create answered with a warning.
func CreatedWithWarning(app, warning string) string {
	return fmt.Sprintf("⚠️ The API created %s but warned: %s. Its settings may not be the ones given, so this run stopped before configuring and deploying it.", app, Inline(APIWarning(warning)))
}

// CreatedWithWarningNext is what to do after CreatedWithWarning.
func CreatedWithWarningNext(name string) string {
	return fmt.Sprintf("Check its settings with `get_app {\"app\":%q}` and set what is missing with update_app; then run create_and_deploy_app again with the same arguments: it reuses the app, applies what differs and deploys.", name)
}

// ManagedTag marks the apps create_and_deploy_app creates, so a re-run reuses one. create_app
// and update_app refuse to set it (ReadsAsManagedTag), but the API takes it from any caller, so
// what carries it is said to carry it (ManagedTagShown), never claimed as an earlier run's.
var ManagedTag = [2]string{"created-by", "spice-cloud-mcp"}

// ReadsAsManagedTag reports whether a tag reads as ManagedTag to whoever looks at the app:
// compared with letter case, separators (anything but letters and digits) and lookalike letters
// (a Cyrillic с, a fullwidth ｂ, "1" or "I" for "l", "0" for "o") left aside, so Created_By:
// Spice-Cloud-MCP is no way around the rule; a tag with another value is not one.
func ReadsAsManagedTag(key, value string) bool {
	return tagSkeleton(key) == tagSkeleton(ManagedTag[0]) && tagSkeleton(value) == tagSkeleton(ManagedTag[1])
}

// tagSkeleton is s with lookalike letters read as the Latin one, only letters and digits kept,
// in lower case, with the letters and digits that read alike made one (i, l and 1; o and 0; as
// lookAlikeSkeleton, rn, vv and cl): both sides of a comparison, so over-folding costs nothing.
func tagSkeleton(s string) string {
	s = strings.ToLower(strings.Map(func(r rune) rune {
		if a := confusableLetter(r); a != 0 {
			return rune(a)
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s))
	s = strings.NewReplacer("i", "l", "1", "l", "0", "o").Replace(s) // first, so "cIoud" reads as "cloud" below
	return strings.NewReplacer("rn", "m", "vv", "w", "cl", "d").Replace(s)
}

// ManagedTagShown is ManagedTag as an app's view shows its tags.
var ManagedTagShown = ManagedTag[0] + "=" + ManagedTag[1]

// StepAppReused: the app was there at the start, with ManagedTag.
func StepAppReused(app string) string {
	return fmt.Sprintf("reused %s, tagged %s", app, ManagedTagShown)
}

// AppOrigin is what create_and_deploy_app can tell of where an existing app it meets came from.
type AppOrigin int

const (
	// AppFoundFirst: the app was there when the run checked, before it changed anything, with
	// ManagedTag (which is all that is known of where it came from).
	AppFoundFirst AppOrigin = iota
	// AppTakenMeanwhile: the run's create was refused (409): another call created the app since.
	AppTakenMeanwhile
	// AppRevivedMeanwhile: as AppTakenMeanwhile, by bringing a deleted app back.
	AppRevivedMeanwhile
	// AppAfterUnanswered: the app was there after the run's create went unanswered: made by that
	// create or by another call, which the run cannot tell.
	AppAfterUnanswered
)

// phrase says where the app came from, as a clause after its label.
func (o AppOrigin) phrase() string {
	switch o {
	case AppTakenMeanwhile:
		return "created meanwhile by a concurrent run"
	case AppRevivedMeanwhile:
		return "brought back from deletion meanwhile by a concurrent run"
	case AppAfterUnanswered:
		return "found after this call's create went unanswered"
	}
	return "tagged " + ManagedTagShown
}

// StepAppAdopted: the create's answer was lost, or another call created the app at the same
// moment (origin); the app now carries create_and_deploy_app's tag, so this run goes on with it.
func StepAppAdopted(app string, origin AppOrigin) string {
	if origin == AppAfterUnanswered {
		return fmt.Sprintf("found %s, created by this call's unanswered request or a concurrent run; using it", app)
	}
	return fmt.Sprintf("found %s, %s; using it", app, origin.phrase())
}

// StepAppAdoptedDiffers: the app another call created at the same moment differs from this
// call's arguments (the refusal names how), so this run does not use it.
func StepAppAdoptedDiffers(app string) string {
	return fmt.Sprintf("found %s, created meanwhile by a concurrent run with other settings; not used", app)
}

// StepConfigUnchanged names what an existing app already had as given, so it was not sent.
func StepConfigUnchanged(same []string) string {
	return "already " + strings.Join(same, ", ") + " as given; nothing sent"
}

// StepSecretKept: a re-run does not overwrite a secret the app already has.
const StepSecretKept = "already set; not rewritten (set_secret changes its value)"

// StepSecretRestored: the reactivated app brought the secret back.
const StepSecretRestored = "restored with the reactivated app; not asked for (set_secret changes its value)"

// StepDeployNotNeeded: a re-run changed nothing and the latest deployment, which an earlier
// run started with the configuration in place, succeeded.
func StepDeployNotNeeded(id int64, status string) string {
	return fmt.Sprintf("none started: this run changed nothing and deployment %d (this configuration, from an earlier run) %s", id, status)
}

// StepWaitedForEarlier: a deployment was in flight that cannot be shown to carry the
// configuration in place (this run changed the app, or another call started it), so the run
// waited for it to end before deploying.
func StepWaitedForEarlier(d *client.Deployment, elapsed time.Duration) string {
	return fmt.Sprintf("earlier deployment %d (not of this configuration) ended: %s after waiting %s; deploying this configuration", d.ID, stepStatus(d), Duration(elapsed))
}

// stepStatus is d's status in a step: a deployment a pause or delete ended (failed, error_code
// stopped) reads stopped, naming the cause, not failed, as its error code line says it.
func stepStatus(d *client.Deployment) string {
	if d.Status == client.StatusFailed && d.ErrorCode == client.CodeStopped {
		return "stopped (by " + stoppedBy(d) + ")"
	}
	return d.Status
}

// DeployConfigMark is the commit_message create_and_deploy_app gives each deployment it starts:
// fingerprint identifies the app's whole configuration (every config key), so a re-run
// can tell that a deployment carries the configuration in place.
func DeployConfigMark(fingerprint string) string {
	return "create_and_deploy_app: configuration " + fingerprint
}

// StepDeployConcurrent: a deployment of the same configuration started at the same moment
// (another run of the workflow); this run follows it.
func StepDeployConcurrent(id int64, status string) string {
	return fmt.Sprintf("deployment %d of this configuration was already %s (a concurrent run); following it", id, status)
}

// DeployKeptBusy: another deployment started each time this run tried to deploy.
func DeployKeptBusy(id int64) string {
	return fmt.Sprintf("Another deployment (%d, not of this configuration) started while this run was deploying; none of this run's was started.", id)
}

// StepKeptBusy is the deploy step's result with DeployKeptBusy: not a failure.
func StepKeptBusy(id int64) string {
	return fmt.Sprintf("none started: another call's deployment %d started meanwhile", id)
}

// DeployKeptBusyNext: how to complete a run DeployKeptBusy stopped (again: the app and
// organization as the caller named them; unavailable: the FollowTools the caller cannot use).
func DeployKeptBusyNext(id int64, unavailable []UnavailableTool, again ...Arg) string {
	return fmt.Sprintf("Nothing failed. Wait for %d to end with %s, then call create_and_deploy_app again with the same arguments.",
		id, Follow(id, unavailable, again...))
}

// DeployConfigChangedMeanwhile: while the run waited (while: WhileWaitingFor,
// WhileSecretPageOpen), another call changed the app's configuration, so no deployment was
// started: it would not run what this run set.
func DeployConfigChangedMeanwhile(while string) string {
	return "The app's configuration was changed by another call while " + while + "; " +
		"no deployment was started, since it would not run the configuration this run set (get_app shows the one in place now)."
}

// DeployChangedNext: the two ways on after DeployConfigChangedMeanwhile (again: the app and
// organization as the caller named them).
func DeployChangedNext(again ...Arg) string {
	return "Nothing failed: this run stopped on purpose. Call create_and_deploy_app again with the same arguments to set yours and deploy it, " +
		"or deploy the one in place with " + Call("create_deployment", again...) + "."
}

// StepBehindOther: the run's time ran out while it waited for another call's deployment id
// (not of this configuration) to end, so it started none: not a failure. status: as last seen.
func StepBehindOther(id int64, status string) string {
	return fmt.Sprintf("none started: time ran out while deployment %d (another call's, not of this configuration) had not ended (last seen %s)", id, status)
}

// DeployBehindOther: the run's time ran out (after elapsed of waiting; unanswered: the checks
// after the last answer got none) while another call's deployment d, not of this run's
// configuration, had not ended, so none of this run's configuration was deployed. An app runs
// one deployment at a time. What completes the run: the same call again, which waits for d and
// then deploys, or the wait for d first (again: the app and organization as the caller named them).
func DeployBehindOther(app string, d *client.Deployment, elapsed time.Duration, unanswered bool, again ...Arg) string {
	seen := fmt.Sprintf("was still **%s** after this run waited %s for it", Status(d.Status), Duration(elapsed))
	if unanswered {
		seen = fmt.Sprintf("was **%s** at the last answer, after %s (the checks after that got no answer before this call's time limit ended)",
			Status(d.Status), Duration(elapsed))
	}
	return fmt.Sprintf("Not deployed yet: this run's time ran out before it could start a deployment of its configuration. "+
		"Deployment %d of %s, started by another call and not of this configuration, %s, and a new deployment starts only once it ends. "+
		"Nothing failed, and %d is not this run's deployment.", d.ID, app, seen, d.ID)
}

// DeployBehindOtherNext: how to complete a run DeployBehindOther stopped (again: the app and
// organization as the caller named them; unavailable: the FollowTools the caller cannot use).
// waited: the run had wait true, so timeout_seconds bounded its wait for d; with wait false it
// is refused, so the advice names wait true with it.
func DeployBehindOtherNext(id int64, waited bool, unavailable []UnavailableTool, again ...Arg) string {
	larger := fmt.Sprintf("a larger timeout_seconds covers the wait for %d too", id)
	if !waited {
		larger = fmt.Sprintf("with wait true, a larger timeout_seconds covers the wait for %d too", id)
	}
	return fmt.Sprintf("To deploy this configuration, call create_and_deploy_app again with the same arguments (%s): "+
		"it keeps what this run did, waits for %d to end, then deploys. Or wait for %d first with %s, then make that call.",
		larger, id, id, Follow(id, unavailable, again...))
}

// DeployNotStarted is create_and_deploy_app's result when it stopped before starting a
// deployment and nothing failed (why; next: what completes the run). changes names what the run
// changed before it stopped, none of which was deployed.
func DeployNotStarted(steps, why string, changes []string, next string) string {
	text := steps + "\n\n" + why
	if len(changes) > 0 {
		text += "\n\nThis run changed: " + strings.Join(changes, "; ") + " (none of it deployed yet)."
	}
	return text + "\n\n" + next
}

// ArgSecretTooLarge refuses a secret whose set-secret request (the value as JSON, escaped, with
// its name) would be size bytes, over the request-body limit (limit): it is refused before
// anything is created, naming the secret, never showing the value.
func ArgSecretTooLarge(size, limit int) string {
	return fmt.Sprintf("Too large: the request that stores this secret would be %s bytes as sent (JSON: the value, escaped, with its name); "+
		"at most %s (1 MiB + 64 KiB): shorten the value", number(size), number(limit))
}

// WhileWaitingFor: the run waited for deployment id (not of its configuration) to end.
func WhileWaitingFor(id int64) string {
	return fmt.Sprintf("this run waited for deployment %d to end", id)
}

// WhileSecretPageOpen: the run waited for the person on the secret page, who stored the
// secrets named (they stay stored).
func WhileSecretPageOpen(stored []string) string {
	return "the secret page was open (the secrets entered there, " + strings.Join(stored, ", ") + ", are stored)"
}

// StepDeployWouldFailAgain: the newest deployment, of this configuration, failed for a reason
// deploying it again unchanged cannot fix, and nothing changed since.
func StepDeployWouldFailAgain(id int64, code string) string {
	return fmt.Sprintf("none started: deployment %d of this configuration failed (%s) and nothing changed since", id, code)
}

// DeployWouldFailAgain is create_and_deploy_app's result when it did not deploy because the
// same configuration already failed in a way that deploying again unchanged repeats when the
// cause is in the configuration. anyway is the exact call that deploys it unchanged, the way
// forward when the cause was outside it (a data source unreachable then, reachable now).
// unavailable are the fix tools the caller cannot use (Standing.Unavailable): those are named
// only as not available, so a step needing one is proposed, not made.
func DeployWouldFailAgain(name string, id int64, url string, depID int64, status, steps, anyway string, unavailable []UnavailableTool) string {
	f := &fixTools{unavailable: unavailable}
	fix := "a secret's value " + f.with("set_secret")
	deploy := "deploy it unchanged instead: " + anyway
	if m := f.mark("create_deployment"); m != "" {
		deploy = "deploying it unchanged" + m + " is the way instead"
	}
	text := fmt.Sprintf("No deployment was started: deployment %d already ran exactly this configuration, "+
		"with the same secrets, and failed in a way that deploying it again unchanged repeats. Fix the cause below "+
		"(the spicepod, %s, or the replicas or image), then call create_and_deploy_app again. "+
		"If the cause was outside this configuration and is fixed since (a data source that was unreachable, say), %s.", depID, fix, deploy)
	return AppHeadline(id, name, url) + "\n\n" + f.fix(text) + "\n\n" + status + "\n\n" + steps
}

// SecretRefsNeedScope refuses create_and_deploy_app in its checks: the spicepod references
// secrets (names) and the token visibly lacks scopes, to tell which of them the app has
// (store false: secrets:read) or to store those it lacks (store true: secrets:write).
func SecretRefsNeedScope(scopes, names []string, store bool) string {
	need := strings.Join(scopes, " and ")
	if store {
		return fmt.Sprintf("The spicepod references secrets the app does not have (%s); storing them needs the %s scope, which the token lacks "+
			"(read from the token).\n%s", strings.Join(names, ", "), need,
			whatToDo("use a token with "+need+", or have them set with set_secret by someone who can, then call create_and_deploy_app again."))
	}
	return fmt.Sprintf("The spicepod references secrets (%s); telling which the app has needs the %s scope, which the token lacks "+
		"(read from the token).\n%s", strings.Join(names, ", "), need,
		whatToDo("use a token with "+need+" (or a scope that implies it), then call create_and_deploy_app again."))
}

// ReuseDiffers refuses a run whose placement or metadata differs from the existing app (origin:
// where it came from): nothing is changed, and the field is neither dropped nor silently applied.
// update says whether the caller can use update_app, which is named only then. The ways out
// come first, then the two values, each shortened to textBytes with its full length (a
// description or tag list may be tens of thousands of characters, and one refusal names every
// field that differs); leaving the field out keeps the app's value, whole or not.
func ReuseDiffers(app string, origin AppOrigin, field, have, want string, update bool) string {
	if have == "" {
		have = "none"
	}
	out := fmt.Sprintf("The existing app %s, %s, differs in %s: leave %s out to keep the app's", app, origin.phrase(), field, field)
	if update {
		out += fmt.Sprintf(", or change it with update_app (%s)", field)
	}
	return fmt.Sprintf("%s. The app's: %s; given: %s", out, Inline(clip(have, textBytes)), Inline(clip(want, textBytes)))
}

// ReuseRegionDiffers refuses a run whose region (given as field: region or cname) is not the
// region of the existing app (origin: where it came from). update_app's region sets only the configuration's
// region (config.region); the app moves there when a deployment succeeds (api/README §10), so
// a re-run with the new region works only after that deployment. move says whether the caller
// can use update_app and create_deployment, fork whether fork_app: each way is named only then.
func ReuseRegionDiffers(app string, origin AppOrigin, field, have, want string, move, fork bool) string {
	out := fmt.Sprintf("The existing app %s, %s, is in region %s, not %s: pass %s %s or leave %s out",
		app, origin.phrase(), Inline(have), Inline(want), field, Inline(have), field)
	copyThere := fmt.Sprintf("make a copy there with fork_app (region %s)", Inline(want))
	switch {
	case move:
		out += fmt.Sprintf("; to move it to %s, set its region with update_app (region %s), then deploy it with create_deployment (update_app's "+
			"region sets only config.region; the deployment that succeeds moves the app)", Inline(want), Inline(want))
		if fork {
			out += ", or " + copyThere
		}
	case fork:
		out += "; to have it in " + Inline(want) + ", " + copyThere
	}
	return out
}

// What a run changed, as a failure lists it (DeployFailed).

// ChangeCreated: the run created the app.
func ChangeCreated(app string) string { return "created " + app }

// ChangeReactivated: the run's create brought a deleted app back.
func ChangeReactivated(app string) string { return "reactivated " + app }

// ChangeSecretsStored: the run stored secrets (hundreds named in brief).
func ChangeSecretsStored(names []string) string {
	if len(names) == 1 {
		return "stored secret " + names[0]
	}
	return "stored secrets " + namesBriefPlain(names, "")
}

// ChangeSecretsEntered: the person stored secrets on the page.
func ChangeSecretsEntered(names []string) string {
	return plural(len(names), "secret ", "secrets ") + namesBriefPlain(names, "") + " entered on the page"
}

// ChangeDeployment: the run started a deployment.
func ChangeDeployment(id int64) string { return fmt.Sprintf("started deployment %d", id) }

// StepReconfigured: a re-run found the existing app's configuration different from the call's
// and set the call's (a later update_app is replaced by it).
func StepReconfigured(changed []string) string {
	return "set " + strings.Join(changed, ", ") + " (the app's differed from this call's)"
}

// StepConfigured names what the configure step set.
func StepConfigured(changed []string) string { return "set " + strings.Join(changed, ", ") }

// StepDeployStarted: a new deployment.
func StepDeployStarted(id int64, status string) string {
	return fmt.Sprintf("deployment %d %s", id, status)
}

// StepDeployFollowed: a deployment of an earlier run was still in flight, so none was started.
func StepDeployFollowed(id int64, status string) string {
	return fmt.Sprintf("deployment %d was already %s (from an earlier run); following it", id, status)
}

// StepWaited: how the deployment d ended, and how long the wait for it took.
// unanswered says the last answered check was the last word (the checks after it got none).
func StepWaited(d *client.Deployment, elapsed time.Duration, unanswered bool) string {
	status := stepStatus(d)
	if unanswered {
		return fmt.Sprintf("%s when last answered, after %s; no answer since", status, Duration(elapsed))
	}
	return fmt.Sprintf("%s after waiting %s", status, Duration(elapsed))
}

// StepProgress is the progress notification of a finished step.
func StepProgress(step, result string) string { return step + ": " + result }

// StepTable renders the steps so far; rows are {step, result}.
func StepTable(rows [][]string) string { return Table([]string{"Step", "Result"}, rows) }

// DeployPlan summarizes what create_and_deploy_app checked before changing anything.
// toCollect names the secrets the spicepod references that are neither given nor set: the
// person enters them on a private page before the deployment, so they do not stop the plan.
// unusedCName is a cname given next to region that the API leaves unused (region wins).
func DeployPlan(name, region, unusedCName, imageTag string, spicepod bool, secrets int, replicas, maxReplicas int, toCollect []string) string {
	parts := []string{"name " + name, "region " + region}
	if unusedCName != "" {
		parts[1] += fmt.Sprintf(" (cname %s not used: region wins when both are given)", quotedShort(unusedCName))
	}
	if imageTag != "" {
		parts = append(parts, "image "+imageTag+" published")
	}
	if replicas > 0 && maxReplicas > 0 {
		parts = append(parts, fmt.Sprintf("replicas %d within the plan's %d", replicas, maxReplicas))
	}
	if spicepod {
		// What was checked: it parses, has version, kind and name, and its version is not one
		// every published runtime has removed (v1beta1).
		parts = append(parts, "spicepod parses (version, kind, name)")
	}
	if secrets > 0 {
		parts = append(parts, count(secrets, "secret name", "secret names")+" valid")
	}
	if len(toCollect) > 0 {
		parts = append(parts, plural(len(toCollect), "secret ", "secrets ")+namesBriefPlain(toCollect, "")+
			" referenced but not set: the user enters "+plural(len(toCollect), "it", "them")+" on a private page before deploying")
	}
	return strings.Join(parts, ", ")
}

// ReplicasOverPlan refuses replicas above the organization's plan (the API's 403), after the
// field's name (FieldErrorsText): the limit, and what to do.
func ReplicasOverPlan(n, limit int) string {
	return fmt.Sprintf("%d is more than the organization's plan allows (%d): ask for %d or fewer, or %supgrade the plan", n, limit, limit, askUser)
}

// PinNeedsEnterprise refuses a pinned image_tag where the plan does not allow pinning (the
// API's image_tag_requires_enterprise).
var PinNeedsEnterprise = WithFix("Pinning image_tag requires an Enterprise plan (code image_tag_requires_enterprise)",
	"leave image_tag unset to follow the update channel, or "+askUser+"upgrade the plan")

// DeployDone is create_and_deploy_app's result: the app, where its deployment stands, the steps.
func DeployDone(name string, id int64, url, status, steps string) string {
	return AppHeadline(id, name, url) + "\n\n" + status + "\n\n" + steps
}

// DeployFailed shows what was done, what failed and that re-running the same call resumes.
// changes names what this run changed before it stopped (none: nothing); a request's own
// "Nothing was changed." covers that request only, so it gives way to them. unavailable:
// resume_app when the caller cannot use it (--toolsets workflows), named then only as not available.
func DeployFailed(steps string, err error, changes []string, unavailable []UnavailableTool, again ...Arg) string {
	text := Error(err)
	lostDeploy := deployMayHaveStarted(err)
	if lostDeploy { // the re-run below looks for that deployment itself: the remedy's listing gives way to it
		text = errorWithoutRemedy(err)
	}
	resume, paused := resumeInstead(err, unavailable, again...)
	if paused {
		text = resume
	}
	if len(changes) > 0 {
		text = strings.Replace(text, "\nNothing was changed.", "", 1) +
			"\n\nThis run changed: " + strings.Join(changes, "; ") + "."
	}
	if paused {
		return steps + "\n\n" + text + "\n\nNothing is lost: the app's configuration is as this call gives it, and resuming deploys it; " +
			"calling create_and_deploy_app again after the resume would only deploy it once more."
	}
	if errors.Is(err, context.Canceled) {
		return steps + "\n\n" + text // cancelled: what happened and what it changed, nothing more
	}
	if apiErr, ok := AppGone(err); ok {
		// What the run changed went with the app: nothing is left for a re-run to reuse or follow.
		text = apiErrorText(apiErr, "")
		if len(changes) > 0 {
			text += "\n\nThis run changed: " + strings.Join(changes, "; ") + "."
		}
		return steps + "\n\n" + text + "\n\nThe app was deleted (or is no longer visible to this token) during the run: what the " +
			"run changed went with it, and a delete stops a deployment in flight. Nothing of this run is left to reuse: if the " +
			"delete was not meant, calling create_and_deploy_app again starts over (it creates the app, or brings the deleted " +
			"one of the name back) and deploys."
	}
	if lostDeploy {
		return steps + "\n\n" + text + "\n\nNothing is lost: call create_and_deploy_app again with the same arguments; it reuses the " +
			"finished steps and the deployment if one started, and deploys only if none did or it failed."
	}
	return steps + "\n\n" + text + "\n\nNothing is lost: fix the cause and call create_and_deploy_app again with the same arguments; " +
		"finished steps are reused, an in-flight deployment is followed, and a secret already set is not rewritten."
}

// deployMayHaveStarted reports whether err is a deployment request whose answer was lost (a
// server error, no answer): the deployment may have started.
func deployMayHaveStarted(err error) bool {
	f, ok := failureOf(err)
	if !ok || !f.OutcomeUnknown {
		return false
	}
	i, _ := remedyFor(f)
	return i >= 0 && remedies[i].Text == remedyDeployUnknown
}

// errorWithoutRemedy is Error for an API or request error, without its "What to do" (the caller
// says what follows).
func errorWithoutRemedy(err error) string {
	var apiErr *client.APIError
	var reqErr *client.RequestError
	switch {
	case errors.As(err, &apiErr):
		return apiErrorText(apiErr, "")
	case errors.As(err, &reqErr):
		return requestErrorText(reqErr)
	}
	return Error(err)
}

// DeployAppListedAs: the run's app (used: its ID as the API answered the create or list) is not
// found, yet its name is listed as app listed: a delete is not shown, and which app holds what the
// run changed is not known. getAppHidden: why get_app is not available ("": it is).
func DeployAppListedAs(steps string, err error, changes []string, used, listed int64, name, getAppHidden string) string {
	text := Error(err)
	if apiErr, ok := AppGone(err); ok {
		text = apiErrorText(apiErr, "") // not the 404's own remedy: the text below says what to check
	}
	if len(changes) > 0 {
		text += "\n\nThis run changed: " + strings.Join(changes, "; ") + "."
	}
	check := "Check it with " + Call("get_app", Arg{"app", AppIDRef(listed)})
	if getAppHidden != "" {
		check = "Check it in the Spice.ai portal (get_app is not available here: " + getAppHidden + ")"
	}
	return steps + "\n\n" + text + fmt.Sprintf("\n\nThe Spice.ai API does not find app %d, which this run used, yet lists %s as app %d, "+
		"so no delete is shown, and which app holds what this run changed is not known. %s before calling create_and_deploy_app again.",
		used, NameText(name), listed, check)
}

// DeployCheckFailed: a request of the checks before the first change failed (the API, the
// network or the credentials): nothing was changed, and the same call may be made again once
// the cause is fixed. mayPass says whether the cause may pass by itself (not a missing scope
// or refused credentials, which waiting does not fix).
func DeployCheckFailed(steps string, err error, mayPass bool) string {
	text := strings.Replace(Error(err), "\nNothing was changed.", "", 1)
	again := "Then call create_and_deploy_app again."
	if mayPass {
		again = "Then (or, if it was passing, after a moment) call create_and_deploy_app again."
	}
	// One line says what to do, last, as in every error: the error's own, with the call again
	// unless it says so already.
	fix := whatToDo("fix the cause. " + again)
	if i := strings.LastIndex(text, whatToDo("")); i >= 0 {
		line, rest, _ := strings.Cut(text[i:], "\n")
		text, fix = strings.TrimRight(text[:i], " \n")+"\n"+rest, line
		if !strings.HasSuffix(fix, " again.") {
			fix += " " + again
		}
	}
	return steps + "\n\n" + strings.TrimRight(text, "\n") + "\n\nNothing was changed: the checks stopped before the first change.\n" + fix
}

// DeployRefused: a check before the first change refused the call. Requests were sent (to
// check), nothing was changed; calling again unchanged would be refused again. Each field is
// named once, as FieldErrorsText names them; the messages are ours, their values already
// shortened and escaped.
func DeployRefused(steps string, fields rules.FieldErrors) string {
	text := fieldErrorsText(fields, 0)
	fix := "\n" + ArgRemedy("create_and_deploy_app", len(fields) > 1, FieldFixes(fields)...) // the form every refusal takes
	if strings.HasPrefix(text, "\n") {
		return steps + "\n\nInvalid arguments, nothing was changed:" + text + fix
	}
	return steps + "\n\nInvalid arguments, nothing was changed: " + text + fix
}

// AppNameTaken refuses to deploy over an app the workflow did not create; deploy says whether
// the caller can use update_app and create_deployment, which are named only then.
func AppNameTaken(name string, deploy bool) string {
	rule := fmt.Sprintf("An app named %s already exists and was not created by create_and_deploy_app", quoted(name))
	if !deploy {
		return WithFix(rule, "choose another name")
	}
	return WithFix(rule, "choose another name (or deploy that app with update_app and create_deployment)")
}

// NoSpicepodToDeploy: neither the call nor the existing app has a spicepod.
const NoSpicepodToDeploy = "Required: the app has no spicepod to deploy"

// RegionDisabled: the region takes no new apps.
func RegionDisabled(region string) string {
	return fmt.Sprintf("Region %s is not accepting new apps", Inline(region))
}

// RegionUnavailable names the regions to choose from.
func RegionUnavailable(value string, codes []string) string {
	return WithFix(quotedShort(value)+" is not an available region", "choose one of "+choices(codes, "list_regions"))
}

// choices names the first maxListedApps of names (the API's, each clipped), and how many more
// tool lists: a list of thousands is not echoed whole.
func choices(names []string, tool string) string {
	shown := make([]string, 0, min(len(names), maxListedApps))
	for _, n := range names[:min(len(names), maxListedApps)] {
		shown = append(shown, clip(n, wordBytes))
	}
	text := Inline(strings.Join(shown, ", "))
	if len(names) > maxListedApps {
		text += ", " + moreListed(len(names)-maxListedApps, tool)
	}
	return text
}

// ClusterUnknown names the organization's dedicated clusters to choose from.
func ClusterUnknown(name string, names []string) string {
	if len(names) == 0 {
		return WithFix(quotedShort(name)+" is not a dedicated cluster of this organization, which has none (an Enterprise feature)", "leave cluster_name unset to use a region")
	}
	return WithFix(quotedShort(name)+" is not a dedicated cluster of this organization", "choose one of "+choices(names, "list_clusters"))
}

// quotedShort quotes a value a check refused, shortened to wordBytes with its full length: a
// 10,000-character cname or cluster_name is not echoed whole; a credential is masked (quotedSent).
func quotedShort(value string) string {
	return quotedSent(value, wordBytes, func(value string) string {
		head, more := cutNoted(value, wordBytes)
		return quoted(head) + more
	})
}

// ClusterRegionMismatch refuses a region that is not the chosen cluster's.
func ClusterRegionMismatch(region, cluster, clusterRegion string) string {
	return WithFix(fmt.Sprintf("Region %s does not match cluster %s, which is in %s", Inline(region), Inline(cluster), Inline(clusterRegion)),
		"leave region unset or use "+Inline(clusterRegion))
}

// ClusterPlacement is where an app on a dedicated cluster runs, as the deploy plan names it.
func ClusterPlacement(cluster, region string) string {
	return fmt.Sprintf("%s (dedicated cluster %s)", region, cluster)
}

// ImageUnpublished names the published tags to choose from.
func ImageUnpublished(tag string, tags []string) string {
	return WithFix(quotedShort(tag)+" is not a published image", "choose one of "+Inline(strings.Join(tags, ", ")))
}

// DeploymentProgress is the progress notification of one poll.
func DeploymentProgress(id int64, app, status string, elapsed time.Duration) string {
	return fmt.Sprintf("deployment %d of %s: %s after %s", id, app, Inline(status), Duration(elapsed))
}

// WaitTimedOut: the deployment is still running; how to resume waiting (again: the app and
// organization as the caller should pass them; the deployment's ID follows). queued is how long
// a queued deployment has been queued at least: from QueuedTooLong on, what to check instead of
// "nothing is wrong yet". unavailable: the FollowTools the caller cannot use (create_and_deploy_app's
// and resume_app's waits end here too), so the resume names another way, and the StuckTools,
// left out then.
func WaitTimedOut(app string, d *client.Deployment, elapsed, queued time.Duration, unavailable []UnavailableTool, again ...Arg) string {
	resume := Follow(d.ID, unavailable, again...)
	if d.Status == client.StatusQueued && queued >= QueuedTooLong {
		return fmt.Sprintf("%s is still **%s** after %s. %s To keep waiting: %s.", deploymentOf(d.ID, app),
			Status(d.Status), Duration(elapsed), stuckQueued(queued, unavailable, again), resume)
	}
	return fmt.Sprintf("%s is still **%s** after %s. Nothing is wrong yet; resume with %s.", deploymentOf(d.ID, app),
		Status(d.Status), Duration(elapsed), resume)
}

// WaitUnanswered: the checks after the last answer got none before the call's time limit
// ended, so the status is as of that answer; how to resume waiting (unavailable: as WaitTimedOut's).
func WaitUnanswered(app string, d *client.Deployment, elapsed time.Duration, unavailable []UnavailableTool, again ...Arg) string {
	return fmt.Sprintf("%s was **%s** at the last answer, after %s; the checks after that got no answer before this call's time limit ended. Resume with %s.",
		deploymentOf(d.ID, app), Status(d.Status), Duration(elapsed), Follow(d.ID, unavailable, again...))
}

// WaitFinished: the final status with error and remedy.
func WaitFinished(app string, d *client.Deployment, elapsed time.Duration) string {
	return fmt.Sprintf("Finished after waiting %s.\n\n%s", Duration(elapsed), Deployment(app, d))
}

// WaitStopped: reading the deployment's status failed (err), so the wait ended before the
// deployment did. last is the deployment as last read (the list that found it, or a check),
// nil if never; how to pick the wait up again (unavailable: as WaitTimedOut's).
func WaitStopped(app string, id int64, last *client.Deployment, err error, unavailable []UnavailableTool, again ...Arg) string {
	if apiErr, ok := AppGone(err); ok {
		// A definite answer, not a failed read: the delete ended the deployment too, and a wait
		// for it on the app can only fail again.
		// The state it was last seen in, said without "not known": the delete decided the end.
		seen := ""
		if last != nil {
			seen = fmt.Sprintf("It was **%s** when last read. ", Status(last.Status))
		}
		return fmt.Sprintf("The wait for deployment %d stopped: %s was deleted (or is no longer visible to this token) while it waited.\n\n%s\n\n"+
			"%s%s, so there is nothing left to wait for.", id, app, apiErrorText(apiErr, ""), seen, appGoneEnded(id))
	}
	call := Follow(id, unavailable, again...)
	known := fmt.Sprintf("Its status was not read, so whether deployment %d of %s has ended is not known. Pick the wait up with %s.", id, app, call)
	switch {
	case last != nil && last.Terminal():
		known = fmt.Sprintf("Deployment %d of %s had already ended, **%s**, when last read; %s reports it in full once the API answers.",
			id, app, Status(last.Status), call)
	case last != nil:
		known = fmt.Sprintf("Deployment %d of %s was **%s** when last read; whether it has ended since is not known. Pick the wait up with %s.",
			id, app, Status(last.Status), call)
	}
	why := "stopped: reading its status failed"
	if errors.Is(err, context.Canceled) {
		why = "was cancelled"
	}
	said := Error(err)
	if apiErr, ok := deploymentNotFound(err); ok {
		// Named by the API before (a list, a resume's answer), and deployments are not deleted:
		// the answers disagree, and a wait for it could only fail the same way.
		listing := slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return t.Name != "list_deployments" })
		list := Call("list_deployments", again...) + " shows the app's deployments, newest first"
		if len(listing) > 0 {
			list = portalOr(listing, "its deployments", "The Spice.ai portal shows the app's deployments, newest first ("+toolsUnavailable(listing)+")")
		}
		said = apiErrorText(apiErr, "")
		known = fmt.Sprintf("%s The Spice.ai API does not find deployment %d, though it named it before, and deployments are not deleted: %s; "+
			"a wait for deployment %d would only fail the same way.", lastKnown(id, app, last), id, list, id)
	}
	return fmt.Sprintf("The wait for deployment %d %s.\n\n%s\n\n%s", id, why, said, known)
}

// lastKnown is what the last read of deployment id showed (last; nil: never read), for a wait
// that stopped.
func lastKnown(id int64, app string, last *client.Deployment) string {
	switch {
	case last != nil && last.Terminal():
		return fmt.Sprintf("Deployment %d of %s had already ended, **%s**, when last read.", id, app, Status(last.Status))
	case last != nil:
		return fmt.Sprintf("Deployment %d of %s was **%s** when last read; whether it has ended since is not known.", id, app, Status(last.Status))
	}
	return fmt.Sprintf("Its status was not read, so whether deployment %d of %s has ended is not known.", id, app)
}

// AppGone reports whether err is the API's 404 for the app itself ("Project not found"; on
// /v1/apps "App with ID <id> not found", api/README.md §5), not for something in it ("Deployment
// not found"): the app was deleted, or the token no longer sees it.
func AppGone(err error) (*client.APIError, bool) {
	var apiErr *client.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound {
		return nil, false
	}
	msg := strings.TrimSuffix(apiErr.Message, ".")
	return apiErr, msg == "Project not found" || (strings.HasPrefix(msg, "App with ID ") && strings.HasSuffix(msg, " not found"))
}

// deploymentNotFound reports whether err is the API's 404 for a deployment of an app it found
// ("Deployment not found"), not for the app (AppGone).
func deploymentNotFound(err error) (*client.APIError, bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if !known || !errors.As(err, &apiErr) || f.Status != http.StatusNotFound {
		return nil, false
	}
	i, _ := remedyFor(f)
	return apiErr, i >= 0 && remedies[i].Text == remedyNoDeployment
}

// appGoneEnded says what the deletion of an app did to its deployment id in flight (api/README
// §7.6: a delete ends it failed, error_code stopped).
func appGoneEnded(id int64) string {
	return fmt.Sprintf("If it was deleted, deployment %d ended with it: a delete stops a deployment in flight (it ends "+
		"failed, error code %s, not a failure of its own)", id, Code(client.CodeStopped))
}

// NoDeploymentsYet: there is nothing to wait for; the next step as DeployNext has it.
func NoDeploymentsYet(app string, d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	return AppHasNo(app, "deployments") + " yet, so there is nothing to wait for. " + DeployNext(d, unavailable, again...)
}

// Key rotation: which keys work after each step, and what to do next.
const (
	RotationStartValid = "both: the primary (unchanged) and the new secondary"
	// RotationStartPrimaryReplacedValid: the start step's answer shows another primary than the
	// one read just before it (RotationStartPrimaryReplacedNext follows).
	RotationStartPrimaryReplacedValid = "both: the current primary, shown above, which is NOT the one read just before this step, " +
		"and the new secondary"
	RotationStartPrimaryReplacedNext = "Clients on the old primary have lost access too: move them to the current primary or the new secondary. "
	RotationStartNext                = "Update every client to the new secondary key, " + rotationStartThen
	// RotationStartNextMasked is RotationStartNext when keys are shown masked (--mask-api-keys).
	RotationStartNextMasked = "Update every client to the new secondary key (shown masked here: read it in " + portalKeys +
		", field API Key 2), " + rotationStartThen
	// RotationStartNextMaskedSandbox is RotationStartNextMasked in sandbox mode, whose keys no
	// portal has and no client uses.
	RotationStartNextMaskedSandbox = "The new secondary key is shown masked here. " + sandboxKeys +
		", so no client needs moving to the new secondary. Call rotate_api_keys with step \"finish\". " + rotationStartMemory
	rotationStartThen  = "then " + rotationFinishStep
	rotationFinishStep = rotationFinishCall + ". " + rotationStartMemory
	rotationFinishCall = "call rotate_api_keys with step \"finish\""
	// rotationStartMemory follows the finish a start step's result names.
	rotationStartMemory = "This server remembers this start step in its memory only: if it restarts first, or finish " +
		"reaches another replica, finish is refused until called with force: true."
	// PromptNewSecondary is what the rotate_keys prompt asks for the start step's new key;
	// PromptNewSecondaryMasked where keys are shown masked (--mask-api-keys).
	PromptNewSecondary       = "Give me the new secondary key with the storage warning and tell me to move every client to it."
	PromptNewSecondaryMasked = "The result shows the new secondary key masked (its last 4 characters). Tell me to read it in " + portalKeys +
		", field API Key 2. Tell me to keep it in a secret manager or environment variable, and to move every client to it."
	// PromptNewSecondaryMaskedSandbox is PromptNewSecondaryMasked in sandbox mode.
	PromptNewSecondaryMaskedSandbox = "The result shows the new secondary key masked (its last 4 characters). Tell me " +
		"that in the sandbox it is the emulator's key, which no Spice.ai portal has and no real client uses. No " +
		"client needs moving to it before the finish step."
	RotationFinishNext = "Rotation complete. Clients may stay on the secondary key or switch back to the new primary; the old primary no longer works."
)

// RotateFinishAction is what finishing a rotation asks the user to confirm.
func RotateFinishAction(app Shown) Words {
	return words("Replace the primary API key of %s; clients still using it lose access immediately, so every client must already use the new secondary key", app)
}

// Rotation is rotate_api_keys' result: the keys, which are valid now, and the next step
// (unavailable: as APIKeys'). showKept: the key the step left alone is shown too, where its
// clients may not have it (it changed since the start step, or was not checked).
func Rotation(app string, keys client.APIKeys, regenerated int, showKept, keptReplaced bool, maskedNote string, valid, next string, unavailable []UnavailableTool) string {
	return fmt.Sprintf("%s\n\nValid now: %s.\nNext: %s", apiKeys(app, keys, &regenerated, maskedNote, unavailable, showKept, keptReplaced, ""), valid, next)
}

// Sections of describe_app a token may not be allowed to read (keys of its "unavailable").
const (
	SectionDeployments = "deployments"
	SectionSecrets     = "secrets"
	SectionAPIKeys     = "api_keys"
	// SectionInstances: whether the app runs or is paused is read from its instances.
	SectionInstances = "instances"
)

// AppOverview is describe_app's result: the app (masked), its recent deployments, secret names
// and whether keys exist; a section in unavailable shows the rendered reason instead. window is
// the part of a long spicepod shown (nil: all of it); olderDeployments is the offset of the
// deployments older than deps (0: none); moreSecrets counts names left out. list_deployments
// and list_secrets with again (the app and organization as the caller named them) show the rest.
// paused: the API answered the app's instances with project_paused; d is whether a deployment
// has what it needs (for the next step when paused or never deployed); hidden: the tools the
// overview names (resume_app, update_app, create_deployment, get_app, list_deployments,
// list_secrets, get_api_keys) that the caller cannot use, named then only as not available, with
// what stands in for a list they would show.
func AppOverview(app *client.Project, window *SpicepodWindow, deps []client.Deployment, olderDeployments int, secretNames []string, moreSecrets int, again []Arg, primaryKey, secondaryKey bool, unavailable map[string]string, paused bool, d Deployable, hidden []UnavailableTool) string {
	var b strings.Builder
	b.WriteString(AppPart(app, window, hidden))
	named := &fixTools{unavailable: hidden}
	// The next step's texts say why each tool they name is not available: only theirs.
	next := slices.DeleteFunc(slices.Clone(hidden), func(t UnavailableTool) bool {
		return !slices.Contains([]string{"resume_app", "update_app", "create_deployment"}, t.Name)
	})
	if paused {
		b.WriteString("\n\n" + AppPausedNote(d, next, again...))
	} else if reason, ok := unavailable[SectionInstances]; ok {
		b.WriteString("\n\n" + runtimeUnchecked(reason, named))
	}
	b.WriteString("\n\n**Recent deployments**\n\n")
	switch reason, ok := unavailable[SectionDeployments]; {
	case ok:
		b.WriteString("Not available: " + reason)
	case len(deps) == 0 && paused: // "" : the heading above names the app
		b.WriteString(Deployments("", deps))
	case len(deps) == 0: // the card says whether a spicepod is stored: the next step only
		f := &fixTools{unavailable: next}
		b.WriteString(AppHasNo("", "deployments") + " yet. " +
			f.fix(overviewDeployNext(d, f, f.call("create_deployment", again...)+" deploys it", again)))
	case olderDeployments > 0 && len(deps) > 0:
		b.WriteString(RecentDeployments("", deps, olderDeployments, named.unusable("list_deployments"), again...))
	default:
		b.WriteString(Deployments("", deps))
	}
	if _, ok := unavailable[SectionDeployments]; !ok && len(deps) > 0 {
		switch { // the newest deployment's next step: why it failed, or its wait to the end
		case deps[0].Status == client.StatusFailed:
			b.WriteString(newestFailed(deps[0], named, again))
		case deps[0].InFlight():
			if next := InFlightDeploymentNext(deps[:1], hidden, again...); next != "" {
				b.WriteString("\n\n" + next)
			}
		}
	}
	b.WriteString("\n\n**Secrets**: ")
	switch reason, ok := unavailable[SectionSecrets]; {
	case ok:
		b.WriteString("not available: " + reason)
	case len(secretNames) == 0:
		b.WriteString("none")
	default:
		names := make([]string, len(secretNames))
		for i, n := range secretNames {
			names[i] = Code(n)
		}
		var rest string
		if moreSecrets > 0 {
			names = append(names, MoreSecretNames(moreSecrets, len(secretNames), named.reason("list_secrets"), again...))
			if m := named.unusable("list_secrets"); m != nil {
				rest = MoreSecretsHidden(moreSecrets, m)
			}
		}
		b.WriteString(strings.Join(names, ", ") + " (" + ValuesNeverShown(len(secretNames)+moreSecrets) + ")" + rest)
	}
	b.WriteString("\n\n**API keys**: ")
	if reason, ok := unavailable[SectionAPIKeys]; ok {
		b.WriteString("not available: " + reason)
	} else if reason := named.reason("get_api_keys"); reason != "" {
		// "read-only": rotate_api_keys and regenerate_api_key show new keys.
		m := named.unusable("get_api_keys")
		fmt.Fprintf(&b, "primary %s, secondary %s; no read-only tool here shows them, as %s", presence(primaryKey), presence(secondaryKey),
			portalOr(m, "them", toolsUnavailable(m)+"; the Spice.ai portal does, in the app's Settings, section General"))
	} else {
		fmt.Fprintf(&b, "primary %s, secondary %s (get_api_keys shows them)", presence(primaryKey), presence(secondaryKey))
	}
	return b.String()
}

// newestFailed points from describe_app's table to what says why its newest deployment (id)
// failed, the question asked most after a failure (the table holds only the API's message); only
// where get_deployment is usable.
// A stopped one (a pause or delete ended it) did not fail: the call says what starts the app again.
func newestFailed(d client.Deployment, f *fixTools, again []Arg) string {
	call := Call("get_deployment", append(slices.Clone(again), Arg{Name: "deployment_id", Value: d.ID})...)
	if d.ErrorCode == client.CodeStopped {
		return f.read("\n\n"+stoppedNext("The newest deployment", &d, call), "get_deployment")
	}
	return f.read("\n\nThe newest deployment failed: "+call+" shows why, with the fix and the failing instance's log lines.", "get_deployment")
}

// stoppedNext is what follows a deployment d (which) that a pause or delete ended before it
// finished: not a failure of its own (api/README §7.6), so no failing instance's logs; it names
// what ended it (stoppedBy), and call (get_deployment) says what starts the app again.
func stoppedNext(which string, d *client.Deployment, call string) string {
	return fmt.Sprintf("%s was stopped before it finished (error code %s: %s ended it, not a failure of its own): %s says what starts the app again.",
		which, Code(client.CodeStopped), stoppedBy(d), call)
}

// runtimeUnchecked is describe_app's line when the app's instances could not be read (reason,
// rendered): a succeeded newest deployment must not read as a running app, as it may be paused.
// list_instances is named only where usable.
func runtimeUnchecked(reason string, f *fixTools) string {
	return "**Runtime**: whether the app runs could not be checked, so it may be paused even if its newest deployment " +
		"succeeded" + f.read(" (list_instances shows its runtime)", "list_instances") + "; its instances could not be read: " + reason
}

func presence(ok bool) string {
	if ok {
		return "set"
	}
	return "missing"
}

// TagList renders tags as key=value, sorted, for a refusal that compares them.
func TagList(tags map[string]string) string { return tagList(tags) }
