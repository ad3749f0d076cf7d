package client

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"
)

// Reads are held to the fields their schemas require, as writes are to their identifying
// fields (decode): a project listed without its id or name would be shown as "ID 0" with a URL
// made of nothing, and a deployment with a status openapi.json does not document would be
// waited on as if it were still running. Such an answer is a *ResponseError (Missing,
// Unexpected), whatever the method. The checks are a few comparisons per item.

// unusable: ProjectSummary requires id, name, visibility and created_at (so does Project, and a
// fork, which embed it).
func (p *ProjectSummary) unusable() (missing []string, unexpected map[string]string) {
	return p.missing(""), negativeID(p.ID, "")
}

// negativeID is an ID below zero, named after prefix, as a value the API does not document
// (Unexpected): it numbers apps and deployments from 1, and a call with such an ID could not
// name the object (no path takes it), so a list showing it would show an app or a deployment
// no tool can reach. Zero is a missing ID (missing).
func negativeID(id int64, prefix string) map[string]string {
	if id >= 0 {
		return nil
	}
	return map[string]string{prefix + "id": strconv.FormatInt(id, 10)}
}

// missing names the required fields p lacks, each after prefix.
func (p *ProjectSummary) missing(prefix string) []string {
	var missing []string
	if p.ID == 0 {
		missing = append(missing, prefix+"id")
	}
	if p.Name == "" {
		missing = append(missing, prefix+"name")
	}
	if p.Visibility == "" {
		missing = append(missing, prefix+"visibility")
	}
	if p.CreatedAt.IsZero() {
		missing = append(missing, prefix+"created_at")
	}
	return missing
}

// firstMissing is what the first item of a list that lacks a required field lacks, or whose ID
// is below zero (negativeID), named as key[i].field.
func firstMissing(key string, items []ProjectSummary) ([]string, map[string]string) {
	for i := range items {
		prefix := key + "[" + strconv.Itoa(i) + "]."
		if m, u := items[i].missing(prefix), negativeID(items[i].ID, prefix); len(m) > 0 || len(u) > 0 {
			return m, u
		}
	}
	return nil, nil
}

func (l *projectList) unusable() ([]string, map[string]string) {
	return firstMissing("projects", l.Projects)
}

// appList is the GET /v1/apps envelope.
type appList struct {
	Apps []ProjectSummary `json:"apps"`
}

func (l *appList) unusable() ([]string, map[string]string) {
	return firstMissing("apps", l.Apps)
}

func (l *forkList) unusable() ([]string, map[string]string) {
	return firstMissing("forks", l.Forks)
}

// deploymentStatuses are the statuses openapi.json documents (DeploymentStatus).
var deploymentStatuses = []string{StatusCreated, StatusQueued, StatusInProgress, StatusSucceeded, StatusFailed}

// KnownStatus reports a status openapi.json documents.
func KnownStatus(status string) bool { return slices.Contains(deploymentStatuses, status) }

// unusable: a deployment requires id, status and created_at, and its status is one of those
// documented: another is neither in flight nor ended, so nothing can be said or waited for.
func (d *Deployment) unusable() (missing []string, unexpected map[string]string) {
	return d.missing(""), d.unexpected("")
}

func (d *Deployment) missing(prefix string) []string {
	var missing []string
	if d.ID == 0 {
		missing = append(missing, prefix+"id")
	}
	if d.Status == "" {
		missing = append(missing, prefix+"status")
	}
	if d.CreatedAt.IsZero() {
		missing = append(missing, prefix+"created_at")
	}
	return missing
}

func (d *Deployment) unexpected(prefix string) map[string]string {
	odd := negativeID(d.ID, prefix)
	if d.Status == "" || KnownStatus(d.Status) {
		return odd
	}
	if odd == nil {
		odd = map[string]string{}
	}
	odd[prefix+"status"] = d.Status
	return odd
}

// unusable: the first deployment listed without a required field makes the list unusable. A
// status the list shows that openapi.json does not document is shown as it is: such a
// deployment is not in flight (InFlight), and a wait reads it alone (Deployment.unusable).
func (l *deploymentList) unusable() (missing []string, unexpected map[string]string) {
	for i := range l.Deployments {
		prefix := "deployments[" + strconv.Itoa(i) + "]."
		if m, u := l.Deployments[i].missing(prefix), negativeID(l.Deployments[i].ID, prefix); len(m) > 0 || len(u) > 0 {
			return m, u
		}
	}
	return nil, nil
}

// The list envelopes' required keys (enveloped).
func (*orgList) listKey() string            { return "orgs" }
func (*RegionList) listKey() string         { return "regions" }
func (*clusterList) listKey() string        { return "clusters" }
func (*ContainerImageList) listKey() string { return "images" }
func (*projectList) listKey() string        { return "projects" }
func (*appList) listKey() string            { return "apps" }
func (*forkList) listKey() string           { return "forks" }
func (*deploymentList) listKey() string     { return "deployments" }
func (*deploymentLogs) listKey() string     { return "logs" }
func (*instanceList) listKey() string       { return "instances" }
func (*instanceLogs) listKey() string       { return "lines" }
func (*secretList) listKey() string         { return "secrets" }
func (*memberList) listKey() string         { return "members" }

// targetGone reports whether msg is the delete op's own 404 text (openapi.json's examples), in
// any case: the target itself is gone. Any other 404 says nothing of it: one naming a secret's
// app ("Project not found") or a gateway's {"error":"Not Found"}, and a lost first attempt may
// then have deleted nothing.
func targetGone(op *api.Operation, msg string) bool {
	switch op {
	case api.DeleteSecret, api.DeleteProjectSecret:
		return strings.EqualFold(msg, "Secret not found")
	case api.DeleteProject:
		return strings.EqualFold(msg, "Project not found")
	case api.DeleteApp:
		if strings.EqualFold(msg, "App not found") {
			return true
		}
		n, ok := strings.CutPrefix(msg, "App with ID ")
		n, ok2 := strings.CutSuffix(n, " not found")
		_, err := strconv.ParseInt(n, 10, 64)
		return ok && ok2 && err == nil
	case api.RemoveMember:
		return strings.EqualFold(msg, "Member not found")
	}
	return false
}

// givenAsNone moves out of missing each field the answer does give, with a value that decodes as
// none (an ID of 0, a time of 0001-01-01T00:00:00Z): the answer does not lack it, it gives it so,
// and the error says what it gave (unexpected: "projects[1].id is 0"), never that it is absent.
// It runs only on an answer already refused.
func givenAsNone(body []byte, missing []string, unexpected map[string]string) ([]string, map[string]string) {
	if len(missing) == 0 {
		return missing, unexpected
	}
	var doc any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&doc) != nil {
		return missing, unexpected
	}
	var kept []string
	for _, path := range missing {
		given := ""
		switch v := atPath(doc, path).(type) {
		case json.Number:
			given = v.String()
		case string:
			given = v
		}
		if given == "" {
			kept = append(kept, path)
			continue
		}
		if unexpected == nil {
			unexpected = map[string]string{}
		}
		unexpected[path] = given
	}
	return kept, unexpected
}

// atPath is the value at path ("id", "projects[1].id") in a decoded JSON document, or nil.
func atPath(doc any, path string) any {
	for _, part := range strings.Split(path, ".") {
		key, index, indexed := strings.Cut(part, "[")
		obj, ok := doc.(map[string]any)
		if !ok {
			return nil
		}
		doc = obj[key]
		if indexed {
			i, err := strconv.Atoi(strings.TrimSuffix(index, "]"))
			list, ok := doc.([]any)
			if err != nil || !ok || i < 0 || i >= len(list) {
				return nil
			}
			doc = list[i]
		}
	}
	return doc
}
