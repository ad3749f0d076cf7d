package tools

import (
	"context"
	"time"
)

// Waits bound the reads a call makes only to shape its text or a remark, so that a slow
// endpoint does not hold the call; a zero field is the production default. They are per
// server (Env), carried in each call's context, so a test sets them short without a package
// variable another test could race on.
type Waits struct {
	// Health bounds the read of the API's clock (getHealth): 0 = 2 s.
	Health time.Duration
	// Role bounds the organization list read for the caller's role, or half of what is left
	// of the call's time limit when that is less: 0 = 2 s.
	Role time.Duration
	// RemedyLookup bounds a failed call's token read for the tools its remedy names, or what
	// is left of the call's time limit when that is less: 0 = 2 s.
	RemedyLookup time.Duration
}

func (w Waits) health() time.Duration       { return orDefault(w.Health, healthWait) }
func (w Waits) role() time.Duration         { return orDefault(w.Role, roleWait) }
func (w Waits) remedyLookup() time.Duration { return orDefault(w.RemedyLookup, remedyLookupWait) }

func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

type waitsKey struct{}

// withWaits is ctx carrying env's Waits, for the reads that have no Env at hand.
func (env *Env) withWaits(ctx context.Context) context.Context {
	if env.Waits == (Waits{}) {
		return ctx
	}
	return context.WithValue(ctx, waitsKey{}, env.Waits)
}

// waitsOf is the Waits ctx carries (withWaits); the defaults when none.
func waitsOf(ctx context.Context) Waits {
	w, _ := ctx.Value(waitsKey{}).(Waits)
	return w
}
