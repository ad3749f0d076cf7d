package tools

import (
	"fmt"
	"testing"
)

// TestR42PageMemoIsBounded: the marks of where pages ended are bounded per session (the
// oldest list forgotten) and in sessions (the least recently used forgotten); a last page
// forgets its list, and a call without a session remembers nothing.
func TestR42PageMemoIsBounded(t *testing.T) {
	var m pageMemo
	for i := range maxMarksPerSession + 4 {
		m.put("s", pageMark{list: fmt.Sprint(i), next: 10, last: "x"})
	}
	if n := len(m.sessions["s"].marks); n != maxMarksPerSession {
		t.Errorf("%d lists remembered in one session, want %d", n, maxMarksPerSession)
	}
	if _, ok := m.get("s", "0"); ok {
		t.Error("the oldest list is still remembered")
	}
	for i := range maxMarkSessions + 5 {
		m.put(fmt.Sprint("other", i), pageMark{list: "l", next: 10, last: "x"})
	}
	if n := len(m.sessions); n != maxMarkSessions {
		t.Errorf("%d sessions remembered, want %d", n, maxMarkSessions)
	}
	m.put("other1000", pageMark{list: "l"}) // its last page
	if _, ok := m.get("other1000", "l"); ok || m.sessions["other1000"] != nil {
		t.Error("a list whose last page was served is still remembered")
	}
	m.put("", pageMark{list: "l", next: 10})
	if _, ok := m.get("", "l"); ok {
		t.Error("a call without a session was remembered")
	}
}
