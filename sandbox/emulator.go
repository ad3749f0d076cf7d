// Package sandbox is an in-memory emulator of the Spice.ai Cloud Management API
// (/v1 routes plus the OAuth client-credentials token endpoint), served as an http.Handler.
//
// It follows api/ (openapi.json and its README.md): the same routes, scopes, status
// codes, error texts and check order as the real service, validated with the project's rules
// package so the client and the emulator agree on every input rule. All time-dependent
// behaviour (deployment progress, token expiry, rate-limit windows) follows Config.Clock, so
// tests are deterministic with a ManualClock. An Emulator is safe for concurrent use.
package sandbox

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Config describes the emulator's initial world. The zero value is a usable sandbox: the
// default organizations and users (DefaultOrgs, DefaultUsers) and one all-scopes token,
// DefaultToken.
type Config struct {
	Clock        Clock         // nil = SystemClock()
	Orgs         []Org         // nil = DefaultOrgs()
	Users        []User        // known Spice.ai users (signed in at least once); nil = DefaultUsers()
	Tokens       []Token       // nil = one token, DefaultToken, with scope "*" for the first organization
	OAuthClients []OAuthClient // client-credentials clients for POST /api/oauth/token

	// QueuedFor and RunsFor are how long a new deployment stays queued and then in_progress.
	// Zero means the defaults, 1s and 4s, so a sandbox deployment finishes in well under 10s.
	// Negative durations are a mistake (New panics), as for TokenTTL.
	QueuedFor, RunsFor time.Duration
	// TokenTTL is the lifetime of OAuth access tokens (expires_in); zero means 1h.
	TokenTTL time.Duration
	// RateLimit is the number of requests per minute allowed per token; 0 turns limiting off.
	RateLimit int
	// Demo seeds the demo apps (see SeedDemo) into every organization that has none.
	Demo bool
	// Random is the source of API keys, token IDs and demo secret values; nil = crypto/rand.
	// Tests pass a seeded reader (e.g. math/rand/v2's ChaCha8) for repeatable output.
	Random io.Reader
}

// Org is an organization. A token acts in the organization it was minted for unless a
// request names another one the token's user belongs to in X-Org-Name.
type Org struct {
	ID            int64  // 0 = assigned
	Slug          string // required, unique; the handle X-Org-Name and tokens name it by
	Name          string // "" = Slug (displayName in GET /v1/orgs)
	Owner         string // username of the owner (cannot be removed or modified)
	Members       []string
	Admins        []string // members with role admin
	Viewers       []string // members with role viewer (read-only)
	MaxApps       int      // 0 = the plan's limit
	NotConfigured bool     // create deployment answers 422
	// Enterprise unlocks pinning image_tag, dedicated clusters, private compute and higher limits.
	Enterprise bool
	// AICreditsExhausted: hosted AI credits are used up, so projects with models cannot be
	// forked (402 ai_credits_exhausted).
	AICreditsExhausted bool
	// GitHubNotConnected: no GitHub account is connected to the organization, so connecting a
	// repository answers 409 github_not_connected (api/README §5).
	GitHubNotConnected bool
	// InitialConfigNotApplied: creating a project succeeds (201) but the settings sent with it
	// are not applied (the defaults stay) and the project's `warning` says so (api/README §7.1).
	InitialConfigNotApplied bool
}

// RoleConflict names a user the organization gives two roles (owner, admins, members,
// viewers; usernames compare without case), which New would otherwise resolve silently to
// the first; nil when every user has one role.
func (o Org) RoleConflict() error {
	seen := map[string]string{} // lowercased username → role
	for _, group := range []struct {
		names []string
		role  string
	}{{[]string{o.Owner}, "owner"}, {o.Admins, "admin"}, {o.Members, "member"}, {o.Viewers, "viewer"}} {
		for _, name := range group.names {
			if name == "" {
				continue
			}
			key := strings.ToLower(name)
			if first, ok := seen[key]; ok && first != group.role {
				return fmt.Errorf("user %q is given two roles, %s and %s; give each user one role", name, first, group.role)
			}
			seen[key] = group.role
		}
	}
	return nil
}

// User is a Spice.ai user who has signed in at least once, so can be added to organizations.
type User struct {
	ID       int64 // 0 = assigned
	Username string
}

// Token is a bearer token (personal access token) known to the emulator.
type Token struct {
	Value     string
	Org       string    // organization slug
	User      string    // username the token acts as; "" = the organization's owner
	Scopes    []string  // nil or empty = no scope at all (every scoped route answers 403)
	ExpiresAt time.Time // zero = never expires
}

// OAuthClient is a client-credentials client that can mint access tokens for its organization.
type OAuthClient struct {
	ID, Secret, Org string
	Scopes          []string // nil or empty = its tokens carry no scope
}

// DefaultToken is the bearer token of a world that names none (Config.Tokens nil): a public
// word, not a credential (client.PublicSandboxToken is the same).
const DefaultToken = "sandbox"

// DemoWorld is the world --sandbox serves: the default organizations, users and token, with
// the demo apps (README's --sandbox row names them: TestR47Sandbox2ReadmeSandboxRowNamesTheDefaultWorld).
func DemoWorld() Config { return Config{Demo: true} }

// DefaultOrgs returns the default organizations: "sandbox" (owned by alice, bob a member;
// standard plan) and "acme-labs" (Enterprise, owned by carol, alice an admin, bob a viewer).
func DefaultOrgs() []Org {
	return []Org{
		{ID: 1, Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: []string{"bob"}},
		{ID: 2, Slug: "acme-labs", Name: "Acme Labs", Owner: "carol", Admins: []string{"alice"}, Viewers: []string{"bob"}, Enterprise: true},
	}
}

// DefaultUsers returns the known users: alice and bob (members of "sandbox"), and jdoe and
// asmith, who have signed in but belong to no organization.
func DefaultUsers() []User {
	return []User{{1, "alice"}, {2, "bob"}, {3, "jdoe"}, {4, "asmith"}}
}

// Emulator is the in-memory Management API. Create it with New.
type Emulator struct {
	clock     Clock
	queuedFor time.Duration
	runsFor   time.Duration
	tokenTTL  time.Duration
	rateLimit int
	random    io.Reader // nil = crypto/rand; read under mu

	mu      sync.Mutex // guards everything below
	orgs    map[string]*orgState
	users   []User
	tokens  map[tokenKey]*tokenGrant
	clients map[string]OAuthClient
	apps    map[int64]*app
	apiKeys map[tokenKey]*app // every issued runtime key by its digest, for uniqueness and ValidAPIKey
	calls   map[string]int
	faults  []*activeFault
	windows map[tokenKey]*rateWindow
	// failNext is the error_code the next deployment fails with ("" = none; FailNextDeployment).
	failNext string

	nextAppID, nextDeploymentID, nextSecretID int64
}

type orgState struct {
	id            int64
	slug, name    string
	owner         string
	maxApps       int
	notConfigured bool
	enterprise    bool
	aiExhausted   bool
	noGitHub      bool
	noInitConfig  bool // Org.InitialConfigNotApplied
	members       []*member
	apps          []*app // creation order, deleted ones included
}

type member struct {
	userID   int64
	username string
	roles    []string
	joinedAt time.Time
}

// New builds an emulator from cfg. It panics when cfg is inconsistent (duplicate or empty
// organization slugs, a token or OAuth client naming an unknown organization, a negative
// duration), since that is a mistake in the calling code rather than a runtime condition.
func New(cfg Config) *Emulator {
	if cfg.QueuedFor < 0 || cfg.RunsFor < 0 || cfg.TokenTTL < 0 {
		panic("sandbox: negative QueuedFor, RunsFor or TokenTTL")
	}
	e := &Emulator{
		clock:     cfg.Clock,
		queuedFor: orDefault(cfg.QueuedFor, time.Second),
		runsFor:   orDefault(cfg.RunsFor, 4*time.Second),
		tokenTTL:  orDefault(cfg.TokenTTL, time.Hour),
		rateLimit: cfg.RateLimit,
		random:    cfg.Random,
		orgs:      map[string]*orgState{},
		tokens:    map[tokenKey]*tokenGrant{},
		clients:   map[string]OAuthClient{},
		apps:      map[int64]*app{},
		apiKeys:   map[tokenKey]*app{},
		calls:     map[string]int{},
		windows:   map[tokenKey]*rateWindow{},

		// Distinct ranges make a mixed-up ID (an app ID used as a deployment ID) fail loudly.
		nextAppID:        101,
		nextDeploymentID: 1001,
		nextSecretID:     5001,
	}
	if e.clock == nil {
		e.clock = SystemClock()
	}
	users := cfg.Users
	if users == nil {
		users = DefaultUsers()
	}
	for _, u := range users {
		e.registerUser(u.Username, u.ID)
	}
	orgs := cfg.Orgs
	if orgs == nil {
		orgs = DefaultOrgs()
	}
	now := e.clock.Now()
	var firstOrg string
	for i, o := range orgs {
		if o.Slug == "" {
			panic("sandbox: organization without a slug")
		}
		// X-Org-Name names an organization without case (rules.SameName): slugs differing only
		// in case would leave one header naming either.
		for slug := range e.orgs {
			if rules.SameName(slug, o.Slug) {
				panic(fmt.Sprintf("sandbox: duplicate organization %q (as %q: slugs are matched without case)", o.Slug, slug))
			}
		}
		if i == 0 {
			firstOrg = o.Slug
		}
		e.addOrg(o, now)
	}
	tokens := cfg.Tokens
	if tokens == nil && firstOrg != "" {
		tokens = []Token{{Value: DefaultToken, Org: firstOrg, Scopes: []string{"*"}}}
	}
	for _, t := range tokens {
		o := e.mustOrg(t.Org)
		user := t.User
		if user == "" {
			user = o.owner
		}
		e.tokens[keyOf(t.Value)] = &tokenGrant{org: o, user: user, scopes: slices.Clone(t.Scopes), expiresAt: t.ExpiresAt}
	}
	for _, c := range cfg.OAuthClients {
		e.mustOrg(c.Org)
		c.Scopes = slices.Clone(c.Scopes)
		e.clients[c.ID] = c
	}
	if cfg.Demo {
		for i, o := range orgs {
			switch st := e.orgs[o.Slug]; {
			case len(st.apps) > 0:
			case i == 0 || !st.enterprise:
				e.seedDemo(st, now)
			default:
				e.seedDemoEnterprise(st, now)
			}
		}
	}
	return e
}

func orDefault(d, fallback time.Duration) time.Duration {
	if d == 0 {
		return fallback
	}
	return d
}

func (e *Emulator) mustOrg(slug string) *orgState {
	o, ok := e.orgs[slug]
	if !ok {
		panic(fmt.Sprintf("sandbox: unknown organization %q", slug))
	}
	return o
}

// addOrg creates the organization with its owner and members. Join dates lie in the past so
// listings look like an established organization.
func (e *Emulator) addOrg(o Org, now time.Time) {
	id := o.ID
	if id == 0 {
		for _, other := range e.orgs {
			id = max(id, other.id)
		}
		id++
	}
	name := o.Name
	if name == "" {
		name = o.Slug
	}
	st := &orgState{id: id, slug: o.Slug, name: name, maxApps: o.MaxApps, notConfigured: o.NotConfigured, enterprise: o.Enterprise, aiExhausted: o.AICreditsExhausted,
		noGitHub: o.GitHubNotConnected, noInitConfig: o.InitialConfigNotApplied}
	founded := now.Add(-90 * 24 * time.Hour).Truncate(time.Hour)
	if o.Owner != "" {
		owner := e.registerUser(o.Owner, 0)
		st.owner = owner.Username
		st.members = append(st.members, &member{userID: owner.ID, username: owner.Username, roles: []string{"owner"}, joinedAt: founded})
	}
	i := 0
	for _, group := range []struct {
		names []string
		role  string
	}{{o.Admins, "admin"}, {o.Members, "member"}, {o.Viewers, "viewer"}} {
		for _, name := range group.names {
			u := e.registerUser(name, 0)
			if st.member(u.ID) != nil {
				continue
			}
			i++
			joined := founded.Add(time.Duration(i) * 7 * 24 * time.Hour)
			st.members = append(st.members, &member{userID: u.ID, username: u.Username, roles: []string{group.role}, joinedAt: joined})
		}
	}
	e.orgs[o.Slug] = st
}

// registerUser returns the known user with this username, adding it (with id, or the next
// free id when id is 0) when it is new.
func (e *Emulator) registerUser(username string, id int64) User {
	if u, ok := e.userByName(username); ok {
		return u
	}
	if id == 0 {
		for _, u := range e.users {
			id = max(id, u.ID)
		}
		id++
	}
	u := User{ID: id, Username: username}
	e.users = append(e.users, u)
	return u
}

// userByName looks a user up case-insensitively, as Spice (GitHub) usernames are: ASCII letters
// fold, nothing else (a Kelvin sign is no K).
func (e *Emulator) userByName(username string) (User, bool) {
	for _, u := range e.users {
		if rules.SameName(u.Username, username) {
			return u, true
		}
	}
	return User{}, false
}

func (o *orgState) member(userID int64) *member {
	for _, m := range o.members {
		if m.userID == userID {
			return m
		}
	}
	return nil
}

// activeApp returns the organization's non-deleted app with this id, or nil.
func (o *orgState) activeApp(id int64) *app {
	for _, a := range o.apps {
		if a.id == id && !a.deleted() {
			return a
		}
	}
	return nil
}

func (o *orgState) activeAppCount() int {
	n := 0
	for _, a := range o.apps {
		if !a.deleted() {
			n++
		}
	}
	return n
}
