package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

const defaultRegistry = "ghcr.io"

// app is one app of an organization. Soft-deleted apps stay here (deletedAt set) so that
// creating one with the same name can revive it with its id, secrets and keys.
type app struct {
	id               int64
	org              *orgState
	name             string
	description      *string
	visibility       string
	createdAt        time.Time
	region           string // region code; "" = standalone (Cloud Connect) project
	clusterName      string // dedicated cluster; "" = shared regional infrastructure
	tags             map[string]string
	productionBranch *string
	config           appConfig
	paused           bool
	forkedFrom       *forkedFromJSON
	repository       *repoConnection // GitHub connection; nil = not connected
	warning          *string         // set when its initial configuration was not applied
	deletedAt        time.Time
	apiKey, apiKey2  string
	secrets          map[string]*secret
	deployments      []*deployment // oldest first
}

type appConfig struct {
	spicepod           map[string]any
	registry           *string
	image              *string
	imageTag           *string
	updateChannel      *string
	version            *string
	replicas           int
	resources          map[string]any
	executor           map[string]any
	region             *string
	nodeGroup          *string
	storageSizeGB      *float64
	storageClaimSizeGB *float64
}

// executorReplicas is config.executor.replicas, 0 without an executor pool or a count.
func (cfg appConfig) executorReplicas() int {
	switch n := cfg.executor["replicas"].(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	case int:
		return n
	}
	return 0
}

func (a *app) deleted() bool { return !a.deletedAt.IsZero() }

// settle places a where its deployments that have succeeded by now ran: PUT region sets only
// config.region, and the next deployment that succeeds moves the project there (region,
// cname and endpoint follow; a standalone project becomes Spice-managed), api/README §10
// (Assumed). Deployments only end with time, so every call settles first (serve).
func (a *app) settle(now time.Time) {
	for _, d := range a.deployments {
		if d.placeIn == "" || !d.terminal(now) {
			continue
		}
		if d.failure == "" && a.clusterName == "" { // a cluster assigned since fixes the region
			a.region = d.placeIn
		}
		d.placeIn = ""
	}
}

// settle settles every active app of o (app.settle).
func (o *orgState) settle(now time.Time) {
	for _, a := range o.apps {
		if !a.deleted() {
			a.settle(now)
		}
	}
}

// defaultConfig is a new app's configuration (README §7.3).
func defaultConfig(regionCode string) appConfig {
	cfg := appConfig{
		registry:      ptr(defaultRegistry),
		updateChannel: ptr("stable"),
		replicas:      1,
	}
	if regionCode != "" {
		cfg.region = ptr(regionCode)
	}
	return cfg
}

func ptr[T any](v T) *T { return &v }

// appJSON is the App shape of list items; appWithConfigJSON adds the rest for get/create/update.
type appJSON struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Description *string           `json:"description"`
	Visibility  string            `json:"visibility"`
	CreatedAt   string            `json:"created_at"`
	Cname       *string           `json:"cname"`
	Region      *string           `json:"region"`
	ClusterID   *string           `json:"cluster_id"`
	ClusterName *string           `json:"cluster_name"`
	Endpoint    *string           `json:"endpoint"`
	APIKey      *string           `json:"api_key,omitempty"` // /v1/apps only (README §10)
	Tags        map[string]string `json:"tags"`
	ForkedFrom  *forkedFromJSON   `json:"forked_from"`
}

type forkedFromJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

type appWithConfigJSON struct {
	appJSON
	ProductionBranch *string       `json:"production_branch"`
	Warning          *string       `json:"warning"`
	Config           appConfigJSON `json:"config"`
}

type appConfigJSON struct {
	Spicepod           map[string]any `json:"spicepod"`
	Registry           *string        `json:"registry"`
	Image              *string        `json:"image"`
	ImageTag           *string        `json:"image_tag"`
	UpdateChannel      *string        `json:"update_channel"`
	Version            *string        `json:"version"`
	Replicas           int            `json:"replicas"`
	Resources          map[string]any `json:"resources"`
	Executor           map[string]any `json:"executor"`
	Region             *string        `json:"region"`
	NodeGroup          *string        `json:"node_group"`
	StorageSizeGB      *float64       `json:"storage_size_gb"`
	StorageClaimSizeGB *float64       `json:"storage_claim_size_gb"`
}

// summary is the list item; project routes leave out the deprecated api_key (README §10).
func (a *app) summary(project bool) appJSON {
	out := appJSON{
		ID:          a.id,
		Name:        a.name,
		Description: a.description,
		Visibility:  a.visibility,
		CreatedAt:   formatTime(a.createdAt),
		Tags:        a.tags,
		ForkedFrom:  a.forkedFrom,
	}
	if a.region != "" {
		// cname is the region's internal name (what the data-plane host is built from), never
		// the region code; endpoint is that host as a URL, or the dedicated cluster's.
		cname := regionCname(a.region)
		out.Cname = ptr(cname)
		out.Region = ptr(a.region)
		out.Endpoint = ptr("https://" + cname + ".spiceai.io")
	}
	if a.clusterName != "" {
		out.ClusterName = ptr(a.clusterName)
		out.Endpoint = ptr(fmt.Sprintf("https://private-%s-%s-prod-data.spiceai.io", a.clusterName, a.region))
	}
	if !project {
		out.APIKey = ptr(a.apiKey) // deprecated mirror of the primary key
	}
	return out
}

func (a *app) full(project bool) appWithConfigJSON {
	cfg := a.config
	return appWithConfigJSON{
		appJSON:          a.summary(project),
		ProductionBranch: a.productionBranch,
		Warning:          a.warning,
		Config: appConfigJSON{
			Spicepod:           cfg.spicepod,
			Registry:           cfg.registry,
			Image:              cfg.image,
			ImageTag:           cfg.imageTag,
			UpdateChannel:      cfg.updateChannel,
			Version:            cfg.version,
			Replicas:           cfg.replicas,
			Resources:          cfg.resources,
			Executor:           cfg.executor,
			Region:             cfg.region,
			NodeGroup:          cfg.nodeGroup,
			StorageSizeGB:      cfg.storageSizeGB,
			StorageClaimSizeGB: cfg.storageClaimSizeGB,
		},
	}
}

// ---- path parameters and lookups ----

// parseID accepts only plain positive decimal integers without leading zeros (any int64), the
// way the API reads path IDs: no sign, no spaces, no 0101.
func parseID(s string) (int64, bool) {
	if s == "" || s[0] == '0' {
		return 0, false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false // beyond int64
	}
	return n, true
}

func (c *call) appID() (int64, *reply) {
	if c.project {
		id, ok := parseID(c.path["projectId"])
		if !ok {
			return 0, errorReplyPtr(http.StatusBadRequest, "Invalid project ID")
		}
		return id, nil
	}
	id, ok := parseID(c.path["appId"])
	if !ok {
		return 0, errorReplyPtr(http.StatusBadRequest, "Invalid app ID")
	}
	return id, nil
}

// The two 404 texts for a missing app: apps, deployments and api-keys routes name the ID,
// secrets routes do not (README §4).
func appWithIDNotFound(id int64) string { return fmt.Sprintf("App with ID %d not found", id) }
func appNotFound(int64) string          { return "App not found" }

// findApp returns the caller's organization's active app, or the 404 worded by notFound.
func (c *call) findApp(id int64, notFound func(int64) string) (*app, *reply) {
	a := c.org.activeApp(id)
	if a == nil {
		if c.project {
			return nil, errorReplyPtr(http.StatusNotFound, "Project not found")
		}
		return nil, errorReplyPtr(http.StatusNotFound, notFound(id))
	}
	return a, nil
}

// lookupApp parses {appId} (400) and finds the app (404).
func (c *call) lookupApp(notFound func(int64) string) (*app, *reply) {
	id, rep := c.appID()
	if rep != nil {
		return nil, rep
	}
	return c.findApp(id, notFound)
}

// ---- handlers ----

var _ = serves(api.ListApps, (*Emulator).listApps)

func (e *Emulator) listApps(c *call) reply {
	apps := []appJSON{}
	for _, a := range c.org.apps {
		if !a.deleted() {
			apps = append(apps, a.summary(c.project))
		}
	}
	if c.project {
		return jsonReply(http.StatusOK, map[string][]appJSON{"projects": apps})
	}
	return jsonReply(http.StatusOK, map[string][]appJSON{"apps": apps})
}

var _ = serves(api.ListProjects, (*Emulator).listProjects)

func (e *Emulator) listProjects(c *call) reply { return e.listApps(c) }

var _ = serves(api.GetApp, (*Emulator).getApp)

func (e *Emulator) getApp(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, a.full(c.project))
}

var _ = serves(api.GetProject, (*Emulator).getProject)

func (e *Emulator) getProject(c *call) reply { return e.getApp(c) }

// newApp is a validated create-app request.
type newApp struct {
	name, region, clusterName string
	description               *string
	visibility                string
	tags                      map[string]string
	config                    func(*appConfig) // settings sent with the request; nil = none
	warning                   *string          // the project's warning; nil = none
}

// initialConfigWarning is the `warning` of a project created in an organization with
// InitialConfigNotApplied (wording assumed: the API's is not published).
const initialConfigWarning = "Project created, but its initial configuration could not be applied: it has the default configuration; update the project to apply the settings"

var _ = serves(api.CreateApp, (*Emulator).createApp)

func (e *Emulator) createApp(c *call) reply {
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	req := newApp{visibility: "private"}
	if name, ok := b.str("name"); ok || !b.has("name") {
		b.errs.Check("name", rules.AppName(name))
		req.name = name
	}
	req.region, req.clusterName = e.placement(c.org, b, placementRules{nullClusterOmitted: true, cname: true, cnameNotEmpty: !c.project})
	if d, ok := b.str("description"); ok {
		req.description = &d
	}
	if v, ok := b.str("visibility"); ok {
		b.errs.Check("visibility", rules.AsAPI.Enum(v, rules.Visibilities))
		req.visibility = v
	}
	if tags, ok := b.stringMap("tags"); ok {
		b.errs.Check("tags", rules.Tags(tags))
		req.tags = tags
	}
	// default_alerts is accepted and ignored (README §7.1, assumed), but must be a boolean.
	b.boolean("default_alerts")
	if b.has("kind") {
		// The service decides the project kind itself (README §7.1, observed).
		b.errs.Check("kind", "kind is chosen by the service and cannot be set")
	}
	settings := runtimeSettings(b)
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	if rep := c.org.checkSettings(settings); rep != nil {
		return *rep
	}
	req.config = settings.apply
	if c.org.noInitConfig {
		req.config, req.warning = nil, ptr(initialConfigWarning)
	}

	var revive *app
	for _, a := range c.org.apps {
		if !strings.EqualFold(a.name, req.name) {
			continue
		}
		if !a.deleted() {
			return errorReply(http.StatusConflict, fmt.Sprintf("App %q already exists in this organization", req.name))
		}
		revive = a
	}
	if max := c.org.limits().Apps; max >= 0 && c.org.activeAppCount() >= max {
		return errorReply(http.StatusForbidden, "Organization has reached the maximum app limit")
	}
	if revive != nil {
		e.reviveApp(revive, req)
		return jsonReply(http.StatusCreated, revive.full(c.project))
	}
	a := e.addApp(c.org, req, c.now)
	return jsonReply(http.StatusCreated, a.full(c.project))
}

var _ = serves(api.CreateProject, (*Emulator).createProject)

func (e *Emulator) createProject(c *call) reply { return e.createApp(c) }

// placementRules are where the bodies that place a project differ: CreateProjectRequest
// reads cluster_name null as omitted and has cname, ForkProjectRequest types cluster_name a
// string and has no cname (refused as an unknown field); CreateAppRequest (the /v1/apps
// route) gives cname minLength 1.
type placementRules struct {
	nullClusterOmitted bool
	cname              bool
	cnameNotEmpty      bool
}

// placement reads `region`, `cluster_name` and the deprecated `cname` (README §7.1): none of
// them makes a standalone (Cloud Connect) project; region wins over cname; cname accepts a
// Region.cname or a bare region code; a cluster fixes the region, which must then agree.
// Every field sent is checked against its schema's type, also one that another field
// overrides (cname next to region).
func (e *Emulator) placement(o *orgState, b *jsonBody, p placementRules) (regionCode, clusterName string) {
	cname, cnameOK := "", false
	if p.cname {
		cname, cnameOK = b.str("cname")
	}
	if cnameOK && cname == "" && p.cnameNotEmpty {
		b.errs.Check("cname", "String must contain at least 1 character(s)")
		cnameOK = false
	}
	if v, ok := b.fields["cluster_name"]; ok && (v != nil || !p.nullClusterOmitted) {
		name, ok := b.str("cluster_name")
		if !ok {
			return "", ""
		}
		if p.cname && b.has("cname") {
			b.errs.Check("cluster_name", "cname cannot be combined with cluster_name")
			return "", ""
		}
		cl := o.cluster(name)
		if cl == nil {
			b.errs.Check("cluster_name", o.unknownCluster(name))
			return "", ""
		}
		if r, ok := b.str("region"); ok && r != cl.Region {
			b.errs.Check("region", fmt.Sprintf("region '%s' does not match cluster region '%s'", r, cl.Region))
			return "", ""
		}
		return cl.Region, cl.ClusterName
	}
	if v, ok := b.str("region"); ok {
		if msg := rules.AsAPI.Enum(v, rules.RegionCodes); msg != "" {
			b.errs.Check("region", msg)
			return "", ""
		}
		return v, ""
	}
	if b.has("region") {
		return "", "" // wrong type, already reported
	}
	if !cnameOK {
		return "", "" // absent: standalone; wrong type or empty: already reported
	}
	code, known := regionForPlacement(cname)
	if !known {
		b.errs.Check("cname", rules.AsAPI.Enum(cname, placementValues()))
		return "", ""
	}
	return code, ""
}

// addApp creates an app with fresh runtime keys.
func (e *Emulator) addApp(o *orgState, req newApp, now time.Time) *app {
	a := &app{
		id:        e.nextAppID,
		org:       o,
		createdAt: now,
		secrets:   map[string]*secret{},
	}
	e.nextAppID++
	e.setMetadata(a, req)
	a.apiKey = e.newAPIKey(a)
	a.apiKey2 = e.newAPIKey(a)
	o.apps = append(o.apps, a)
	e.apps[a.id] = a
	return a
}

// reviveApp reactivates a soft-deleted app: same id, created_at, secrets, keys and
// deployment history; metadata and configuration as if newly created from req.
func (e *Emulator) reviveApp(a *app, req newApp) {
	a.deletedAt = time.Time{}
	a.paused = false
	a.productionBranch = nil
	a.repository = nil
	a.forkedFrom = nil // created, not forked: no longer listed among its old source's forks
	e.setMetadata(a, req)
}

func (e *Emulator) setMetadata(a *app, req newApp) {
	a.name = req.name
	a.description = req.description
	a.visibility = req.visibility
	a.tags = req.tags
	a.region = req.region
	a.clusterName = req.clusterName
	a.config = defaultConfig(req.region)
	a.warning = req.warning
	if req.config != nil {
		req.config(&a.config)
	}
}

// settings are the runtime settings a create or update request may carry.
type settings struct {
	replicas  int            // 0 = not sent
	resources map[string]any // nil = not sent
	// executorReplicas and executorResources are the executor's (-1 and nil = not sent).
	executorReplicas  int
	executorResources map[string]any
	changes           []func(*appConfig)
}

func (s *settings) set(f func(*appConfig)) { s.changes = append(s.changes, f) }

func (s *settings) apply(cfg *appConfig) {
	for _, f := range s.changes {
		f(cfg)
	}
}

// runtimeSettings reads update_channel, version, replicas, resources, executor and
// storage_size_gb, recording type and range errors in b.
func runtimeSettings(b *jsonBody) *settings {
	s := &settings{executorReplicas: -1}
	if v, ok := b.str("update_channel"); ok {
		b.errs.Check("update_channel", rules.AsAPI.Enum(v, rules.UpdateChannels))
		s.set(func(c *appConfig) { c.updateChannel = &v })
	}
	if v, ok := b.str("version"); ok {
		s.set(func(c *appConfig) { c.version = &v })
	}
	if n, ok := b.integer("replicas", rules.Replicas); ok {
		s.replicas = n
		s.set(func(c *appConfig) { c.replicas = n })
	}
	// resources and executor are checked as openapi.json's ResourceSpec and ExecutorSpec, so
	// that what is stored is what responses promise; null clears them.
	if v, ok := b.fields["resources"]; ok {
		m, msg := resourceSpec(v)
		b.errs.Check("resources", msg)
		s.resources = m
		s.set(func(c *appConfig) { c.resources = m })
	}
	if v, ok := b.fields["executor"]; ok {
		m, replicas, resources, msgs := executorSpec(v)
		for _, msg := range msgs {
			b.errs.Check("executor", msg)
		}
		s.executorReplicas, s.executorResources = replicas, resources
		s.set(func(c *appConfig) { c.executor = m })
	}
	if n, ok := b.number("storage_size_gb"); ok {
		if n < 0 {
			b.errs.Check("storage_size_gb", "Number must be greater than or equal to 0")
		}
		s.set(func(c *appConfig) { c.storageSizeGB = &n })
	}
	return s
}

// checkSettings refuses replicas and resources above the plan (403, README §7.1), the
// executor's included.
func (o *orgState) checkSettings(s *settings) *reply {
	if rep := o.checkPlan(s.replicas, s.resources); rep != nil {
		return rep
	}
	if max := o.limits().Replicas; s.executorReplicas > max {
		return errorReplyPtr(http.StatusForbidden, fmt.Sprintf("Requested executor replicas exceed plan limits: your plan allows %d", max))
	}
	return o.checkPlan(0, s.executorResources)
}

var _ = serves(api.UpdateApp, (*Emulator).updateApp)

func (e *Emulator) updateApp(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	b, formErr := c.jsonBody()
	if formErr != "" {
		return invalid(validationError, nil, formErr)
	}
	// Validate everything first and apply nothing unless the whole request is valid.
	var changes []func(*app)
	set := func(f func(*app)) { changes = append(changes, f) }

	if v, ok := b.str("description"); ok {
		set(func(a *app) { a.description = &v })
	}
	if v, ok := b.str("visibility"); ok {
		b.errs.Check("visibility", rules.AsAPI.Enum(v, rules.Visibilities))
		set(func(a *app) { a.visibility = v })
	}
	if v, ok := b.str("production_branch"); ok {
		b.errs.Check("production_branch", rules.ProductionBranch(v))
		set(func(a *app) { a.productionBranch = &v })
	}
	if tags, ok := b.stringMap("tags"); ok {
		b.errs.Check("tags", rules.Tags(tags))
		set(func(a *app) { a.tags = tags })
	}
	_, newPod := b.fields["spicepod"]
	if raw, ok := b.fields["spicepod"]; ok {
		pod, msg := rules.ParseSpicepod(raw)
		b.errs.Check("spicepod", msg)
		if msg == "" {
			pod = asStored(pod).(map[string]any)
		}
		set(func(a *app) { a.config.spicepod = pod })
	}
	// image_tag pins the runtime (Enterprise only); null clears the pin. Any string, "" too, is
	// a tag to pin, so it passes the Enterprise gate and the published-tag check.
	pinned, pin := "", false
	if v, ok := b.fields["image_tag"]; ok && v == nil {
		set(func(a *app) { a.config.imageTag = nil })
	} else if v, ok := b.str("image_tag"); ok {
		pinned, pin = v, true
		set(func(a *app) { a.config.imageTag = &v })
	}
	for key, field := range map[string]func(*appConfig) **string{
		"image":      func(c *appConfig) **string { return &c.image },
		"registry":   func(c *appConfig) **string { return &c.registry },
		"node_group": func(c *appConfig) **string { return &c.nodeGroup },
	} {
		if v, ok := b.str(key); ok {
			set(func(a *app) { *field(&a.config) = &v })
		}
	}
	st := runtimeSettings(b)
	set(func(a *app) { st.apply(&a.config) })
	// region changes the runtime configuration: the top-level region (and cname, endpoint)
	// keep saying where the project runs until the next deployment that succeeds moves it
	// there (app.settle), a standalone project too. UpdateProjectRequest.region is a plain
	// string in openapi.json; that it must be a region the API serves, as on create, is our
	// choice (api/README.md §10), which the client's check shares.
	region, hasRegion := b.str("region")
	if hasRegion {
		if msg := rules.AsAPI.Enum(region, rules.RegionCodes); msg != "" {
			b.errs.Check("region", msg)
		}
		set(func(a *app) { a.config.region = &region })
	}
	// cluster_name moves the project to a dedicated cluster (deploy again to move the runtime).
	// Unlike create, update declares it a string: null is a type error, not "omitted". A region
	// sent with it must be the cluster's, as on create.
	// Without cluster_name, a region sent for a project on a dedicated cluster must be that
	// cluster's region (api/README §10, Assumed): the cluster fixes where it runs.
	if name, ok := b.str("cluster_name"); ok {
		switch cl := c.org.cluster(name); {
		case cl == nil:
			b.errs.Check("cluster_name", c.org.unknownCluster(name))
		case hasRegion && region != cl.Region:
			b.errs.Check("region", fmt.Sprintf("region '%s' does not match cluster region '%s'", region, cl.Region))
		default:
			set(func(a *app) {
				a.clusterName, a.region = cl.ClusterName, cl.Region
				a.config.region = ptr(cl.Region)
			})
		}
	} else if !b.has("cluster_name") && hasRegion && a.clusterName != "" && region != a.region &&
		rules.AsAPI.Enum(region, rules.RegionCodes) == "" { // an unknown region is reported above
		b.errs.Check("region", fmt.Sprintf("region '%s' does not match cluster region '%s'", region, a.region))
	}
	if n, ok := b.number("storage_claim_size_gb"); ok {
		if n < 0 {
			b.errs.Check("storage_claim_size_gb", "Number must be greater than or equal to 0")
		}
		set(func(a *app) { a.config.storageClaimSizeGB = &n })
	}
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
	}
	if pin {
		if rep := c.org.checkImageTag(pinned); rep != nil {
			return *rep
		}
	}
	if rep := c.org.checkSettings(st); rep != nil {
		return *rep
	}
	if newPod && a.repository != nil {
		return codedError(http.StatusConflict, "github_connected",
			"This project deploys spicepod.yaml from its GitHub repository; change the spicepod there")
	}
	for _, apply := range changes {
		apply(a)
	}
	return jsonReply(http.StatusOK, a.full(c.project))
}

var _ = serves(api.UpdateProject, (*Emulator).updateProject)

func (e *Emulator) updateProject(c *call) reply { return e.updateApp(c) }

var _ = serves(api.DeleteApp, (*Emulator).deleteApp)

func (e *Emulator) deleteApp(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	a.deletedAt = c.now
	reason := stoppedByDelete
	if c.project {
		reason = stoppedByProjectDelete
	}
	for _, d := range a.deployments {
		d.stop(c.now, reason)
	}
	return noContent()
}

var _ = serves(api.DeleteProject, (*Emulator).deleteProject)

func (e *Emulator) deleteProject(c *call) reply { return e.deleteApp(c) }
