package sandbox

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

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
	fe := rules.FieldErrors{}
	if env, ok := queryValue(c.query(), "env", fe); ok {
		fe.Check("env", rules.AsAPI.Enum(env, rules.RegionEnvs))
	}
	if len(fe) > 0 {
		return invalid(validationError, fe)
	}
	return jsonReply(http.StatusOK, struct {
		Regions []region `json:"regions"`
		Default string   `json:"default"`
	}{regions, defaultRegion})
}

var _ = serves(api.ListContainerImages, (*Emulator).listContainerImages)

func (e *Emulator) listContainerImages(c *call) reply {
	fe := rules.FieldErrors{}
	channel, ok := queryValue(c.query(), "channel", fe)
	if !ok {
		channel = "stable"
	}
	fe.Check("channel", rules.AsAPI.Enum(channel, rules.ImageChannels))
	if len(fe) > 0 {
		return invalid(validationError, fe)
	}
	ch := imageChannels[channel]
	return jsonReply(http.StatusOK, struct {
		Images  []containerImage `json:"images"`
		Default string           `json:"default"`
	}{ch.images, ch.defaultTag})
}

// resolveImage is the image tag an unpinned deployment runs (api/README §7.1): the newest
// image of channel whose version matches versionRange (nil or "" = any). A channel the image
// list does not publish (preview, nightly, internal...) resolves among the stable images
// (Assumed). ok is false when the range is not one or no image matches it.
func resolveImage(channel string, versionRange *string) (tag string, ok bool) {
	match := func([3]int) bool { return true }
	if versionRange != nil && strings.TrimSpace(*versionRange) != "" {
		if match, ok = parseVersionRange(*versionRange); !ok {
			return "", false
		}
	}
	images := imageChannels[channel].images
	if len(images) == 0 {
		images = imageChannels["stable"].images
	}
	var best [3]int
	for _, img := range images {
		v, ok := parseVersion(runtimeVersion(img.Tag))
		if ok && match(v) && (tag == "" || compareVersions(v, best) > 0) {
			tag, best = img.Tag, v
		}
	}
	return tag, tag != ""
}

// parseVersion reads MAJOR.MINOR.PATCH.
func parseVersion(s string) ([3]int, bool) {
	var v [3]int
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p != strconv.Itoa(n) {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

func compareVersions(a, b [3]int) int {
	for i := range a {
		if a[i] != b[i] {
			return a[i] - b[i]
		}
	}
	return 0
}

// parseVersionRange reads the semver ranges `version` takes (api/README §7.1, the syntax
// Assumed from node-semver, which Spice's `2.x` example follows): an x-range (`*`, `2`, `2.x`,
// `2.3`, `2.3.x`, `*` for x), an exact version (`2.3.2`, `v2.3.2`, `=2.3.2`), a tilde range
// (`~2.3.1` = >=2.3.1 <2.4.0) or a caret range (`^2.2.0` = >=2.2.0 <3.0.0).
func parseVersionRange(s string) (func([3]int) bool, bool) {
	s = strings.TrimSpace(s)
	op := ""
	if s != "" && strings.ContainsRune("~^=", rune(s[0])) {
		op, s = s[:1], strings.TrimSpace(s[1:])
	}
	s = strings.TrimPrefix(s, "v")
	parts := strings.Split(s, ".")
	if len(parts) > 3 {
		return nil, false
	}
	var low [3]int
	given := 0 // leading numeric parts; the rest are wildcards
	for i, p := range parts {
		if p == "x" || p == "X" || p == "*" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p != strconv.Itoa(n) || given != i {
			return nil, false // not a number, or a number after a wildcard (2.x.1)
		}
		low[i] = n
		given++
	}
	if op == "=" && given < 3 || (op == "~" || op == "^") && given == 0 {
		return nil, false
	}
	// fixed is how many leading parts must equal low's; a tilde or caret range also
	// requires at least low.
	fixed := given
	switch op {
	case "~":
		fixed = min(given, 2)
		if given == 1 {
			fixed = 1
		}
	case "^":
		fixed = 1
		if low[0] == 0 {
			fixed = min(given, 2)
			if low[1] == 0 && given == 3 {
				fixed = 3
			}
		}
	}
	return func(v [3]int) bool {
		for i := range fixed {
			if v[i] != low[i] {
				return false
			}
		}
		return compareVersions(v, low) >= 0
	}, true
}
