package present

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// The words of the app (project) runtime tools: pause and resume, instances and their logs,
// forks and repository connections.

// PauseAppAction is what pause_app asks the user to confirm.
func PauseAppAction(app Shown, url string) Words {
	url = appAddress(url)
	return words("Pause app %s: stop its runtime, so %s stops serving until it is resumed", app, url)
}

// EffectPauseResumable says how a pause is undone.
const EffectPauseResumable = "resume_app starts it again with a new deployment of its current configuration; its configuration, secrets and keys are kept."

// Ran is what pause_app's check found of the app's runtime before the pause.
type Ran int

const (
	// RanServing: an instance was ready (api/README §7.5: "ready" means serving).
	RanServing Ran = iota
	// RanNothing: no instances (never deployed, or torn down).
	RanNothing
	// RanNotReady: instances, none ready (starting, failed, pending): nothing served.
	RanNotReady
)

// AppPaused confirms pause_app; checked says whether its check found the app unpaused first
// (when the check failed, the app may have been paused already), ran what it found running:
// an app with no instance ready served nothing, so no URL is said to stop serving.
// d is whether a resume has what a deployment needs (a spicepod, or a connected repository):
// when not, or not surely, the text says so instead of promising a resume (again: the app and
// organization as the caller named them).
// ended is the app's deployment still queued or in progress when it was paused, which the pause
// ended (failed, error_code stopped; api/README §7.6); Ended{} when none was, Ended{Unknown: true}
// when the deployments could not be read: then nothing is said to have been left alone.
// unavailable are resume_app and update_app when the caller cannot use them, named then only
// as not available, with why.
func AppPaused(app, url string, checked bool, ran Ran, ended Ended, d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	return f.fix(appPaused(app, url, checked, ran, ended, d, f, again))
}

func appPaused(app, url string, checked bool, ran Ran, ended Ended, d Deployable, f *fixTools, again []Arg) string {
	url = appAddress(url)
	if !checked { // the pause answers alike for an app paused already
		text := fmt.Sprintf("Paused %s: it is paused now (whether it was running could not be checked first, so it may have been "+
			"paused already) and %s does not serve.%s Deployments are refused while it is paused (spicepod_paused)", app, url, ended.text())
		if d != DeployableYes {
			return text + ". " + resumeBlockedBy(d, f, again...)
		}
		return text + "; " + f.call("resume_app", again...) + " starts it again."
	}
	if ran != RanServing {
		text := fmt.Sprintf("Paused %s: it had no runtime running (no instances), so nothing was stopped.", app)
		switch {
		case ran == RanNotReady:
			text = fmt.Sprintf("Paused %s: none of its instances was ready, so %s was not serving; the pause took them down.", app, url) +
				ended.text()
		case ended.ID != 0 || ended.Unknown:
			text = fmt.Sprintf("Paused %s: it had no runtime running (no instances).", app) + ended.text()
		}
		if d != DeployableYes {
			return text + " Deployments are refused while it is paused (spicepod_paused). " + resumeBlockedBy(d, f, again...)
		}
		return text + " Deployments are refused while it is paused (spicepod_paused); " + f.call("resume_app", again...) + " lifts the pause with a " +
			"deployment of its current configuration."
	}
	return fmt.Sprintf("Paused %s: its runtime stopped and %s no longer serves.%s Deployments are refused while it is paused "+
		"(spicepod_paused); %s starts it again.", app, url, ended.text(), f.call("resume_app", again...))
}

// Ended is the deployment a pause ended: the app's newest one, when it was still queued or in
// progress (ID and Status); Unknown when its deployments could not be read. Now is that
// deployment read again after the pause (nil when that read failed).
type Ended struct {
	ID      int64
	Status  string
	Unknown bool
	Now     *client.Deployment
	// Meanwhile: none was in flight when read before the pause; ID is a deployment another call
	// started after that read, read (Now) after the pause ended it.
	Meanwhile bool
}

// text is what AppPaused says of the deployment the pause ended ("" when none was in flight;
// a leading space otherwise).
func (e Ended) text() string {
	switch {
	case e.Meanwhile && e.Now.Status == "failed" && e.Now.ErrorCode == "stopped":
		return fmt.Sprintf(" Deployment %d, started by another call after this one checked the app, was ended by the "+
			"pause: it is failed now with error_code stopped (the pause stopped it; nothing failed).", e.ID)
	case e.Meanwhile:
		now := Inline(clip(statusLabel(e.Now.Status), wordBytes)) // the API's words, clipped and marked
		if e.Now.ErrorCode != "" {
			now += " with error_code " + Code(clip(e.Now.ErrorCode, wordBytes))
		}
		return fmt.Sprintf(" Deployment %d was started by another call after this one checked the app; it is %s now.", e.ID, now)
	case e.ID != 0 && e.Now == nil:
		return fmt.Sprintf(" Deployment %d was %s when the app was paused; the API marks such a deployment failed with "+
			"error_code stopped (it could not be read again to confirm).", e.ID, strings.ReplaceAll(e.Status, "_", " "))
	case e.ID != 0 && e.Now.Status == "failed" && e.Now.ErrorCode == "stopped":
		return fmt.Sprintf(" The pause ended deployment %d (it was %s): it is failed now with error_code stopped "+
			"(the pause stopped it; nothing failed).", e.ID, strings.ReplaceAll(e.Status, "_", " "))
	case e.ID != 0:
		now := Inline(clip(statusLabel(e.Now.Status), wordBytes)) // the API's words, clipped and marked
		if e.Now.ErrorCode != "" {
			now += " with error_code " + Code(clip(e.Now.ErrorCode, wordBytes))
		}
		return fmt.Sprintf(" Deployment %d was %s when the app was paused; it is %s now.", e.ID,
			strings.ReplaceAll(e.Status, "_", " "), now)
	case e.Unknown:
		return " Whether a deployment was queued or in progress could not be checked (its deployments could not be read): " +
			"if one was, the pause ended it (failed, error_code stopped)."
	}
	return ""
}

// resumeBlocked says why a resume of a paused app with no spicepod would not (or might not)
// deploy, and what makes it work: the resume_app call named after a spicepod is set.
func resumeBlocked(d Deployable, again ...Arg) string {
	return resumeBlockedBy(d, &fixTools{}, again...)
}

// resumeBlockedBy is resumeBlocked naming update_app and resume_app as calls only where the
// caller can use them (f; the caller ends its text with f.fix).
func resumeBlockedBy(d Deployable, f *fixTools, again ...Arg) string {
	update := "with update_app (the app and its spicepod)"
	if f.reason("update_app") != "" {
		update = "(its spicepod) " + f.with("update_app")
	}
	if d == DeployableIfConnected {
		return "It has no spicepod stored, so resume_app deploys it and lifts the pause only if a GitHub repository is connected. " +
			upperFirst(branchNoProof) + ". With none, resume_app is refused (no spicepod configuration) and leaves it paused: " +
			"set a spicepod first " + update + ", then " + f.call("resume_app", again...) + " deploys it and lifts the pause."
	}
	return "It has no spicepod yet, so resume_app would be refused (no spicepod configuration) and leave it paused: " +
		"first set one " + update + ", then " + f.call("resume_app", again...) + " deploys it and lifts the pause."
}

// deployBlocked says why a deployment of an app with no spicepod would not (or might not) be
// accepted, and what makes it work: create_deployment, named after a spicepod is set.
func deployBlocked(d Deployable, again ...Arg) string {
	return deployBlockedBy(d, &fixTools{}, again...)
}

// deployBlockedBy is deployBlocked naming update_app and create_deployment as calls only where
// the caller can use them (f; the caller ends its text with f.fix).
func deployBlockedBy(d Deployable, f *fixTools, again ...Arg) string {
	update := "with update_app (the app and its spicepod)"
	if f.reason("update_app") != "" {
		update = "(its spicepod) " + f.with("update_app")
	}
	deploy := "create_deployment"
	if f.reason("create_deployment") != "" {
		deploy = "a deployment"
	}
	if d == DeployableIfConnected {
		return "It has no spicepod stored, so " + deploy + " deploys it only if a GitHub repository is connected. " +
			upperFirst(branchNoProof) + ". With none, it is refused (no spicepod configuration): set a spicepod first " + update +
			", then " + f.call("create_deployment", again...) + " deploys it."
	}
	return "It has no spicepod yet, so " + deploy + " would be refused (no spicepod configuration): first set one " +
		update + ", then " + f.call("create_deployment", again...) + " deploys it."
}

// DeployNext is the next step for an app that runs nothing: create_deployment when d says a
// deployment has what it needs, else the spicepod first (again: the app and organization as
// the caller named them; unavailable: update_app and create_deployment when the caller cannot
// use them, named then only as not available, with why).
func DeployNext(d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	return f.fix(deployNext(d, f, again))
}

// deployNext is DeployNext's step, the caller ending its text with f.fix.
func deployNext(d Deployable, f *fixTools, again []Arg) string {
	if d != DeployableYes {
		return deployBlockedBy(d, f, again...)
	}
	if m := f.mark("create_deployment"); m != "" {
		return "Deploy it" + m + "."
	}
	return "Deploy it with " + Call("create_deployment", again...) + "."
}

// overviewDeployNext is describe_app's next step for an app that runs nothing: its card says
// already that no spicepod is stored and how to set one (AppPart), so where d is not
// DeployableYes this says only what deploys the app once one is, not the missing spicepod again.
func overviewDeployNext(d Deployable, f *fixTools, deploy string, again []Arg) string {
	switch d {
	case DeployableNo:
		return "Once a spicepod is set, " + deploy + "."
	case DeployableIfConnected:
		return "Once a spicepod is set, or now if a GitHub repository is connected, " + deploy + ". " + upperFirst(branchNoProof) + "."
	}
	return deployNext(d, f, again)
}

// NoDeployments is an app's empty deployment history, with the next step (see DeployNext).
func NoDeployments(app string, d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	return AppHasNo(app, "deployments") + " yet. " + DeployNext(d, unavailable, again...)
}

// AppPausedNote is describe_app's line for a paused app (the API answered its instances with
// project_paused): deployments are refused, and what lifts the pause (once a spicepod is set,
// which the card above says is missing: overviewDeployNext; unavailable: resume_app and
// update_app when the caller cannot use them).
func AppPausedNote(d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	text := "**Paused**: the app is paused (its runtime is torn down and it serves nothing); deployments are refused " +
		"(spicepod_paused). "
	if d != DeployableYes {
		return f.fix(text + overviewDeployNext(d, f, f.call("resume_app", again...)+" deploys it and lifts the pause", again))
	}
	return f.fix(text + f.call("resume_app", again...) + " lifts the pause with a deployment of its current configuration.")
}

// branchNoProof: why an app with a production branch but no stored spicepod may not deploy.
const branchNoProof = "it has a production branch, but the API does not show whether a repository is connected, and a branch can be set without one"

// AppAlreadyPaused is pause_app's answer for an app that is paused already: nothing was done.
// d is whether a resume has what a deployment needs, unavailable the tools the caller cannot
// use (see AppPaused).
func AppAlreadyPaused(app string, d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	text := fmt.Sprintf("%s is already paused (its runtime is not running), so there is nothing to pause; nothing was changed.", app)
	if d != DeployableYes {
		return f.fix(text + " " + resumeBlockedBy(d, f, again...))
	}
	return f.fix(text + " " + f.call("resume_app", again...) + " starts it again.")
}

// AppNotPaused is resume_app's answer for an app that is not paused: nothing was done. What
// starts it again: busy and d as for Instances (again: the app and organization as the caller
// named them); unavailable are update_app, create_deployment and the FollowTools when the
// caller cannot use them, named then only as not available.
func AppNotPaused(app string, busy int64, d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	text := app + " is not paused, so there is nothing to resume; nothing was changed. "
	f := &fixTools{unavailable: unavailable}
	switch {
	case busy > 0:
		return text + fmt.Sprintf("Deployment %d is still queued or in progress: follow it with %s.", busy, Follow(busy, unavailable, again...))
	case d != DeployableYes && len(unavailable) == 0:
		return text + deployBlocked(d, again...)
	case d != DeployableYes:
		why := "It has no spicepod yet, so a deployment would be refused (no spicepod configuration)"
		if d == DeployableIfConnected {
			why = "It has no spicepod stored, so a deployment is refused (no spicepod configuration) unless a GitHub repository is connected"
		}
		return text + f.fix(why+": set one "+f.with("update_app")+", then deploy it "+f.with("create_deployment")+".")
	case f.reason("create_deployment") != "":
		return text + f.fix("To restart it, deploy it"+f.mark("create_deployment")+unlessQueued(busy))
	}
	return text + "To restart it, use " + Call("create_deployment", again...) + unlessQueued(busy)
}

// AppResumed is resume_app's headline when it does not wait; again are the app and the
// organization as the caller named them, for the wait to follow (unavailable: the FollowTools
// the caller cannot use).
func AppResumed(app string, deploymentID int64, unavailable []UnavailableTool, again ...Arg) string {
	return fmt.Sprintf("Resumed %s: deployment %d started to bring its runtime back. Follow it with %s.", app, deploymentID,
		Follow(deploymentID, unavailable, again...))
}

// ResumeFailed renders a resume whose outcome is unknown (the API answered 5xx, a success
// without its result, or not at all; or the call was cancelled while it was sent) as Error
// does, with how to find out as exact calls (again: the app and organization as the caller
// named them), naming list_deployments and following a queued deployment with
// wait_for_deployment only where usable (unavailable: those of them and the FollowTools the
// caller cannot use; else the Spice.ai portal, saying why). ok is false for any other failure.
func ResumeFailed(err error, unavailable []UnavailableTool, again ...Arg) (text string, ok bool) {
	text = Error(err)
	if !strings.Contains(text, remedyResumeUnknown) {
		return "", false
	}
	list, follow := Call("list_deployments", again...)+" shows the app's deployments (newest first)", "with "+followQueued(unavailable, again)
	if listing := slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return t.Name != "list_deployments" }); len(listing) > 0 {
		if _, usable := followName(unavailable); !usable { // followed there too: one sentence says why
			listing = slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool {
				return t.Name != "list_deployments" && !slices.Contains(FollowTools, t.Name)
			})
			follow = "there"
		}
		list = "The Spice.ai portal shows the app's deployments (newest first; " + toolsUnavailable(listing) + "; an operator can make " +
			plural(len(listing), "it", "one") + " available)"
		if noPortal(listing) {
			list = "The app's deployments are not shown here: " + portalOr(listing, "them", "")
			if follow == "there" {
				follow = "once " + plural(len(listing), "it is", "they are") + " available"
			}
		}
	}
	remedy := fmt.Sprintf("%s: if a new deployment was queued, the resume went through, so follow it %s; if not, resume again", list, follow)
	return strings.Replace(text, remedyResumeUnknown, remedy, 1), true
}

// PauseFailed renders a pause whose outcome is unknown (the API answered 5xx, a success without
// its result, or not at all; or the call was cancelled while it was sent) as Error does, with
// how to find out as the exact call (again: the app and organization as the caller named them):
// pause_app again, which checks the app first and says it is already paused when this pause went
// through, and pauses it otherwise; and the deployment the pause may have ended (ended: as read
// before it), with the tool that shows it (unavailable: get_deployment, list_deployments and
// wait_for_deployment when the caller cannot use them: named then only as not available, with
// why). late: the pause may still be applied after now (client.MayStillApply), which is said, with
// what it means for a resume. ok is false for any other failure.
func PauseFailed(err error, ended Ended, late bool, unavailable []UnavailableTool, again ...Arg) (text string, ok bool) {
	text = Error(err)
	if !strings.Contains(text, remedyPauseUnknown) {
		return "", false
	}
	remedy := fmt.Sprintf("Calling %s again is safe and tells: it checks the app first and, when this pause went through, "+
		"says it is already paused without asking anyone or changing anything; otherwise it pauses it", Call("pause_app", again...))
	if late {
		remedy = fmt.Sprintf("The pause may still be running and be applied a moment later (a gateway that gave up waiting, or "+
			"a lost connection, does not stop it). So an app not paused yet does not settle it. Calling %s again is safe: it "+
			"checks the app first and says it is already paused when this pause went through; otherwise it pauses it, and "+
			"the app ends paused either way. Do not resume the app within the next few minutes: this pause, landing late, "+
			"would pause it again", Call("pause_app", again...))
	}
	switch {
	case ended.ID != 0:
		remedy += fmt.Sprintf(". Deployment %d was %s when the pause was sent: if the pause went through, it ended that "+
			"deployment (failed with error_code stopped; nothing failed), and %s", ended.ID,
			strings.ReplaceAll(ended.Status, "_", " "), showsDeployment(ended.ID, unavailable, again))
	case ended.Unknown:
		remedy += ". Whether a deployment was queued or in progress could not be checked (its deployments could not be read): " +
			"if one was and the pause went through, it ended it (failed, error_code stopped)"
	}
	return strings.Replace(text, remedyPauseUnknown, remedy, 1), true
}

// showsDeployment is which tool shows how deployment id ended: the first of get_deployment,
// list_deployments and wait_for_deployment the caller can use (unavailable: those it cannot,
// named as not available, with why), else the Spice.ai portal.
func showsDeployment(id int64, unavailable []UnavailableTool, again []Arg) string {
	f := &fixTools{unavailable: unavailable}
	var missing []UnavailableTool
	for _, tool := range []string{"get_deployment", "list_deployments", "wait_for_deployment"} {
		if m := f.unusable(tool); m != nil {
			missing = append(missing, m...)
			continue
		}
		args := again
		if tool != "list_deployments" {
			args = append(slices.Clip(again), Arg{"deployment_id", id})
		}
		shows := Call(tool, args...) + " shows which"
		if len(missing) > 0 {
			shows += "; " + toolsUnavailable(missing)
		}
		return shows
	}
	return portalOr(missing, "the app's deployments", "the Spice.ai portal shows which, in the app's deployments: "+toolsUnavailable(missing))
}

// followQueued is how to follow a deployment list_deployments just showed: wait_for_deployment
// (without deployment_id: the app's newest) where usable, else get_deployment called again
// until it ends, else the Spice.ai portal, saying why.
func followQueued(unavailable []UnavailableTool, again []Arg) string {
	follow := slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return !slices.Contains(FollowTools, t.Name) })
	switch FollowName(follow) {
	case "wait_for_deployment":
		return Call("wait_for_deployment", again...)
	case "get_deployment":
		return "get_deployment with its deployment_id, called again until it ends (" + toolsUnavailable(follow) + ")"
	}
	if noPortal(follow) {
		return toolsInstead(follow, "the app's deployments")
	}
	return "the Spice.ai portal, which shows the app's deployments (" + toolsUnavailable(follow) + "; an operator can make one available)"
}

// AppResumedWaitStopped: the resume went through, then the wait for its deployment stopped
// (err: a status read failed, the call's time limit ended or it was cancelled). last is the
// deployment as last read (nil if never); how to follow it.
// The error's own "What to do" (try again shortly) would repeat the resume: the only thing to
// do is the wait_for_deployment call, so that is the what-to-do. The app's own 404 (deleted, or
// no longer visible, meanwhile) is an answer: WaitStopped's text says so, and no wait is named,
// as one could only fail.
func AppResumedWaitStopped(app string, deploymentID int64, last *client.Deployment, err error, unavailable []UnavailableTool, again ...Arg) string {
	text := strings.Replace(WaitStopped(app, deploymentID, last, err, unavailable, again...), "\nNothing was changed.", "", 1)
	call := Follow(deploymentID, unavailable, again...)
	head := fmt.Sprintf("Resumed %s: deployment %d started to bring its runtime back. The resume was applied: do not call resume_app again.\n\n", app, deploymentID)
	if _, gone := AppGone(err); gone {
		return head + text
	}
	if _, missing := deploymentNotFound(err); missing { // WaitStopped names the list, not a wait
		return head + text
	}
	if needsAFix(err) { // the read will fail the same way until the credentials are fixed: keep that fix
		return head + text + "\n\nOnce that is fixed, pick the wait up: " + call + "."
	}
	lines := strings.Split(text, "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.HasPrefix(l, whatToDo("")) })
	return head + strings.Join(lines, "\n") + "\n\n" + whatToDo(call) + "."
}

// needsAFix reports an error that repeats until someone changes something (the credentials, the
// token's scopes or role, the trust in a certificate): an answer of 401 or 403, the token
// endpoint's refusal, or a certificate not trusted (the API's or the token endpoint's); a time
// limit, a cancellation or a server error passes.
func needsAFix(err error) bool {
	var apiErr *client.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode == http.StatusUnauthorized || apiErr.StatusCode == http.StatusForbidden
	}
	var tokenErr *client.TokenError
	if errors.As(err, &tokenErr) {
		return tokenErr.Untrusted || tokenErr.StatusCode >= 400 && tokenErr.StatusCode < 500
	}
	var reqErr *client.RequestError
	return errors.As(err, &reqErr) && reqErr.Untrusted
}

// ResumeAnsweredWithOld: the resume was answered with deployment d, which was created before the
// resume was sent and had ended when first read: not a deployment the resume started, so what it
// did is not known; list_deployments tells (named only where usable, else the portal), and
// resume_app again checks first whether the app is still paused.
func ResumeAnsweredWithOld(app string, d *client.Deployment, unavailable []UnavailableTool, again ...Arg) string {
	list := Call("list_deployments", again...) + " shows the app's deployments (newest first)"
	if listing := slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return t.Name != "list_deployments" }); len(listing) > 0 {
		list = "The Spice.ai portal shows the app's deployments (newest first; " + toolsUnavailable(listing) + ")"
	}
	return fmt.Sprintf("The Spice.ai API accepted the resume of %s and named deployment %d, which was created %s, before the resume was sent, "+
		"and had ended already (**%s**). It is not a deployment this resume started, so whether the resume started a deployment is not known.\n\n"+
		"%s", app, d.ID, Time(d.CreatedAt), Inline(clip(statusLabel(d.Status), wordBytes)),
		whatToDo(list+": a deployment created just now is the resume's. "+Call("resume_app", again...)+" again is safe: it checks first whether the app is still paused."))
}

// AppResumedAndWaited heads the wait's outcome after a resume.
func AppResumedAndWaited(app string, deploymentID int64, outcome string) string {
	return fmt.Sprintf("Resumed %s with deployment %d.\n\n%s", app, deploymentID, outcome)
}

// Instances renders a page of list_instances under the number of instances in all (total).
// With none, the next step: busy is the app's deployment still queued or in progress, to wait
// for (0: none; BusyUnknown: not checked), and d whether a deployment has what it needs (again:
// the app and organization as the caller named them; unavailable: the FollowTools,
// list_deployments, update_app and create_deployment when the caller cannot use them, the
// deployment followed another way then, the others named only as not available; with
// instances, get_instance_logs, whose hint is left out then).
func Instances(app string, instances []client.Instance, total int, busy int64, d Deployable, unavailable []UnavailableTool, again ...Arg) string {
	if len(instances) == 0 {
		if busy > 0 {
			return fmt.Sprintf("%s yet: deployment %d is still queued or in progress. Wait for it with %s.",
				AppHasNo(app, "runtime instances"), busy, Follow(busy, unavailable, again...))
		}
		f := &fixTools{unavailable: unavailable}
		text := AppHasNo(app, "runtime instances") + ": it has not been deployed, or its deployments stopped. " + deployNext(d, f, again)
		if busy == BusyUnknown {
			text += " Unless one is queued or in progress (its deployments could not be read to check): then a new one is " +
				"refused (409) until it ends, and " + followNewest(unavailable, again) + " follows it."
		}
		return f.fix(text)
	}
	rows := make([][]string, len(instances))
	sendable := 0 // names a logs request can hold (rules.InstanceName)
	for i, in := range instances {
		rows[i] = []string{in.Name, instanceStatus(in.Status), timePtr(in.StartedAt)}
		if rules.InstanceName(in.Name) == "" {
			sendable++
		}
	}
	const readOne = "Read one's log with get_instance_logs."
	hint := readOne
	switch {
	case (&fixTools{unavailable: unavailable}).reason("get_instance_logs") != "" && sendable > 0:
		hint = ""
	case sendable == 0:
		hint = "Their logs cannot be requested: no name can be put in a logs request (" + instanceNameRule + ")."
	case sendable < len(instances):
		hint = "Read one's log with get_instance_logs, but for those whose name cannot be put in a logs request (" + instanceNameRule + ")."
	}
	if hint != "" && sendable > 0 {
		// A failed instance's log says why it failed: its exact call, the question asked next.
		if i := slices.IndexFunc(instances, func(in client.Instance) bool {
			return in.Status == "failed" && rules.InstanceName(in.Name) == ""
		}); i >= 0 {
			// Its call names get_instance_logs already: the plain hint is not said again.
			failed := fmt.Sprintf("Instance %s failed: %s shows why.", Code(instances[i].Name),
				Call("get_instance_logs", append(slices.Clone(again), Arg{Name: "instance", Value: instances[i].Name})...))
			if hint == readOne {
				hint = failed
			} else {
				hint = failed + " " + hint
			}
		}
	}
	// A status or start time every instance shown shares is said once, not on every row.
	header, shared := []string{"Instance", "Status", "Started"}, []string(nil)
	if len(rows) > 1 {
		var status, started string
		header, rows, status = withoutUniformColumn(header, rows, "Status")
		header, rows, started = withoutUniformColumn(header, rows, "Started")
		if status != "" {
			shared = append(shared, Inline(status))
		}
		if started != "" {
			shared = append(shared, "started "+started)
		}
	}
	all := ""
	switch {
	case len(shared) > 0 && len(instances) < total:
		all = ", those shown all " + strings.Join(shared, " and ")
	case len(shared) > 0:
		all = ", all " + strings.Join(shared, " and ")
	}
	return strings.TrimSuffix(fmt.Sprintf("%s of %s%s (ready ones serve requests):\n\n%s\n\n%s",
		count(total, "instance", "instances"), app, all, Table(header, nameColumns(header, rows, "Instance")), hint), "\n\n")
}

func instanceStatus(s string) string {
	switch s {
	case "ready":
		return "✅ ready"
	case "failed":
		return "❌ failed"
	case "pending":
		return "⏸ pending (not scheduled)"
	case "starting":
		return "⏳ starting"
	}
	return s
}

// NoInstances: get_instance_logs was not told which instance and the app has none; instances is
// what list_instances says of it (whether a deployment is on its way, and what to do).
func NoInstances(instances string) string {
	return instances + " Until one runs, there are no instance logs to read."
}

// InstanceLogs renders get_instance_logs: the lines in a fence no line can close, each masked.
// capped is the plan's limit when the requested tail was above it and was lowered to it.
func InstanceLogs(app, instance, status string, lines []string, capped int) string {
	return InstanceLogsPart(app, instance, status, MaskLogLines(lines), capped, LogWindow{})
}

// MaskLogLines returns the lines without terminal escapes (the Spice runtime colours its
// tracing output: password\x1b[2m=\x1b[0mx reads password=x), with every credential MaskText
// finds (credentials.go: URL userinfo and credential-named query parameters, credential-named
// keys, bearer and basic tokens, prefixed tokens) replaced by Masked, and each line kept on one
// line (control characters become spaces), so a log cannot leak a password or break out of its
// fence into the conversation. It hides everything the log masker it replaced hid (kept in
// projectviews_test.go), but for what names no credential: a whole ${...} reference, a
// secret's name, a port, a Rust module path. A line break inside one line (an entry written on
// several: \n, \r, NEL, U+2028, U+2029) is read as MaskText reads a line separator (logBreaks):
// a separator after Bearer and around = and :, and not the end of a value, so a value split
// across lines (password=abc<LS>def) is masked up to the next space after the break, one word
// more at most; the line is made one line (oneLine) after masking. A token of fixed length
// that an entry ends inside and the next entries complete, as the API returns a wrapped line's
// parts one entry each (Bearer ghp_…, then its rest indented), is masked in each of them
// (maskWrappedTokens), as MaskText masks it across a line break; so is a value whose key ends
// the entry before it (maskPendingKeys: var_dump's ["password"]=>, or its type and length,
// string(40); a plist's <key>), and the lines of a YAML block scalar whose header ends the
// entry before them (password: |-: maskPendingScalar), of a triple-quoted value whose quotes
// close in a later entry (secret = """: maskPendingTripleQuotes), the value after a shell's
// continuation that ends the entry before it (--password \: maskPendingContinuations), a
// .netrc entry's password on a line of its own (maskNetrcEntries), and a PEM private key's
// body and END line after the entry with its BEGIN line (maskPEMEntries), and SMTP's AUTH
// LOGIN password on the entry after its challenge (maskSMTPEntries), and a Terraform variable's
// default on an entry of its block (maskTerraformEntries).
func MaskLogLines(lines []string) []string {
	plainLines := make([]string, len(lines))
	for i, l := range lines {
		plainLines[i] = logBreaks(stripANSI(l))
	}
	maskNarrowWrappedTokens(plainLines)
	maskWrappedTokens(plainLines)
	maskBrokenTokenEntries(plainLines)
	out := make([]string, len(lines))
	for i, l := range plainLines {
		out[i] = oneLine(MaskText(l))
		if oneLine(l) != l {
			// What showing it changes is masked as shown too, so that masking it again changes
			// nothing: a break inside the entry, read as a separator that ends no value, is a
			// space once shown (--pass⏎0= is --pass 0= shown, whose 0= is the flag's value); so
			// is a tab, which makes columns where a space joins a name and its value (0 pAss⇥v).
			for range 4 {
				again := oneLine(MaskText(out[i]))
				if again == out[i] {
					break
				}
				out[i] = again
			}
		}
	}
	maskPendingKeys(plainLines, out)
	maskNetrcEntries(plainLines, out)
	maskPendingTripleQuotes(plainLines, out)
	maskPendingContinuations(plainLines, out)
	maskWrappedBasicEntries(plainLines, out)
	maskPEMEntries(plainLines, out)
	maskSMTPEntries(plainLines, out)
	maskTerraformEntries(plainLines, out)
	maskSecretDataEntries(plainLines, out)
	return out
}

// maskPendingContinuations masks, in out (the masked entries of lines), the value that the
// entry after one ending with a shell's continuation (a blank, then "\": mysql --password \,
// then the password) starts with, as MaskText masks it over a line break: the two entries are
// masked as one text, the second after a line separator (as logBreaks writes a break inside an
// entry), and what that masks in the second is masked in it, with what it masks alone
// (unionMasked), unless another pass masked the entry otherwise and more. Each entry is read
// twice at most: linear.
func maskPendingContinuations(lines, out []string) {
	for i := 0; i+1 < len(lines); i++ {
		key := strings.TrimRight(lines[i], " \t")
		if !strings.HasSuffix(key, "\\") || strings.HasSuffix(key, "\\\\") || len(key) < 2 || !isSpace(key[len(key)-2]) {
			continue
		}
		at := len(lines[i]) + len("\u2028")
		joined := lines[i] + "\u2028" + lines[i+1]
		var next strings.Builder // lines[i+1] with what the joined text masks in it masked
		pos := 0
		for _, sp := range maskedSpans(joined, MaskText(joined)) {
			if from, to := max(sp[0], at)-at, sp[1]-at; to > from && from >= pos {
				next.WriteString(lines[i+1][pos:from])
				next.WriteString(Masked)
				pos = to
			}
		}
		if pos == 0 {
			continue
		}
		next.WriteString(lines[i+1][pos:])
		union := oneLine(unionMasked(lines[i+1], next.String()))
		if out[i+1] == oneLine(MaskText(lines[i+1])) || strings.Count(union, Masked) > strings.Count(out[i+1], Masked) {
			out[i+1] = union
		}
	}
}

// maskPendingTripleQuotes masks, in out (the masked entries of lines), a triple-quoted value
// (TOML's and Python's secret = """, its lines, then the closing quotes) whose quotes open in
// one entry and close in a later one, 64 at most, as a program writes it to its log one line
// each: the entries are masked as one text with the opening one, each after a line separator
// (as logBreaks writes a break inside an entry), and when the mask that starts at the value
// reaches them, the entries inside are masked whole, the closing one up to its quotes (which
// stay). A value never closed is masked over the next 64 entries. Each entry is read a bounded
// number of times (by the 64 openings before it at most; a value's entries once): linear.
func maskPendingTripleQuotes(lines, out []string) {
	const most = 64
	for i := 0; i+1 < len(lines); i++ {
		quotes, open := "", -1
		for _, q := range []string{`"""`, "'''"} {
			if n := strings.Count(lines[i], q); n%2 == 1 && strings.LastIndex(lines[i], q) > open {
				quotes, open = q, strings.LastIndex(lines[i], q)
			}
		}
		if open < 0 {
			continue
		}
		j := i + 1
		for j < len(lines)-1 && j-i < most && !strings.Contains(lines[j], quotes) {
			j++
		}
		joined := lines[i] + "\u2028" + strings.Join(lines[i+1:j+1], "\u2028")
		reach := 0
		for _, sp := range maskedSpans(joined, MaskText(joined)) {
			if sp[0] == open+len(quotes) && sp[1] > len(lines[i]) {
				reach = sp[1]
			}
		}
		if reach == 0 {
			continue // no credential's value (a docstring): the entries after it are read on
		}
		for k, at := i+1, len(lines[i])+len("\u2028"); k <= j && at < reach; k++ {
			if k == j && strings.Contains(lines[k], quotes) {
				if c := strings.Index(out[k], quotes); c < 0 {
					out[k] = Masked
				} else if strings.TrimSpace(out[k][:c]) != "" {
					out[k] = Masked + out[k][c:] // the value's last line, then the closing quotes
				}
				break
			}
			if reach < at+len(lines[k]) {
				out[k] = oneLine(unionMasked(lines[k], Masked+lines[k][reach-at:]))
				break
			}
			out[k] = Masked
			at += len(lines[k]) + len("\u2028")
		}
		i = j - 1 // the closing entry opens no value
		if strings.Contains(lines[j], quotes) {
			i = j
		}
	}
}

// maskPendingKeys masks, in out (the masked entries of lines), the value whose key ends the
// entry before it, as var_dump and a property list write them one line each when a program
// prints them to its log (["password"]=>, then string(8) "…"; <key>password</key>, then
// <string>…</string>; [password] =>, then the value): the key's line and the next entry are
// masked as one text, the key's line then a line separator (as logBreaks writes a break
// inside an entry), and when the key's line reads as it did and more of the entry is masked,
// what either that text or the entry alone masks is masked in the entry (unionMasked); a
// nested value over the next entries is masked in them (maskPendingBlock). Each entry is read
// a bounded number of times (by the 64 keys before it at most): linear.
func maskPendingKeys(lines, out []string) {
	for i := 0; i+1 < len(lines); i++ {
		tail := lines[i]
		if k := strings.LastIndex(lines[i], "\u2028"); k >= 0 {
			tail = lines[i][k+len("\u2028"):]
		}
		key := strings.TrimRight(tail, " \t")
		if blockHeaderEnds(key) {
			i = maskPendingScalar(lines, out, i, tail)
			continue
		}
		if varDumpTypeEnds(key) { // api_key -> string(40), then the value
			if !maskPendingPrefixed(lines, out, i, tail) {
				maskPendingReach(lines, out, i, i+2, tail)
			}
			continue
		}
		if schemeEnds(key) { // Authorization: Bearer, then the token
			maskPendingToken(lines, out, i)
			continue
		}
		if !strings.HasSuffix(key, "=>") && !strings.HasSuffix(key, "</key>") {
			if strings.Contains(key, "=>") && (strings.HasSuffix(key, "Array") || strings.HasSuffix(key, " Object")) {
				maskPendingBlock(lines, out, i, tail, "") // print_r's [password] => Array, then ( … )
			}
			continue
		}
		if next := strings.TrimLeft(lines[i+1], " \t"); next != "" && strings.IndexByte(")]}", next[0]) >= 0 {
			continue // the block closes: no value follows the key
		}
		prefix := MaskText(tail) + "\u2028"
		masked := MaskText(tail + "\u2028" + lines[i+1])
		if next, ok := strings.CutPrefix(masked, prefix); ok && strings.Count(next, Masked) > strings.Count(out[i+1], Masked) {
			out[i+1] = oneLine(unionMasked(lines[i+1], next))
		}
		maskPendingBlock(lines, out, i, tail, prefix)
	}
}

// maskPendingPrefixed masks, in out, the value that the entry after lines[i] (tail: its last
// line, ending with var_dump's string(40)) writes after the log prefix both entries start with
// (repeatedPrefix: INFO, a timestamp), as maskPendingReach masks it without one: the prefix is
// no value and stays. It reports whether such a prefix was there and the value masked.
func maskPendingPrefixed(lines, out []string, i int, tail string) bool {
	if strings.Contains(lines[i], "\u2028") {
		return false
	}
	next := lines[i+1]
	p := repeatedPrefix(lines[i], next)
	if p <= 0 || !samePrefixWords(lines[i], next[:p]) {
		return false
	}
	p += len(next[p:]) - len(strings.TrimLeft(next[p:], " \t"))
	rest := next[p:]
	joined := tail + "\u2028" + rest
	reach := 0 // where the mask that starts in the key's line ends in joined
	for _, sp := range maskedSpans(joined, MaskText(joined)) {
		if sp[0] < len(tail) && sp[1] > len(tail) {
			reach = sp[1]
		}
	}
	at := len(tail) + len("\u2028")
	if reach <= at {
		return false
	}
	out[i+1] = oneLine(unionMasked(next, next[:p]+Masked+rest[min(reach-at, len(rest)):]))
	return true
}

// maskPendingPrefixedScalar is maskPendingScalar for entries that each start with the log
// prefix the header's entry starts with (repeatedPrefix: a timestamp, a level; 2026-…Z
// pg_pass: |, then 2026-…Z   S3cret): the indentation that tells the value's lines is read
// after each entry's prefix, which stays, and the value after it is masked. It reports whether
// such a prefix was there; it returns the last entry masked whole (i when none). Each entry
// is read a bounded number of times (64 entries at most): linear.
func maskPendingPrefixedScalar(lines, out []string, i int) (last int, ok bool) {
	const most = 64
	if strings.Contains(lines[i], "\u2028") || i+1 >= len(lines) {
		return i, false
	}
	prefixOf := func(k int) int { // where lines[k]'s prefix, shared with the header's entry, ends
		p := repeatedPrefix(lines[i], lines[k])
		if p <= 0 || !samePrefixWords(lines[i], lines[k][:p]) {
			return -1
		}
		return p
	}
	hp := repeatedPrefix(lines[i+1], lines[i])
	if prefixOf(i+1) < 0 || hp <= 0 || !samePrefixWords(lines[i+1], lines[i][:hp]) {
		return i, false
	}
	head := lines[i][hp:]
	indent := func(t string) int { return len(t) - len(strings.TrimLeft(t, " \t")) }
	lead := indent(head)
	var rests []string
	var at []int // where each entry's rest starts
	for k := i + 1; k < len(lines) && k-i <= most; k++ {
		p := prefixOf(k)
		if p < 0 {
			break
		}
		if rest := lines[k][p:]; strings.TrimSpace(rest) != "" && indent(rest) <= lead {
			break
		}
		rests, at = append(rests, lines[k][p:]), append(at, p)
	}
	if len(rests) == 0 {
		return i, false
	}
	joined := head + "\u2028" + strings.Join(rests, "\u2028")
	reach := 0 // where the mask that starts in the header ends in joined
	for _, sp := range maskedSpans(joined, MaskText(joined)) {
		if sp[0] < len(head) && sp[1] > len(head) {
			reach = sp[1]
		}
	}
	last = i
	for n, from := 0, len(head)+len("\u2028"); n < len(rests) && from < reach; n++ {
		k, rest := i+1+n, rests[n]
		lead := rest[:indent(rest)]
		if end := from + len(rest); reach < end {
			out[k] = oneLine(unionMasked(lines[k], lines[k][:at[n]]+lead+Masked+rest[max(reach-from, len(lead)):]))
			break
		}
		if strings.TrimSpace(rest) != "" {
			out[k] = oneLine(lines[k][:at[n]] + lead + Masked)
		}
		last = k
		from += len(rest) + len("\u2028")
	}
	return last, true
}

// samePrefixWords reports whether each word of prefix (next's log prefix, repeatedPrefix) has
// one like it in first's place: the same, the same but for digits, both a timestamp or both
// a level; a word in next alone ([name] => bob) is no shared prefix.
func samePrefixWords(first, prefix string) bool {
	have, words := strings.Fields(first), strings.Fields(prefix)
	if len(words) == 0 || len(words) >= len(have) {
		return false
	}
	for k, w := range words {
		f := have[k]
		kw, kf := prefixWordKind(w), prefixWordKind(f)
		if !(w == f || sameShape(w, f) || strings.HasSuffix(w, "=") && strings.HasPrefix(f, w) || kw == kf && (kw == 't' || kw == 'l')) {
			return false
		}
	}
	return true
}

// blockHeaderEnds reports whether key (an entry's last line, its trailing blanks trimmed)
// ends with a YAML block scalar's header after a colon (password: |, token: >-, key: |2 # pem),
// whose value the next entries write.
func blockHeaderEnds(key string) bool {
	if k := strings.LastIndex(key, " #"); k >= 0 {
		key = strings.TrimRight(key[:k], " \t") // a comment after the header
	}
	for n := 0; n < 2 && key != "" && strings.IndexByte("-+123456789", key[len(key)-1]) >= 0; n++ {
		key = key[:len(key)-1]
	}
	if key == "" || key[len(key)-1] != '|' && key[len(key)-1] != '>' {
		return false
	}
	key = strings.TrimRight(key[:len(key)-1], " \t")
	return strings.HasSuffix(key, ":")
}

// maskPendingScalar masks, in out, the lines of the YAML block scalar whose header ends
// lines[i] (tail: its last line) and that the next entries write, one line each
// (password: |-, then its lines indented): the next blank entries or ones indented more than
// the key's line (64 at most)
// are read with the key's line (maskPendingReach), as MaskText masks the value's lines
// (blockScalarEnd). It returns the last entry masked whole (i when none), which the caller
// goes on after: each entry is read a bounded number of times, linear.
func maskPendingScalar(lines, out []string, i int, tail string) int {
	const most = 64
	if j, ok := maskPendingPrefixedScalar(lines, out, i); ok {
		return j
	}
	lead := len(tail) - len(strings.TrimLeft(tail, " \t")) // the value's lines are indented more
	j := i + 1
	for j < len(lines) && j-i <= most && (strings.TrimSpace(lines[j]) == "" ||
		len(lines[j])-len(strings.TrimLeft(lines[j], " \t")) > lead) {
		j++
	}
	return maskPendingReach(lines, out, i, j, tail)
}

// schemeEnds reports whether key (an entry's last line, its trailing blanks trimmed) ends
// with an authorization scheme whose token a logger writes in the next entry: Bearer or Basic
// after a key's ":" or "=", spaces and a quote maybe (Authorization: Bearer, token=Bearer,
// "Authorization": "Bearer).
func schemeEnds(key string) bool {
	k := len(key)
	for k > 0 && isLetter(key[k-1]) {
		k--
	}
	if word := key[k:]; !strings.EqualFold(word, "bearer") && !strings.EqualFold(word, "basic") {
		return false
	}
	before := strings.TrimRight(key[:k], " \t\"'")
	return strings.HasSuffix(before, ":") || strings.HasSuffix(before, "=")
}

// maskPendingToken masks, in out, the token that the entry after lines[i] starts with, lines[i]
// ending with an authorization scheme (schemeEnds): its first word of a token's bytes, over
// line separators inside the entry (separatorWalk), unless it is a word of bearerProse
// (Authorization: Bearer, then token required) or the next pair (Content-Type: …); and what
// follows it as MaskText masks it after a masked token (a pair after it: abc =x&y).
func maskPendingToken(lines, out []string, i int) {
	next := lines[i+1]
	p := 0
	for p < len(next) && (next[p] == ' ' || next[p] == '\t') {
		p++
	}
	e := p
	for e < len(next) && isTokenByte(next[e]) {
		e++
	}
	if e == p || slices.Contains(bearerProse, strings.ToLower(next[p:e])) || pairAfterBreak(next, p) {
		return
	}
	seps := separatorWalk{beforeEquals: true} // as maskSchemes walks: a "=" after a line separator starts a pair
	e = seps.over(next, e)
	// What follows the token is masked as it is after a masked token (abc =x&y: the pair =x&y).
	out[i+1] = oneLine(unionMasked(next, MaskText(next[:p]+Masked+next[e:])))
}

// varDumpTypeEnds reports whether key (an entry's last line, its trailing blanks trimmed) ends
// with var_dump's type and length (string(40)), whose value a logger writes in the next entry.
func varDumpTypeEnds(key string) bool {
	k := strings.LastIndex(key, "string(")
	if k < 0 || !strings.HasSuffix(key, ")") || len(key) == k+len("string()") {
		return false
	}
	for _, c := range key[k+len("string(") : len(key)-1] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// maskPendingReach masks, in out, the entries lines[i+1:j] that a mask starting in tail (the
// last line of lines[i], a key's) reaches when they are masked as one text with it, each after
// a line separator (as logBreaks writes a break inside an entry): an entry reached whole is
// masked whole, one reached in part up to where the mask ends, with what it masks alone
// (unionMasked). It returns the last entry masked whole, i when none.
func maskPendingReach(lines, out []string, i, j int, tail string) int {
	j = min(j, len(lines))
	if j <= i+1 {
		return i
	}
	joined := tail + "\u2028" + strings.Join(lines[i+1:j], "\u2028")
	reach := 0 // where the mask that starts in the key's line ends in joined
	for _, sp := range maskedSpans(joined, MaskText(joined)) {
		if sp[0] < len(tail) && sp[1] > len(tail) {
			reach = sp[1]
		}
	}
	last := i
	for k, at := i+1, len(tail)+len("\u2028"); k < j && at < reach; k++ {
		if end := at + len(lines[k]); reach < end {
			out[k] = oneLine(unionMasked(lines[k], Masked+lines[k][reach-at:]))
			break
		}
		out[k] = Masked
		last = k
		at += len(lines[k]) + len("\u2028")
	}
	return last
}

// unionMasked returns text with what MaskText(text) masks and what masked (text masked with
// its key's line before it) masks both masked: the key's value may take the entry's first word
// (a flag, IDENTIFIED) whose own value the entry alone masks.
func unionMasked(text, masked string) string {
	return withSpansMasked(text, append(maskedSpans(text, MaskText(text)), maskedSpans(text, masked)...))
}

// withSpansMasked is text with each of spans (byte spans of text, in any order, overlapping
// or not) masked, overlapping ones as one.
func withSpansMasked(text string, spans [][2]int) string {
	slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
	var b strings.Builder
	pos := 0
	for k := 0; k < len(spans); {
		start, end := spans[k][0], spans[k][1]
		for k++; k < len(spans) && spans[k][0] <= end; k++ {
			end = max(end, spans[k][1])
		}
		b.WriteString(text[pos:max(pos, start)])
		b.WriteString(Masked)
		pos = max(pos, end)
	}
	b.WriteString(text[pos:])
	return b.String()
}

// maskPendingBlock masks, in out, the nested value (var_dump's array(1) {…} and object(…) {…},
// print_r's Array ( … ) and Class Object ( … )) that the entries after the key ending lines[i]
// write one line each, as MaskText masks it whole: the entries from i+1 until its braces and
// parentheses balance (64 at most) are masked as one text with the key's line; each entry is
// then taken from it, or, when the value's mask spans entries, is masked after its
// indentation. A key's line that ends with print_r's Array or Class Object (prefix "") has
// the block's entries masked when the value's mask spans them. Each key reads 64 entries at
// most: linear.
func maskPendingBlock(lines, out []string, i int, tail, prefix string) {
	const most = 64
	depth, j := 0, i+1
	for ; j < len(lines) && j-i <= most; j++ {
		l := lines[j]
		depth += strings.Count(l, "{") + strings.Count(l, "(") - strings.Count(l, "}") - strings.Count(l, ")")
		if depth <= 0 && j > i+1 {
			break
		}
		if depth < 0 {
			return
		}
	}
	if j >= len(lines) || j-i > most || j == i+1 {
		return
	}
	joined := strings.Join(lines[i+1:j+1], "\u2028")
	masked := MaskText(tail + "\u2028" + joined)
	next, ok := strings.CutPrefix(masked, prefix)
	switch {
	case prefix == "" && strings.Count(masked, "\u2028") < j-i: // the key's value, its block and all
		next, ok = "", true
	case prefix == "" || !ok || next == joined:
		return
	}
	if pieces := strings.Split(next, "\u2028"); len(pieces) == j-i {
		for k, p := range pieces {
			if strings.Count(p, Masked) > strings.Count(out[i+1+k], Masked) {
				out[i+1+k] = oneLine(p)
			}
		}
		return
	}
	for k := i + 1; k <= j; k++ {
		l := lines[k]
		out[k] = l[:len(l)-len(strings.TrimLeft(l, " \t"))] + Masked
	}
}

// maskWrappedTokens replaces, in lines (one log entry each), the parts of a token of fixed
// length (AKIA's and ASIA's 16, ghp_'s and its kin's 36, AIza's 35) that ends an entry too
// short (its body maybe cut by line breaks inside the entry too) and that the next entries
// complete to exactly its length, each after the next line's indentation and maybe the log
// prefix the first entry starts with repeated (repeatedPrefix: timestamps, levels, targets,
// spans, [pod], syslog, klog, logfmt), with Masked, and after Bearer or a key the rest of the value in the last part
// (valueGoesOn): the entries stay apart, the token is masked as MaskText masks it when a line
// break cuts it (joinedBody).
// Each entry is read from its end a token's length back, and from its start its indentation
// (once: indents) and a token's length on, the next entries only after one of body bytes alone,
// a token's length in all and a token's length of entries at most: linear.
func maskWrappedTokens(lines []string) {
	indents := make([][2]int, len(lines)) // lines[j][from:k] is its indentation after from: {from+1, k}
	for i := 0; i+1 < len(lines); i++ {
		if last := maskWrappedToken(lines, i, indents); last > i {
			i = last - 1 // the last part's entry may end with another token's start
		}
	}
}

// maskWrappedToken masks the token whose start ends lines[i] and whose rest starts the next
// entries (maskWrappedTokens), and returns the index of the last entry it reaches, else i.
func maskWrappedToken(lines []string, i int, indents [][2]int) int {
	const longest = 4 + 36 // a prefix and a body one shorter than the longest
	l := lines[i]
	w := max(0, wrappedTail(l, longest)-16) // and an escape's length before it (%3Dghp_…)
	orig := l[w:]
	view := escapesBlanked(orig)
	type part struct{ line, from, body, at, n int } // lines[line][from:from+n], its body at body, is probe[at:at+n]
	var rest strings.Builder
	var parts []part
	built := false
	for p := range view {
		size, in := fixedTokenAt(view, p)
		if size == 0 {
			continue
		}
		body, read := p+tokenPrefixAt(view, p), 0
		for { // its body's parts, each after line breaks and the next line's indentation
			for body < len(view) && in(view[body]) {
				body++
				read++
			}
			e := lineBreaksAt(orig, body)
			if e == body {
				break
			}
			for body = e; body < len(orig); {
				if orig[body] == ' ' || orig[body] == '\t' {
					body++
				} else if e := indentEscapeAt(orig, body); e > 0 {
					body += e
				} else {
					break
				}
			}
		}
		if body < len(view) || read >= size {
			continue // the token does not reach the entry's end, or is whole
		}
		if !built { // the next entries' starts, once: \n, the indentation, a body's length and a byte
			built = true
			bodies := 0 // the body bytes the parts hold
			for j := i + 1; j < len(lines) && j-i <= longest && bodies < longest; j++ {
				next := lines[j]
				from := repeatedPrefix(l, next)
				if from < 0 {
					break // another source's entry: the token ends nowhere
				}
				k := indents[j][1]
				if indents[j][0] != from+1 {
					for k = from; k < len(next); {
						if next[k] == ' ' || next[k] == '\t' {
							k++
						} else if e := indentEscapeAt(next, k); e > 0 {
							k += e
						} else {
							break
						}
					}
					indents[j] = [2]int{from + 1, k}
				}
				end := min(len(next), k+longest+1)
				rest.WriteByte('\n')
				parts = append(parts, part{j, from, k, 0, end - from})
				parts[len(parts)-1].at = rest.Len()
				rest.WriteString(next[from:end])
				n := k
				for n < end && (isWordByte(next[n]) || next[n] == '-') {
					n++
				}
				if n < len(next) {
					break // the token ends in this entry, or nowhere
				}
				bodies += n - k
			}
		}
		tail := l[w+p:]
		probe := tail + rest.String()
		var sc tokenScan
		end := sc.tokenAt(escapesBlanked(probe), probe, 0, false)
		if !sc.joined || end <= len(tail) {
			continue
		}
		lines[i] = l[:w+p] + Masked
		last := i
		for _, pt := range parts {
			at := len(tail) + pt.at
			if at >= end {
				break
			}
			next := lines[pt.line]
			stop := pt.from + min(pt.n, end-at)
			if end-at <= pt.n {
				// The token ends in this part: the value it starts after Bearer or a key goes
				// on to the word's end, as MaskText masks it (Bearer AKIA…\nODNN….rest).
				stop = valueGoesOn(l+rest.String()[:pt.at], next, pt.from, stop)
			}
			if stop > pt.body {
				lines[pt.line] = next[:pt.body] + Masked + next[stop:]
			}
			last = pt.line
		}
		return last
	}
	return i
}

// fixedTokenAt returns the body length and body bytes of a token of fixed length whose prefix
// is at s[p] (tokenPrefixAt): AWS's AKIA, ASIA, ABIA, ACCA and A3T?, gh[pousr]_, AIza, Groq's
// gsk_; else 0. Each prefix is read whole, not by its first byte and length: gsk_ is Groq's 52
// (its longer reading: a 52 cut after 48 is no whole 48), not GitHub's 36, and ABSK (Bedrock's,
// of no fixed length: joinedLeast) none.
func fixedTokenAt(s string, p int) (size int, in func(byte) bool) {
	if tokenPrefixAt(s, p) != 4 {
		return 0, nil
	}
	switch rest := s[p:]; {
	case rest[0] == 'g' && rest[1] == 'h':
		return stuckGitHub, func(c byte) bool { return inClass(c, classAlnum) }
	case strings.HasPrefix(rest, "gsk_"):
		return 52, isAlnum
	case strings.HasPrefix(rest, "AIza"):
		return aizaBody, func(c byte) bool { return inClass(c, classURLSafe) }
	case strings.HasPrefix(rest, "AKIA") || strings.HasPrefix(rest, "ASIA") || awsMorePrefix(rest):
		return akiaBody, upperOrDigit
	}
	return 0, nil
}

// valueGoesOn returns where the value a token's last part ends at next[stop] ends: at the
// next space when MaskText masks the entries before (before: them joined, each after \n) and
// next[from:] to there to their end (after Bearer, or a credential-named key's = or :), else
// stop.
func valueGoesOn(before, next string, from, stop int) int {
	q := stop
	for q < len(next) && next[q] != ' ' && next[q] != '\t' && lineSeparatorAt(next, q) == 0 {
		q++
	}
	if q == stop || !strings.HasSuffix(MaskText(before+next[from:q]), Masked) {
		return stop
	}
	return q
}

// wrappedTail returns where, in l, the last longest bytes of words (letters, digits, _ and
// -) start, read back from its end over line breaks (logBreaks made each run one U+2028) and
// the spaces after them, which a token's body can be cut by.
func wrappedTail(l string, longest int) int {
	start, read := len(l), 0
	for {
		for start > 0 && read < longest && (isWordByte(l[start-1]) || l[start-1] == '-') {
			start--
			read++
		}
		k := start
		for k > 0 && (l[k-1] == ' ' || l[k-1] == '\t') {
			k--
		}
		if read >= longest || !strings.HasSuffix(l[:k], "\u2028") {
			return start
		}
		start = k - len("\u2028")
	}
}

// repeatedPrefix returns the length of next's log prefix when first starts with one like it (a
// log collector's prefix repeated on a wrapped line's parts), else 0; -1 when next is another
// source's (a target, span or [pod] of its own). Words are read in both side by side: two
// timestamps (2024-06-01T10:00:00.123Z, 10:00:00.001, ts=…), two levels (INFO and WARN too,
// level=info), and words the same in both but for their digits (Jun 01 host app[12]:, I0601,
// x.go:12], runtime::http{id=7}:) are the prefix; a prefix word in one entry alone (a level,
// a timestamp, [pod], a tracing span, a target after a prefix word) is skipped; a key=value
// word whose value differs (msg=…) ends the prefix after its =. The word next's prefix ends
// before is never a prefix word, so a level is never read as a token's rest. Words before
// first's prefix (an API text's "deploy failed: " before the log lines it quotes) are skipped
// (logPrefixIn).
func repeatedPrefix(first, next string) int {
	first = first[logPrefixIn(first, next):]
	i, j, from := 0, 0, 0
	for range 12 {
		for i < len(first) && first[i] == ' ' {
			i++
		}
		for j < len(next) && next[j] == ' ' {
			j++
		}
		ei, ej := prefixWordEnd(first, i), prefixWordEnd(next, j)
		a, b := first[i:ei], next[j:ej]
		ka, kb := prefixWordKind(a), prefixWordKind(b)
		switch {
		case b == "":
			return from
		case ka == 'k' && kb == 'k' && a[:strings.IndexByte(a, '=')] == b[:strings.IndexByte(b, '=')] && !sameShape(a, b) && a != b:
			return j + strings.IndexByte(b, '=') + 1 // the value is the message
		case ei == len(first):
			return from // first's last word holds the token's start
		case a == b || sameShape(a, b) || ka == kb && (ka == 't' || ka == 'l'):
			i, j, from = ei, ej, ej
		case ka == kb && ka != 0:
			return -1 // another target, span, [pod] or key: another source
		case kb == 'l' || kb == 't' || kb == 'b' || kb == 's' || kb == 'g' && ka != 0:
			j, from = ej, ej // next's alone
		case ka != 0:
			i = ei // first's alone
		default:
			return from
		}
	}
	if prefixWordKind(next[from:prefixWordEnd(next, from)]) != 0 {
		return -1
	}
	return from
}

// logPrefixIn returns where, in first, a log prefix like next's starts: 0 when first starts
// with a word of the kind next's first word is or next does not start with a timestamp, a
// level or a bracketed [pod]; else at the first of first's words (16 at most) of that kind,
// when one is there before first's last word (which may hold a token's start), else 0.
func logPrefixIn(first, next string) int {
	j := 0
	for j < len(next) && next[j] == ' ' {
		j++
	}
	kn := prefixWordKind(next[j:prefixWordEnd(next, j)])
	if kn != 't' && kn != 'l' && kn != 'b' {
		return 0
	}
	i := 0
	for range 16 {
		for i < len(first) && first[i] == ' ' {
			i++
		}
		e := prefixWordEnd(first, i)
		if e == i || e == len(first) {
			return 0
		}
		if prefixWordKind(first[i:e]) == kn {
			return i
		}
		i = e
	}
	return 0
}

// prefixWordEnd returns where the word at s[i] ends: at a space or tab, 64 bytes at most.
func prefixWordEnd(s string, i int) int {
	e := i
	for e < len(s) && e-i < 64 && s[e] != ' ' && s[e] != '\t' {
		e++
	}
	return e
}

// prefixWordKind returns what a word of a log prefix w is: 't' a timestamp, 'l' a level (each
// maybe bracketed or a key's value: [INFO], level=info), 'g' a target (runtime:), 's' a
// tracing span or its fields (runtime::http{method=GET}:), 'b' bracketed ([pod-1]), 'k' a
// key=value; else 0.
func prefixWordKind(w string) byte {
	if strings.ContainsAny(w, "{}") {
		return 's'
	}
	if len(w) >= 2 && w[0] == '[' && w[len(w)-1] == ']' {
		if k := prefixWordKind(w[1 : len(w)-1]); k == 't' || k == 'l' {
			return k
		}
		return 'b'
	}
	if eq := strings.IndexByte(w, '='); eq > 0 {
		if k := prefixWordKind(w[eq+1:]); k == 't' || k == 'l' {
			return k
		}
		return 'k'
	}
	switch {
	case len(w) >= 8 && w[0] >= '0' && w[0] <= '9' && strings.Trim(w, "0123456789:.,-+/TZ") == "" &&
		(strings.Contains(w, ":") || len(w) == 10 && (w[4] == '-' || w[4] == '/') && w[7] == w[4]):
		return 't'
	}
	switch strings.ToUpper(w) {
	case "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL":
		return 'l'
	}
	if len(w) >= 2 && w[len(w)-1] == ':' && strings.Trim(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_:.-") == "" {
		return 'g'
	}
	return 0
}

// sameShape reports whether a and b are the same but for their digits: digit for digit when
// they hold digits alone, else with runs of digits of any length (app[7]: and app[12]:).
func sameShape(a, b string) bool {
	if da, db := strings.Trim(a, "0123456789") == "", strings.Trim(b, "0123456789") == ""; da || db {
		return da && db && a != "" && len(a) == len(b)
	}
	for a != "" && b != "" {
		da, db := digitsAt(a), digitsAt(b)
		if (da == 0) != (db == 0) || da == 0 && a[0] != b[0] {
			return false
		}
		a, b = a[max(da, 1):], b[max(db, 1):]
	}
	return a == b
}

// digitsAt returns how many digits s starts with.
func digitsAt(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// logBreaks is s with each run of breaking characters (plain.Breaking) one character, as
// oneLine makes it one space: U+2028 when the run holds a line break (\n, \r, \v, \f, NEL,
// U+2028, U+2029), which masking reads as a separator that ends no value (lineSeparator), else
// a tab when the run holds one and no space stands beside it (a column's gap: password<TAB><pw>,
// maskSpokenValues), else a space. s itself when it holds none.
func logBreaks(s string) string {
	if !strings.ContainsFunc(s, breaking) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	run, lineBreak, tab := false, false, false
	for _, r := range s {
		if breaking(r) {
			run = true
			lineBreak = lineBreak || r == '\n' || r == '\r' || r == '\v' || r == '\f' || lineSeparator(r)
			tab = tab || r == '\t'
			continue
		}
		if run {
			switch {
			case lineBreak:
				b.WriteRune('\u2028')
			case tab && r != ' ' && b.Len() > 0 && !strings.HasSuffix(b.String(), " "):
				b.WriteByte('\t')
			default:
				b.WriteByte(' ')
			}
			run, lineBreak, tab = false, false, false
		}
		b.WriteRune(r)
	}
	return b.String() // a run at the end: oneLine trims it
}

// AppForked confirms fork_app. src is the source as read just before the fork (nil when that
// read failed): what of its configuration the fork lacks is named. org is the org argument as
// the caller gave it, for the calls offered on the fork. shown is how many shared_state items
// are listed (each shortened: sharedStateItem); the others are counted, since no tool shows them.
// unavailable: create_deployment and update_app when the caller cannot use them, then named only
// as not available, saying why. sandbox: the server runs --sandbox, whose emulator has no portal.
func AppForked(source string, src *client.Project, f *client.ForkedProject, org string, shown int, unavailable []UnavailableTool, sandbox bool) string {
	named := &fixTools{unavailable: unavailable}
	where := f.Region
	if f.ClusterName != "" {
		where = "cluster " + f.ClusterName
	}
	text := fmt.Sprintf("Forked %s into %s", source, AppLabel(f.ID, f.Name))
	if where != "" {
		text += " in " + Inline(where)
	}
	fork := []Arg{{"app", f.Name}, {"org", org}}
	shared := MaskSharedState(f.SharedState)
	copied := "The fork has API keys of its own and a copy of the spicepod, configuration and secrets"
	if src == nil {
		copied = "The fork has API keys of its own and a copy of the spicepod, secrets and configuration but for what forks " +
			"never copy. Those are " + neverCopied + ". " + upperFirst(source) + " could not be read first, so which of these it had, and the fork lacks, was not checked"
	} else if lost := notCopied(src, f); len(lost) > 0 {
		copied = "The fork has API keys of its own and a copy of the spicepod, secrets and configuration, but not the source's " + strings.Join(lost, ", ")
	}
	if len(shared) == 0 {
		text += ". " + copied + ". Nothing is deployed yet: deploy it " + named.with("create_deployment") + "."
	} else {
		shown = min(max(shown, 0), len(shared))
		text += ". " + copied + ". Nothing is deployed yet, and it must not be deployed as it is: these settings, copied as they are, " +
			"still point at state " + source + " uses (shared_state)"
		if shown < len(shared) {
			text += fmt.Sprintf("; the first %d of %s are listed, the other %s do not fit one result", shown, number(len(shared)),
				number(len(shared)-shown))
		}
		text += ":\n"
		for _, item := range shared[:shown] {
			text += "\n- " + sharedStateItem(item)
		}
		if shown < len(shared) {
			checked := "in the Spice.ai portal"
			if sandbox {
				checked = "(" + named.call("get_app", fork...) + " shows them; the sandbox has no portal)"
			}
			text += "\n\nNo tool shows the other " + number(len(shared)-shown) + " (the API lists a fork's shared_state only in its " +
				"answer to the fork). Do not deploy the fork until its spicepod and settings are checked " + checked +
				" for what else still points at " + source + "'s state."
		}
		setting := "with update_app (app " + NameText(f.Name) + ", spicepod)"
		if named.reason("update_app") != "" {
			setting = named.with("update_app")
		}
		text += "\n\nChange them first: " + named.call("get_app", fork...) + " shows the fork's spicepod; set it with those settings " +
			"changed " + setting + ", then deploy it with " + named.call("create_deployment", fork...) + "."
	}
	text = named.fix(text)
	text += " URL: " + urlShown(f.URL())
	if f.Endpoint != "" {
		text += "; endpoint: " + Inline(DataEndpoint(f.Endpoint))
	}
	text += "."
	if f.Warning != "" {
		text += "\n\nWarning from the API: " + Inline(APIWarning(f.Warning))
	}
	return text
}

// APIWarning is an app's or a fork's warning from the API as results show it: its beginning,
// at most textBytes, with its full length, as the API's other texts; no tool shows more of it.
// AppWarningLine leads a project's view with the API's warning (set when the project was
// created but its initial configuration could not be applied).
func AppWarningLine(warning string) string {
	return "⚠️ Warning from the API: " + Inline(APIWarning(warning)) + " — check the settings below before deploying."
}

func APIWarning(s string) string {
	head, total := cut(s, textBytes)
	if total == 0 {
		return s
	}
	return head + fmt.Sprintf("… (shortened; %s characters in all; no tool shows it whole)", number(total))
}

// neverCopied is the configuration forks never copy (api/README §7.2; API keys and deployments
// the text names always), named when the source could not be read to say which of it it had.
const neverCopied = "the repository link (and production branch), the instance size (resources, the executor's resources, " +
	"node_group), an image_tag pin (the runtime image and registry are copied) and the visibility (forks are private)"

// notCopied names the source's settings (with their values, as get_app shows them) that the fork does not
// have: the ones a fork does not copy (api/README §7.2: the instance size: image_tag,
// node_group, resources, the executor's resources; the image and registry should the API not
// copy them (it does); the visibility, forks
// being private; the repository link, with the production branch), as the source had them.
// API keys (the fork has its own) and deployments (none yet) the text says always. nil when
// the source is not known.
func notCopied(src *client.Project, f *client.ForkedProject) []string {
	if src == nil {
		return nil
	}
	var lost []string
	// quoted shortens a value (a production branch of 30,000 characters is accepted) as
	// get_app's view does, with its length outside the code span, so the fork's URL and next
	// steps after this list are not cut away. Like get_app's view it masks a credential in
	// these settings and the production branch, with why (MaskApp).
	quoted := func(s string, code bool) string {
		head, total := cut(s, textBytes)
		if code {
			head = Code(head)
		} else {
			head = Inline(head)
		}
		if total != 0 {
			head += ShortenedNote(total)
		}
		return head
	}
	add := func(name, had, has string) {
		if had == "" || has != "" {
			return
		}
		if shown, why := strings.CutSuffix(storedShown(had, false), maskedWhy); why { // as get_app shows it (MaskApp)
			lost = append(lost, name+" "+quoted(shown, true)+maskedWhy)
		} else {
			lost = append(lost, name+" "+quoted(had, true))
		}
	}
	add("image_tag", src.Config.ImageTag, f.Config.ImageTag)
	add("node_group", src.Config.NodeGroup, f.Config.NodeGroup)
	add("image", src.Config.Image, f.Config.Image)
	add("registry", src.Config.Registry, f.Config.Registry)
	if src.Config.Resources != nil && f.Config.Resources == nil {
		lost = append(lost, "resources "+quoted(resourceList(src.Config.Resources), false))
	}
	if e := src.Config.Executor; e != nil && e.Resources != nil && (f.Config.Executor == nil || f.Config.Executor.Resources == nil) {
		lost = append(lost, "executor resources "+quoted(resourceList(e.Resources), false))
	}
	if src.Visibility != "" && f.Visibility != "" && src.Visibility != f.Visibility {
		lost = append(lost, "visibility "+quoted(src.Visibility, true)+" (the fork is "+quoted(f.Visibility, true)+")")
	}
	// The API shows no repository link, only the production branch a connected project
	// deploys from (which can be set without one): the fork has neither.
	if src.ProductionBranch != "" && f.ProductionBranch == "" {
		branch, why := strings.CutSuffix(storedShown(src.ProductionBranch, false), maskedWhy) // as get_app shows it (MaskApp)
		if why {
			branch = Code(branch) + maskedWhy // masked, never long
		} else {
			branch = quoted(branch, true)
		}
		lost = append(lost, "production branch "+branch+" (and its repository link, if one was connected)")
	}
	return lost
}

// MaskSharedState returns a masked copy of a fork's shared_state (items of no documented
// shape): an item {setting, value, ...} has its value masked as the spicepod's value at that
// setting would be (MaskSpicepod: a params value is masked unless it is a plain non-secret
// one), its other fields as any spicepod value; any other item as a spicepod value.
func MaskSharedState(items []any) []any {
	if len(items) == 0 {
		return items
	}
	out := make([]any, len(items))
	for i, item := range items {
		m, ok := item.(map[string]any)
		if !ok {
			out[i] = maskPlain(item)
			continue
		}
		setting, _ := m["setting"].(string)
		rest := make(map[string]any, len(m))
		for k, v := range m {
			if k != "value" && k != "setting" {
				rest[k] = v
			}
		}
		masked := maskPlain(rest).(map[string]any)
		if setting != "" {
			masked["setting"] = MaskText(setting)
		} else if v, ok := m["setting"]; ok {
			masked["setting"] = maskAll(v)
		}
		if v, ok := m["value"]; ok {
			masked["value"] = maskAt(setting, v)
		}
		out[i] = masked
	}
	return out
}

// maskAt masks v as the value at path setting of a spicepod ("datasets[0].params.group"):
// under params by the params rule, elsewhere by its key's name; unknown paths mask it whole.
func maskAt(setting string, v any) any {
	var keys []string
	for _, seg := range strings.Split(setting, ".") {
		if i := strings.IndexByte(seg, '['); i >= 0 {
			seg = seg[:i]
		}
		if seg != "" {
			keys = append(keys, seg)
		}
	}
	if len(keys) == 0 {
		return maskAll(v)
	}
	last := keys[len(keys)-1]
	var masked map[string]any
	if len(keys) > 1 && slices.Contains(keys[:len(keys)-1], "params") {
		masked, _ = maskParams(map[string]any{last: v}).(map[string]any)
	} else {
		masked = MaskSpicepod(map[string]any{last: v})
	}
	for _, mv := range masked { // one key, perhaps renamed by masking
		return mv
	}
	return maskAll(v)
}

// A shared_state item is the API's and of no documented shape: fork_app shows each text of it
// (setting, value, another field's value; a value that is no string as its JSON) to textBytes
// and each other field's name to wordBytes, with their full length, and an item still longer
// than sharedItemBytes (thousands of fields) as its JSON's beginning: so one item never fills
// a result, and the items after it are listed too.
const sharedItemBytes = 3 * textBytes

// sharedShort is a masked shared_state item as fork_app shows it, and what it shortened: the
// full length in characters of each field's value (values) and name (names) by the name shown,
// and of the item as a whole (whole: its JSON), 0 for none.
type sharedShort struct {
	item          any
	values, names map[string]int
	whole         int
}

// shortSharedItem shortens a masked shared_state item as fork_app shows it (sharedItemBytes).
// A shortened text ends in "…"; a shortened name that would be another's ends in "…#2", "…#3".
func shortSharedItem(item any) sharedShort {
	m, ok := item.(map[string]any)
	if str, isString := item.(string); isString {
		short, total := shortSharedValue(str, textBytes)
		return sharedShort{item: short, whole: total}
	} else if !ok {
		return shortSharedWhole(item)
	}
	s := sharedShort{values: map[string]int{}, names: map[string]int{}}
	out := make(map[string]any, len(m))
	keys := slices.Sorted(maps.Keys(m))
	for _, k := range keys { // whole names first: a shortened name never takes one's place
		if len(k) <= wordBytes {
			out[k] = nil
		}
	}
	for _, k := range keys {
		name := k
		if len(k) > wordBytes {
			head := tagPart(k, wordBytes)
			name = head
			for n := 2; hasKey(out, name); n++ {
				name = head + "#" + strconv.Itoa(n)
			}
			s.names[name] = utf8.RuneCountInString(k)
		}
		short, total := shortSharedValue(m[k], textBytes)
		out[name] = short
		if total != 0 {
			s.values[name] = total
		}
	}
	s.item = out
	if b, err := json.Marshal(out); err != nil || len(b) > sharedItemBytes {
		return shortSharedWhole(item)
	}
	return s
}

func hasKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// shortSharedWhole is an item as its JSON's first sharedItemBytes when longer, else as it is.
func shortSharedWhole(item any) sharedShort {
	short, total := shortSharedValue(item, sharedItemBytes)
	return sharedShort{item: short, whole: total}
}

// shortSharedValue is v, or when it (a string, else its JSON) is longer than limit bytes its
// beginning ending in "…", with its full length in characters.
func shortSharedValue(v any, limit int) (any, int) {
	s, isString := v.(string)
	if !isString {
		b, err := json.Marshal(v)
		if err != nil || len(b) <= limit {
			return v, 0
		}
		s = string(b)
	}
	if head, total := cut(s, limit); total != 0 {
		return head + "…", total
	}
	return v, 0
}

// ShortSharedState is a fork's masked shared_state (MaskSharedState) as fork_app's structured
// content holds it: the first shown items, shortened as the text shows them, and full with the
// full length in characters of each text shortened by path ("shared_state[3].value",
// "shared_state[3]" for a whole item) and, when not all are shown, the number of items as
// "shared_state" (a copy; full itself when nothing was shortened).
func ShortSharedState(items []any, shown int, full map[string]int) ([]any, map[string]int) {
	shown = min(max(shown, 0), len(items))
	if len(items) == 0 {
		return items, full
	}
	out, notes := make([]any, shown), map[string]int{}
	for i, item := range items[:shown] {
		s := shortSharedItem(item)
		out[i] = s.item
		path := fmt.Sprintf("shared_state[%d]", i)
		if s.whole != 0 {
			notes[path] = s.whole
		}
		for name, total := range s.values {
			notes[path+"."+name] = total
		}
	}
	if shown < len(items) {
		notes["shared_state"] = len(items)
	}
	if len(notes) == 0 {
		return out, full
	}
	merged := maps.Clone(full)
	if merged == nil {
		merged = map[string]int{}
	}
	maps.Copy(merged, notes)
	return out, merged
}

// sharedStateItem is one masked shared_state item as a list line, shortened (shortSharedItem):
// `setting`: `value` and its other fields, or the item as JSON; each text shortened followed by
// its full length.
func sharedStateItem(item any) string {
	s := shortSharedItem(item)
	// shown is a text, shortened ("…" ending it) when total is not 0, quoted by quote.
	shown := func(v string, total int, quote func(string) string) string {
		if total == 0 {
			return quote(v)
		}
		return quote(strings.TrimSuffix(v, "…")) + ShortenedNote(total)
	}
	m, ok := s.item.(map[string]any)
	if !ok {
		if str, ok := s.item.(string); ok {
			return shown(str, s.whole, Inline)
		}
		b, _ := json.Marshal(s.item)
		return Inline(string(b))
	}
	text := func(v any) string {
		if str, ok := v.(string); ok {
			return str
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	var line string
	if str, ok := m["setting"].(string); ok {
		line = shown(str, s.values["setting"], Code)
	}
	if v, ok := m["value"]; ok {
		if line == "" {
			line = "value"
		}
		line += ": " + shown(text(v), s.values["value"], Code)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != "setting" && k != "value" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if line != "" {
			line += "; "
		}
		name := Inline(k)
		if total := s.names[k]; total != 0 {
			name = Inline(k) + fmt.Sprintf(" (name shortened; %s characters in all)", number(total))
		}
		line += name + ": " + shown(text(m[k]), s.values[k], Inline)
	}
	return line
}

// RepositoryConnected confirms connect_repository: the repository, branch and directory as
// the API answered or, where its answer leaves one out, as sent ("" for neither); hasSpicepod
// is nil when the answer does not say whether a spicepod is there; updateApp: the caller can use
// update_app, whose refusal is named then.
func RepositoryConnected(app, repository, branch, directory string, hasSpicepod *bool, updateApp bool) string {
	text := fmt.Sprintf("Connected %s to GitHub repository %s", app, Inline(repository))
	if branch != "" {
		text += ", branch " + Inline(branch)
	}
	if directory != "" {
		text += ", directory " + Inline(directory)
	}
	text += ". Its spicepod now comes from the repository: edit it there"
	if updateApp {
		text += " (update_app refuses spicepod edits with github_connected)"
	}
	text += "."
	switch {
	case hasSpicepod == nil:
		text += " The API's answer does not say whether the repository holds a spicepod there."
	case !*hasSpicepod:
		text += " The repository holds no spicepod there yet."
	}
	return text
}

// RepositoryConnectedWhilePaused follows RepositoryConnected for an app known to be paused: the
// connection is made (api/README §7.4, Assumed), but nothing deploys from it until the app is
// resumed, and resuming reads the repository's spicepod (§7.3). unavailable holds resume_app
// when the caller cannot use it.
func RepositoryConnectedWhilePaused(branch string, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	from := "the repository's spicepod"
	if branch != "" {
		from += " at the head of branch " + Inline(branch)
	}
	return " The app is paused, so nothing runs from the repository yet and deployments are refused (spicepod_paused): " +
		f.call("resume_app", again...) + " deploys " + from + "."
}

// RepositoryDescriptionCopied follows RepositoryConnected: connecting copies the repository's
// description onto the app (api/README §7.3, Documented; a repository without one leaves the
// app without one, Assumed), so a description the user wrote is replaced. before is the app's
// description as listed before connecting; after is the one read back (known false when it
// could not be read). "" when nothing changed.
func RepositoryDescriptionCopied(before, after string, known bool) string {
	desc := func(s string) string {
		if s == "" {
			return "none"
		}
		// A code span marks where the text ends; its length, when shortened, outside it.
		head, total := cut(s, DescriptionBytes)
		if total != 0 {
			return Code(head) + ShortenedNote(total)
		}
		return Code(head)
	}
	switch {
	case known && before == after:
		return ""
	case known:
		return fmt.Sprintf(" Its description was replaced by the repository's: was %s, now %s.", desc(before), desc(after))
	case before != "":
		return fmt.Sprintf(" Connecting also replaces its description (%s) with the repository's (none if it has none); get_app shows it.", desc(before))
	}
	return " Connecting also copies the repository's description onto it; get_app shows it."
}

// ArgTail: get_instance_logs' tail is below 1 (the API has no maximum; a plan's limit is the
// API's to say); def is the lines shown when tail is left out.
func ArgTail(def int) string {
	return WithFix("must be 1 or more: how many of the newest log lines to show, e.g. 50", fmt.Sprintf("leave tail out for the last %d", def))
}

// ArgRepositoryRequired: connect_repository needs a repository.
const ArgRepositoryRequired = "Required: a GitHub repository, as name or owner/name"
