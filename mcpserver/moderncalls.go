package mcpserver

import (
	"encoding/hex"
	"strconv"
	"sync"
)

// Cancellation over streamable HTTP from 2026-07-28 on. Such a request has no session: mcp-go
// serves each with a throwaway session whose ID is "", and keys the call a notifications/cancelled
// may end by ":" and its id (inflightKey), so every caller's call 7 shared one key: anyone's
// cancellation of 7 (whatever its bearer token) ended whichever call 7 ran, and two callers' calls
// 7 overwrote each other's entry. (The specification cancels such a request by closing its
// response stream, which ends that call alone; a cancellation notification is still served.)
//
// So every 2026-07-28 request with an id reaches mcp-go with a stand-in of its own (a request
// stand-in: the id stand-in of ids.go with a sequence number after it, which restoreIDs turns back
// into the id as sent), recorded while it runs under its caller (callerOf its bearer token) and
// its id's value (canonicalID). A 2026-07-28 notifications/cancelled reaches mcp-go naming the
// stand-in of its own caller's call with that id, or one no call has: it ends nothing of another
// caller's, and a call of its caller only when that call's id is the one named. Two calls of one
// caller in progress with the same id (JSON-RPC wants ids unique): it ends the newer one, as
// mcp-go does within a 2025 session. Callers without a bearer token are one caller.

// maxModernCalls bounds the calls recorded at once: no more requests run at once than connections
// (at most MaxMaxConnections), so only a flood reaches it. A call not recorded still has its own
// stand-in: no cancellation notification reaches it, closing its stream still does.
const maxModernCalls = MaxMaxConnections

// maxCallsPerID bounds the calls recorded of one caller with one id: past it the oldest is
// forgotten (the caller's newest are the ones its cancellations reach), so that forgetting a call
// never searches more.
const maxCallsPerID = 64

// modernCalls records the 2026-07-28 calls in progress of an endpoint (the zero value is ready).
type modernCalls struct {
	mu    sync.Mutex
	seq   uint64              // the last sequence number given; 0 is never given (noCall)
	calls map[string][]string // caller and id's value (callKey) to its calls' stand-ins, oldest first
	count int
}

// callKey is the key of a caller's calls with the id whose canonical spelling is id.
func callKey(caller string, id []byte) string { return caller + "\x00" + string(id) }

// requestStandIn is the stand-in for a request whose id is raw (as it goes back to the client),
// with its sequence number seq.
func requestStandIn(raw []byte, seq uint64) []byte {
	out := append([]byte{}, quotedIDMarker...)
	out = hex.AppendEncode(out, raw)
	out = strconv.AppendUint(append(out, '-'), seq, 10)
	return append(out, '"')
}

// idValue reads the id (or requestId) raw as prepareMessage left it: what a response carries
// back (the id as sent, or the spelling its id stand-in carries) and the canonical spelling of
// its value.
func idValue(raw []byte) (echo, value []byte) {
	if len(raw) > len(quotedIDMarker) && string(raw[:len(quotedIDMarker)]) == string(quotedIDMarker) {
		if decoded, ok := standIn(raw, 0, len(raw)-1, len(raw)-1); ok {
			return decoded, decoded
		}
	}
	return raw, canonicalID(raw)
}

// enter readies msg, a 2026-07-28 message of caller's prepared by prepareMessage, for mcp-go: a
// request's id becomes its own stand-in, recorded until done is called (when the request has been
// served); a cancellation's requestId becomes the stand-in of the caller's newest call with that
// id in progress, or noCall.
func (c *modernCalls) enter(caller string, msg []byte) (out []byte, done func()) {
	done = func() {}
	s, ok := inspectMessage(msg)
	if !ok || !s.method.notNull(msg) || s.badMember != "" {
		return msg, done
	}
	if s.id.found() {
		raw := msg[s.id.start:s.id.end]
		if !validID(raw) {
			return msg, done
		}
		echo, value := idValue(raw)
		key := callKey(caller, value)
		c.mu.Lock()
		c.seq++
		standIn := string(requestStandIn(echo, c.seq))
		recorded := c.count < maxModernCalls
		if recorded {
			if c.calls == nil {
				c.calls = map[string][]string{}
			}
			calls := c.calls[key]
			if len(calls) == maxCallsPerID {
				calls = append(calls[:0:0], calls[1:]...)
				c.count--
			}
			c.calls[key] = append(calls, standIn)
			c.count++
		}
		c.mu.Unlock()
		if recorded {
			done = func() { c.leave(key, standIn) }
		}
		return splice(msg, s.id, []byte(standIn)), done
	}
	if !s.params.found() || !methodIs(msg, s.method, "notifications/cancelled") {
		return msg, done
	}
	r := memberIn(msg, s.params, "requestId", false)
	if !r.found() {
		return msg, done // names no request: mcp-go ends none
	}
	target := noCall
	if raw := msg[r.start:r.end]; validID(raw) {
		_, value := idValue(raw)
		c.mu.Lock()
		if calls := c.calls[callKey(caller, value)]; len(calls) > 0 {
			target = []byte(calls[len(calls)-1])
		}
		c.mu.Unlock()
	}
	return splice(msg, r, target), done
}

// noCall is a stand-in no request has (sequence number 0): a cancellation naming it ends nothing,
// and is answered as mcp-go answers any other.
var noCall = requestStandIn([]byte("null"), 0)

// leave forgets a call that has been served.
func (c *modernCalls) leave(key, standIn string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	calls := c.calls[key]
	for i, s := range calls {
		if s == standIn {
			calls = append(calls[:i:i], calls[i+1:]...)
			c.count--
			break
		}
	}
	if len(calls) == 0 {
		delete(c.calls, key)
	} else {
		c.calls[key] = calls
	}
}

// inProgress is how many calls are recorded (tests).
func (c *modernCalls) inProgress() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.count
}

// splice is msg with the member m's value replaced by value (a new slice).
func splice(msg []byte, m jsonMember, value []byte) []byte {
	out := make([]byte, 0, len(msg)-(m.end-m.start)+len(value))
	out = append(append(out, msg[:m.start]...), value...)
	return append(out, msg[m.end:]...)
}
