package present

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// r47Sandbox2Texts are the sandbox remedies that name the emulator's world, as w words them.
func r47Sandbox2Texts(w sandboxWorld) map[string]string {
	return map[string]string{
		"owners only":  w.ownersOnly(),
		"plan limits":  w.exceedsPlan(),
		"image_tag":    w.imageTag(),
		"repositories": w.repositories(),
		"owners":       w.owners(),
		"unknown user": w.unknownUser(),
		"plans":        w.plans(sandbox.PlanLimits(false), sandbox.PlanLimits(true)),
	}
}

// The sandbox's remedies name its organizations, owners and users from the emulator's default
// world (sandbox.DefaultOrgs, sandbox.DefaultUsers), not from copies: the table's texts are the
// default world's, and a world with other names gives texts with those names and none of the
// default ones, in the same wording.
func TestR47Sandbox2SandboxTextsNameTheWorldsNames(t *testing.T) {
	def := sandboxWorldOf(sandbox.DefaultOrgs(), sandbox.DefaultUsers())
	texts := r47Sandbox2Texts(def)
	inTable := map[string]bool{}
	for _, r := range remedies {
		inTable[r.Sandbox] = true
	}
	for _, name := range []string{"owners only", "plan limits", "image_tag"} {
		if !inTable[texts[name]] {
			t.Errorf("%s: the table has no row with the default world's text %q", name, texts[name])
		}
	}
	if RemedySandboxUnknownUser != texts["unknown user"] || sandboxPlans != texts["plans"] {
		t.Errorf("unknown user or plans: not the default world's:\n%q\n%q", RemedySandboxUnknownUser, sandboxPlans)
	}
	for _, r := range remedies {
		if strings.Contains(r.Sandbox, "ownership (") && !strings.Contains(r.Sandbox, texts["owners"]) ||
			strings.Contains(r.Sandbox, "owner/name with") && !strings.Contains(r.Sandbox, texts["repositories"]) {
			t.Errorf("row's text does not take the default world's owners or repositories: %q", r.Sandbox)
		}
	}
	// The wording, as it was when the names were spelled by hand.
	for name, want := range map[string]string{
		"owners only": "Only an owner can grant, change or remove the admin or owner role, and the sandbox acts only as `alice`, an " +
			"admin of `acme-labs`, whose owner `carol` no caller can act as. There change only members' and viewers' roles, or " +
			"try the admin and owner roles in `sandbox`, which `alice` owns (org: sandbox)",
		"plan limits":  "The request exceeds the organization's plan limits, which the sandbox cannot raise. " + sandboxPlans + ". Ask for less ({{get_limits}} shows the organization's limits), or act in `acme-labs` (org: acme-labs)",
		"owners":       "`alice` owns `sandbox`, `carol` owns `acme-labs`",
		"repositories": "(e.g. sandbox/analytics, or analytics alone)",
		"image_tag":    "its organization `acme-labs` is on the Enterprise plan (org: acme-labs)",
		"unknown user": "`jdoe` and `asmith` belong to no organization and can be added",
		"plans":        "its standard plan (organization `sandbox`) allows ",
	} {
		if !strings.Contains(texts[name], want) {
			t.Errorf("%s: wording changed:\n got %q\nwant %q", name, texts[name], want)
		}
	}

	other := sandboxWorldOf([]sandbox.Org{
		{Slug: "play", Owner: "ann", Members: []string{"ben"}},
		{Slug: "globex", Owner: "cora", Admins: []string{"ann"}, Viewers: []string{"ben"}, Enterprise: true},
	}, []sandbox.User{{Username: "ann"}, {Username: "ben"}, {Username: "zed"}, {Username: "yan"}, {Username: "xia"}})
	for name, text := range r47Sandbox2Texts(other) {
		for _, old := range []string{"alice", "carol", "acme-labs", "`sandbox`", "sandbox/", "org: sandbox", "jdoe", "asmith"} {
			if strings.Contains(text, old) {
				t.Errorf("%s: another world's text names the default world's %q: %q", name, old, text)
			}
		}
	}
	o := r47Sandbox2Texts(other)
	for name, want := range map[string]string{
		"owners only":  "acts only as `ann`, an admin of `globex`, whose owner `cora` no caller can act as. There change only members' and viewers' roles, or try the admin and owner roles in `play`, which `ann` owns (org: play)",
		"plan limits":  "or act in `globex` (org: globex)",
		"owners":       "`ann` owns `play`, `cora` owns `globex`",
		"repositories": "(e.g. play/analytics, or analytics alone)",
		"image_tag":    "its organization `globex` is on the Enterprise plan (org: globex)",
		"unknown user": "`zed`, `yan` and `xia` belong to no organization and can be added",
		"plans":        "its standard plan (organization `play`) allows 5 replicas and no custom resources (CPU, memory), its Enterprise plan (`globex`) ",
	} {
		if !strings.Contains(o[name], want) {
			t.Errorf("%s in another world:\n got %q\nwant %q", name, o[name], want)
		}
	}
}

// What the default world's texts say of it holds in the world --sandbox serves, asked over HTTP:
// the token acts as the organizations' first owner, an admin of the Enterprise organization;
// each owner named owns the organization named; the users said to belong to none are known
// (add_member takes them) and are members nowhere.
func TestR47Sandbox2DefaultWorldIsAsTheTextsSay(t *testing.T) {
	ctx := context.Background()
	w := sandboxWorldOf(sandbox.DefaultOrgs(), sandbox.DefaultUsers())
	if w.standard.Slug == "" || w.enterprise.Slug == "" || w.adminOf == "" || len(w.unaffiliated) == 0 {
		t.Fatalf("the default world lacks what the texts name: %+v", w)
	}
	c, _ := r45SandboxClient(t, sandbox.DemoWorld(), "")
	orgs, err := c.ListOrgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, o := range orgs {
		roles[o.Name] = o.Role
	}
	if roles[w.standard.Slug] != "owner" || roles[w.adminOf] != "admin" || w.adminOf != w.enterprise.Slug {
		t.Errorf("the token's roles %v; the texts say owner of %s, admin of %s", roles, w.standard.Slug, w.adminOf)
	}
	owned := regexp.MustCompile("`([^`]+)` owns `([^`]+)`").FindAllStringSubmatch(w.owners(), -1)
	if len(owned) != len(orgs) {
		t.Errorf("%q names %d owners for %d organizations", w.owners(), len(owned), len(orgs))
	}
	for _, pair := range owned {
		oc, _ := r45SandboxClient(t, sandbox.DemoWorld(), pair[2])
		members, err := oc.ListMembers(ctx)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(members, func(m client.Member) bool { return m.Username == pair[1] })
		if i < 0 || !slices.Contains(members[i].Roles, "owner") {
			t.Errorf("%s does not own %s: %+v", pair[1], pair[2], members)
		}
		for _, m := range members {
			if slices.Contains(w.unaffiliated, m.Username) {
				t.Errorf("%s is said to belong to no organization but is a member of %s", m.Username, pair[2])
			}
		}
	}
	for _, user := range w.unaffiliated {
		if _, err := c.AddMember(ctx, client.AddMemberRequest{Username: user}); err != nil {
			t.Errorf("add_member %s, said addable: %v", user, err)
		}
	}
}

// r47Sandbox2ClientAt is a real-API client (not marked as --sandbox's) of the API at base, as
// one whose SPICE_API_URL points at a sandbox-api process is, trying once.
func r47Sandbox2ClientAt(t *testing.T, base string) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: base, Tokens: client.StaticToken("sandbox"), Version: "test",
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A client whose SPICE_API_URL is on this machine (sandbox-api's 127.0.0.1:8787, or a local
// proxy) and gets no answer is told what is true there: nothing accepted the connection, or the
// server there stopped answering; not to check the network, nor that Spice.ai's API did not
// answer. Elsewhere the texts stay.
func TestR47Sandbox2NoAnswerOnThisMachine(t *testing.T) {
	ctx := context.Background()
	closed := testutil.RefusedAddr(t)
	_, refused := r47Sandbox2ClientAt(t, "http://"+closed).ListProjects(ctx)

	// A server that takes the request and closes the connection without an answer, as a
	// sandbox-api stopped mid-request does.
	mute := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	defer mute.Close()
	_, unanswered := r47Sandbox2ClientAt(t, mute.URL).ListProjects(ctx)

	for _, tc := range []struct {
		name string
		err  error
		want []string
	}{
		{"nothing listens", refused, []string{"Nothing accepted the connection at " + closed + " (SPICE_API_URL)", "on this machine",
			"spice-cloud-mcp sandbox-api --listen " + closed + ")"}},
		{"no answer", unanswered, []string{"did not answer", strings.TrimPrefix(mute.URL, "http://"), "on this machine", "still running",
			"starts again from its initial world"}},
	} {
		var reqErr *client.RequestError
		if !errors.As(tc.err, &reqErr) {
			t.Fatalf("%s: not a request error: %v", tc.name, tc.err)
		}
		got := Remedy(tc.err)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: remedy lacks %q: %q", tc.name, w, got)
			}
		}
		for _, w := range []string{"Check the network", "Spice.ai API", "portal", "support"} {
			if strings.Contains(got, w) {
				t.Errorf("%s: remedy says %q, beside the point on this machine: %q", tc.name, w, got)
			}
		}
		away := *reqErr
		away.Host = "api.example:443"
		if got := Remedy(&away); !strings.Contains(got, "check the network") && !strings.Contains(got, "The Spice.ai API did not answer") {
			t.Errorf("%s elsewhere: %q", tc.name, got)
		}
	}
}

// r47Sandbox2OutsideTheEmulator are words a remedy uses for what --sandbox's in-process emulator
// does not have: Spice.ai's API or accounts, the network, TLS, OAuth clients, scopes it could
// lack, a rate limit.
var r47Sandbox2OutsideTheEmulator = regexp.MustCompile(`Spice\.ai|SPICE_API|SPICE_CLIENT|network|https://|OAuth|certificate|` +
	`trust store|scope|Rate limited|acme/`)

// r47Sandbox2NoSandboxText: the rows whose advice names what the emulator has not, yet need no
// Sandbox text, each with why; read before adding one. "unreachable": no failure the emulator
// of --sandbox gives (client.APIError.Sandbox) matches the row.
var r47Sandbox2NoSandboxText = map[string]string{
	"Give the repository as owner/name, e.g. acme/analytics": "unreachable: the client checks rules.Repository before " +
		"sending (client/validate.go), the same rule the emulator answers invalid_repository by",
	"An OAuth client's token acts only in its own organization: leave org out, and ask the user to unset SPICE_ORG or to use a personal access token instead": "unreachable: " +
		"--sandbox sends its static token `sandbox`, never an OAuth client's (sandbox-api's OAuth clients are real-API mode, where it is true)",
	"An OAuth client's token acts only in its own organization: leave org out. If this server's operator set a default organization, ask the user to have them unset it, or to send a personal access token instead": "unreachable: " +
		"as above, over HTTP",
	remedyUntrustedDefaultAPI: "unreachable: the in-process transport has no TLS, and a request error (client.RequestError) is never " +
		"the emulator's (failureOf sets no Sandbox for one)",
	remedyUntrustedAPI: "unreachable: as above",
	remedyPlainHTTPHere: "unreachable: the in-process transport speaks no TLS nor HTTP, and a request error is never the " +
		"emulator's; sandbox-api on this machine is the case the text is for",
	remedyPlainHTTP: "unreachable: as above",
	remedyNotSent: "unreachable: sandbox.Emulator.Transport fails a " +
		"request only when its context ended, which the client reports as a *client.DeadlineError or *client.CancelledError, with " +
		"their own sandbox texts (TestR41CliSandboxHonoursToolTimeout); sandbox-api on this machine gets remedyNothingListens",
	remedyNoAnswer: "unreachable: as above; --sandbox's http.Client timeout (a minute) " +
		"would need one in-process request to run a minute, and --sandbox injects no latency; sandbox-api on this machine " +
		"gets remedyStoppedAnswering",
	remedyOperatorsUntrustedAPI: "unreachable: a request error is never the emulator's (see remedyUntrustedAPI's entry)",
	remedyOperatorsPlainHTTP:    "unreachable: as above",
	remedyOperatorsUnreachable:  "unreachable: as above",
	remedyOperatorsNoAnswer:     "unreachable: as above",
	"The API at this server's Spice.ai API address does not serve this route (an older deployment may not offer it yet, or the address is not the Spice.ai Management API's). " +
		operatorsAddressSentence: "unreachable: the row excludes sandboxed failures (the sandbox's 404 row follows)",
	"Rate limited, and the API asked to wait {{.Wait}}, longer than a day: that is no wait to follow. Try again in a few minutes. If the API asks the same again, " +
		"this server's API address may not be the Spice.ai Management API's: " + operatorsAddress: "unreachable: --sandbox runs without a rate limit (see remedyRetryAfterBeyondDay's entry)",
	remedyNothingListens: "unreachable in --sandbox (a request error is never the emulator's: see notSent's entry); written for sandbox-api, whose process may be down",
	"The bearer token your MCP client sent was refused (missing, malformed, revoked or expired): ask the user to set a valid Spice.ai token in the client's configuration (create one at https://spice.ai/account). This server's own credentials were not used": "" +
		"shadowed: the two sandboxed 401 rows before it take every 401 of the emulator",
	"The token has expired: ask the user to create a new one at https://spice.ai/account and update SPICE_API_TOKEN, or to use OAuth client credentials, which renew automatically": "shadowed: as above",
	RemedyLentCredentialsRefused: "shadowed: as above",
	"The token is missing, malformed, revoked or expired: ask the user to check SPICE_API_TOKEN (or SPICE_CLIENT_ID/SPICE_CLIENT_SECRET) and create a new one at https://spice.ai/account if needed": "shadowed: as above",
	askUser + "issue a token with {{.RequiredScope}} (or a scope that implies it, or *)": "unreachable: " +
		"--sandbox's token `sandbox` has scope *",
	"The token lacks the scope this needs: " + askUser + "issue a token with more scopes (or *)": "unreachable: as above",
	"No Spice.ai user has that username: check it with the user (a person must sign in to Spice.ai once before they can be added)": "shadowed: the sandboxed " +
		"row before it (RemedySandboxUnknownUser)",
	"Rate limited: wait {{.Wait}} before retrying": "unreachable: --sandbox runs without a rate limit (Config.RateLimit 0); " +
		"the text is true of sandbox-api's --rate-limit too",
	"Rate limited: wait a minute before retrying": "unreachable: as above",
	remedyRetryAfterBeyondDay:                     "unreachable: as above",
}

// Every row whose real-API advice names what the emulator has not either has a Sandbox text or
// is in r47Sandbox2NoSandboxText with why it needs none, and a sandboxed failure shadowed there
// gets the sandbox's row; the table holds no row that is gone.
func TestR47Sandbox2RowsWithoutASandboxTextSayWhy(t *testing.T) {
	seen := map[string]bool{}
	for i, r := range remedies {
		if r.Sandbox != "" || !r47Sandbox2OutsideTheEmulator.MatchString(r.Text) || strings.HasPrefix(r.Text, "The sandbox's") {
			continue
		}
		seen[r.Text] = true
		if r47Sandbox2NoSandboxText[r.Text] == "" {
			t.Errorf("row %d names what --sandbox's emulator has not and has no Sandbox text; add one, or say in "+
				"r47Sandbox2NoSandboxText why it needs none: %q", i, r.Text)
		}
	}
	for text := range r47Sandbox2NoSandboxText {
		if !seen[text] {
			t.Errorf("r47Sandbox2NoSandboxText names a row the table no longer has as such: %q", text)
		}
	}
	for _, err := range []*client.APIError{
		{Operation: "listProjects", StatusCode: http.StatusUnauthorized, Message: "Token expired", Sandbox: true},
		{Operation: "listProjects", StatusCode: http.StatusUnauthorized, Message: "Token expired", Sandbox: true, CallerToken: true},
		{Operation: "addMember", StatusCode: http.StatusNotFound, Message: "User not found", Sandbox: true},
	} {
		if got := Remedy(err); !strings.HasPrefix(got, "The sandbox's emulator") {
			t.Errorf("%d %s in the sandbox: %q", err.StatusCode, err.Message, got)
		}
	}
}

// The sandbox's token the texts name is the emulator's own default one (sandbox.DefaultToken),
// the one the client shows unredacted (client.PublicSandboxToken), and, over HTTP, the one
// --sandbox's world takes with every scope.
func TestR47Sandbox2TokenNamedFromTheEmulator(t *testing.T) {
	if client.PublicSandboxToken != sandbox.DefaultToken {
		t.Errorf("client.PublicSandboxToken %q is not the emulator's default token %q", client.PublicSandboxToken, sandbox.DefaultToken)
	}
	c, _ := r45SandboxClient(t, sandbox.DemoWorld(), "")
	if _, err := c.ListProjects(context.Background()); err != nil {
		t.Fatalf("the emulator refuses its default token: %v", err)
	}
	named := "`" + sandbox.DefaultToken + "`"
	for name, text := range map[string]string{
		"bearer refused":       RemedySandboxBearer,
		"server token refused": RemedySandboxServerToken,
		"other 403":            Remedy(&client.APIError{Operation: "listProjects", StatusCode: http.StatusForbidden, Message: "Nope", Sandbox: true}),
		"credentials not used": ServerCredentialsUnused([]string{"SPICE_API_TOKEN"}, true),
		"whoami":               WhoamiCredentials("pat", true),
	} {
		if !strings.Contains(text, named) && !strings.Contains(text, `"`+sandbox.DefaultToken+`"`) {
			t.Errorf("%s: does not name the token %s: %q", name, named, text)
		}
	}
}
