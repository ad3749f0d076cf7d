package present

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// Key rotation's order: the API keeps no timestamps on keys, so only this server's memory of
// the start steps it ran says whether a finish (or another start) is safe. These texts say
// exactly what that memory does and does not cover.

func rotationTime(t time.Time) string { return t.UTC().Format(secondsLayout) }

const rotationMemory = "This server remembers the start steps it ran only in its own memory: one run before it " +
	"restarted, through another replica or another tool is unknown to it."

// currentSecondary is "the current secondary key" with where to read it: get_api_keys, or, where
// the caller cannot use it (unavailable), the Spice.ai portal after the sentence (portal).
func currentSecondary(unavailable []UnavailableTool) (key, portal string) {
	if m := (&fixTools{unavailable: unavailable}).unusable("get_api_keys"); m != nil {
		return "the current secondary key", " " + keysPortal(m)
	}
	return "the current secondary key (get_api_keys shows it)", ""
}

// keysPortal says where to read an app's keys when get_api_keys is not available, and why (reason).
func keysPortal(missing []UnavailableTool) string {
	return portalOr(missing, "the keys", toolsUnavailable(missing)+": the Spice.ai portal shows the keys, in the app's Settings, section General") + "."
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
		"start step made at %s. It was replaced since (regenerate_api_key, another replica or the Spice.ai console), so "+
		"clients moved to that key have already lost access. Nothing was changed, and nobody was asked; this server "+
		"no longer counts that start step. Call rotate_api_keys with step \"start\" to begin again; or, if every client "+
		"already uses %s, call finish again with force: true.%s",
		app, rotationTime(started), key, portal)
}

// RotationBusy: another rotate_api_keys call for the app changed its rotation meanwhile.
func RotationBusy(app string) string {
	return fmt.Sprintf("Another rotate_api_keys call for %s is running or changed its rotation while this one was "+
		"checked or approved. Nothing was changed by this call; call again to see where the rotation stands. To replace one "+
		"key right away instead (after a leak, say), whatever the rotation, use regenerate_api_key.", app)
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

// RotationFinishSecondaryChangedValid: the finish completed a start step this server saw, but
// the answer (or the keys read after it) shows a secondary other than the one that start step
// made: another call, replica or the console replaced it between the check and the primary's
// replacement.
func RotationFinishSecondaryChangedValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and the current secondary, which is NOT the one the start step made at %s. "+
		"It was checked just before the primary was replaced, yet the keys after show another secondary. So it was "+
		"replaced meanwhile (regenerate_api_key, another replica or the Spice.ai console), and clients moved to the start "+
		"step's key have lost access", rotationTime(started))
}

// RotationFinishSecondaryUncheckedValid: the finish completed a start step this server saw, but
// its answer left the secondary out and the keys could not be read after it: the secondary is
// the start step's only as checked before.
func RotationFinishSecondaryUncheckedValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and, unless another call replaced it meanwhile, the secondary the start step "+
		"made at %s. It was checked unchanged just before the primary was replaced, but it could not be checked after "+
		"(the answer left it out and the keys could not be read)", rotationTime(started))
}

// RotationFinishSecondaryUncheckedNext follows RotationFinishSecondaryUncheckedValid.
const RotationFinishSecondaryUncheckedNext = "Rotation complete, the old primary no longer works. Read the keys again " +
	"before telling clients on the secondary they are done. If the secondary is still the start step's, they keep " +
	"working; if not, another call replaced it and they need the new primary or the current secondary."

// RotationFinishSecondaryChangedNext follows RotationFinishSecondaryChangedValid.
const RotationFinishSecondaryChangedNext = "Both old keys no longer work: clients on the old primary and those moved to " +
	"the start step's secondary are cut off. Update every client to the new primary or the current secondary."

// RotationFinishUnseenValid: a forced finish without a start step this server saw.
const RotationFinishUnseenValid = "both: the new primary and the current secondary; this server saw no start step, so " +
	"it cannot say when or by whom the secondary was made"

// RotationFinishReplacedValid: a forced finish after the start step's secondary was replaced.
func RotationFinishReplacedValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and the current secondary, which is not the one the start step made at "+
		"%s (it was replaced since)", rotationTime(started))
}

// RotationNoEffectEffect: a forced finish after this server's start step at started turned out
// not to have taken effect.
func RotationNoEffectEffect(started time.Time) string {
	return fmt.Sprintf("This server's start step at %s did not take effect. The secondary key is still the one from "+
		"before it, so no client was moved to a new one, and every client still using the primary loses access.",
		rotationTime(started))
}

// RotationFinishNoEffectValid: a forced finish after this server's start step at started turned
// out not to have taken effect.
func RotationFinishNoEffectValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and the secondary, the one from before the rotation (this server's start "+
		"step at %s did not take effect: it made no new secondary)", rotationTime(started))
}

// RotationFinishForcedNext follows a forced finish: it completes no rotation this server saw.
const RotationFinishForcedNext = "The old primary no longer works; clients may use the secondary key or the new primary."

// RotationRestartValid: a forced start replaced the secondary an unfinished start made.
func RotationRestartValid(started time.Time) string {
	return fmt.Sprintf("both: the primary (unchanged) and the new secondary; the secondary the start step made at %s "+
		"no longer works", rotationTime(started))
}

// A step whose answer was lost (no answer, a server error, the call cancelled in flight): the
// API may have replaced its key. These texts say which key is at stake and which is not.

// RotationSettled is what one read of the keys just after a lost answer told.
type RotationSettled int

const (
	RotationUnsettled  RotationSettled = iota // not read, or nothing read before to compare with
	RotationApplied                           // the step's key differs from before: it went through
	RotationNotApplied                        // both keys as before: it did not take effect
	// RotationMayStillApply: both keys as before, but the answer (none came back, or a gateway
	// gave up waiting: client.MayStillApply) leaves the step free to land after that read.
	RotationMayStillApply
	// RotationChangedByAnother: the step's key differs from before, but another call replaced it,
	// or may have, while the step was in flight (regenerate_api_key; for a finish, an earlier
	// finish step whose answer was lost): that does not show the step went through.
	RotationChangedByAnother
)

// LostRotationStep is what RotationLost says of a rotate_api_keys step whose answer was lost.
type LostRotationStep struct {
	App, Step, Why string          // Step: "start" or "finish"; Why: OutcomeUnknownWhy's
	Settled        RotationSettled // what the read just after it settled
	// Until: until when a finish step that may still land is held (another finish or a start
	// refused while the keys show the primary from before it); zero when it is not.
	Until time.Time
	// Twice: an earlier step of this server's whose answer was lost may still land too: for a
	// finish, a finish step (a new primary does not tell which went through, and both are held
	// until Until whatever the keys show); for a start, the start step sent at EarlierStart, which
	// may still land until EarlierStartUntil (a new secondary does not tell which made it).
	Twice bool
	// EarlierStart is set for a finish too: that start step may replace the secondary, which a
	// finish leaves alone. EarlierStartSettles: once it can no longer land, a read of the keys
	// settles it (the secondary before it was read), so a start then goes ahead without force.
	EarlierStart, EarlierStartUntil time.Time
	EarlierStartSettles             bool
	// LandsUntil: until when this step may still land (its answer leaves it free to: client.MayStillApply);
	// zero when it cannot.
	LandsUntil time.Time
	// HeldFinish: a finish step of this server's sent then, whose answer was lost, may still land
	// until HeldFinishUntil and replace the primary, which this step leaves alone; zero when none.
	HeldFinish, HeldFinishUntil time.Time
	// Forced: the step went ahead only by force: true, and this server would refuse it without
	// force now as it did then: a step that did not take effect is sent again with force.
	Forced bool
	// NoReadSettles: for a start, no read of the keys can tell whether it made the secondary (not
	// read before it, replaced meanwhile by another call, or an earlier start step may have made
	// it): a finish is refused without force.
	NoReadSettles bool
	// NoEffectStart: for a finish, this server's start step sent then turned out not to have taken
	// effect (the finish was forced over that): no client was moved to a new secondary, so should
	// this step not have been applied either, a start comes next, not another finish; zero when none.
	NoEffectStart time.Time
	Unavailable   []UnavailableTool // as RotationFinishUnseen's
}

// RotationAnsweredKeyBefore is why a rotation step got no clear answer (LostRotationStep.Why)
// when the API answered with the key the step replaces, as read just before it.
const RotationAnsweredKeyBefore = "the request was answered with the key it replaces, read just before the step, so the answer shows no new key"

// RotationLost is rotate_api_keys' result when the answer to a step was lost (s says which, and
// what the read after it settled): which key may have changed, which is untouched, and a next
// step this server accepts in the state it leaves.
func RotationLost(s LostRotationStep) string {
	app, step, settled, until, twice, unavailable := s.App, s.Step, s.Settled, s.Until, s.Twice, s.Unavailable
	changed := "secondary"
	if step == "finish" {
		changed = "primary"
	}
	head := fmt.Sprintf("The %s step of the key rotation of %s got no clear answer: %s.", step, app, s.Why)
	read := "get_api_keys"
	if m := (&fixTools{unavailable: unavailable}).unusable("get_api_keys"); m != nil {
		read = "the Spice.ai portal (" + toolsUnavailable(m) + "; it shows the keys in the app's Settings, section General)"
		if noPortal(m) {
			read = toolsInstead(m, "the keys")
		}
	}
	// What is said of the primary, which a start step leaves alone: a finish step still held may replace it.
	primary := primaryWords{kept: "the primary key was not touched and keeps working", valid: "the primary",
		both: "the primary and the secondary keys keep working", validBoth: RotationStartValid}
	finishWait := "" // a sentence after the finish a start step's text names: when this server accepts it
	if !s.HeldFinish.IsZero() {
		primary = heldPrimaryWords(s.HeldFinish, s.HeldFinishUntil)
		finishWait = finishWaitsForHeld(s.HeldFinish, s.HeldFinishUntil) + " "
	}
	// held is what a finish step that may still land (until) means for the next steps.
	held := "Do not call finish again blindly: until " + rotationTime(until) + " this server refuses another finish (and a " +
		"start) without force: true while the keys still show the old primary. This step may still land after that finish and " +
		"replace the primary a second time. From then on an unchanged primary shows this step was never applied, and the " +
		"rotation stands as before it."
	// landed is what a new primary read next means.
	landed := "A new primary means the finish step went through: the rotation is complete and clients stay on the " +
		"secondary key or switch to the new primary. "
	secondary := secondaryWords(s)
	if !s.EarlierStart.IsZero() {
		landed = "A new primary means the finish step went through: the rotation is complete, but do not tell clients to " +
			"stay on the secondary key before " + rotationTime(s.EarlierStartUntil) + ", while the earlier start step may " +
			"still replace it. "
	}
	if twice {
		landed = "An earlier finish step of this server's got no clear answer either and may still land too. So a new " +
			"primary does not tell which of them went through, nor whether the other may still replace it. "
		held = "Do not call finish again blindly: until " + rotationTime(until) + " this server refuses another finish (and a " +
			"start) without force: true whatever the keys show. Either step may still land and replace the primary " +
			"once more. From then on neither can, and this server takes them as never applied: the rotation stands as before them."
	}
	switch {
	case settled == RotationChangedByAnother:
		return rotationChangedByAnother(head, step, read, until, twice, held, primary, secondary)
	case settled == RotationNotApplied && !s.EarlierStart.IsZero():
		return notAppliedOverStart(s, head, read, primary)
	case settled == RotationNotApplied:
		again := fmt.Sprintf("Call rotate_api_keys with step %q again, as before.", step)
		if restart := restartAfterNoEffect(s); restart != "" {
			again = upperFirst(restart) + "."
		} else if s.Forced {
			why := "as it did before this step"
			if !s.HeldFinish.IsZero() {
				why = fmt.Sprintf("while its earlier finish step at %s may still land (until %s)", rotationTime(s.HeldFinish),
					rotationTime(s.HeldFinishUntil))
			}
			again = fmt.Sprintf("Call rotate_api_keys with step %q again with force: true, as before: without it this "+
				"server refuses it, %s.", step, why)
		}
		return fmt.Sprintf("%s The keys read just after are both unchanged, so the step did not take effect: %s. %s",
			head, primary.both, again)
	case settled == RotationMayStillApply && step == "start":
		text := fmt.Sprintf("%s The keys read just after are both unchanged, but that does not settle it. The request may "+
			"still be running (a gateway that gave up waiting, or a lost connection, does not stop it), and the API may apply "+
			"it a moment later. That would replace the secondary key, and the old secondary would then stop working. %s.\n\nValid now: "+
			"%s; the secondary is the old one as read just after, or a new one if the step lands late.\nNext: Read the keys "+
			"again with %s before telling clients anything.", head, upperFirst(primary.kept), primary.valid, read)
		if twice {
			return text + " " + eitherStartMayLand(s)
		}
		return text + " A new secondary means the start step went through. Update every client to it, then " +
			rotationFinishCall + " (it checks the keys first, and says whether it needs force: true). " + finishWait + "Do not " +
			"start again blindly. That would replace a secondary key clients may already use. " + rotationMemory
	case settled == RotationMayStillApply:
		return fmt.Sprintf("%s The keys read just after are both unchanged, but that does not settle it. The request may "+
			"still be running (a gateway that gave up waiting, or a lost connection, does not stop it), and the API may apply "+
			"it a moment later. That would replace the primary key, and the old primary would then stop working. %s.\n\n"+
			"Valid now: %s; the primary is the old one as read just after, or a new one if the step lands late.\nNext: Read "+
			"the keys again with %s before telling clients anything. %s%s", head, upperFirst(secondary.kept), secondary.valid,
			read, landed, held)
	case settled == RotationApplied && step == "start":
		key, portal := currentSecondary(unavailable)
		return fmt.Sprintf("%s The keys read just after show a new secondary key, so the start step went through: the old "+
			"secondary no longer works; %s.\n\nValid now: %s.\nNext: Update every client to %s, then %s. %s%s%s", head,
			primary.kept, primary.validBoth, strings.Replace(key, "current", "new", 1), rotationFinishCall, finishWait,
			rotationStartMemory, portal)
	case settled == RotationApplied:
		next := RotationFinishNext
		if !s.EarlierStart.IsZero() {
			next = "Rotation complete; the old primary no longer works. Do not tell clients to stay on the secondary key " +
				"before " + rotationTime(s.EarlierStartUntil) + ", while the earlier start step may still replace it: read " +
				"the keys again then, and move clients to the keys that read shows."
		}
		return fmt.Sprintf("%s The keys read just after show a new primary key, so the finish step went through: the old "+
			"primary no longer works; %s.\n\nValid now: both: the new primary and %s.\nNext: %s%s", head, secondary.kept,
			secondary.valid, next, keysWhere(unavailable))
	case step == "start":
		key, portal := currentSecondary(unavailable)
		finish := "call rotate_api_keys with step \"finish\": it checks the keys first, and says whether it needs force: true."
		if s.NoReadSettles {
			finish = "call rotate_api_keys with step \"finish\" and force: true: no read of the keys can tell whether this " +
				"step made that key, so this server refuses a finish without force."
		}
		text := fmt.Sprintf("%s The API may have replaced the secondary key: if it did, the old secondary no longer works, and "+
			"this server could not read the keys to tell. %s.\n\nValid now: %s; the secondary is either the old one or a new "+
			"one.\nNext: ", head, upperFirst(primary.kept), primary.valid)
		if twice {
			return text + bothStartsUnread(s, key) + " " + finishWait + rotationMemory + portal
		}
		return fmt.Sprintf("%sUpdate every client to %s, then %s %sDo not start again: that would replace a secondary key "+
			"clients may already use. %s%s", text, key, finish, finishWait, rotationMemory, portal)
	}
	if !until.IsZero() { // it may still land, and is held
		return fmt.Sprintf("%s The API may have replaced the primary key, or may still (a gateway that gave up waiting, or a "+
			"lost connection, does not stop the request). If it does, the old primary no longer works, and this server could "+
			"not read the keys to tell. %s.\n\nValid now: %s; the primary is either the old one or a new one.\n"+
			"Next: Read the keys with %s before telling clients anything. %s%s", head, upperFirst(secondary.kept),
			secondary.valid, read, landed, held)
	}
	startWait := "" // the earlier start step that may still replace the secondary: when a finish is safe again
	if !s.EarlierStart.IsZero() {
		startWait = " But not before " + rotationTime(s.EarlierStartUntil) + ", nor tell clients anything before then: " +
			"the earlier start step may still replace the secondary until then."
	}
	force := ""
	if s.Forced {
		force = " with force: true" // as this server still refuses it without
	}
	again := fmt.Sprintf("call rotate_api_keys with step \"finish\" again%s, as before: replacing the primary once more "+
		"cuts off no client that uses the secondary", force)
	if restart := restartAfterNoEffect(s); restart != "" {
		again = restart
	}
	return fmt.Sprintf("%s The API may have replaced the %s key: if it did, the old %s no longer works, and this server "+
		"could not read the keys to tell. %s.\n\nValid now: %s; the %s is either the old one or a new one.\nNext: Read "+
		"the keys with %s: a new primary shows the finish step was applied, and the rotation is complete; the old one "+
		"means it did not: %s.%s", head, changed, changed, upperFirst(secondary.kept), secondary.valid,
		changed, read, again, startWait)
}

// restartAfterNoEffect is what follows a finish step (s) that was not applied, forced over this
// server's start step that had no effect (s.NoEffectStart): no client was moved to a new
// secondary, so a start comes next, not another finish, which would cut off the clients on the
// primary. "" when that is not the case (or a finish step still held keeps a start refused).
func restartAfterNoEffect(s LostRotationStep) string {
	if s.Step != "finish" || s.NoEffectStart.IsZero() || !s.HeldFinish.IsZero() {
		return ""
	}
	return fmt.Sprintf("this server's start step at %s did not take effect either, so no client was moved to a new "+
		"secondary key. Call rotate_api_keys with step \"start\" to begin the rotation (this server accepts it), not "+
		"finish again, which would cut off every client still using the primary", rotationTime(s.NoEffectStart))
}

// secondaryWords is what a finish step's text says of the secondary key, which it leaves alone:
// an earlier start step of this server's that may still land (s.EarlierStart) may replace it.
// Only kept and valid are used.
func secondaryWords(s LostRotationStep) primaryWords {
	if s.EarlierStart.IsZero() {
		return primaryWords{kept: "the secondary key was not touched and keeps working", valid: "the secondary"}
	}
	unless := fmt.Sprintf("unless this server's earlier start step at %s, which got no clear answer and may still land "+
		"until %s, replaces it", rotationTime(s.EarlierStart), rotationTime(s.EarlierStartUntil))
	return primaryWords{kept: "this step did not touch the secondary key, which keeps working " + unless,
		valid: "the secondary (unless that start step replaces it)"}
}

// notAppliedOverStart is RotationLost's text for a step (s) that did not take effect (both keys
// read unchanged just after), sent while this server's earlier start step, whose answer was lost,
// may still land (s.EarlierStart) and replace the secondary: until it no longer can, neither a
// start nor a finish is safe, and a read then tells which to call.
func notAppliedOverStart(s LostRotationStep, head, read string, primary primaryWords) string {
	wait := laterOf(s.EarlierStartUntil, s.HeldFinishUntil) // (HeldFinishUntil: zero when none held)
	why := "a start now would make a secondary that the earlier start step may then replace, cutting off the clients moved to it"
	if s.Step == "finish" {
		why = "a finish now would cut off the clients on the primary while the earlier start step may still cut off those " +
			"on the secondary"
	}
	start := " (this server then accepts it)"
	if !s.EarlierStartSettles {
		start = " and force: true (no read tells this server whether that step made the secondary, so it refuses a start " +
			"without force)"
	}
	return fmt.Sprintf("%s The keys read just after are both unchanged, so this step did not take effect: %s. The "+
		"secondary key keeps working unless this server's earlier start step at %s, which got no clear answer, lands: it "+
		"may until %s, and would replace the secondary.\n\nValid now: %s and the secondary (unless that start step lands)."+
		"\nNext: Read the keys with %s now, and do not tell clients anything, nor call rotate_api_keys again (even with "+
		"force: true), before %s: %s. Then read the keys again. A secondary other than the one read now means that start "+
		"step went through. Update every client to it, then %s (it checks the keys first, and says whether it needs "+
		"force: true). The same secondary means it did not take effect: call rotate_api_keys with step \"start\"%s. %s",
		head, primary.kept, rotationTime(s.EarlierStart), rotationTime(s.EarlierStartUntil), primary.valid, read,
		rotationTime(wait), why, rotationFinishCall, start, rotationMemory)
}

// primaryWords is what a lost step's text says of the primary key, which the step leaves alone:
// kept (a clause), valid (in Valid now), both (with the secondary, for a step that did not take
// effect) and validBoth (Valid now after a start step that went through).
type primaryWords struct{ kept, valid, both, validBoth string }

// heldPrimaryWords are primaryWords while this server's finish step at at, whose answer was lost,
// may still land until until and replace the primary.
func heldPrimaryWords(at, until time.Time) primaryWords {
	unless := fmt.Sprintf("unless this server's finish step at %s, which got no clear answer and may still land until %s, "+
		"replaces it", rotationTime(at), rotationTime(until))
	return primaryWords{kept: "this step did not touch the primary key, which keeps working " + unless,
		valid: "the primary (" + unless + ")", both: "the secondary key keeps working, and so does the primary " + unless,
		validBoth: "both: the primary (not touched by this step; " + unless + ") and the new secondary"}
}

// finishWaitsForHeld says when this server accepts a finish while its finish step at at, whose
// answer was lost, may still land until until (RotationFinishPending refuses it meanwhile).
func finishWaitsForHeld(at, until time.Time) string {
	return fmt.Sprintf("Until %s this server refuses a finish without force: true, while its earlier finish step at %s "+
		"may still land; from then on it goes ahead.", rotationTime(until), rotationTime(at))
}

// bothStartsUnread is the next step after a start step (s) whose answer was lost, with the keys
// unread, forced over an earlier start step that may still land: until neither can land, the
// current secondary (key: where to read it) may still be replaced.
func bothStartsUnread(s LostRotationStep, key string) string {
	this, until := "", s.EarlierStartUntil
	if !s.LandsUntil.IsZero() {
		this, until = ", and this one may until "+rotationTime(s.LandsUntil), laterOf(until, s.LandsUntil)
	}
	return fmt.Sprintf("Do not tell clients anything, nor start again, before %s. This server's earlier start step at %s "+
		"got no clear answer either and may still land until %s%s, and whichever lands replaces the secondary once more. "+
		"From then on neither can: update every client to %s, then call rotate_api_keys with step \"finish\" and force: "+
		"true (no read tells which step made it, so this server refuses a finish without force).", rotationTime(until),
		rotationTime(s.EarlierStart), rotationTime(s.EarlierStartUntil), this, key)
}

// eitherStartMayLand is the next step after a start step (s) whose answer was lost and which may
// still land, forced over an earlier start step that may still land too: a new secondary may come
// from either, and whichever lands, the other may still replace it.
func eitherStartMayLand(s LostRotationStep) string {
	return fmt.Sprintf("A new secondary does not tell which step made it. This server's earlier start step at %s got no "+
		"clear answer either and may still land until %s, and this one may until %s. Whichever lands, the other may still "+
		"replace the secondary once more. So do not tell clients anything, nor start again, before %s, when neither can "+
		"land any more. Then read the keys again. A secondary other than the one read just after is the key clients need: "+
		"update every client to it, then call rotate_api_keys with step \"finish\" and force: true. This server cannot "+
		"tell which step made it, so it refuses a finish without force. The one read just after means neither step took "+
		"effect: call start again with force: true (without it this server refuses a start while either step may have "+
		"made the secondary). %s", rotationTime(s.EarlierStart), rotationTime(s.EarlierStartUntil), rotationTime(s.LandsUntil),
		rotationTime(laterOf(s.EarlierStartUntil, s.LandsUntil)), rotationMemory)
}

// laterOf is the later of a and b.
func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// keysWhere is " get_api_keys shows the keys." where usable, else where the portal shows them.
func keysWhere(unavailable []UnavailableTool) string {
	if m := (&fixTools{unavailable: unavailable}).unusable("get_api_keys"); m != nil {
		return " " + keysPortal(m)
	}
	return " get_api_keys shows the keys."
}

// RotationStartUnsure refuses a start step while this server's start step at started, whose
// answer was lost, may have made the current secondary key (unavailable: as RotationFinishUnseen's).
func RotationStartUnsure(app string, started time.Time, unavailable []UnavailableTool) string {
	key, portal := currentSecondary(unavailable)
	return fmt.Sprintf("Refused to start another key rotation of %s: this server's start step at %s got no clear answer, "+
		"and it cannot tell whether that step made the current secondary key, which clients may already use. Starting "+
		"again would replace it and cut them off. Nothing was changed, and nobody was asked. Once every client uses %s, "+
		"call rotate_api_keys with step \"finish\" and force: true. Only if no client uses it, call start again with "+
		"force: true.%s", app, rotationTime(started), key, portal)
}

// RotationStartUnsureFinishedOver refuses a start step while this server's start step at started,
// whose answer was lost and which no read of the keys settles, may still land (until until),
// though a finish step replaced the primary since.
func RotationStartUnsureFinishedOver(app string, started, until time.Time) string {
	return fmt.Sprintf("Refused to start another key rotation of %s. This server's start step at %s got no clear answer "+
		"(a gateway gave up waiting, or no answer came back) and may still land until %s, replacing the secondary key. "+
		"The finish step since replaced the primary but does not stop it, and no read of the keys tells whether it "+
		"landed (they were not read before it, or another call replaced the secondary since). Starting now would make a "+
		"secondary key that the earlier step may then replace, cutting off the clients moved to it. Nothing was changed, "+
		"and nobody was asked. From %s on that step can no longer land, and this server accepts a start without force. "+
		"Only if you know that step was not applied, call start again with force: true.", app, rotationTime(started),
		rotationTime(until), rotationTime(until))
}

// RotationFinishUnsureFinishedOver refuses a finish step while this server's start step at
// started, whose answer was lost and which no read settles, may still land (until until), though
// its finish step at finished replaced the primary since: the rotation needs no other finish.
func RotationFinishUnsureFinishedOver(app string, started, until, finished time.Time) string {
	return fmt.Sprintf("Refused to finish the key rotation of %s again. This server's finish step at %s replaced the "+
		"primary already, while its start step at %s, which got no clear answer, may still land until %s and replace "+
		"the secondary. No read of the keys tells whether it did. Finishing again would replace the primary that finish "+
		"handed out and cut off the clients using it. Nothing was changed, and nobody was asked. No finish is needed: "+
		"from %s on that start step can no longer land; read the keys then, and update every client on the secondary to "+
		"the secondary that read shows, or to the primary.", app, rotationTime(finished), rotationTime(started),
		rotationTime(until), rotationTime(until))
}

// RotationFinishLandedAfterFinish refuses a finish step when this server's start step at started,
// whose answer was lost, turned out to have made the current secondary key only after this
// server's finish step at finished had replaced the primary (unavailable: as RotationFinishUnseen's).
func RotationFinishLandedAfterFinish(app string, started, finished time.Time, unavailable []UnavailableTool) string {
	key, portal := currentSecondary(unavailable)
	return fmt.Sprintf("Refused to finish the key rotation of %s again. This server's start step at %s got no clear "+
		"answer, and its finish step at %s replaced the primary while that start step could still land. It has landed "+
		"since (the secondary key is a new one, checked just now): clients on the old secondary have lost access. And "+
		"those told to use the primary that finish made still use it. Finishing again would replace that primary and cut "+
		"them off. Nothing was changed, and nobody was asked. No finish is needed: both keys were replaced (the primary "+
		"at %s, the secondary since); update every client on the old secondary to %s or to the primary. To replace the "+
		"primary once more all the same, once every client uses the secondary, call finish again with force: true.%s",
		app, rotationTime(started), rotationTime(finished), rotationTime(finished), key, portal)
}

// RotationStartLandedAfterFinish refuses a start step in RotationFinishLandedAfterFinish's state:
// the current secondary is the one the start step at started made after the finish step at finished.
func RotationStartLandedAfterFinish(app string, started, finished time.Time) string {
	return fmt.Sprintf("Refused to start another key rotation of %s. This server's start step at %s got no clear answer "+
		"and landed after its finish step at %s replaced the primary. The current secondary key is the one it made "+
		"(checked just now), and clients on the old secondary need it. Starting again would replace it and cut off every "+
		"client already moved to it. Nothing was changed, and nobody was asked. No finish is needed: both keys were "+
		"replaced (the primary by that finish step); update every client on the old secondary to the new one or to the "+
		"primary. Only if no client uses the secondary, call start again with force: true.", app, rotationTime(started),
		rotationTime(finished))
}

// RotationFinishUnsure refuses a finish step after this server's start step at started got no
// clear answer and nothing tells whether it replaced the secondary key: the keys could not be
// read before it, or (regenerated) regenerate_api_key may have replaced the secondary since.
// overStart: that step was forced over an earlier start step of this server's that got no clear
// answer either and could still land, so a new secondary does not show which of them made it.
func RotationFinishUnsure(app string, started time.Time, regenerated, overStart bool, unavailable []UnavailableTool) string {
	key, portal := currentSecondary(unavailable)
	why := "it could not read the keys before it"
	switch {
	case regenerated:
		why = "a key was regenerated since, outside the rotation, so a new secondary key does not show that step made it"
	case overStart:
		why = "it was forced over an earlier start step that got no clear answer either and could still land. So a new " +
			"secondary key does not show which of them made it, nor whether the other still replaces it"
	}
	return fmt.Sprintf("Refused to finish the key rotation of %s: this server's start step at %s got no clear answer, and "+
		"it cannot tell whether that step replaced the secondary key (%s). Nothing was "+
		"changed, and nobody was asked. Finishing replaces the primary key and cuts off every client still using it, so "+
		"it is safe only once every client uses the secondary key. Once every client uses %s, call finish again with "+
		"force: true. Do not start again: that would replace a secondary key clients may already use.%s",
		app, rotationTime(started), why, key, portal)
}

// readKeys is how a lost step's text says to read the keys: get_api_keys where usable, else the
// Spice.ai portal, or, in the sandbox, which has none, what the caller can do instead.
func readKeys(unavailable []UnavailableTool) string {
	m := (&fixTools{unavailable: unavailable}).unusable("get_api_keys")
	if m == nil {
		return "Read the keys with get_api_keys"
	}
	if noPortal(m) {
		return "Read the keys with " + toolsInstead(m, "the keys")
	}
	return "Read the keys in the Spice.ai portal (" + toolsUnavailable(m) + "; it shows them in the app's Settings, section General)"
}

// mayStillLand is what RotationStartMayStillLand and RotationFinishMayStillLand say of this
// server's start step at started whose answer was lost and which may still be applied until
// until (unavailable: as RotationFinishUnseen's; get_api_keys is named only where usable).
// finished: when this server's finish step replaced the primary since that start step was sent
// (zero when none): should that step land, both keys were replaced, and no finish is needed.
func mayStillLand(started, until, finished time.Time, unavailable []UnavailableTool) (unsure, settle string) {
	read := readKeys(unavailable)
	unsure = fmt.Sprintf("this server's start step at %s got no clear answer (a gateway gave up waiting, or no answer came "+
		"back) and may still land. The secondary key is still the one from before it (checked just now), but the request "+
		"may still be running, and the API may replace the secondary a moment later", rotationTime(started))
	settle = fmt.Sprintf("%s: a secondary other than the one from before that step means it went through: update every "+
		"client to it, then call rotate_api_keys with step \"finish\" (it checks the keys first). Until %s this server "+
		"takes an unchanged secondary as not settled; from then on it takes it as showing that step was never applied, "+
		"and a start goes ahead.", read, rotationTime(until))
	if !finished.IsZero() {
		settle = fmt.Sprintf("%s: a secondary other than the one from before that step means it went through, after "+
			"this server's finish step at %s replaced the primary. Both keys were replaced then, so no finish is needed "+
			"(this server refuses one without force: true, as it would replace the primary that finish handed out). "+
			"Update every client on the old secondary to the new one or to the primary. Until %s this server takes an "+
			"unchanged secondary as not settled; from then on it takes it as showing that step was never applied, and "+
			"a start goes ahead.", read, rotationTime(finished), rotationTime(until))
	}
	return unsure, settle
}

// RotationStartMayStillLand refuses a start step while this server's start step at started,
// whose answer was lost, may still replace the secondary key (until until): starting again now
// could replace it twice, the second time after clients were moved to this start's key.
// finished: as mayStillLand's.
func RotationStartMayStillLand(app string, started, until, finished time.Time, unavailable []UnavailableTool) string {
	unsure, settle := mayStillLand(started, until, finished, unavailable)
	return fmt.Sprintf("Refused to start another key rotation of %s: %s. Starting again now would replace the secondary "+
		"key, and should the earlier step land after it, that would replace the key this start hands out and cut off the "+
		"clients moved to it. Nothing was changed, and nobody was asked. %s Only if you know that step was not applied, "+
		"call start again with force: true.", app, unsure, settle)
}

// RotationFinishMayStillLand refuses a finish step while this server's start step at started,
// whose answer was lost, may still replace the secondary key (until until): it neither went
// through nor is known not to have.
// finished: as mayStillLand's.
func RotationFinishMayStillLand(app string, started, until, finished time.Time, unavailable []UnavailableTool) string {
	unsure, settle := mayStillLand(started, until, finished, unavailable)
	return fmt.Sprintf("Refused to finish the key rotation of %s: %s. Finishing replaces the primary key and cuts off "+
		"every client still using it, so it is safe only once every client uses the new secondary key, which may not "+
		"exist yet. Nothing was changed, and nobody was asked. %s", app, unsure, settle)
}

// RotationStartHadNoEffect refuses a finish step after this server's start step at started, whose
// answer was lost, turned out not to have taken effect.
func RotationStartHadNoEffect(app string, started time.Time) string {
	return fmt.Sprintf("Refused to finish the key rotation of %s. This server's start step at %s got no clear answer, and "+
		"the secondary key is still the one from before it (checked just now), so that step did not take effect. "+
		"Nothing was changed, and nobody was asked. Call rotate_api_keys with step \"start\" to begin the rotation.",
		app, rotationTime(started))
}

// RotationUnsureRestartEffect: a forced start after a start step whose outcome is unknown.
func RotationUnsureRestartEffect(started time.Time) string {
	return fmt.Sprintf("This server's start step at %s got no clear answer: the current secondary key may be the one it "+
		"made, and clients already using it lose access too.", rotationTime(started))
}

// RotationUnsureEffect: a forced finish after a start step whose outcome is unknown.
func RotationUnsureEffect(started time.Time) string {
	return fmt.Sprintf("This server's start step at %s got no clear answer, so it cannot tell whether that step made the "+
		"current secondary key, nor whether every client already uses it.", rotationTime(started))
}

// RotationFinishUnsureValid: a forced finish after a start step whose outcome is unknown.
func RotationFinishUnsureValid(started time.Time) string {
	return fmt.Sprintf("both: the new primary and the current secondary; the start step at %s got no clear answer, so "+
		"this server cannot say whether it made that secondary", rotationTime(started))
}

// finishMayStillLand is what RotationFinishPending and RotationStartFinishPending say of this
// server's finish step at at whose answer was lost and which may still be applied until until
// (unavailable: as RotationFinishUnseen's; get_api_keys is named only where usable). blind: a
// changed primary does not show whether it went through (the primary before it was not read, or
// another call replaced the primary since), so only the window settles it.
func finishMayStillLand(at, until time.Time, blind bool, unavailable []UnavailableTool) (unsure, settle string) {
	read := readKeys(unavailable)
	unsure = fmt.Sprintf("this server's finish step at %s got no clear answer (a gateway gave up waiting, or no answer came "+
		"back) and may still land. The primary key is still the one from before it (checked just now), but the request "+
		"may still be running, and the API may replace the primary a moment later", rotationTime(at))
	settle = fmt.Sprintf("%s: a primary other than the one from before that step means it went through and the rotation "+
		"is complete (clients stay on the secondary key or switch to the new primary). Until %s this server takes an "+
		"unchanged primary as not settled; from then on it takes it as showing that step was never applied.",
		read, rotationTime(until))
	if blind {
		unsure = fmt.Sprintf("this server's finish step at %s got no clear answer (a gateway gave up waiting, or no answer "+
			"came back) and may still land. The request may still be running, and the API may replace the primary a moment "+
			"later. Reading the keys does not tell whether it went through. The primary before it was not read, or another "+
			"call (regenerate_api_key, a forced finish, another finish step that got no clear answer) replaced the "+
			"primary since or may still", rotationTime(at))
		settle = fmt.Sprintf("Until %s this server takes that step as not settled; from then on it can no longer land, "+
			"and this server takes it as never applied.", rotationTime(until))
	}
	return unsure, settle
}

// rotationChangedByAnother is RotationLost's text for RotationChangedByAnother (held: its text
// for a finish step held until until; primary: what a start step's text says of the primary).
func rotationChangedByAnother(head, step, read string, until time.Time, twice bool, held string, primary, secondary primaryWords) string {
	if step == "start" {
		by := "regenerate_api_key, which this server ran while this step was in flight, replaced the secondary too"
		later := "unless this step lands later"
		if twice {
			by = "this server's earlier start step, whose answer was lost, may still land and may have made it instead"
			later = "unless either step lands later"
		}
		return fmt.Sprintf("%s The keys read just after show a new secondary key, but %s. So that does not tell whether this step was "+
			"applied, or whether it may still be and replace the secondary once more. A gateway that gave up waiting, or "+
			"a lost connection, does not stop the request. %s.\n\nValid now: %s; the secondary is the one read just after, "+
			"%s.\nNext: Read the keys again with %s before telling clients anything. Do not start again blindly: that would "+
			"replace a secondary key clients may already use. A finish is refused on this doubt until called with force: "+
			"true, once every client uses the current secondary. %s", head, by, upperFirst(primary.kept), primary.valid, later,
			read, rotationMemory)
	}
	by := "regenerate_api_key, which this server ran while this step was in flight, replaced the primary too"
	if twice {
		by = "this server's earlier finish step, whose answer was lost, may have replaced it"
	}
	text := fmt.Sprintf("%s The keys read just after show a new primary key, but %s, so that does not tell whether this "+
		"step was applied. %s.\n\nValid now: %s; the primary is the one read just after, unless a finish step still "+
		"lands and replaces it.\nNext: Read the keys again with %s before telling clients anything.", head, by,
		upperFirst(secondary.kept), secondary.valid, read)
	if until.IsZero() {
		return text
	}
	if !twice {
		held = "Do not call finish again blindly: until " + rotationTime(until) + " this server refuses another finish (and " +
			"a start) without force: true whatever the keys show. This step may still land and replace the primary " +
			"once more. From then on this server takes it as never applied, and the rotation stands as before it."
	}
	return text + " " + held
}

// RotationFinishPending refuses a finish step while this server's finish step at at, whose
// answer was lost, may still replace the primary key (until until): finishing again now could
// replace it twice, the second time after clients were told of this finish's new primary.
// blind: as finishMayStillLand's.
func RotationFinishPending(app string, at, until time.Time, blind bool, unavailable []UnavailableTool) string {
	unsure, settle := finishMayStillLand(at, until, blind, unavailable)
	return fmt.Sprintf("Refused to finish the key rotation of %s again: %s. Finishing again now would replace the primary "+
		"key, and should the earlier step land after it, that would replace the primary this finish hands out too. Nothing "+
		"was changed, and nobody was asked. %s Only if you know that step was not applied, call finish again with force: "+
		"true.", app, unsure, settle)
}

// RotationStartFinishPending refuses a start step while this server's finish step at at, whose
// answer was lost, may still replace the primary key (until until): whether the rotation it
// finishes is complete is not known yet. blind: as finishMayStillLand's; started: this server
// remembers the start step of that rotation, which stands again should that finish step prove
// never applied. later: when this server's start step taken after that finish step ran (a forced
// start: a rotation of its own, which stands whatever that finish step does); zero when none.
func RotationStartFinishPending(app string, at, until time.Time, blind, started bool, later time.Time,
	unavailable []UnavailableTool) string {
	unsure, settle := finishMayStillLand(at, until, blind, unavailable)
	then := "Once it went through, or from then on, a start goes ahead."
	switch {
	case !later.IsZero():
		then = fmt.Sprintf("This server's start step at %s, taken after that finish step, began a rotation of its own. "+
			"Whether or not that finish step goes through, a start is refused while the secondary key may be the one that "+
			"start step made. Once every client uses it, call finish (refused too while that finish step may still land, "+
			"until %s at the latest).", rotationTime(later), rotationTime(until))
	case started && blind:
		then = "From then on the rotation stands as before that step: a start is refused while the secondary key may be " +
			"the one its start step made (call finish once every client uses it)."
	case started:
		then = "Once it went through, a start goes ahead. From then on an unchanged primary leaves the rotation as before " +
			"that step. A start is refused while the secondary key may be the one its start step made (call finish once " +
			"every client uses it)."
	case blind:
		then = "From then on a start goes ahead."
	}
	return fmt.Sprintf("Refused to start another key rotation of %s: %s, so whether that rotation is complete is not "+
		"known yet. Starting now would replace the secondary key, which every client was to be moved to for that finish. "+
		"Nothing was changed, and nobody was asked. %s %s Only if no client uses the secondary key, call start again with "+
		"force: true.", app, unsure, settle, then)
}

// RotationFinishPendingEffect: a forced step while this server's finish step at at, whose
// answer was lost, may still land.
func RotationFinishPendingEffect(at time.Time) string {
	return fmt.Sprintf("This server's finish step at %s got no clear answer and may still land: the API may replace the "+
		"primary key after this step too.", rotationTime(at))
}

// RotationFinishPendingNote follows the next step of a forced step taken while this server's
// finish step at at, whose answer was lost, may still land (until until).
// start: the step was a start, whose next step is a finish, which that finish step holds back too.
func RotationFinishPendingNote(at, until time.Time, start bool) string {
	note := fmt.Sprintf(" Note: this server's finish step at %s got no clear answer and may still land until %s. If it "+
		"does, it replaces the primary key once more, and clients using the primary (including one handed out here) lose "+
		"access. Read the keys again after %s before moving clients to the primary; the secondary key is not touched by it.",
		rotationTime(at), rotationTime(until), rotationTime(until))
	if start {
		note += " " + finishWaitsForHeld(at, until)
	}
	return note
}

// RotationUnsureRestartValid: a forced start after this server's start step at started got no
// clear answer (nothing settled whether it replaced the secondary key).
func RotationUnsureRestartValid(started time.Time) string {
	return fmt.Sprintf("both: the primary (unchanged) and the new secondary; this server's start step at %s got no clear "+
		"answer. So the secondary this step replaced may have been the one it made: clients already moved to that key "+
		"have lost access", rotationTime(started))
}

// RotationUnsureRestartLateNote follows the next step of a forced start while this server's
// start step at started, whose answer was lost, may still land (until until).
func RotationUnsureRestartLateNote(started, until time.Time) string {
	return fmt.Sprintf(" Note: the start step at %s may still land until %s: if it does, it replaces this new secondary "+
		"key, and clients moved to it lose access. Read the keys again after %s before moving clients: a secondary other "+
		"than this one means it landed, and clients need that one.", rotationTime(started), rotationTime(until), rotationTime(until))
}

// RotationUnsureFinishLateNote follows the next step of a forced finish while this server's start
// step at started, whose answer was lost, may still land (until until): it would replace the
// secondary key the finish left clients on.
func RotationUnsureFinishLateNote(started, until time.Time) string {
	return fmt.Sprintf(" Note: the start step at %s may still land until %s: if it does, it replaces the secondary key, "+
		"and clients using it lose access. Read the keys again after %s before telling clients on the secondary they are "+
		"done; the new primary is not touched by it.", rotationTime(started), rotationTime(until), rotationTime(until))
}

// RegeneratedSecondaryNext follows regenerate_api_key's new secondary key with the skill's next
// steps of a rotation without downtime (update clients to the new secondary, then regenerate the
// primary): the call that replaces the primary, with again (the app and organization as the
// caller named them). maskedSandbox: keys shown masked in the sandbox, whose note says no real
// client uses them, so none is told to move (as RotationStartNextMaskedSandbox).
func RegeneratedSecondaryNext(maskedSandbox bool, again ...Arg) string {
	replace := Call("regenerate_api_key", append(slices.Clone(again), Arg{Name: "key_number", Value: 1})...) + " replaces the primary."
	if maskedSandbox {
		return "Next, for no downtime: in the sandbox no client needs moving to the new secondary (see above), so " + replace
	}
	return "Next, for no downtime: move every client to the new secondary key, then " + replace
}

// RegenerateLostStepNote warns, after regenerate_api_key, that this server's rotation step
// ("start" or "finish") sent at at, whose answer was lost, may still land until until and replace
// a key then: the one just regenerated, if it is that key.
func RegenerateLostStepNote(step string, at, until time.Time) string {
	key := "secondary"
	if step == "finish" {
		key = "primary"
	}
	return fmt.Sprintf("Note: a rotation step whose answer was lost may still land. This server's %s step of "+
		"rotate_api_keys at %s got no clear answer and may still land until %s. If it does, it replaces the %s key "+
		"(including one regenerated here), and clients using it lose access. Read the keys again after %s before "+
		"handing out the %s key.", step, rotationTime(at), rotationTime(until), key, rotationTime(until), key)
}

// RotationUncheckedEffect: a forced step while the keys could not be read, so whether the
// secondary is still the one this server's start step at started made was not checked.
func RotationUncheckedEffect(started time.Time) string {
	return fmt.Sprintf("The keys could not be read, so this server could not check whether the secondary key is still "+
		"the one its start step made at %s.", rotationTime(started))
}

// RotationUncheckedNote follows the next step of a step forced while the keys could not be read.
func RotationUncheckedNote(started time.Time) string {
	return fmt.Sprintf(" Note: the keys could not be read before this step, so this server could not check whether the "+
		"secondary key was still the one its start step made at %s. Whether that rotation stands as it left it is unsure.",
		rotationTime(started))
}

// RegenerateRefused: the API refused a regenerate_api_key call (err: client.APIError.Refused,
// such as a token revoked): the error and its remedy, then which keys stand (none was replaced)
// and the call that runs it again.
func RegenerateRefused(err error, app string, keyNumber int, again ...Arg) string {
	stands := fmt.Sprintf("Neither key of %s was replaced", app)
	switch keyNumber {
	case client.KeyPrimary:
		stands = fmt.Sprintf("The primary key of %s was not replaced", app)
	case client.KeySecondary:
		stands = fmt.Sprintf("The secondary key of %s was not replaced", app)
	}
	return fmt.Sprintf("%s\n\n%s: both keys are as they were, both still valid, so clients need no change. "+
		"Once the cause is dealt with, run it again: %s.", Error(err), stands, Call("regenerate_api_key", again...))
}

// RotationStepRefused: the API refused a rotate_api_keys step (err: an answer saying it was not
// applied, such as a token revoked between the steps): the error and its remedy, then what
// stands (the step replaced no key) and the call that runs the step again.
func RotationStepRefused(err error, app, step string, again ...Arg) string {
	stands := fmt.Sprintf("The start step did not replace the secondary key of %s: no rotation was started, and both keys are as they were.", app)
	if step == "finish" {
		stands = fmt.Sprintf("The finish step did not replace the primary key of %s: both keys are as they were, both still valid, "+
			"so the rotation is not finished.", app)
	}
	return fmt.Sprintf("%s\n\n%s Once the cause is dealt with, run the step again: %s.", Error(err), stands, Call("rotate_api_keys", again...))
}
