package tools

import (
	"context"
	"slices"
	"sync"

	"github.com/mark3labs/mcp-go/server"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
)

// Offsets count a list as it stands at each call, so an item another call adds before where a
// page ended makes the next page begin with an item already shown, and one removed makes it
// skip one never shown — silently. So a session remembers, per list, the item the last page it
// served ended with and the next offset that page named. Asked for exactly that offset again,
// a page continues after that item when the list has shifted, and says so in one line; when
// the item is gone, it says the list changed and items may repeat or be missing. Any other
// offset (a clean-up loop's offset less the items it deleted, say) is taken as given.
//
// Memory is bounded: at most maxMarksPerSession lists a session, maxMarkSessions sessions (the
// least recently used are forgotten). A request without a session (2026-07-28 over HTTP)
// remembers nothing: two clients of one caller could not be told apart.

const (
	maxMarksPerSession = 16
	maxMarkSessions    = 1024
)

// pageMark is where the last page of a list a session was served ended.
type pageMark struct {
	list string // the tool and which list (app, organization, filters)
	next int    // the next offset the page named
	last string // the key of the item it ended with
	name string // how a note names that item (Markdown)
}

// pageMemo holds the sessions' marks (the zero value is ready).
type pageMemo struct {
	mu       sync.Mutex
	seq      uint64
	sessions map[string]*sessionMarks
}

type sessionMarks struct {
	used  uint64
	marks []pageMark // oldest first
}

// pageSession is the key of the call's session and caller, "" when the call has none or is a
// view's (textOnly(ctx): a resource read). A view's page is not the agent's paging of the tool:
// a client that reads or refreshes spice://apps between two list_apps pages would replace that
// list's mark with the view's, and the agent's next page, at its own next offset, would be taken
// as given (TestR43ReviewsurfaceResourceReadErasesListAppsShiftMemory); so a view neither
// remembers its page nor resumes from a mark.
func pageSession(ctx context.Context) string {
	if textOnly(ctx) {
		return ""
	}
	s := server.ClientSessionFromContext(ctx)
	if s == nil || s.SessionID() == "" {
		return ""
	}
	return callInfo(ctx).Caller + "\x00" + s.SessionID()
}

func (m *pageMemo) get(session, list string) (pageMark, bool) {
	if session == "" {
		return pageMark{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s := m.sessions[session]; s != nil {
		for _, mark := range s.marks {
			if mark.list == list {
				return mark, true
			}
		}
	}
	return pageMark{}, false
}

// put records mark for its list, or forgets the list when the page was its last (next 0).
func (m *pageMemo) put(session string, mark pageMark) {
	if session == "" {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sessions == nil {
		m.sessions = map[string]*sessionMarks{}
	}
	s := m.sessions[session]
	if s == nil {
		if mark.next == 0 {
			return
		}
		if len(m.sessions) >= maxMarkSessions {
			var oldest string
			var used uint64
			for k, v := range m.sessions {
				if oldest == "" || v.used < used {
					oldest, used = k, v.used
				}
			}
			delete(m.sessions, oldest)
		}
		s = &sessionMarks{}
		m.sessions[session] = s
	}
	m.seq++
	s.used = m.seq
	s.marks = slices.DeleteFunc(s.marks, func(p pageMark) bool { return p.list == mark.list })
	if mark.next > 0 {
		if len(s.marks) >= maxMarksPerSession {
			s.marks = slices.Delete(s.marks, 0, 1)
		}
		s.marks = append(s.marks, mark)
	}
	if len(s.marks) == 0 {
		delete(m.sessions, session)
	}
}

// resumed is a page's start as shift-checked against the session's mark of its list.
type resumed struct {
	session, list string
	offset        Offset // where the page starts
	note          string // the line that says why it does not start at the offset asked, or ""
}

// resume checks offset against the session's last page of list: asked for exactly the next
// offset that page named, it finds the item that page ended with (at, its index in the list as
// it stands now; -1 when gone) and continues after it. one and many name the items.
func (env *Env) resume(ctx context.Context, list string, offset Offset, one, many string, at func(key string) int) resumed {
	r := resumed{session: pageSession(ctx), list: list, offset: offset}
	mark, ok := env.pages.get(r.session, list)
	if !ok || offset <= 0 || int(offset) != mark.next {
		return r
	}
	switch i := at(mark.last); {
	case i < 0:
		r.note = present.PageListChanged(mark.name)
	case i+1 != int(offset):
		r.note = present.PageShifted(one, many, i+1-int(offset), mark.name)
		r.offset = Offset(i + 1)
	}
	return r
}

// render wraps a page's render: the note heads the page's text (so the budget counts it), and
// the page served is remembered (mark) by the item it ends with (id: its key and name). The key
// is that of the item in items, the list as read, at the page's end, and the name is as the page
// shows it: a page's only item too long alone is shown with its texts clipped (densePageOf,
// summaryPage), which would change a key made of them. A note names it as code, shortened to
// 100 bytes (present.PageItemNamed), so a 10 KB name does not fill the note. A page of a view
// (textOnly(ctx): a resource) holds no structured content, so it is sized to the text's budget alone.
func resumeRender[T any](ctx context.Context, env *Env, r resumed, items []T, id func(T) (key, name string), render func([]T, present.Page) *Result) (func([]T, present.Page) *Result, func(*Result)) {
	type shown struct {
		next      int
		key, name string
	}
	rendered := map[*Result]shown{}
	wrapped := func(page []T, p present.Page) *Result {
		res := render(page, p)
		if textOnly(ctx) {
			// A view sends the text alone: the page fills the text's budget, not the
			// structured content's (which holds every field of every item).
			res.Structured = nil
		}
		if r.note != "" {
			res.Text = r.note + "\n\n" + res.Text
		}
		s := shown{next: p.Next}
		if len(page) > 0 {
			_, name := id(page[len(page)-1])
			s.name = present.PageItemNamed(name)
			s.key, _ = id(items[min(p.Offset, len(items))+len(page)-1])
		} else {
			s.next = 0
		}
		rendered[res] = s
		return res
	}
	served := func(res *Result) {
		if s, ok := rendered[res]; ok {
			env.pages.put(r.session, pageMark{list: r.list, next: s.next, last: s.key, name: s.name})
		}
	}
	return wrapped, served
}

// resumedPage is densePageOf for a list read whole, resumed where the session's last page of
// it ended (resume). id is an item's key and its name (text, which a note shows as
// present.PageItemNamed); short clips a page's only item too long alone (densePageOf).
func resumedPage[T any](ctx context.Context, env *Env, list, one, many string, items []T, offset Offset, id func(T) (key, name string),
	userBytes func(T) int, short func(item T, limit int) T, render func([]T, present.Page) *Result) *Result {
	r := env.resume(ctx, list, offset, one, many, func(key string) int {
		return slices.IndexFunc(items, func(it T) bool { k, _ := id(it); return k == key })
	})
	wrapped, served := resumeRender(ctx, env, r, items, id, render)
	res := densePageOf(items, r.offset, userBytes, short, wrapped)
	served(res)
	return res
}
