package contract

import (
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// fakeAPI is a tiny stand-in for the emulator that answers some requests
// correctly and some wrongly, so the recorder has something to find.
func fakeAPI() http.Handler {
	reply := func(w http.ResponseWriter, status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"status":"ok","timestamp":"2024-01-15T10:30:00.000Z"}`)
	})
	mux.HandleFunc("GET /v1/apps/{appId}", func(w http.ResponseWriter, r *http.Request) {
		switch r.PathValue("appId") {
		case "abc":
			reply(w, 400, `{"error":"Invalid app ID"}`)
		case "7": // wrong type deep in the body
			reply(w, 200, patchString(appJSON, `"replicas":1`, `"replicas":"1"`))
		default:
			reply(w, 404, `{"error":"App with ID `+r.PathValue("appId")+` not found"}`)
		}
	})
	mux.HandleFunc("DELETE /v1/apps/{appId}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
		if r.PathValue("appId") == "9" {
			io.WriteString(w, "gone") // net/http drops it, but the handler tried
		}
	})
	mux.HandleFunc("POST /v1/apps/{appId}/secrets", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(body), `"name":"K"`) {
			reply(w, 500, `{"error":"body did not reach the handler"}`)
			return
		}
		reply(w, 200, secretJSON)
	})
	mux.HandleFunc("POST /api/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"access_token":"t","token_type":"Bearer","expires_in":3600}`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 404, `{"error":"Not found"}`)
	})
	return mux
}

func patchString(s, old, new string) string { return strings.Replace(s, old, new, 1) }

type call struct {
	method, path, body string
}

// calls is the traffic sent in the recording tests, and what it must leave
// behind: the violation (if any) each call records.
var calls = []struct {
	call
	violation string
}{
	{call{"GET", "/v1/health", ""}, ""},
	{call{"GET", "/v1/apps/5", ""}, ""},
	{call{"GET", "/v1/apps/abc", ""}, `getApp request: path parameter 'appId' "abc": got string, want integer`},
	{call{"GET", "/v1/apps/7", ""}, "getApp 200: at '/config/replicas': got string, want integer"},
	{call{"DELETE", "/v1/apps/5", ""}, ""},
	{call{"DELETE", "/v1/apps/9", ""}, ""}, // checked separately: only Handler sees the dropped body
	{call{"POST", "/v1/apps/3/secrets", `{"name":"K","value":"v"}`}, ""},
	{call{"GET", "/v1/nope", ""}, "no operation for GET /v1/nope"},
	{call{"POST", "/api/oauth/token", "grant_type=client_credentials"}, ""},
}

var wantSeen = map[string][]int{
	"getHealth":    {200},
	"getApp":       {200, 400, 404},
	"deleteApp":    {204},
	"upsertSecret": {200},
}

func send(t *testing.T, client *http.Client, base string, c call) {
	req, err := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Error(err)
		return
	}
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Error(err)
		return
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Error(err)
	}
}

// count tallies violations so concurrent runs can be compared exactly.
func count(vs []string) map[string]int {
	m := map[string]int{}
	for _, v := range vs {
		m[v]++
	}
	return m
}

func TestHandlerRecordsConcurrently(t *testing.T) {
	s := newSpec(t)
	srv := httptest.NewServer(s.Handler(fakeAPI()))
	defer srv.Close()

	const rounds = 25
	var wg sync.WaitGroup
	for range rounds {
		for _, c := range calls {
			wg.Go(func() { send(t, srv.Client(), srv.URL, c.call) })
		}
	}
	wg.Wait()

	want := map[string]int{
		"deleteApp 204: unexpected body (4 bytes); the response has no content": rounds,
	}
	for _, c := range calls {
		if c.violation != "" {
			want[c.violation] += rounds
		}
	}
	if got := count(s.Violations()); !maps.Equal(got, want) {
		t.Errorf("Violations() tally =\n%v\nwant\n%v", got, want)
	}
	if got := s.Seen(); !maps.EqualFunc(got, wantSeen, slices.Equal) {
		t.Errorf("Seen() = %v, want %v", got, wantSeen)
	}

	s.Reset()
	if v, seen := s.Violations(), s.Seen(); len(v) != 0 || len(seen) != 0 {
		t.Errorf("after Reset: Violations() = %q, Seen() = %v", v, seen)
	}
}

func TestTransportRecords(t *testing.T) {
	srv := httptest.NewServer(fakeAPI())
	defer srv.Close()
	s := newSpec(t)
	client := &http.Client{Transport: s.Transport(srv.Client().Transport)}

	const rounds = 5
	var wg sync.WaitGroup
	for range rounds {
		for _, c := range calls {
			wg.Go(func() { send(t, client, srv.URL, c.call) })
		}
	}
	wg.Wait()

	// The client never sees the body net/http dropped from the 204.
	want := map[string]int{}
	for _, c := range calls {
		if c.violation != "" {
			want[c.violation] += rounds
		}
	}
	if got := count(s.Violations()); !maps.Equal(got, want) {
		t.Errorf("Violations() tally =\n%v\nwant\n%v", got, want)
	}
	if got := s.Seen(); !maps.EqualFunc(got, wantSeen, slices.Equal) {
		t.Errorf("Seen() = %v, want %v", got, wantSeen)
	}
}

func TestTransportKeepsBodies(t *testing.T) {
	srv := httptest.NewServer(fakeAPI())
	defer srv.Close()
	s := newSpec(t)
	client := &http.Client{Transport: s.Transport(srv.Client().Transport)}

	resp, err := client.Post(srv.URL+"/v1/apps/3/secrets", "application/json", strings.NewReader(`{"name":"K","value":"v"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(body) != secretJSON {
		t.Errorf("got %d %s; the request or response body was lost", resp.StatusCode, body)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("Violations() = %q", v)
	}
}

func TestHandlerImplicitOK(t *testing.T) {
	s := newSpec(t)
	h := s.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/health", nil))
	want := []string{"getHealth 200: empty body, want application/json"}
	if got := s.Violations(); !slices.Equal(got, want) {
		t.Errorf("Violations() = %q, want %q", got, want)
	}
}
