package tools

import (
	"crypto/sha256"
	"sync"
	"time"
)

// rotationLedger remembers, in this process's memory only, the rotations rotate_api_keys
// started and has not finished: per app (an app ID names one app of one organization), when
// the start step ran and the SHA-256 of the secondary key it made, never the key. The API
// keeps no timestamps on keys, so this is all that knows the order of the steps; a restart
// forgets it and replicas do not share it, which the refusals and results say.
type rotationLedger struct {
	mu   sync.Mutex
	seq  uint64
	open map[int64]openRotation
	busy map[int64]bool
	// regenerated is, per app with a step in flight (busy), the keys regenerate_api_key replaced
	// or may have replaced meanwhile (regeneratedPrimary, regeneratedSecondary): a read after a
	// lost answer showing that key changed does not show the step went through.
	regenerated map[int64]regeneratedKeys
	// finished is, per app, the last rotation this server saw finished since its last start step.
	finished map[int64]finishedRotation
	// noEffect is, per app, the last start step found not to have taken effect (forgotten as
	// such), until another step replaces a key: a finish then still says so, and what follows it.
	noEffect map[int64]startWithoutEffect
}

// startWithoutEffect is a start step whose answer was lost and that did not take effect: when it
// ran, and the SHA-256 of the secondary key from before it (still in place then).
type startWithoutEffect struct {
	started   time.Time
	secondary [sha256.Size]byte
}

// forgetNoEffect forgets app's unsure start step seen, found not to have taken effect (the
// secondary still the one from before it, which seen.secondary holds), and remembers it as such,
// under one hold of the lock: when seen is no longer app's, neither happens.
func (l *rotationLedger) forgetNoEffect(app int64, seen openRotation) openRotation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[app] != seen {
		return l.open[app]
	}
	if l.noEffect == nil {
		l.noEffect = map[int64]startWithoutEffect{}
	}
	l.noEffect[app] = startWithoutEffect{started: seen.started, secondary: seen.secondary}
	return l.forgetLocked(app, seen)
}

// hadNoEffect is when app's last start step found not to have taken effect ran, while the
// secondary is still secondary, the one from before it (ok false otherwise).
func (l *rotationLedger) hadNoEffect(app int64, secondary string) (started time.Time, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, ok := l.noEffect[app]
	if !ok || secondary == "" || sha256.Sum256([]byte(secondary)) != n.secondary {
		return time.Time{}, false
	}
	return n.started, true
}

// regeneratedKeys says which keys regenerate_api_key replaced while a step was in flight.
type regeneratedKeys struct{ primary, secondary bool }

// regeneratedInFlight is what regenerate_api_key replaced (or may have) on app since claim.
func (l *rotationLedger) regeneratedInFlight(app int64) regeneratedKeys {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.regenerated[app]
}

// markRegenerated notes, for a step of app in flight, a key regenerate_api_key replaced (or may
// have). Called with l.mu held.
func (l *rotationLedger) markRegenerated(app int64, primary bool) {
	if !l.busy[app] {
		return
	}
	if l.regenerated == nil {
		l.regenerated = map[int64]regeneratedKeys{}
	}
	k := l.regenerated[app]
	if primary {
		k.primary = true
	} else {
		k.secondary = true
	}
	l.regenerated[app] = k
}

// regenerating marks app's step in flight, if any, before regenerate_api_key replaces key (0:
// both, 1: the primary, 2: the secondary): its answer may come after a read that follows that step.
func (l *rotationLedger) regenerating(app int64, key int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if key != 2 {
		l.markRegenerated(app, true)
	}
	if key != 1 {
		l.markRegenerated(app, false)
	}
}

// finishedRotation is a rotation whose start and finish steps this server both ran.
type finishedRotation struct{ started, finished time.Time }

// lastFinished is app's rotation this server saw started and finished, with no start step
// since (ok false when none).
func (l *rotationLedger) lastFinished(app int64) (finishedRotation, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.finished[app]
	return f, ok
}

// openRotation is one start step seen and not yet finished; the zero value is "none".
type openRotation struct {
	seq       uint64
	started   time.Time
	secondary [sha256.Size]byte
	// unsure: the start step's answer was lost and no read settled whether it replaced the
	// secondary key; secondary is then the hash of the secondary before it, if read (hadBefore).
	unsure, hadBefore bool
	// regenerated: regenerate_api_key may have replaced the secondary since the unsure start
	// step, so a changed secondary no longer settles it.
	regenerated bool
	// overStart: the start step was forced over an earlier unsure one that could still land, and
	// no read settles which of them made the secondary (nor whether the other still replaces it).
	overStart bool
	// finishedAt: when a finish step replaced the primary after this unsure start step was sent,
	// while it could still land (zero when none): the record stays to guard a start until that step
	// can no longer land or a read settles it; settled as landed, the finish step came before it.
	finishedAt time.Time
	// afterFinish: the start step was recorded while a finish step of an earlier rotation was held
	// (finishing): that finish step landing does not close the rotation this start step began.
	afterFinish bool
	// late: the unsure start step may still be applied after the reads that follow it (a gateway
	// gave up waiting, or no answer came back: client.MayStillApply), so an unchanged secondary
	// settles it as not applied only once rotationLateWindow has passed since it was sent.
	late bool
	// finishing: a finish step of this rotation got no clear answer (sent at finishAt) and no
	// read settled it; primary is the hash of the primary key read before it, so a read showing
	// another primary settles it as finished.
	// finishLate: that finish step may still be applied after the reads that follow it
	// (client.MayStillApply), so an unchanged primary settles it as not applied only once
	// rotationLateWindow has passed since it was sent (finishMayStillLand).
	// finishBlind: a changed primary does not settle that finish step: the primary before it was
	// not read, or it was replaced since by another call (regenerate_api_key, a forced finish).
	// noStart: no start step is remembered; the entry only holds such a finish step (a forced
	// finish, or one after a finish that replaced the primary) until it is settled.
	finishing, finishLate, finishBlind, noStart bool
	finishAt                                    time.Time
	primary                                     [sha256.Size]byte
}

// keepFinish returns r with from's unsettled finish step (finishing and what goes with it), so
// that a step recorded over it leaves it held (nothing when from has none).
func keepFinish(r, from openRotation) openRotation {
	r.finishing, r.finishLate, r.finishBlind = from.finishing, from.finishLate, from.finishBlind
	r.finishAt, r.primary = from.finishAt, from.primary
	return r
}

// rotationLateWindow is how long after a step whose answer was lost, and which may still be
// applied (late), a read showing its key unchanged is not taken as proof it had no effect: the
// same 15 minutes a rollback whose answer was lost is remembered (lostRetryWindow).
const rotationLateWindow = lostRetryWindow

// mayStillLand reports whether r is an unsure start step that may still replace the secondary
// key at now (late, sent less than rotationLateWindow before).
func (r openRotation) mayStillLand(now time.Time) bool {
	return r.unsure && r.late && now.Sub(r.started) < rotationLateWindow
}

// finishMayStillLand reports whether r's unsure finish step may still replace the primary key at
// now (finishLate, sent less than rotationLateWindow before), as mayStillLand for a start step.
func (r openRotation) finishMayStillLand(now time.Time) bool {
	return r.finishing && r.finishLate && now.Sub(r.finishAt) < rotationLateWindow
}

// finishLanded reports whether primary, read now, shows that r's unsure finish step went
// through: it is not the primary read before that step.
func (r openRotation) finishLanded(primary string) bool {
	return r.finishing && !r.finishBlind && primary != "" && sha256.Sum256([]byte(primary)) != r.primary
}

func (r openRotation) known() bool { return r.seq != 0 }

// finishedOver reports whether a finish step replaced the primary after r's start step was sent
// while that step could still land (finishedAt).
func (r openRotation) finishedOver() bool { return !r.finishedAt.IsZero() }

// startSeen reports whether r remembers a start step (not only a finish step still held).
func (r openRotation) startSeen() bool { return r.known() && !r.noStart }

// made reports whether key is the secondary key this start step made.
func (r openRotation) made(key string) bool {
	return r.known() && !r.unsure && sha256.Sum256([]byte(key)) == r.secondary
}

// unchanged reports whether key is still the secondary from before an unsure start step (false
// when that key was not read).
func (r openRotation) unchanged(key string) bool {
	return r.unsure && r.hadBefore && sha256.Sum256([]byte(key)) == r.secondary
}

// get is the open rotation of app (the zero value when none).
func (l *rotationLedger) get(app int64) openRotation {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.open[app]
}

// forget drops app's open rotation if it is still seen, but not a finish step of it still held
// (finishing), which stays recorded alone (noStart). It returns what app now has recorded.
func (l *rotationLedger) forget(app int64, seen openRotation) openRotation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[app] != seen {
		return l.open[app]
	}
	return l.forgetLocked(app, seen)
}

// forgetLocked is forget once seen is known to be app's. Called with l.mu held.
func (l *rotationLedger) forgetLocked(app int64, seen openRotation) openRotation {
	delete(l.open, app)
	if seen.finishing {
		l.seq++
		l.open[app] = keepFinish(openRotation{seq: l.seq, noStart: true}, seen)
	}
	return l.open[app]
}

// settle records that app's unsure start step seen did replace the secondary key, now secondary:
// the rotation is open as after any start step. It returns the rotation now recorded (the zero
// value when seen is no longer app's).
func (l *rotationLedger) settle(app int64, seen openRotation, secondary string) openRotation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[app] != seen {
		return openRotation{}
	}
	l.seq++
	l.open[app] = keepFinish(openRotation{seq: l.seq, started: seen.started, secondary: sha256.Sum256([]byte(secondary)),
		afterFinish: seen.afterFinish, finishedAt: seen.finishedAt}, seen)
	return l.open[app]
}

// taintUnsure makes app's unsure start step unsettleable by a key read: a key was regenerated
// outside rotate_api_keys since, so a secondary other than the one before it no longer shows the
// start step went through (a finish then refuses on the doubt, or goes ahead with force). A step
// in flight is marked too (regeneratedInFlight).
func (l *rotationLedger) taintUnsure(app int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.markRegenerated(app, false)
	if r, ok := l.open[app]; ok && r.unsure {
		l.seq++
		l.open[app] = keepFinish(openRotation{seq: l.seq, started: r.started, unsure: true, regenerated: true,
			overStart: r.overStart, afterFinish: r.afterFinish, late: r.late, finishedAt: r.finishedAt}, r)
	}
}

// taintFinish makes app's unsettled finish step unsettleable by a changed primary: the primary
// was regenerated outside rotate_api_keys since, so a primary other than the one before that step
// no longer shows it went through (while it may still land, another step is refused; once it can
// no longer land, it is taken as not applied). A step in flight is marked too (regeneratedInFlight).
func (l *rotationLedger) taintFinish(app int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.markRegenerated(app, true)
	if r, ok := l.open[app]; ok && r.finishing {
		l.seq++
		r.seq, r.finishBlind = l.seq, true
		l.open[app] = r
	}
}

// doneUnsure releases app after claim when a start step's answer was lost and no read told
// whether it replaced the secondary key: it is recorded as unsure, with the hash of the secondary
// read before it (before; "" when not read), so that a finish or another start checks first.
// late: it may still be applied after the read that followed it (openRotation.late); regenerated:
// regenerate_api_key may have replaced the secondary since (openRotation.regenerated).
// overStart: openRotation.overStart.
func (l *rotationLedger) doneUnsure(app int64, started time.Time, before string, late, regenerated, overStart bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.busy, app)
	if l.open == nil {
		l.open = map[int64]openRotation{}
	}
	l.seq++
	r := openRotation{seq: l.seq, started: started, unsure: true, hadBefore: before != "", late: late,
		regenerated: regenerated, overStart: overStart, afterFinish: l.open[app].finishing}
	if r.hadBefore {
		r.secondary = sha256.Sum256([]byte(before))
	}
	l.open[app] = keepFinish(r, l.open[app]) // a finish step still held stays held
	delete(l.finished, app)
	delete(l.noEffect, app)
}

// claim reserves app for one rotation step that was decided on seeing seen: false when another
// call is changing app's keys through rotate_api_keys right now, or changed its rotation since.
// Release with done.
func (l *rotationLedger) claim(app int64, seen openRotation) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.busy[app] || l.open[app] != seen {
		return false
	}
	if l.busy == nil {
		l.busy = map[int64]bool{}
	}
	l.busy[app] = true
	delete(l.regenerated, app)
	return true
}

// done releases app after claim: a start step that replaced the secondary records it (started,
// secondary), a finish step that replaced the primary (now primary) closes the rotation, a failed
// step changes nothing. An earlier finish step still held (finishing) stays held across either:
// it may still replace the primary.
func (l *rotationLedger) done(app int64, step RotationStep, replaced bool, started time.Time, primary, secondary string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.busy, app)
	o, ok := l.open[app]
	if replaced {
		delete(l.noEffect, app)
	}
	switch {
	case !replaced:
	case step == "start":
		if l.open == nil {
			l.open = map[int64]openRotation{}
		}
		l.seq++
		l.open[app] = keepFinish(openRotation{seq: l.seq, started: started, secondary: sha256.Sum256([]byte(secondary)),
			afterFinish: o.finishing}, o)
		delete(l.finished, app)
	default:
		if ok && o.startSeen() && !o.unsure { // a start step this server saw, finished now (started: the finish's time)
			if l.finished == nil {
				l.finished = map[int64]finishedRotation{}
			}
			l.finished[app] = finishedRotation{started: o.started, finished: started}
		}
		delete(l.open, app)
		h := openRotation{noStart: true}
		if ok && o.startSeen() && o.mayStillLand(started) {
			// An unsure start step that may still land outlives the finish: it may still replace the
			// secondary, so another start waits as it did before.
			h = startOutlivingFinish(o, started)
		}
		if ok && (o.finishing || !h.noStart) {
			l.seq++
			h.seq = l.seq
		}
		if ok && o.finishing {
			// The earlier finish step may still land: it is held until it can no longer land, blind
			// (this step replaced the primary from before it, so the keys no longer tell whether it did).
			h = keepFinish(h, o)
			h.primary, h.finishBlind = sha256.Sum256([]byte(primary)), true
		}
		if h.seq != 0 {
			l.open[app] = h
		}
	}
}

// finishUnsure releases app after claim when a finish step's answer was lost (sent at at) and no
// read showed the primary replaced, though it may have been or may still be: the rotation stays
// open, marked finishing with the hash of the primary read before the step (primary), so a later
// read showing another primary settles it as finished (settleFinished), and one showing it
// unchanged, once it can no longer land (late: openRotation.finishLate), as not applied
// (settleNotFinished). With no start step remembered (a forced finish) it is held all the same
// (noStart), so that a start waits too. Over a finish step still held (a forced finish), one
// changed primary could not tell which of the two went through: the hold is made blind, until
// the later one can no longer land. It returns whether it was (over).
func (l *rotationLedger) finishUnsure(app int64, at time.Time, primary string, late bool) (over bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.busy, app)
	r, ok := l.open[app]
	if !ok { // no start step remembered (a forced finish): held all the same
		r = openRotation{noStart: true}
	}
	if l.open == nil {
		l.open = map[int64]openRotation{}
	}
	l.seq++
	held := r.finishing
	blind := primary == "" || held // not read before it, or another finish held: only the window settles it
	late = late || held && r.finishLate
	r.seq, r.finishing, r.finishLate, r.finishAt, r.primary = l.seq, true, late, at, sha256.Sum256([]byte(primary))
	r.finishBlind = blind
	r.afterFinish = false // a start step recorded is this finish step's
	l.open[app] = r
	return held
}

// settleNotFinished settles app's rotation seen, whose finish step got no clear answer, as not
// finished: a read shows the primary from before that step, and it can no longer land. The
// rotation stays open as before that finish step; it returns the rotation now recorded.
func (l *rotationLedger) settleNotFinished(app int64, seen openRotation) openRotation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[app] != seen {
		return l.open[app]
	}
	if seen.noStart { // it held only that finish step
		delete(l.open, app)
		return openRotation{}
	}
	l.seq++
	seen = keepFinish(seen, openRotation{})
	seen.seq, seen.afterFinish = l.seq, false
	l.open[app] = seen
	return seen
}

// settleFinished settles app's rotation seen, whose finish step got no clear answer, as finished (a
// read shows a new primary): it is closed as a finish step that replaced the primary closes it.
// A start step recorded after that finish step (afterFinish) began another rotation, which stays
// recorded as it is. It returns the rotation now recorded.
func (l *rotationLedger) settleFinished(app int64, seen openRotation, now time.Time) openRotation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open[app] != seen {
		return l.open[app]
	}
	if seen.startSeen() && seen.afterFinish {
		l.seq++
		r := keepFinish(seen, openRotation{})
		r.seq, r.afterFinish = l.seq, false
		l.open[app] = r
		return r
	}
	if seen.startSeen() && !seen.unsure {
		if l.finished == nil {
			l.finished = map[int64]finishedRotation{}
		}
		l.finished[app] = finishedRotation{started: seen.started, finished: seen.finishAt}
	}
	if seen.startSeen() && seen.mayStillLand(now) { // it outlives the finish, as in done
		l.seq++
		r := startOutlivingFinish(seen, seen.finishAt)
		r.seq = l.seq
		l.open[app] = r
		return r
	}
	delete(l.open, app)
	return openRotation{}
}

// startOutlivingFinish is what stays recorded of the unsure start step r (one that may still
// land) once a finish step replaced the primary at finished: the start step alone.
func startOutlivingFinish(r openRotation, finished time.Time) openRotation {
	r = keepFinish(r, openRotation{})
	r.finishedAt, r.afterFinish, r.noStart = finished, false, false
	return r
}
