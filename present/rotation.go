package present

import (
	"fmt"
	"time"
)

// Key rotation's order: the API keeps no timestamps on keys, so only this server's memory of
// the start steps it ran says whether a finish (or another start) is safe. These texts say
// exactly what that memory does and does not cover.

func rotationTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

const rotationMemory = "This server remembers the start steps it ran only in its own memory: one run before it " +
	"restarted, through another replica or another tool is unknown to it."

// currentSecondary is "the current secondary key" with where to read it: get_api_keys, or, where
// the caller cannot use it (unavailable), the Spice.ai portal after the sentence (portal).
func currentSecondary(unavailable []UnavailableTool) (key, portal string) {
	f := &fixTools{unavailable: unavailable}
	if reason := f.reason("get_api_keys"); reason != "" {
		return "the current secondary key", " " + keysPortal(reason)
	}
	return "the current secondary key (get_api_keys shows it)", ""
}

// keysPortal says where to read an app's keys when get_api_keys is not available, and why (reason).
func keysPortal(reason string) string {
	return toolsUnavailable([]UnavailableTool{{"get_api_keys", reason}}) +
		": the Spice.ai portal shows the keys, in the app's Settings, section General."
}

// RotationFinishUnseen refuses a finish step when this server saw no start step for the app
// (unavailable: the tools the caller cannot use; get_api_keys is named only where usable).
func RotationFinishUnseen(app string, unavailable []UnavailableTool) string {
	key, portal := currentSecondary(unavailable)
	return fmt.Sprintf("Refused to finish the key rotation of %s: this server has seen no start step for it. Nothing was "+
		"changed, and nobody was asked. Finishing replaces the primary key and cuts off every client still using it, so "+
		"it is safe only once every client uses the secondary key. %s Call rotate_api_keys with step \"start\" first; "+
		"or, if every client already uses %s, call finish again with "+
		"force: true.%s", app, rotationMemory, key, portal)
}

// RotationFinishedAlready refuses a finish step when the last rotation this server saw for the
// app, started at started, was finished at finished, and it has seen no start step since.
func RotationFinishedAlready(app string, started, finished time.Time) string {
	return fmt.Sprintf("Refused to finish the key rotation of %s: this server finished it already, at %s (its start "+
		"step ran at %s), and has seen no start step since. Nothing was changed, and nobody was asked. Finishing again "+
		"would replace the primary key and cut off every client using it. To rotate again, call rotate_api_keys with "+
		"step \"start\" first.", app, rotationTime(finished), rotationTime(started))
}

// RotationStartOpen refuses a second start step while the first is unfinished and the
// secondary key it made is still in place.
func RotationStartOpen(app string, started time.Time) string {
	return fmt.Sprintf("Refused to start another key rotation of %s: this server's start step at %s made the current "+
		"secondary key (checked just now) and was not finished. Starting again would replace that key and cut off "+
		"every client already moved to it. Nothing was changed, and nobody was asked. Once every client uses it, call "+
		"rotate_api_keys with step \"finish\". Only if no client uses it (the key was lost or never handed out), call "+
		"start again with force: true.", app, rotationTime(started))
}

// RotationSecondaryReplaced refuses a finish step when the secondary key is no longer the one
// the start step made; the server forgets that start step (unavailable: as RotationFinishUnseen's).
func RotationSecondaryReplaced(app string, started time.Time, unavailable []UnavailableTool) string {
	key, portal := currentSecondary(unavailable)
	return fmt.Sprintf("Refused to finish the key rotation of %s: the secondary key is no longer the one this server's "+
		"start step made at %s; it was replaced since (regenerate_api_key, another replica or the Spice.ai console), so "+
		"clients moved to that key have already lost access. Nothing was changed, and nobody was asked; this server "+
		"no longer counts that start step. Call rotate_api_keys with step \"start\" to begin again; or, if every client "+
		"already uses %s, call finish again with force: true.%s",
		app, rotationTime(started), key, portal)
}

// RotationBusy: another rotate_api_keys call for the app changed its rotation meanwhile.
func RotationBusy(app string) string {
	return fmt.Sprintf("Another rotate_api_keys call for %s is running or changed its rotation while this one was "+
		"checked or approved. Nothing was changed by this call; call again to see where the rotation stands.", app)
}

// Further facts a person approving a rotation step is shown.
const RotationUnseenEffect = "This server has seen no start step for this rotation (it remembers them only in its " +
	"memory), so it cannot tell whether every client already uses the secondary key."

// RotationSeenEffect: the start step this finish completes.
func RotationSeenEffect(started time.Time) string {
	return fmt.Sprintf("This server's start step made the current secondary key at %s (checked just now).", rotationTime(started))
}

// RotationReplacedEffect: the secondary key is no longer the start step's.
func RotationReplacedEffect(started time.Time) string {
	return fmt.Sprintf("The secondary key is not the one this server's start step made at %s: it was replaced since.", rotationTime(started))
}

// RotationRestartEffect: a forced start replaces the secondary key an unfinished start made.
func RotationRestartEffect(started time.Time) string {
	return fmt.Sprintf("The current secondary key was made by the start step at %s, which was not finished: clients "+
		"already using it lose access too.", rotationTime(started))
}

// Which keys work after a finish or a forced start, by what the server knew.

// RotationFinishSeenValid: the finish completed a start step this server saw.
func RotationFinishSeenValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and the secondary the start step made at %s (checked unchanged just "+
		"before the primary was replaced)", rotationTime(started))
}

// RotationFinishUnseenValid: a forced finish without a start step this server saw.
const RotationFinishUnseenValid = "both: the new primary and the current secondary; this server saw no start step, so " +
	"it cannot say when or by whom the secondary was made"

// RotationFinishReplacedValid: a forced finish after the start step's secondary was replaced.
func RotationFinishReplacedValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and the current secondary, which is not the one the start step made at "+
		"%s (it was replaced since)", rotationTime(started))
}

// RotationFinishForcedNext follows a forced finish: it completes no rotation this server saw.
const RotationFinishForcedNext = "The old primary no longer works; clients may use the secondary key or the new primary."

// RotationRestartValid: a forced start replaced the secondary an unfinished start made.
func RotationRestartValid(started time.Time) string {
	return fmt.Sprintf("both: the primary (unchanged) and the new secondary; the secondary the start step made at %s "+
		"no longer works", rotationTime(started))
}
