package sandbox

import (
	"fmt"
	"net/http"
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
	cname, region    string // placement as created: the cname echoed back, and its region code
	tags             map[string]string
	productionBranch *string
	config           appConfig
	paused           bool
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
	replicas           int
	region             *string
	nodeGroup          *string
	storageClaimSizeGB *float64
}

func (a *app) deleted() bool { return !a.deletedAt.IsZero() }

// defaultConfig is a new app's configuration (README §7.3).
func defaultConfig(regionCode string) appConfig {
	return appConfig{
		registry:      ptr(defaultRegistry),
		updateChannel: ptr("stable"),
		replicas:      1,
		region:        ptr(regionCode),
	}
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
	APIKey      *string           `json:"api_key"`
	Tags        map[string]string `json:"tags"`
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
	Replicas           int            `json:"replicas"`
	Region             *string        `json:"region"`
	NodeGroup          *string        `json:"node_group"`
	StorageClaimSizeGB *float64       `json:"storage_claim_size_gb"`
}

func (a *app) summary() appJSON {
	return appJSON{
		ID:          a.id,
		Name:        a.name,
		Description: a.description,
		Visibility:  a.visibility,
		CreatedAt:   formatTime(a.createdAt),
		Cname:       ptr(a.cname),
		Region:      ptr(a.region),
		APIKey:      ptr(a.apiKey), // deprecated mirror of the primary key
		Tags:        a.tags,
	}
}

func (a *app) full() appWithConfigJSON {
	cfg := a.config
	return appWithConfigJSON{
		appJSON:          a.summary(),
		ProductionBranch: a.productionBranch,
		Config: appConfigJSON{
			Spicepod:           cfg.spicepod,
			Registry:           cfg.registry,
			Image:              cfg.image,
			ImageTag:           cfg.imageTag,
			UpdateChannel:      cfg.updateChannel,
			Replicas:           cfg.replicas,
			Region:             cfg.region,
			NodeGroup:          cfg.nodeGroup,
			StorageClaimSizeGB: cfg.storageClaimSizeGB,
		},
	}
}

// ---- path parameters and lookups ----

// parseID accepts only plain positive decimal integers, the way the API reads path IDs.
func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int64(r-'0')
	}
	return n, n > 0
}

func (c *call) appID() (int64, *reply) {
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
			apps = append(apps, a.summary())
		}
	}
	return jsonReply(http.StatusOK, map[string][]appJSON{"apps": apps})
}

var _ = serves(api.GetApp, (*Emulator).getApp)

func (e *Emulator) getApp(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	return jsonReply(http.StatusOK, a.full())
}

// newApp is a validated create-app request.
type newApp struct {
	name, cname, region string
	description         *string
	visibility          string
	tags                map[string]string
}

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
	req.region, req.cname = placement(b)
	if d, ok := b.str("description"); ok {
		req.description = &d
	}
	if v, ok := b.str("visibility"); ok {
		b.errs.Check("visibility", rules.Enum(v, rules.Visibilities))
		req.visibility = v
	}
	if tags, ok := b.stringMap("tags"); ok {
		b.errs.Check("tags", rules.Tags(tags))
		req.tags = tags
	}
	if len(b.errs) > 0 {
		return invalid(validationError, b.errs)
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
	if c.org.maxApps > 0 && c.org.activeAppCount() >= c.org.maxApps {
		return errorReply(http.StatusForbidden, "Organization has reached the maximum app limit")
	}
	if revive != nil {
		e.reviveApp(revive, req)
		return jsonReply(http.StatusCreated, revive.full())
	}
	a := e.addApp(c.org, req, c.now)
	return jsonReply(http.StatusCreated, a.full())
}

// placement reads `region` and `cname` (README §7.3): one is required, region wins when both
// are sent, and cname accepts a Region.cname or a bare region code. It returns the region
// code and the cname to echo back.
func placement(b *jsonBody) (regionCode, cname string) {
	if v, ok := b.str("region"); ok {
		if msg := rules.Enum(v, rules.RegionCodes); msg != "" {
			b.errs.Check("region", msg)
			return "", ""
		}
		// Echo the cname too when it names the same region; otherwise the code stands for both.
		if cn, ok := b.fields["cname"].(string); ok {
			if code, known := regionForPlacement(cn); known && code == v {
				return v, cn
			}
		}
		return v, v
	}
	if b.has("region") {
		return "", "" // wrong type, already reported
	}
	v, ok := b.str("cname")
	if !ok {
		if !b.has("cname") {
			b.errs.Check("cname", "Required")
		}
		return "", ""
	}
	code, known := regionForPlacement(v)
	if !known {
		b.errs.Check("cname", rules.Enum(v, placementValues()))
		return "", ""
	}
	return code, v
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
	e.setMetadata(a, req)
}

func (e *Emulator) setMetadata(a *app, req newApp) {
	a.name = req.name
	a.description = req.description
	a.visibility = req.visibility
	a.tags = req.tags
	a.cname = req.cname
	a.region = req.region
	a.config = defaultConfig(req.region)
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
		b.errs.Check("visibility", rules.Enum(v, rules.Visibilities))
		set(func(a *app) { a.visibility = v })
	}
	if v, ok := b.str("production_branch"); ok {
		set(func(a *app) { a.productionBranch = &v })
	}
	if tags, ok := b.stringMap("tags"); ok {
		b.errs.Check("tags", rules.Tags(tags))
		set(func(a *app) { a.tags = tags })
	}
	if raw, ok := b.fields["spicepod"]; ok {
		pod, msg := rules.ParseSpicepod(raw)
		b.errs.Check("spicepod", msg)
		set(func(a *app) { a.config.spicepod = pod })
	}
	for key, field := range map[string]func(*appConfig) **string{
		"image_tag":  func(c *appConfig) **string { return &c.imageTag },
		"image":      func(c *appConfig) **string { return &c.image },
		"registry":   func(c *appConfig) **string { return &c.registry },
		"node_group": func(c *appConfig) **string { return &c.nodeGroup },
	} {
		if v, ok := b.str(key); ok {
			set(func(a *app) { *field(&a.config) = &v })
		}
	}
	if v, ok := b.str("update_channel"); ok {
		b.errs.Check("update_channel", rules.Enum(v, rules.UpdateChannels))
		set(func(a *app) { a.config.updateChannel = &v })
	}
	if n, ok := b.integer("replicas"); ok {
		b.errs.Check("replicas", rules.Replicas(n))
		set(func(a *app) { a.config.replicas = n })
	}
	// region changes the runtime configuration (effective with the next deployment); the
	// top-level cname/region keep recording where the app was created.
	if v, ok := b.str("region"); ok {
		b.errs.Check("region", rules.Enum(v, rules.RegionCodes))
		set(func(a *app) { a.config.region = &v })
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
	for _, apply := range changes {
		apply(a)
	}
	return jsonReply(http.StatusOK, a.full())
}

var _ = serves(api.DeleteApp, (*Emulator).deleteApp)

func (e *Emulator) deleteApp(c *call) reply {
	a, rep := c.lookupApp(appWithIDNotFound)
	if rep != nil {
		return *rep
	}
	a.deletedAt = c.now
	for _, d := range a.deployments {
		d.stop(c.now, "Stopped: the app was deleted")
	}
	return noContent()
}
