package tools

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// RotationStep is a phase of zero-downtime key rotation.
type RotationStep string

// jsonSchema is the type's own schema (see schema.go).
func (RotationStep) jsonSchema() *schema {
	return enum([]string{"start", "finish"}, "")
}

// stepArg is rotate_api_keys' step as sent: given tells "" (a value the enum refuses, quoted
// as received) from an absent or null step (required, and nothing was received).
type stepArg struct {
	RotationStep
	given bool
}

// jsonSchema is the type's own schema (see schema.go).
func (stepArg) jsonSchema() *schema { return RotationStep("").jsonSchema() }

// UnmarshalJSON takes a string; null is no step.
func (s *stepArg) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = stepArg{RotationStep: RotationStep(v), given: true}
	return nil
}

type rotateArgs struct {
	App  AppRef  `json:"app"`
	Step stepArg `json:"step"`
	// Force goes ahead when this server's memory of the start steps says it is not safe.
	Force   bool       `json:"force,omitempty" jsonschema:"description=Skip the sequence check"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *rotateArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if !a.Step.given { // absent or null: nothing was received
		fe.Check("step", present.ArgRotationStepRequired)
		return fe
	}
	fe.Check("step", rules.Enum(string(a.Step.RotationStep), []string{"start", "finish"}))
	return fe
}

type rotation struct {
	// Warning is the key-storage warning: the structured content carries keys too.
	Warning string `json:"warning"`
	Masked  string `json:"masked,omitempty"` // as keysView's
	ofApp
	client.RegeneratedAPIKeys
	Unchanged string `json:"unchanged,omitempty"` // as regeneratedView's, where the text leaves the key out
	Step      string `json:"step"`
	ValidKey  string `json:"valid_key"`
	Next      string `json:"next"`
}

var rotateAPIKeys = register(define[rotateArgs, rotation](Tool{
	Name: "rotate_api_keys", Title: "Rotate API keys", Toolset: ToolsetWorkflows,
	Operations: []*api.Operation{api.ListProjects, api.RegenerateProjectAPIKey},
	// Before each step, where the token can: is a remembered start step's secondary still in
	// place? And after a step whose answer was lost: did it replace its key?
	MayCall:  []*api.Operation{api.GetProjectAPIKeys, api.ListOrgs},
	Optional: []*api.Operation{api.GetProjectAPIKeys},
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "step": "start"}, Invalid: map[string]any{"app": "analytics-app", "step": "middle"}},
	Description: "Rotate (roll, swap, change regularly) an app's API keys gradually with zero downtime: start " +
		"renews the secondary; when every client uses it, finish renews the primary.",
	Destructive: true,
}, rotate))

// rotate runs one step. The API keeps no timestamps on keys, so the order of the steps is
// checked against this server's memory of the start steps it ran (rotationLedger): a finish
// without a start step it saw, or a second start while the first one's secondary key is still
// in place, is refused unless force says the agent knows; a finish also checks that the
// secondary key is still the one the start step made. Only then is a person asked.
func rotate(ctx context.Context, env *Env, c *client.Client, a rotateArgs) (*Result, error) {
	app, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	label := app.named()
	seen := env.rotations.get(app.ID)
	// The keys before the step: they check a remembered start step, and tell afterwards whether a
	// step whose answer is lost replaced its key. Read where the token can; needed only to check.
	before, err := c.GetProjectAPIKeys(ctx, app.ID)
	if err != nil && seen.known() && !a.Force { // force goes ahead unchecked, and says so
		return nil, err
	}
	if err != nil {
		before = nil // not read: a step whose answer is lost stays unsettled (rotationLost)
	}
	now := env.Poll.withDefaults().Now()
	if before != nil && seen.finishLanded(before.APIKey) {
		// A finish step whose answer was lost went through after all: the primary is a new one.
		seen = env.rotations.settleFinished(app.ID, seen, now)
	}
	// A finish step whose answer was lost and which may still land (the primary is still the one
	// from before it): another step waits, as after a start step that may still land; once it can
	// no longer land, the unchanged primary settles it as not applied.
	finishPending := false
	if before != nil && before.APIKey != "" && seen.finishing && !seen.finishLanded(before.APIKey) {
		if finishPending = seen.finishMayStillLand(now); !finishPending {
			seen = env.rotations.settleNotFinished(app.ID, seen)
		}
	}
	if before == nil && seen.finishing { // not read (forced): only the window tells it can no longer land
		finishPending = seen.finishMayStillLand(now)
	}
	// The start step's secondary key still in place: the rotation is open.
	open := false
	// unsure: a start step whose answer was lost, and nothing tells yet whether it replaced the
	// secondary key (late: the secondary is unchanged, but the step may still land); noEffect: it
	// did not (the secondary is still the one from before it, and it can no longer land).
	unsure, late, noEffect := false, false, false
	noEffectStart := time.Time{} // when noEffect: when that start step ran
	// unchecked: a forced step with the keys unread: whether that start step's secondary is still
	// in place is not known.
	unchecked := false
	// recorded: what the ledger holds once a start step no longer counts (a finish step still held).
	var recorded openRotation
	switch {
	case !seen.startSeen(): // none, or only a finish step still held (finishPending)
		recorded = seen
	case seen.finishedOver() && seen.unsure && !seen.hadBefore && !seen.mayStillLand(now):
		// Finished over, and it can no longer land: nothing is left for it to guard.
		recorded = env.rotations.forget(app.ID, seen)
		seen = recorded
	case before == nil && seen.unsure: // forced, the keys unread
		unsure, late = true, seen.mayStillLand(now)
	case before == nil: // forced, the keys unread
		unchecked, recorded = true, seen
	case seen.unchanged(before.APIKey2) && seen.mayStillLand(now):
		unsure, late = true, true
	case seen.unchanged(before.APIKey2):
		noEffect, noEffectStart = true, seen.started
		recorded = env.rotations.forgetNoEffect(app.ID, seen)
	case seen.unsure && seen.hadBefore:
		// The secondary changed since the key read before that start step: it went through.
		seen = env.rotations.settle(app.ID, seen, before.APIKey2)
		open = seen.known()
	case seen.unsure:
		unsure = true
	default:
		if open = seen.made(before.APIKey2); !open {
			// Replaced since (another tool, replica or the console): that start step no longer counts.
			recorded = env.rotations.forget(app.ID, seen)
		}
	}
	if a.Step.RotationStep == "finish" && !noEffect && !seen.startSeen() && before != nil {
		// A start step found without effect before (and forgotten then), the secondary unchanged since.
		noEffectStart, noEffect = env.rotations.hadNoEffect(app.ID, before.APIKey2)
	}
	// Either step replaces a key and cuts off the clients still using it: a human must agree,
	// as for regenerate_api_key.
	key, action := client.KeySecondary, present.RotateStartAction(app.shown())
	effects := []string{present.EffectPrimaryKept}
	valid, next := present.RotationStartValid, present.RotationStartNext
	note := "" // said after next: what a forced step leaves open
	if finishPending {
		note = present.RotationFinishPendingNote(seen.finishAt, seen.finishAt.Add(rotationLateWindow), a.Step.RotationStep == "start")
	}
	// What this server refuses without force: true (force goes ahead, and says what it does not
	// know); a forced step that then does not take effect is to be sent again with force.
	refused := ""
	switch {
	case a.Step.RotationStep == "start" && finishPending:
		later := time.Time{} // a start step taken after that finish step: its rotation stands whatever that step does
		if seen.startSeen() && seen.afterFinish {
			later = seen.started
		}
		refused = present.RotationStartFinishPending(label, seen.finishAt, seen.finishAt.Add(rotationLateWindow),
			seen.finishBlind, seen.startSeen(), later, unusableTools(ctx, env, "get_api_keys"))
	case a.Step.RotationStep == "start" && open && seen.finishedOver():
		refused = present.RotationStartLandedAfterFinish(label, seen.started, seen.finishedAt)
	case a.Step.RotationStep == "start" && open:
		refused = present.RotationStartOpen(label, seen.started)
	case a.Step.RotationStep == "start" && late:
		refused = present.RotationStartMayStillLand(label, seen.started, seen.started.Add(rotationLateWindow), seen.finishedAt,
			unusableTools(ctx, env, "get_api_keys"))
	case a.Step.RotationStep == "start" && unsure && seen.finishedOver() && seen.mayStillLand(now):
		refused = present.RotationStartUnsureFinishedOver(label, seen.started, seen.started.Add(rotationLateWindow))
	case a.Step.RotationStep == "start" && unsure:
		refused = present.RotationStartUnsure(label, seen.started, unusableTools(ctx, env, "get_api_keys"))
	case a.Step.RotationStep == "start":
	case finishPending:
		refused = present.RotationFinishPending(label, seen.finishAt, seen.finishAt.Add(rotationLateWindow),
			seen.finishBlind, unusableTools(ctx, env, "get_api_keys"))
	case late:
		refused = present.RotationFinishMayStillLand(label, seen.started, seen.started.Add(rotationLateWindow), seen.finishedAt,
			unusableTools(ctx, env, "get_api_keys"))
	case unsure && seen.finishedOver() && seen.mayStillLand(now):
		refused = present.RotationFinishUnsureFinishedOver(label, seen.started, seen.started.Add(rotationLateWindow),
			seen.finishedAt)
	case unsure:
		refused = present.RotationFinishUnsure(label, seen.started, seen.regenerated, seen.overStart, unusableTools(ctx, env, "get_api_keys"))
	case noEffect:
		refused = present.RotationStartHadNoEffect(label, noEffectStart)
	case open && seen.finishedOver():
		refused = present.RotationFinishLandedAfterFinish(label, seen.started, seen.finishedAt,
			unusableTools(ctx, env, "get_api_keys"))
	case !seen.startSeen():
		refused = present.RotationFinishUnseen(label, unusableTools(ctx, env, "get_api_keys"))
		if f, ok := env.rotations.lastFinished(app.ID); ok { // it saw one, finished already
			refused = present.RotationFinishedAlready(label, f.started, f.finished)
		}
	case !open:
		refused = present.RotationSecondaryReplaced(label, seen.started, unusableTools(ctx, env, "get_api_keys"))
	}
	if refused != "" && !a.Force {
		return refusal(refused), nil
	}
	switch {
	case a.Step.RotationStep == "start" && open:
		effects = append(effects, present.RotationRestartEffect(seen.started))
		valid = present.RotationRestartValid(seen.started)
	case a.Step.RotationStep == "start" && unsure:
		effects = append(effects, present.RotationUnsureRestartEffect(seen.started))
		valid = present.RotationUnsureRestartValid(seen.started)
		if late {
			note = present.RotationUnsureRestartLateNote(seen.started, seen.started.Add(rotationLateWindow))
		}
	case a.Step.RotationStep == "start" && unchecked:
		effects = append(effects, present.RotationUncheckedEffect(seen.started))
		note += present.RotationUncheckedNote(seen.started)
	case a.Step.RotationStep == "start":
	default:
		key, action = client.KeyPrimary, present.RotateFinishAction(app.shown())
		effects = []string{present.EffectKeyGone}
		valid, next = present.RotationFinishUnseenValid, present.RotationFinishForcedNext
		switch {
		case open:
			effects = append(effects, present.RotationSeenEffect(seen.started))
			valid, next = present.RotationFinishSeenValid(seen.started), present.RotationFinishNext
		case unsure:
			effects = append(effects, present.RotationUnsureEffect(seen.started))
			valid = present.RotationFinishUnsureValid(seen.started)
			if late {
				note = present.RotationUnsureFinishLateNote(seen.started, seen.started.Add(rotationLateWindow))
			}
		case unchecked:
			effects = append(effects, present.RotationUncheckedEffect(seen.started))
			note += present.RotationUncheckedNote(seen.started)
		case noEffect:
			effects = append(effects, present.RotationNoEffectEffect(noEffectStart))
			valid = present.RotationFinishNoEffectValid(noEffectStart)
		case seen.startSeen():
			effects = append(effects, present.RotationReplacedEffect(seen.started))
			valid = present.RotationFinishReplacedValid(seen.started)
		default:
			effects = append(effects, present.RotationUnseenEffect)
		}
	}
	if finishPending { // forced
		effects = append(effects, present.RotationFinishPendingEffect(seen.finishAt))
	}
	if r := env.confirm(ctx, confirmation{tool: "rotate_api_keys", args: a, targetID: fmt.Sprintf("app:%d", app.ID),
		target: app.Name, fold: true, typed: string(a.Confirm), effects: effects, action: action}); r != nil {
		return r, nil
	}
	// What was checked still holds (no other call for this app ran meanwhile), and no other call
	// for this app runs until this one has recorded what it did.
	if !open && !unsure {
		seen = recorded
	}
	if !env.rotations.claim(app.ID, seen) {
		return refusal(present.RotationBusy(label)), nil
	}
	now = env.Poll.withDefaults().Now()
	keys, err := c.RegenerateProjectAPIKey(ctx, app.ID, key)
	if err == nil && before != nil && answeredKeyBefore(key, *before, keys.APIKeys) {
		err = errKeyBefore // no new key shown: settled by a read, as a lost answer is
	}
	if client.MayHaveApplied(err) || errors.Is(err, errKeyBefore) {
		return rotationLost(ctx, env, c, app, a.Step.RotationStep, before, now, refused != "", noEffectStart, err), nil
	}
	if err != nil {
		env.rotations.done(app.ID, a.Step.RotationStep, false, time.Time{}, "", "")
		// Answered and not applied (a token revoked between the steps, a scope taken away): what
		// stands, and the step's call again, with the error's remedy.
		var apiErr *client.APIError
		if errors.As(err, &apiErr) {
			again := append(appAgain(string(a.App), a.orgArg), present.Arg{Name: "step", Value: string(a.Step.RotationStep)}, present.Arg{Name: "force", Value: a.Force})
			return failedBy(present.RotationStepRefused(err, label, string(a.Step.RotationStep), again...), err), nil
		}
		return nil, err
	}
	env.rotations.done(app.ID, a.Step.RotationStep, true, now, keys.APIKey, keys.APIKey2)
	// A step shows the key it left alone only where clients may lack it: a finish whose
	// secondary is not the start step's as checked (no start seen, replaced, unchecked).
	showKept := a.Step.RotationStep == "finish" && !open
	// keptReplaced: the answer shows the key the step left alone other than as read just before it.
	keptReplaced := before != nil && keptKeyChanged(key, *before, keys.APIKeys)
	if keptReplaced && a.Step.RotationStep == "start" {
		valid, next, showKept = present.RotationStartPrimaryReplacedValid, present.RotationStartPrimaryReplacedNext+next, true
	}
	if a.Step.RotationStep == "finish" && open {
		switch replaced, checked := secondaryReplaced(ctx, c, app.ID, seen, keys.APIKey2); {
		case !checked: // neither the answer nor a read after it shows the secondary: not vouched for
			valid, next = present.RotationFinishSecondaryUncheckedValid(seen.started), present.RotationFinishSecondaryUncheckedNext
			showKept = true
		case replaced:
			// Checked unchanged before the primary was replaced, yet another call replaced it meanwhile.
			valid, next = present.RotationFinishSecondaryChangedValid(seen.started), present.RotationFinishSecondaryChangedNext
			showKept, keptReplaced = true, true
		}
	}
	keys.APIKeys = env.shownKeys(keys.APIKeys)
	if next == present.RotationStartNext && env.Safety.MaskAPIKeys {
		next = present.RotationStartNextMasked // the new secondary key is not in this result
		if env.Sandbox {                       // nor in any portal
			next = present.RotationStartNextMaskedSandbox
		}
	}
	next += note
	unavailable := unusableTools(ctx, env, "get_api_keys")
	text := present.Rotation(label, keys.APIKeys, keys.RegeneratedKey, showKept, keptReplaced, env.maskedNote(ctx), valid, next, unavailable)
	view := rotation{Warning: present.KeyWarning, Masked: env.maskedNote(ctx), ofApp: app.of(), RegeneratedAPIKeys: *keys,
		Step: string(a.Step.RotationStep), ValidKey: valid, Next: next}
	if !showKept {
		view.RegeneratedAPIKeys, view.Unchanged = withoutKeptKey(*keys), present.KeptKey(keys.RegeneratedKey, unavailable)
	}
	return &Result{Text: text, Structured: view}, nil
}

// errKeyBefore: a step answered with the key it replaces as read just before it, so the answer
// shows no new key.
var errKeyBefore = errors.New(present.RotationAnsweredKeyBefore)

// answeredKeyBefore reports whether the regeneration of key answered with that key as before held it.
func answeredKeyBefore(key int, before, answered client.APIKeys) bool {
	if key == client.KeyPrimary {
		return before.APIKey != "" && answered.APIKey == before.APIKey
	}
	return before.APIKey2 != "" && answered.APIKey2 == before.APIKey2
}

// keptKeyChanged reports whether the regeneration of key answered with the other key, the one it
// leaves alone, other than before held it (both shown).
func keptKeyChanged(key int, before, answered client.APIKeys) bool {
	if key == client.KeyPrimary {
		return before.APIKey2 != "" && answered.APIKey2 != "" && answered.APIKey2 != before.APIKey2
	}
	return before.APIKey != "" && answered.APIKey != "" && answered.APIKey != before.APIKey
}

// rotationLost settles a step whose answer was lost (err) with one read of the keys, compared
// with those read before it (before; nil when the token could not read them), records what is
// known, and says which key may have changed, which is untouched, and what to do next.
// noEffectStart: the start step a finish was forced over, which had no effect (zero when none).
func rotationLost(ctx context.Context, env *Env, c *client.Client, app appTarget, step RotationStep, before *client.APIKeys,
	at time.Time, forced bool, noEffectStart time.Time, err error) *Result {
	settled := present.RotationUnsettled
	held := time.Time{}    // until when another step is refused: a finish step that may still land
	overHeld := false      // recorded over an earlier finish step still held: a changed primary settles neither
	noReadSettles := false // a start recorded unsure with no secondary to compare: a finish needs force
	// Another call may have changed the step's key while it was in flight: regenerate_api_key (this
	// server's), or, for a finish, an earlier finish step whose answer was lost and which is still
	// held. A changed key then does not show this step went through.
	regen := env.rotations.regeneratedInFlight(app.ID)
	// What was recorded before this step (app is claimed: unchanged since). A finish step still held
	// may replace the primary, which a start step's text would call untouched; an earlier start step
	// still unsure that may still land (a forced start over it) may be what changed the secondary.
	prior := env.rotations.get(app.ID)
	// An earlier start step that may still land may replace the secondary, which a finish leaves alone.
	startMayLand := prior.mayStillLand(at)
	earlierStart := step == "start" && startMayLand
	earlier := step == "finish" && prior.finishing
	other := regen.secondary || earlierStart
	if step == "finish" {
		other = regen.primary || earlier
	}
	after, readErr := c.GetProjectAPIKeys(ctx, app.ID)
	if readErr == nil && before != nil {
		changed := after.APIKey2 != before.APIKey2
		if step == "finish" {
			changed = after.APIKey != before.APIKey
		}
		switch {
		case changed && other:
			settled = present.RotationChangedByAnother
		case changed:
			settled = present.RotationApplied
		case client.MayStillApply(err):
			// A gateway gave up waiting, or no answer came back: the step may land after the read.
			settled = present.RotationMayStillApply
		default: // the API (or a server) answered after it stopped handling the request
			settled = present.RotationNotApplied
		}
	}
	switch {
	case settled == present.RotationApplied:
		env.rotations.done(app.ID, step, true, at, after.APIKey, after.APIKey2)
	case step == "start" && settled != present.RotationNotApplied:
		secondary := ""
		if before != nil && !regen.secondary && !earlierStart { // (else no read settles this step)
			secondary = before.APIKey2
		}
		env.rotations.doneUnsure(app.ID, at, secondary, client.MayStillApply(err), regen.secondary, earlierStart)
		noReadSettles = secondary == ""
	case step == "finish" && settled != present.RotationNotApplied && (before != nil || client.MayStillApply(err)):
		// It may have replaced the primary (or may still): the rotation stays open, and a read
		// showing another primary than before settles it as finished (with none read before, only
		// the window settles it).
		primary := ""
		if before != nil && !regen.primary { // (else only the window settles it)
			primary = before.APIKey
		}
		overHeld = env.rotations.finishUnsure(app.ID, at, primary, client.MayStillApply(err))
		if r := env.rotations.get(app.ID); r.finishing && r.finishLate { // (over a finish held: until the later one's window ends)
			held = r.finishAt.Add(rotationLateWindow)
		}
	default: // nothing changed, or a finish not settled: the start step it completes still counts
		env.rotations.done(app.ID, step, false, time.Time{}, "", "")
	}
	why := present.OutcomeUnknownWhy(err)
	if errors.Is(err, errKeyBefore) {
		why = present.RotationAnsweredKeyBefore
	}
	lost := present.LostRotationStep{App: app.named(), Step: string(step), Why: why, Settled: settled,
		Until: held, Twice: overHeld || earlier || earlierStart, Forced: forced,
		NoReadSettles: noReadSettles, NoEffectStart: noEffectStart,
		Unavailable: unusableTools(ctx, env, "get_api_keys")}
	if client.MayStillApply(err) {
		lost.LandsUntil = at.Add(rotationLateWindow)
	}
	if startMayLand {
		lost.EarlierStart, lost.EarlierStartUntil = prior.started, prior.started.Add(rotationLateWindow)
		lost.EarlierStartSettles = prior.hadBefore
	}
	if prior.finishMayStillLand(at) { // it may replace the primary, which neither a start nor an unapplied finish touched
		lost.HeldFinish, lost.HeldFinishUntil = prior.finishAt, prior.finishAt.Add(rotationLateWindow)
	}
	return failedBy(present.RotationLost(lost), err)
}

// secondaryReplaced reports whether the secondary key after a finish step is no longer the one
// the start step it completes made (seen): by the regenerate answer's secondary, or, when the
// answer leaves it out, by one read of the keys where the token can. checked is false when
// neither shows it (the read failed or left it out too): it was checked only just before the
// step, so it is not vouched for after it.
func secondaryReplaced(ctx context.Context, c *client.Client, app int64, seen openRotation, answered string) (replaced, checked bool) {
	if answered == "" {
		after, err := c.GetProjectAPIKeys(ctx, app)
		if err != nil || after.APIKey2 == "" {
			return false, false
		}
		answered = after.APIKey2
	}
	return !seen.made(answered), true
}
