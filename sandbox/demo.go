package sandbox

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// demoSpicepod is analytics-app's manifest, stored as YAML text would be after parsing.
const demoSpicepod = `version: v1
kind: Spicepod
name: analytics-app
datasets:
  - from: s3://spiceai-demo-datasets/taxi_trips/2024/
    name: taxi_trips
    params:
      file_format: parquet
    acceleration:
      enabled: true
`

// SeedDemo adds the demo apps to an organization: "analytics-app" (us-west-2, private, tagged,
// with a spicepod, two secrets and a deployment history whose created_by is a string, an
// integer and null) and "docs-search" (us-east-1, public, no spicepod, never deployed).
// Timestamps lie in the past of the emulator clock. It fails when the organization is
// unknown or already has an app with a demo name.
func (e *Emulator) SeedDemo(org string) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	o, ok := e.orgs[org]
	if !ok {
		return fmt.Errorf("sandbox: unknown organization %q", org)
	}
	for _, a := range o.apps {
		if !a.deleted() && (a.name == "analytics-app" || a.name == "docs-search") {
			return fmt.Errorf("sandbox: organization %q already has an app named %q", org, a.name)
		}
	}
	e.seedDemo(o, e.clock.Now())
	return nil
}

func (e *Emulator) seedDemo(o *orgState, now time.Time) {
	day := 24 * time.Hour
	base := now.Truncate(time.Minute)

	analytics := e.addApp(o, newApp{
		name:        "analytics-app",
		region:      "us-west-2",
		description: ptr("Production analytics app"),
		visibility:  "private",
		tags:        map[string]string{"team": "data", "environment": "production"},
	}, base.Add(-30*day))
	pod := demoPod(demoSpicepod)
	analytics.productionBranch = ptr("main")
	analytics.config.spicepod = pod
	analytics.config.image = ptr("spiceai/spiceai")
	analytics.config.version = ptr("2.x") // unpinned: the standard plan cannot pin image_tag
	analytics.config.replicas = 2
	analytics.config.storageClaimSizeGB = ptr(10.0)
	e.putSecret(analytics, "OPENAI_API_KEY", "sk-demo-"+e.randomHex(12), base.Add(-29*day))
	e.putSecret(analytics, "PG_PASS", "demo-"+e.randomHex(8), base.Add(-29*day))

	var ownerID any
	if owner := o.ownerMember(); owner != nil {
		ownerID = owner.userID
	}
	history := []struct {
		age            time.Duration
		imageTag       string
		failure        string
		errorCode      string
		branch, sha    string
		message        string
		creationSource string
		createdBy      any
	}{
		{7 * day, "2.2.0", "", "", "main", "5d41402abc4b", "Initial spicepod", "api", nil},
		{2 * day, "2.3.0", imagePullFailure, "unable_to_start", "main", "def456abc789", "Update configuration", "portal", ownerID},
		{1 * day, defaultImageTag, "", "", "main", "abc123def456", "Add taxi_trips dataset", "github", "jdoe@example.com"},
	}
	for _, h := range history {
		created := base.Add(-h.age)
		analytics.deployments = append(analytics.deployments, &deployment{
			id:             e.nextDeploymentID,
			createdAt:      created,
			startAt:        created.Add(5 * time.Second),
			finishAt:       created.Add(2 * time.Minute),
			failure:        h.failure,
			errorCode:      h.errorCode,
			imageTag:       h.imageTag,
			replicas:       2,
			branch:         ptr(h.branch),
			commitSHA:      ptr(h.sha),
			commitMessage:  ptr(h.message),
			creationSource: h.creationSource,
			createdBy:      h.createdBy,
			spicepod:       pod,
		})
		e.nextDeploymentID++
	}

	e.addApp(o, newApp{
		name:        "docs-search",
		region:      "us-east-1",
		description: ptr("Semantic search over product documentation"),
		visibility:  "public",
	}, base.Add(-10*day))
}

// demoPods holds each demo spicepod text parsed once per process (text → map[string]any, never
// changed once stored): every demo emulator a test suite builds parsed the same YAML again,
// about a fifth of building one. demoParses counts the texts stored, for the tests.
var (
	demoPods   sync.Map
	demoParses atomic.Int64
)

// demoPod returns a demo spicepod text parsed, as a copy of its own: no emulator shares a map
// with another, so none can change another's.
func demoPod(text string) map[string]any {
	cached, ok := demoPods.Load(text)
	if !ok {
		pod, msg := rules.ParseSpicepod(text)
		if msg != "" {
			panic("sandbox: demo spicepod: " + msg)
		}
		var loaded bool
		if cached, loaded = demoPods.LoadOrStore(text, pod); !loaded {
			demoParses.Add(1)
		}
	}
	return copyJSONValue(cached.(map[string]any)).(map[string]any)
}

// copyJSONValue copies a decoded JSON value deeply: its maps and slices are new, its scalars
// (strings, numbers, booleans, nil) immutable.
func copyJSONValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = copyJSONValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = copyJSONValue(e)
		}
		return out
	}
	return v
}

func (o *orgState) ownerMember() *member {
	for _, m := range o.members {
		if m.username == o.owner {
			return m
		}
	}
	return nil
}

// fraudSpicepod references a secret the demo project lacks, so its runtime cannot start.
const fraudSpicepod = `version: v1
kind: Spicepod
name: fraud-scoring
datasets:
  - from: postgres:public.transactions
    name: transactions
    params:
      pg_host: db.acme-labs.internal
      pg_user: spice
      pg_pass: ${secrets:PG_PASSWORD}
    acceleration:
      enabled: true
models:
  - from: openai:gpt-4o-mini
    name: scorer
`

// seedDemoEnterprise fills a second (Enterprise) organization: "nightly-etl" (us-east-1, ran
// for weeks, now paused) and "fraud-scoring" (on a dedicated cluster, pinned runtime, whose
// latest deployment failed with unable_to_start because a secret is missing: its instance
// logs show why).
func (e *Emulator) seedDemoEnterprise(o *orgState, now time.Time) {
	day := 24 * time.Hour
	base := now.Truncate(time.Minute)
	parse := demoPod
	history := func(a *app, ages []time.Duration, last string) {
		for i, age := range ages {
			created := base.Add(-age)
			d := &deployment{id: e.nextDeploymentID, createdAt: created, startAt: created.Add(5 * time.Second),
				finishAt: created.Add(2 * time.Minute), imageTag: defaultImageTag, replicas: a.config.replicas,
				executors: a.config.executorReplicas(), creationSource: "api", spicepod: a.config.spicepod, missing: missingSecrets(a, a.config.spicepod)}
			if a.config.imageTag != nil {
				d.imageTag = *a.config.imageTag
			}
			if i == len(ages)-1 && last != "" {
				d.errorCode, d.failure = last, failureMessages[last]
			}
			e.nextDeploymentID++
			a.deployments = append(a.deployments, d)
		}
	}

	etl := e.addApp(o, newApp{name: "nightly-etl", region: "us-east-1", visibility: "private",
		description: ptr("Nightly ingestion into the lakehouse")}, base.Add(-60*day))
	etl.config.spicepod = parse(strings.ReplaceAll(demoSpicepod, "analytics-app", "nightly-etl"))
	etl.config.version = ptr("2.x")
	history(etl, []time.Duration{40 * day, 20 * day}, "")
	etl.paused = true // paused after its last deployment: the runtime was torn down
	for _, d := range etl.deployments {
		d.down = true
	}

	fraud := e.addApp(o, newApp{name: "fraud-scoring", region: defaultRegion, clusterName: o.slug + "-prod-production",
		visibility: "private", description: ptr("Real-time fraud scoring"), tags: map[string]string{"team": "risk"}}, base.Add(-14*day))
	fraud.config.spicepod = parse(fraudSpicepod)
	fraud.config.imageTag = ptr("2.3.2-enterprise")
	fraud.config.replicas = 2
	e.putSecret(fraud, "OPENAI_API_KEY", "sk-demo-"+e.randomHex(12), base.Add(-14*day))
	history(fraud, []time.Duration{10 * day, 3 * time.Hour}, "unable_to_start")
}
