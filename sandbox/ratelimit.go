package sandbox

import (
	"net/http"
	"strconv"
	"time"
)

// rateWindow counts one token's requests in a fixed 60-second window of the emulator clock.
type rateWindow struct {
	start int64 // Unix seconds
	count int
}

const rateWindowSeconds = 60

// consumeRate counts a request for token and returns the rate-limit headers for its response,
// plus a 429 reply when the window is exhausted. Both are nil when rate limiting is off.
func (e *Emulator) consumeRate(token tokenKey, now time.Time) (http.Header, *reply) {
	if e.rateLimit <= 0 {
		return nil, nil
	}
	nowSec := now.Unix()
	start := nowSec - mod(nowSec, rateWindowSeconds)
	w := e.windows[token]
	if w == nil || w.start != start {
		w = &rateWindow{start: start}
		e.windows[token] = w
	}
	reset := start + rateWindowSeconds
	limited := w.count >= e.rateLimit
	if !limited {
		w.count++
	}
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(e.rateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(e.rateLimit-w.count))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset, 10))
	if !limited {
		return h, nil
	}
	rep := errorReply(http.StatusTooManyRequests, "Too many requests")
	rep.header = http.Header{"Retry-After": {strconv.FormatInt(reset-nowSec, 10)}}
	return h, &rep
}

// mod is the non-negative remainder, so windows align for times before 1970 too.
func mod(a, b int64) int64 {
	return ((a % b) + b) % b
}
