package client

import (
	"math"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// ValidateCreateApp applies the API's create-app rules; the result is empty when req is valid.
func ValidateCreateApp(req CreateAppRequest) rules.FieldErrors {
	fe := rules.FieldErrors{}
	fe.Check("name", rules.AppName(req.Name))
	switch {
	case req.Region != "":
		fe.Check("region", rules.Enum(req.Region, rules.RegionCodes))
	case req.CName == "":
		fe.Check("cname", "Required: set region (us-east-1 or us-west-2) or cname")
	}
	if req.Visibility != "" {
		fe.Check("visibility", rules.Enum(req.Visibility, rules.Visibilities))
	}
	fe.Check("tags", rules.Tags(req.Tags))
	return checkBodySize(fe, req)
}

// ValidateUpdateApp applies the API's update-app rules to the fields that are set.
func ValidateUpdateApp(req UpdateAppRequest) rules.FieldErrors {
	fe := checkUpdate(req.Visibility, req.UpdateChannel, req.Region, req.Replicas)
	checkSize(fe, "storage_claim_size_gb", req.StorageClaimSizeGB)
	checkBranch(fe, req.ProductionBranch)
	checkSpicepodAndTags(fe, req.Spicepod, req.Tags)
	return checkBodySize(fe, req)
}

// ValidateCreateDeployment applies the API's create-deployment rules to the fields that are set.
func ValidateCreateDeployment(req CreateDeploymentRequest) rules.FieldErrors {
	fe := rules.FieldErrors{}
	if req.Channel != "" {
		fe.Check("channel", rules.Enum(req.Channel, rules.DeploymentChannels))
	}
	if req.Replicas != nil {
		fe.Check("replicas", rules.Replicas(*req.Replicas))
	}
	return checkBodySize(fe, req)
}

// ValidateAddMember applies the API's add-member rules.
func ValidateAddMember(req AddMemberRequest) rules.FieldErrors {
	fe := rules.FieldErrors{}
	fe.Check("username", rules.Username(req.Username))
	if req.Roles != nil { // nil is left out: the API's default, ["member"]
		fe.Check("roles", rules.Roles(req.Roles))
	}
	return checkBodySize(fe, req)
}

// ValidateCreateProject applies the API's create-project rules. Placement is optional.
func ValidateCreateProject(req CreateProjectRequest) rules.FieldErrors {
	fe := rules.FieldErrors{}
	fe.Check("name", rules.AppName(req.Name))
	if req.Region != "" {
		fe.Check("region", rules.Enum(req.Region, rules.RegionCodes))
	}
	if req.CName != "" && req.ClusterName != "" {
		fe.Check("cluster_name", "cname cannot be combined with cluster_name")
	}
	if req.Visibility != "" {
		fe.Check("visibility", rules.Enum(req.Visibility, rules.Visibilities))
	}
	if req.UpdateChannel != "" {
		fe.Check("update_channel", rules.Enum(req.UpdateChannel, rules.UpdateChannels))
	}
	if req.Replicas != nil {
		fe.Check("replicas", rules.Replicas(*req.Replicas))
	}
	checkSize(fe, "storage_size_gb", req.StorageSizeGB)
	fe.Check("resources", req.Resources.check())
	fe.Check("executor", req.Executor.check())
	fe.Check("tags", rules.Tags(req.Tags))
	return checkBodySize(fe, req)
}

// ValidateUpdateProject applies the API's update-project rules to the fields that are set.
func ValidateUpdateProject(req UpdateProjectRequest) rules.FieldErrors {
	fe := checkUpdate(req.Visibility, req.UpdateChannel, req.Region, req.Replicas)
	if tag, ok := req.ImageTag.Get(); ok && tag == "" {
		fe.Check("image_tag", "Must not be empty: use Clear() to unpin")
	}
	checkSize(fe, "storage_size_gb", req.StorageSizeGB)
	checkSize(fe, "storage_claim_size_gb", req.StorageClaimSizeGB)
	if spec, ok := req.Resources.Get(); ok {
		fe.Check("resources", spec.check())
	}
	fe.Check("executor", req.Executor.check())
	checkBranch(fe, req.ProductionBranch)
	checkSpicepodAndTags(fe, req.Spicepod, req.Tags)
	return checkBodySize(fe, req)
}

// checkSize refuses a size below 0, and one JSON cannot write (±Inf, NaN), which the API refuses
// as not finite (api/README §10 "Numbers a double cannot hold").
func checkSize(fe rules.FieldErrors, field string, gb *float64) {
	switch {
	case gb == nil:
	case math.IsInf(*gb, 0) || math.IsNaN(*gb):
		fe.Check(field, rules.NotFinite)
	case *gb < 0:
		fe.Check(field, rules.MinZeroWords)
	}
}

// check applies the API's ResourceSpec rule (rules.ResourceSpec, the emulator's too) to the
// limits and requests about to be sent: cpu, memory and ephemeral-storage are Kubernetes
// quantities in strings. A problem is prefixed with its path (limits.cpu: ...).
func (r *ResourceSpec) check() string {
	if r == nil {
		return ""
	}
	spec := map[string]any{}
	if r.Limits != nil {
		spec["limits"] = r.Limits
	}
	if r.Requests != nil {
		spec["requests"] = r.Requests
	}
	return rules.ResourceSpec(spec)
}

// ValidateForkProject applies the API's fork rules to the fields that are set.
func ValidateForkProject(req ForkProjectRequest) rules.FieldErrors {
	fe := rules.FieldErrors{}
	if req.Name != "" {
		fe.Check("name", rules.AppName(req.Name))
	}
	if req.Region != "" {
		fe.Check("region", rules.Enum(req.Region, rules.RegionCodes))
	}
	if req.SchedulerStateLocation != "" {
		fe.Check("scheduler_state_location", rules.SchedulerStateLocation(req.SchedulerStateLocation))
	}
	return checkBodySize(fe, req)
}

// ValidateConnectRepository applies the API's repository-connection rules: repository is name
// or owner/name, root_directory (when set) a relative path inside it.
func ValidateConnectRepository(req ConnectRepositoryRequest) rules.FieldErrors {
	fe := rules.FieldErrors{}
	fe.Check("repository", rules.Repository(req.Repository))
	if req.RootDirectory != "" {
		fe.Check("root_directory", rules.RootDirectory(req.RootDirectory))
	}
	if req.ProductionBranch != "" { // "" is left out: the repository's default branch
		fe.Check("production_branch", rules.ProductionBranch(req.ProductionBranch))
	}
	return checkBodySize(fe, req)
}

// checkUpdate applies the rules shared by the app and project updates to the fields that are set.
func checkUpdate(visibility, channel, region *string, replicas *int) rules.FieldErrors {
	fe := rules.FieldErrors{}
	if visibility != nil {
		fe.Check("visibility", rules.Enum(*visibility, rules.Visibilities))
	}
	if channel != nil {
		fe.Check("update_channel", rules.Enum(*channel, rules.UpdateChannels))
	}
	if replicas != nil {
		fe.Check("replicas", rules.Replicas(*replicas))
	}
	if region != nil {
		fe.Check("region", rules.Enum(*region, rules.RegionCodes))
	}
	return fe
}

// checkSpicepodAndTags checks an update's spicepod (when set) and tags.
func checkSpicepodAndTags(fe rules.FieldErrors, spicepod any, tags map[string]string) {
	if spicepod != nil {
		pod, msg := rules.ParseSpicepod(spicepod)
		if msg == "" { // the API would store such a number rounded: nothing sent is altered unsaid
			msg = rules.SpicepodInexact(pod)
		}
		fe.Check("spicepod", msg)
	}
	fe.Check("tags", rules.Tags(tags))
}

// checkBranch checks an update's production_branch when it is set: it must name a branch.
func checkBranch(fe rules.FieldErrors, branch *string) {
	if branch != nil {
		fe.Check("production_branch", rules.ProductionBranch(*branch))
	}
}

// checkBodySize refuses a request whose fields are otherwise valid but whose body as sent passes
// the body limit (rules.BodySize), naming its largest field and the limit: the limit itself
// names no field. The client checks every body again before sending it.
func checkBodySize(fe rules.FieldErrors, req any) rules.FieldErrors {
	if len(fe) > 0 {
		return fe
	}
	if body, err := rules.EncodeJSON(req); err == nil {
		if field, msg := rules.BodySize(body); msg != "" {
			fe.Check(field, msg)
		}
	}
	return fe
}
