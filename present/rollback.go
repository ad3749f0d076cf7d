package present

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// RollbackStanding is what reads after a rollback was queued show of its target: Live when it
// is the newest deployment but the rollback, it succeeded, and an instance of the app is ready
// (the runtime runs it already), Earlier when an older one succeeded; Known false when the read
// of the deployments failed or did not reach it.
type RollbackStanding struct {
	Known, Live, Earlier bool
	// Sandbox: the server runs --sandbox (Standing.Sandbox).
	Sandbox bool
}

// RollbackQueued confirms rollback_deployment: a new deployment that runs an earlier one's
// configuration again (again: as Deployment's), what the read of the deployments showed of the
// target (s), and that the app's stored configuration is not rolled back. unavailable: the
// FollowTools the caller cannot use (the rollback is followed another way then), and
// create_deployment, resume_app and update_app (then not named as what undoes it).
func RollbackQueued(app string, from int64, d *client.Deployment, s RollbackStanding, unavailable []UnavailableTool, again ...Arg) string {
	text := fmt.Sprintf("Queued a rollback of %s to deployment %d: deployment %d runs its configuration again.", app, from, d.ID)
	if s.Known && s.Live {
		text += fmt.Sprintf(" Deployment %d is the one already running (the app's newest before this one, with an instance ready), so this "+
			"redeploys what runs now", from)
		if !s.Earlier {
			text += "; the app has no earlier succeeded deployment to roll back to"
		}
		text += "."
	}
	text += fmt.Sprintf(" The app's stored configuration (spicepod, replicas) is not rolled back and may be newer than "+
		"deployment %d's. %s deploys it and "+
		"undoes this rollback (the API does not return a deployment's spicepod).",
		from, nextDeployment(unavailable))
	follow := slices.DeleteFunc(slices.Clone(unavailable), func(t UnavailableTool) bool { return !slices.Contains(FollowTools, t.Name) })
	// The first sentence names the app: the deployment's line does not again (deploymentOf).
	return text + "\n\n" + DeploymentIn("", d, Standing{Unavailable: follow, Sandbox: s.Sandbox}, again...)
}

// RollbackAnswerLost is rollback_deployment's result when the API's answer to the rollback was
// lost but a read after it found the rollback's deployment d (created since, with deployment
// from's image tag and commit): RollbackQueued's text, after saying so (hedged: another caller's
// deployment would look the same), so it is not sent again.
func RollbackAnswerLost(app string, from int64, d *client.Deployment, s RollbackStanding, unavailable []UnavailableTool, again ...Arg) string {
	return fmt.Sprintf("The API's answer to the rollback was lost, but deployment %d, created since with deployment %d's image tag, "+
		"commit and replicas, is taken for that rollback, so this server sends no second one. A deployment of the same image, "+
		"commit and replicas that another caller started meanwhile would look the same: nothing the API returns tells them "+
		"apart. If it is not that rollback (you know another caller deployed meanwhile), roll back again once it has ended.\n\n", d.ID, from) +
		RollbackQueued(app, from, d, s, unavailable, again...)
}

// RollbackMayStillLand renders a rollback to deployment to whose answer was lost and which may
// still be queued after the read that followed it found nothing (client.MayStillApply: a gateway
// gave up waiting, a gateway's 5xx, no answer) as Error does, saying so and what to watch for
// before rolling back again (list_deployments where usable, else the portal; unavailable: the
// tools the caller cannot use). ok is false for any other failure.
func RollbackMayStillLand(err error, to int64, unavailable []UnavailableTool, again ...Arg) (text string, ok bool) {
	text = Error(err)
	if !strings.Contains(text, remedyRollbackUnknown) {
		return "", false
	}
	list := "List the app's deployments (newest first) with " + Call("list_deployments", again...)
	if m := (&fixTools{unavailable: unavailable}).unusable("list_deployments"); m != nil {
		list = "Look at the app's deployments in the Spice.ai portal (" + toolsUnavailable(m) + ")"
		if noPortal(m) {
			list = "List the app's deployments with " + toolsInstead(m, "them")
		}
	}
	remedy := fmt.Sprintf("The rollback may still be running and be queued a moment later (a gateway that gave up waiting, "+
		"or a lost connection, does not stop it). So a list that shows no new deployment yet does not settle it. %s again "+
		"in a few minutes: a deployment created since with deployment %d's image tag, commit and replicas is most likely "+
		"the rollback, so do not roll back again; follow it instead. Roll back again only once a list some minutes later "+
		"still shows none, and until then deploy nothing else: should this rollback be queued after another deployment, "+
		"it would replace it", list, to)
	return strings.Replace(text, remedyRollbackUnknown, remedy, 1), true
}

// SameRollback is what the deployment in flight that refused a rollback (409) is to the rollback
// asked for, as this server knows it.
type SameRollback int

const (
	SameRollbackNo      SameRollback = iota // not a rollback to the same target that this server knows of
	SameRollbackQueued                      // a rollback to the same target this server queued
	SameRollbackByShape                     // taken for one whose answer was lost, by image tag, commit and replicas
)

// RollbackFailed renders rollback_deployment's failure when what to do is a call only the
// tool's arguments can name (again: the app and organization as the caller named them; to:
// the deployment to roll back to): a paused app (resume first, then the rollback: resuming
// deploys the current configuration, not to's), a deployment in flight (wait for it, then the
// rollback), a deployment the app does not have (list the ones to choose from). ok is false
// for any other failure: Error's remedy stands. d is whether a resume has what it deploys (see
// CreateDeploymentFailed).
//
// same is whether the deployment in flight the API named (409) is a rollback to to that this
// server queued: then it is the rollback asked for, and only the wait is named; when it was only
// taken for that rollback by its image tag, commit and replicas (its answer was lost), the text
// says another caller's deployment would look the same, and what to do if it is not.
//
// unavailable are resume_app, update_app, create_deployment, list_deployments and the
// FollowTools when the caller cannot use them: named then only as not available, with why.
func RollbackFailed(err error, to, appID int64, d Deployable, same SameRollback, unavailable []UnavailableTool, again ...Arg) (text string, ok bool) {
	var apiErr *client.APIError
	f, known := failureOf(err)
	if !known || !errors.As(err, &apiErr) {
		return "", false
	}
	if f.Status == http.StatusForbidden && exceedsPlan(f) && strings.Contains(strings.ToLower(f.message), "replicas") {
		// A rollback runs the target's recorded replicas, which no argument changes.
		raise := ", or " + askUser + "upgrade the plan"
		if f.Sandbox { // the emulator's plans are fixed
			raise = "; the sandbox cannot raise its plans' limits: " + sandboxPlans
		}
		return apiErrorText(apiErr, fmt.Sprintf("Deployment %d ran more replicas than the organization's plan allows now, "+
			"and a rollback runs that deployment's replicas (rollback_deployment cannot change them). Deploy with "+
			"create_deployment and replicas within the plan instead: it deploys the app's current configuration, not "+
			"deployment %d's (get_limits names the limit)%s", to, to, raise)), true
	}
	back := Call("rollback_deployment", append(slices.Clip(again), Arg{"deployment_id", to})...)
	fix := &fixTools{unavailable: unavailable}
	i, _ := remedyFor(f)
	if i < 0 {
		return "", false
	}
	if remedies[i].Text == remedyPaused && d != DeployableYes { // a resume alone would be refused: the spicepod first
		return apiErrorText(apiErr, strings.TrimSuffix(fix.fix(fmt.Sprintf("The app (project) is paused. %s That deployment runs its current "+
			"configuration, not deployment %d's: once it has ended (%s follows it), %s rolls back to it.", resumeBlockedBy(d, fix, again...), to,
			followNewest(unavailable, again), back)), ".")), true
	}
	var remedy string
	switch remedies[i].Text {
	case remedyPaused:
		remedy = fmt.Sprintf("The app (project) is paused, and resuming it deploys its current configuration, not deployment %d's: "+
			"first %s (it waits for that deployment), then %s", to,
			fix.call("resume_app", append(slices.Clip(again), Arg{"wait", true})...), back)
	case remedyInFlightID:
		if same == SameRollbackByShape {
			remedy = fmt.Sprintf("Deployment %d, still queued or in progress, is taken for the rollback to deployment %d whose "+
				"answer this server lost: it was created since with that deployment's image tag, commit and replicas. But a "+
				"deployment another caller started meanwhile would look the same (nothing the API returns tells them apart). If it is that "+
				"rollback, no second one is needed: follow it with %s; if it is not, roll back again once it has ended",
				f.ActiveDeploymentID, to, Follow(f.ActiveDeploymentID, unavailable, again...))
			break
		}
		if same == SameRollbackQueued {
			remedy = fmt.Sprintf("Deployment %d, still queued or in progress, is the rollback to deployment %d this server "+
				"queued already: no second one is needed; follow it with %s", f.ActiveDeploymentID, to,
				Follow(f.ActiveDeploymentID, unavailable, again...))
			break
		}
		remedy = fmt.Sprintf("Deployment %d is still queued or in progress: wait for it with %s, then %s", f.ActiveDeploymentID,
			Follow(f.ActiveDeploymentID, unavailable, again...), back)
	case remedyInFlight:
		// The API's answer does not name it, and nothing read did: wait_for_deployment without
		// deployment_id follows the app's newest (one in flight is the newest: a new one waits for it).
		remedy = fmt.Sprintf("Another deployment is still queued or in progress: wait for it with %s (without deployment_id "+
			"it follows the app's newest deployment, most likely that one%s), then %s",
			Call("wait_for_deployment", again...), fix.read("; "+Call("list_deployments", again...)+" shows them with their IDs", "list_deployments"), back)
		if fix.reason("wait_for_deployment") != "" {
			remedy = "Another deployment is still queued or in progress, most likely the app's newest: follow it with " +
				followNewest(unavailable, again) + ", then " + back
		}
	case remedyRollbackUnserved:
		if f.Sandbox {
			remedy = sandboxRollbackNoApp
			break
		}
		check := fmt.Sprintf("check deployment %d with %s", to, Call("get_deployment", append(slices.Clip(again), Arg{"deployment_id", to})...))
		if m := fix.unusable("get_deployment"); m != nil {
			check = fmt.Sprintf("check deployment %d in the Spice.ai portal (%s)", to, toolsUnavailable(m))
			if noPortal(m) {
				check = fmt.Sprintf("check deployment %d with %s", to, toolsInstead(m, "it"))
			}
		}
		remedy = fmt.Sprintf("The API may not offer rollback (a route seen only in Spice's CLI): %s; to run an earlier configuration "+
			"without rollback, set it %s, then deploy it %s", check, fix.with("update_app"), fix.with("create_deployment"))
	case remedyNoDeployment:
		if f.Status != http.StatusNotFound {
			return "", false
		}
		remedy = "List the app's deployments to get the right deployment ID: " +
			Call("list_deployments", append(slices.Clip(again), Arg{"status", "succeeded"})...) +
			" lists the ones it can roll back to (they must have succeeded)"
		if m := fix.unusable("list_deployments"); m != nil {
			remedy = "The Spice.ai portal lists the app's deployments: pick one that succeeded, the ones it can roll back to (" +
				toolsUnavailable(m) + ")"
			if noPortal(m) {
				remedy = "Pick a deployment that succeeded, the ones it can roll back to: " + portalOr(m, "the app's deployments", "")
			}
		}
		if to == appID { // the app's ID sent as a deployment's, as DeploymentNotFound says
			remedy = fmt.Sprintf("%d is the app's own ID, not a deployment's. ", to) + remedy
		}
	default:
		return "", false
	}
	return apiErrorText(apiErr, strings.TrimSuffix(fix.fix(remedy+"."), ".")), true
}
