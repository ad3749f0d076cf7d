package mcpserver

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestReadAll: bodies of every size around the chunk and the limit, with and without a length,
// read whole; one byte over the limit is a MaxBytesError.
func TestReadAll(t *testing.T) {
	const limit = 3*bodyChunk + 10
	for _, size := range []int{0, 1, bodyChunk - 1, bodyChunk, bodyChunk + 1, 2 * bodyChunk, limit, limit + 1} {
		body := bytes.Repeat([]byte("abcdefg"), size/7+1)[:size]
		for _, known := range []bool{true, false} {
			length := int64(-1)
			if known {
				length = int64(size)
			}
			// One byte at a time, as a slow network delivers it.
			r := http.MaxBytesReader(httptest.NewRecorder(), io.NopCloser(iotest.OneByteReader(bytes.NewReader(body))), limit)
			got, err := readAll(r, length)
			var tooLarge *http.MaxBytesError
			switch {
			case size > limit && !errors.As(err, &tooLarge):
				t.Errorf("size %d (length known %v): %v, want a MaxBytesError", size, known, err)
			case size <= limit && (err != nil || !bytes.Equal(got, body)):
				t.Errorf("size %d (length known %v): %d bytes, %v", size, known, len(got), err)
			}
		}
	}
	// A body shorter than its Content-Length is an error, not a short body.
	if _, err := readAll(strings.NewReader("abc"), 10); err == nil {
		t.Error("short body accepted")
	}
}

// TestSessionsOrderAndTTL: the cap ends the least recently active idle session, never a busy
// one; the TTL ends idle sessions only; a refused admission ends nothing.
func TestSessionsOrderAndTTL(t *testing.T) {
	now := time.Unix(0, 0)
	var ended []string
	s := newSessions(3, time.Minute, func(id string) { ended = append(ended, id) })
	s.now = func() time.Time { return now }
	open := func(id string) {
		e, why := s.admit(nil)
		if why != sessionAdmitted {
			t.Fatalf("admit %s refused", id)
		}
		s.bind(e, id)
		now = now.Add(time.Second)
	}
	open("a")
	open("b")
	open("c")
	busy, _ := s.enter("a", false, nil) // a is now the most recent and busy
	now = now.Add(time.Second)
	open("d") // ends b, the least recently active idle one
	if !slices.Equal(ended, []string{"b"}) || s.Len() != 3 {
		t.Fatalf("ended %v, %d held", ended, s.Len())
	}
	// c, d idle, a busy: two initializations in progress end c then d; a third finds every
	// session busy (a in a request, the two initializing) and is refused.
	for range 2 {
		if _, why := s.admit(nil); why != sessionAdmitted {
			t.Fatal("admit refused with idle sessions left")
		}
	}
	if _, why := s.admit(nil); why == sessionAdmitted {
		t.Fatal("admitted with every session busy (a in a request, two initializing)")
	}
	if !slices.Equal(ended, []string{"b", "c", "d"}) {
		t.Fatalf("ended %v", ended)
	}
	// A refused admission ended nothing more; once a leaves, the TTL can end it.
	s.leave(busy, false, false)
	now = now.Add(2 * time.Minute)
	s.sweep()
	if !slices.Equal(ended, []string{"b", "c", "d", "a"}) {
		t.Fatalf("after the TTL: ended %v", ended)
	}
	// An unknown ID a request brings is admitted (another replica issued it); DELETE forgets it.
	e, why := s.enter("mcp-session-from-another-replica", false, nil)
	if why != sessionAdmitted {
		t.Fatal("enter refused")
	}
	s.leave(e, false, true)
	if _, known := s.byID["mcp-session-from-another-replica"]; known {
		t.Error("a deleted session is still held")
	}
}

// TestValidSessionID: a session ID is this server's form, issued to the caller that brings it
// under the server's key: the unkeyed tag of earlier versions, or a tag under another key, is
// no session.
func TestValidSessionID(t *testing.T) {
	ids := newSessionIDs(nil, 10, time.Minute)
	alice, bob := callerOf("alice-token"), callerOf("bob-token")
	id := ids.issue(alice)
	u := strings.TrimPrefix(strings.Split(id, ".")[0], sessionPrefix)
	unkeyed := sha256.Sum256([]byte("spice-cloud-mcp session\x00" + u + "\x00" + alice))
	other := newSessionIDs(nil, 10, time.Minute)
	for id, want := range map[string]bool{
		id:                                 true,
		strings.ToUpper(id[:48]) + id[48:]: false, // the tag is of the UUID as issued
		sessionPrefix + u:                  false, // no tag: made up, or mcp-go's own form
		sessionPrefix + u + ".":            false,
		sessionPrefix + u + "." + ids.tag(u, bob):                          false,
		sessionPrefix + "{" + u + "}." + ids.tag(u, alice):                 false,
		sessionPrefix + u + "." + hex.EncodeToString(unkeyed[:16]):         false, // forged without the key
		sessionPrefix + u + "." + other.tag(u, alice):                      false, // another process's key
		newSessionIDs([]byte("a shared confirmation key"), 1, 0).issue(""): false,
		"": false,
	} {
		if ids.valid(id, alice) != want {
			t.Errorf("%q: want %v", id, want)
		}
	}
	if ids.valid(id, bob) || ids.valid(id, "") {
		t.Error("another caller's session is valid")
	}
	// Replicas that share a key accept each other's IDs.
	key := []byte("a shared confirmation key")
	if a, b := newSessionIDs(key, 1, time.Minute), newSessionIDs(key, 1, time.Minute); !b.valid(a.issue(alice), alice) {
		t.Error("a replica with the same key refused the ID")
	}
}

// TestEndedSessionIDs: an ID ended with DELETE is remembered for the TTL, at most max of them
// (the oldest forgotten first); the server's own ending (internal) and a foreign caller's
// DELETE end nothing.
func TestEndedSessionIDs(t *testing.T) {
	now := time.Unix(0, 0)
	ids := newSessionIDs(nil, 3, time.Minute)
	ids.now = func() time.Time { return now }
	alice := callerOf("alice-token")
	a, b, c, d := ids.issue(alice), ids.issue(alice), ids.issue(alice), ids.issue(alice)
	mine := boundSessionIDs{ids: ids, caller: alice}
	if _, err := (boundSessionIDs{ids: ids, internal: true}).Terminate(a); err != nil || ids.isEnded(a) {
		t.Fatal("the server's own ending ended the ID")
	}
	if _, _ = (boundSessionIDs{ids: ids, caller: callerOf("bob-token")}).Terminate(a); ids.isEnded(a) {
		t.Fatal("another caller ended the ID")
	}
	for _, id := range []string{a, b, c} {
		_, _ = mine.Terminate(id)
		now = now.Add(time.Second)
	}
	if terminated, err := mine.Validate(a); !terminated || err != nil {
		t.Fatalf("an ended ID validates: %v %v", terminated, err)
	}
	_, _ = mine.Terminate(d) // the fourth forgets the oldest
	if ids.isEnded(a) || !ids.isEnded(b) || !ids.isEnded(d) || ids.endedCount() != 3 {
		t.Fatalf("after a fourth: a %v b %v d %v, %d held", ids.isEnded(a), ids.isEnded(b), ids.isEnded(d), ids.endedCount())
	}
	now = now.Add(time.Minute - time.Second) // a minute after c ended, 59 s after d
	if ids.isEnded(b) || ids.isEnded(c) || !ids.isEnded(d) {
		t.Fatal("the TTL did not forget the IDs ended before it")
	}
	now = now.Add(time.Minute)
	if ids.isEnded(d) || ids.endedCount() != 0 {
		t.Fatal("an ID outlived the TTL")
	}
}

// TestCredentialParam: the rule on query parameter names.
func TestCredentialParam(t *testing.T) {
	for query, want := range map[string]string{
		"access-token=x":          "access-token",
		"a=1&x-api-key=x":         "x-api-key",
		"a=1;auth_token=x":        "auth_token",
		"client_secret=x":         "client_secret",
		"password":                "password",
		"JWT=x":                   "JWT",
		"id_token=x":              "id_token",
		"bearer_token=x":          "bearer_token",
		"token%5B%5D=x":           "token[]",
		"sig=x":                   "sig",
		"code=x":                  "code",
		"%zz&session=1":           "session",
		"cursor=x&lang=en&page=2": "",
		"":                        "",
		"codec=x":                 "",
	} {
		got, found := credentialParam(query)
		if got != want || found != (want != "") {
			t.Errorf("%q: %q %v, want %q", query, got, found, want)
		}
	}
}
