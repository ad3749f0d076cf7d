package client

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// ListPaging is what a list's answer said of paging that the API documents none for: Hints are
// its undocumented paging fields that disagree with the N items it listed (PagingHint), Path
// the request (method and path, as sent).
type ListPaging struct {
	Hints []PagingHint
	N     int
	Path  string
}

// CallPaging is the last answer to op in the call ctx marks (WithCall) whose paging fields
// disagree with its items, else the zero ListPaging: every list the API documents no paging for
// (one that takes no limit, offset or tail) is so read, so each list tool can say it (one place).
func CallPaging(ctx context.Context, op *api.Operation) ListPaging {
	call, ok := ctx.Value(callKey{}).(*callState)
	if !ok {
		return ListPaging{}
	}
	call.mu.Lock()
	defer call.mu.Unlock()
	return call.paging[op]
}

// pagingCandidates are the bytes an answer with any paging field holds: the rest are not read again.
var pagingCandidates = [][]byte{[]byte(`"total`), []byte(`"count`), []byte(`"has_more`), []byte(`"next`)}

// notePaging records, in the call ctx marks, the paging fields of a list's answer (body, read
// into cl.out) that disagree with its items, when the list's operation documents no paging.
func notePaging(ctx context.Context, cl call, body []byte) {
	call, ok := ctx.Value(callKey{}).(*callState)
	if !ok || cl.out == nil || cl.op.Method != "GET" || paged(cl.op) {
		return
	}
	n, isList := listLen(cl.out)
	if !isList {
		return
	}
	var seen ListPaging
	if mayPage(body) {
		var f pagingFields
		if json.Unmarshal(body, &f) == nil {
			seen = ListPaging{Hints: f.hints(n), N: n, Path: cl.op.Method + " " + cl.path}
		}
	}
	call.mu.Lock()
	defer call.mu.Unlock()
	if call.paging == nil {
		call.paging = map[*api.Operation]ListPaging{}
	}
	if len(seen.Hints) == 0 {
		delete(call.paging, cl.op) // the last answer is the one shown
		return
	}
	call.paging[cl.op] = seen
}

func mayPage(body []byte) bool {
	for _, c := range pagingCandidates {
		if bytes.Contains(body, c) {
			return true
		}
	}
	return false
}

// paged: op takes a query parameter that pages or bounds its list, so a total above what one
// answer lists is no oddity.
func paged(op *api.Operation) bool {
	for _, p := range op.Params {
		if p.In == "query" && (p.Name == "limit" || p.Name == "offset" || p.Name == "tail") {
			return true
		}
	}
	return false
}

// listLen is the length of the list out (a pointer to an envelope struct) holds: its first
// slice field; false when it holds none.
func listLen(out any) (int, bool) {
	v := reflect.ValueOf(out)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return 0, false
	}
	v = v.Elem()
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.Slice && v.Type().Field(i).IsExported() && v.Type().Field(i).Tag.Get("json") != "" {
			return f.Len(), true
		}
	}
	return 0, false
}
