package sandbox

import (
	"fmt"
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
		cname:       "us-west-2",
		region:      "us-west-2",
		description: ptr("Production analytics app"),
		visibility:  "private",
		tags:        map[string]string{"team": "data", "environment": "production"},
	}, base.Add(-30*day))
	pod, msg := rules.ParseSpicepod(demoSpicepod)
	if msg != "" {
		panic("sandbox: demo spicepod: " + msg)
	}
	analytics.productionBranch = ptr("main")
	analytics.config.spicepod = pod
	analytics.config.image = ptr("spiceai/spiceai")
	analytics.config.imageTag = ptr(defaultImageTag)
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
		branch, sha    string
		message        string
		creationSource string
		createdBy      any
	}{
		{7 * day, "1.4.0-models", "", "main", "5d41402abc4b", "Initial spicepod", "api", nil},
		{2 * day, "1.4.1-models", imagePullFailure, "main", "def456abc789", "Update configuration", "portal", ownerID},
		{1 * day, defaultImageTag, "", "main", "abc123def456", "Add taxi_trips dataset", "github", "jdoe@example.com"},
	}
	for _, h := range history {
		created := base.Add(-h.age)
		analytics.deployments = append(analytics.deployments, &deployment{
			id:             e.nextDeploymentID,
			createdAt:      created,
			startAt:        created.Add(5 * time.Second),
			finishAt:       created.Add(2 * time.Minute),
			failure:        h.failure,
			imageTag:       h.imageTag,
			replicas:       2,
			branch:         ptr(h.branch),
			commitSHA:      ptr(h.sha),
			commitMessage:  ptr(h.message),
			creationSource: h.creationSource,
			createdBy:      h.createdBy,
		})
		e.nextDeploymentID++
	}

	e.addApp(o, newApp{
		name:        "docs-search",
		cname:       "us-east-1-prod-aws-data",
		region:      "us-east-1",
		description: ptr("Semantic search over product documentation"),
		visibility:  "public",
	}, base.Add(-10*day))
}

func (o *orgState) ownerMember() *member {
	for _, m := range o.members {
		if m.username == o.owner {
			return m
		}
	}
	return nil
}
