package present

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// CreateDeploymentFailed renders create_deployment's failure when what to do is a call only
// the tool's arguments can name (again: the app and organization as the caller named them;
// repeat: the call's own arguments, again's first, for deploying again): a paused app (resume
// it, which deploys its current configuration; when the call asked for more, such as an
// image_tag, resume first, waiting, then the call again, so nothing it asked for is lost), a
// deployment in flight (wait for it, then the call again; without the in-flight deployment's
// ID, wait_for_deployment without deployment_id follows the app's newest). ok is false for any
// other failure: Error's remedy stands. d is whether a resume has what it deploys (a spicepod,
// or a connected repository; read only for a paused app): when not, or not surely, the spicepod
// to set with update_app comes first, as resume_app alone would be refused.
//
// rollbackOf is, when the deployment in flight the API named (409) is a rollback this server
// queued, the deployment it rolls back to: deploying after it undoes it, which is said. byShape:
// it was only taken for that rollback, whose answer was lost, by its image tag, commit and
// replicas, so it is said with that hedge.
//
// unavailable are resume_app, update_app and the FollowTools when the caller cannot use them:
// named then only as not available, with why.
func CreateDeploymentFailed(err error, again, repeat []Arg, d Deployable, rollbackOf int64, byShape bool, unavailable []UnavailableTool) (text string, ok bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if !known || !errors.As(err, &apiErr) {
		return "", false
	}
	i, _ := remedyFor(f)
	if i < 0 {
		return "", false
	}
	deploy := Call("create_deployment", repeat...)
	fix := &fixTools{unavailable: unavailable}
	var remedy string
	switch {
	case remedies[i].Text == remedyPaused:
		extra := extraArgs(again, repeat)
		if d != DeployableYes {
			remedy = "The app (project) is paused. " + strings.TrimSuffix(resumeBlockedBy(d, fix, again...), ".")
			if len(extra) > 0 {
				remedy += "."
				remedy += fmt.Sprintf(" That deployment leaves out this call's %s: once it has ended (%s follows it), %s deploys them",
					strings.Join(extra, ", "), followNewest(unavailable, again), deploy)
			}
			break
		}
		if len(extra) == 0 {
			remedy = resumeRemedy(again, fix)
			break
		}
		remedy = fmt.Sprintf("The app (project) is paused, and resuming it deploys its current configuration without this call's %s: "+
			"first %s (it waits for that deployment), then %s", strings.Join(extra, ", "),
			fix.call("resume_app", append(slices.Clip(again), Arg{"wait", true})...), deploy)
	case (remedies[i].Text == remedyDeployInFlightID || remedies[i].Text == remedyInFlightID) && rollbackOf != 0 && byShape:
		remedy = fmt.Sprintf("Deployment %d, still queued or in progress, is taken for the rollback to deployment %d whose "+
			"answer this server lost. It was created since with that deployment's image tag, commit and replicas, but a "+
			"deployment another caller started meanwhile would look the same (nothing the API returns tells them apart). If it "+
			"is that rollback, it runs deployment %d's configuration again, and a deployment after it deploys the app's stored "+
			"configuration instead and undoes the rollback. Follow it with %s; only to replace it, deploy again with %s afterwards",
			f.ActiveDeploymentID, rollbackOf, rollbackOf, Follow(f.ActiveDeploymentID, unavailable, again...), deploy)
	case (remedies[i].Text == remedyDeployInFlightID || remedies[i].Text == remedyInFlightID) && rollbackOf != 0:
		remedy = fmt.Sprintf("Deployment %d, still queued or in progress, is a rollback to deployment %d (rollback_deployment "+
			"queued it), which runs that deployment's configuration again. A deployment after it deploys the app's stored "+
			"configuration instead and undoes the rollback. Follow it with %s; only to replace it, deploy again with %s afterwards",
			f.ActiveDeploymentID, rollbackOf, Follow(f.ActiveDeploymentID, unavailable, again...), deploy)
	case remedies[i].Text == remedyDeployInFlightID || remedies[i].Text == remedyInFlightID:
		remedy = fmt.Sprintf("Deployment %d is still queued or in progress: wait for it with %s, then deploy again with %s",
			f.ActiveDeploymentID, Follow(f.ActiveDeploymentID, unavailable, again...), deploy)
	case remedies[i].Text == remedyDeployInFlight || remedies[i].Text == remedyInFlight:
		remedy = "Another deployment is still queued or in progress: wait for it with " + Call("wait_for_deployment", again...) +
			" (without deployment_id it follows the app's newest deployment, most likely that one; " +
			Call("list_deployments", again...) + " shows them), then deploy again with " + deploy
		if fix.reason("wait_for_deployment") != "" {
			remedy = "Another deployment is still queued or in progress, most likely the app's newest: follow it with " +
				followNewest(unavailable, again) + ", then deploy again with " + deploy
		}
	case remedies[i].Text == remedyDeployUnknown:
		remedy = deployUnknown(unavailable, again, deploy)
	default:
		return "", false
	}
	return apiErrorText(apiErr, strings.TrimSuffix(fix.fix(remedy+"."), ".")), true
}

// deployUnknown is the remedy of a deployment request whose outcome is unknown (a 5xx, or no
// answer): the exact call that shows whether it was queued, and the one to deploy again with
// (deploy), as RollbackMayStillLand's for a rollback.
func deployUnknown(unavailable []UnavailableTool, again []Arg, deploy string) string {
	list := Call("list_deployments", append(slices.Clone(again), Arg{Name: "limit", Value: 1})...) + " shows the app's newest deployment"
	follow := "follow it with " + followNewest(unavailable, again)
	if m := (&fixTools{unavailable: unavailable}).unusable("list_deployments"); m != nil {
		// Where the deployments are read says how to follow one too.
		list, follow = "the Spice.ai portal shows the app's deployments ("+toolsUnavailable(m)+")", "follow it there"
		if noPortal(m) {
			list, follow = "list the app's deployments with "+toolsInstead(m, "them"), "follow it"
		}
	}
	return "Before deploying again, " + list + ": one created since this call is most likely this one, so " + follow +
		". If the newest is older than this call, look again in a few minutes: a gateway that gave up waiting " +
		"does not stop the request, which may be queued a moment later. Deploy again with " + deploy + " only if still no new one appears"
}

// DeploymentNotFound renders the 404 of get_deployment and wait_for_deployment for a deployment
// the app does not have (the API answered "Deployment not found", not "Project not found": it
// found the app). appID and name are the app's (name "" when not known), id the deployment asked
// for, again the app and organization as the caller named them. waiting adds the call that waits for the
// app's newest deployment. listing: list_deployments when the caller cannot use it, with why
// (none when it can; the portal lists them then, portalOr). ok is false for any other failure: Error's remedy stands.
func DeploymentNotFound(err error, appID int64, name string, id int64, waiting bool, listing []UnavailableTool, again ...Arg) (text string, ok bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if !known || !errors.As(err, &apiErr) || f.Status != http.StatusNotFound {
		return "", false
	}
	if i, _ := remedyFor(f); i < 0 || remedies[i].Text != remedyNoDeployment {
		return "", false
	}
	app := "The app " + AppLabel(appID, name)
	if name == "" {
		app = fmt.Sprintf("App %d", appID)
	}
	remedy := fmt.Sprintf("%s exists (the API found it), but it has no deployment %d: %s lists its deployments (newest first) "+
		"with their IDs", app, id, Call("list_deployments", again...))
	if len(listing) > 0 {
		remedy = fmt.Sprintf("%s exists (the API found it), but it has no deployment %d: %s", app, id, portalOr(listing, "its deployments",
			"the Spice.ai portal lists its deployments (newest first) with their IDs ("+toolsUnavailable(listing)+")"))
	}
	if waiting {
		remedy += "; " + Call("wait_for_deployment", again...) + " (without deployment_id) waits for its newest one"
	}
	if id == appID { // the app's ID sent as a deployment's: an easy slip, since both are numbers
		remedy = fmt.Sprintf("%d is the app's own ID, not a deployment's. ", id) + remedy
	}
	return apiErrorText(apiErr, remedy), true
}

// extraArgs names the arguments of repeat that again does not have and that ask for more than
// leaving them out does: given, and not zero (debug false, sent as given, asks for nothing).
func extraArgs(again, repeat []Arg) []string {
	var names []string
	for _, a := range repeat {
		v := reflect.ValueOf(a.Value)
		if v.Kind() == reflect.Pointer && !v.IsNil() {
			v = v.Elem()
		}
		if a.Value == nil || v.IsZero() ||
			slices.ContainsFunc(again, func(b Arg) bool { return b.Name == a.Name }) {
			continue
		}
		names = append(names, a.Name)
	}
	return names
}

// resumeInstead renders a deployment refused because the app is paused (spicepod_paused) with
// the call that resumes it (again: the app and organization as the caller named them), which
// deploys its current configuration; ok is false for any other failure, or without again.
// unavailable: resume_app when the caller cannot use it, named then only as not available.
func resumeInstead(err error, unavailable []UnavailableTool, again ...Arg) (text string, ok bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if len(again) == 0 || !known || !errors.As(err, &apiErr) {
		return "", false
	}
	if i, _ := remedyFor(f); i < 0 || remedies[i].Text != remedyPaused {
		return "", false
	}
	fix := &fixTools{unavailable: unavailable}
	return apiErrorText(apiErr, strings.TrimSuffix(fix.fix(resumeRemedy(again, fix)+"."), ".")), true
}

// resumeRemedy is the advice for a deployment refused because the app is paused (resume_app
// named as a call only where usable: fix; the caller ends its text with fix.fix).
func resumeRemedy(again []Arg, fix *fixTools) string {
	if fix.reason("resume_app") != "" {
		return "The app (project) is paused: resuming it " + fix.with("resume_app") + " deploys its current configuration, instead of deploying"
	}
	return "The app (project) is paused: resume it with " + Call("resume_app", again...) +
		", which deploys its current configuration, instead of deploying"
}
