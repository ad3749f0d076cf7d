package sandbox

import (
	"net/http"
	"slices"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// region is a placement target (README §7.1); providerName and isDefault are camelCase on the wire.
type region struct {
	Name         string `json:"name"`
	Region       string `json:"region"`
	Cname        string `json:"cname"`
	Provider     string `json:"provider"`
	ProviderName string `json:"providerName"`
	IsDefault    bool   `json:"isDefault"`
	Disabled     bool   `json:"disabled"`
}

const defaultRegion = "us-west-2"

var regions = []region{
	{Name: "US East (N. Virginia)", Region: "us-east-1", Cname: "us-east-1-prod-aws-data", Provider: "aws", ProviderName: "AWS"},
	{Name: "US West (Oregon)", Region: "us-west-2", Cname: "us-west-2-prod-aws-data", Provider: "aws", ProviderName: "AWS", IsDefault: true},
}

// placementValues are the accepted create-app `cname` values: every region code and every
// Region.cname (README §12).
func placementValues() []string {
	var values []string
	for _, r := range regions {
		values = append(values, r.Region, r.Cname)
	}
	return values
}

// regionForPlacement maps a cname value or region code to its region code.
func regionForPlacement(value string) (string, bool) {
	for _, r := range regions {
		if value == r.Region || value == r.Cname {
			return r.Region, true
		}
	}
	return "", false
}

// containerImage is a Spice runtime image (README §7.2).
type containerImage struct {
	Name    string `json:"name"`
	Tag     string `json:"tag"`
	Channel string `json:"channel"`
}

// defaultImageTag is the recommended stable tag; unpinned deployments resolve to it. The
// runtime is v2.x: the -models tags were removed in v2.0.0 (README §7.14; tags spelled 2.3.2).
const defaultImageTag = "2.3.2"

var imageChannels = map[string]struct {
	images     []containerImage
	defaultTag string
}{
	"stable": {
		images: []containerImage{
			{"spiceai/spiceai:2.3.2", "2.3.2", "stable"},
			{"spiceai/spiceai:2.3.1", "2.3.1", "stable"},
			{"spiceai/spiceai:2.2.0", "2.2.0", "stable"},
			{"spiceai/spiceai:2.1.1", "2.1.1", "stable"},
		},
		defaultTag: defaultImageTag,
	},
	"enterprise": {
		images: []containerImage{
			{"spiceai/spiceai-enterprise:2.3.2-enterprise", "2.3.2-enterprise", "enterprise"},
			{"spiceai/spiceai-enterprise:2.3.1-enterprise", "2.3.1-enterprise", "enterprise"},
		},
		defaultTag: "2.3.2-enterprise",
	},
}

// regionCname is the internal name of a region (its data-plane host without .spiceai.io).
func regionCname(code string) string {
	for _, r := range regions {
		if r.Region == code {
			return r.Cname
		}
	}
	return code
}

// publishedImage reports whether tag is an image of any channel; deployments of any other
// tag fail with "Failed to pull container image".
func publishedImage(tag string) bool {
	for _, ch := range imageChannels {
		if slices.ContainsFunc(ch.images, func(img containerImage) bool { return img.Tag == tag }) {
			return true
		}
	}
	return false
}

var _ = serves(api.GetHealth, (*Emulator).getHealth)

func (e *Emulator) getHealth(c *call) reply {
	return jsonReply(http.StatusOK, map[string]string{"status": "ok", "timestamp": formatTime(c.now)})
}

var _ = serves(api.ListRegions, (*Emulator).listRegions)

func (e *Emulator) listRegions(c *call) reply {
	// prod and dev list the same regions: the sandbox has a single environment.
	if env := c.r.URL.Query().Get("env"); env != "" {
		if msg := rules.Enum(env, rules.RegionEnvs); msg != "" {
			return invalid(validationError, rules.FieldErrors{"env": {msg}})
		}
	}
	return jsonReply(http.StatusOK, struct {
		Regions []region `json:"regions"`
		Default string   `json:"default"`
	}{regions, defaultRegion})
}

var _ = serves(api.ListContainerImages, (*Emulator).listContainerImages)

func (e *Emulator) listContainerImages(c *call) reply {
	channel := c.r.URL.Query().Get("channel")
	if channel == "" {
		channel = "stable"
	}
	if msg := rules.Enum(channel, rules.ImageChannels); msg != "" {
		return invalid(validationError, rules.FieldErrors{"channel": {msg}})
	}
	ch := imageChannels[channel]
	return jsonReply(http.StatusOK, struct {
		Images  []containerImage `json:"images"`
		Default string           `json:"default"`
	}{ch.images, ch.defaultTag})
}
