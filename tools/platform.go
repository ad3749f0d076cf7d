package tools

import (
	"context"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

type noArgs struct{}

var checkHealth = register(define[noArgs, client.Health](Tool{
	Name: "check_health", Title: "Check API health", Toolset: ToolsetPlatform,
	Operations: []*api.Operation{api.GetHealth},
	Examples:   Examples{Valid: map[string]any{}, Invalid: map[string]any{"verbose": true}},
	Description: "Check the connection and platform: whether the server reaches Spice.ai Cloud and its management API is " +
		"up and healthy, down or having issues (outage, timeouts). No credentials required.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, _ noArgs) (*Result, error) {
	h, err := c.Health(ctx)
	if err != nil {
		return nil, err
	}
	where := c.BaseURL()
	if env.Sandbox { // its address is an internal stand-in, not a place to look at
		where = present.SandboxAPI
	}
	return &Result{Text: present.Health(where, h, c.HasCredentials()), Structured: h}, nil
}))

type listRegionsArgs struct {
	Env RegionEnv `json:"env,omitempty"`
	orgArg
}

func (a *listRegionsArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Env != "" {
		fe.Check("env", rules.Enum(string(a.Env), rules.RegionEnvs))
	}
	return fe
}

// regionList is the regions that fit one result (list_regions takes no offset: tools/list has
// no room for one, and the API lists a handful) and how many there are in all.
type regionList struct {
	client.RegionList
	Total int `json:"total"`
}

var listRegions = register(define[listRegionsArgs, regionList](Tool{
	Name: "list_regions", Title: "List regions", Toolset: ToolsetPlatform,
	Operations: []*api.Operation{api.ListRegions},
	Examples:   Examples{Valid: map[string]any{"env": "prod"}, Invalid: map[string]any{"env": "staging"}},
	Description: "Regions (e.g. us-west-2): the cloud locations or data centers where apps can be hosted and deployed, " +
		"whether there is one in Europe or Asia, and the default for new apps.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a listRegionsArgs) (*Result, error) {
	list, err := c.ListRegions(ctx, string(a.Env))
	if err != nil {
		return nil, err
	}
	// The default region (what create_app uses without one) is named whether or not its row fits:
	// in structured default, and in the text after the table when its row is left out; both
	// shortened as the API's texts in a list are (present.DefaultRegionShown).
	def := defaultRegion(list)
	// A region the API lists again (by code, what create_app takes) is shown and counted once,
	// the repeat said.
	regions, repeated := withoutRepeats(list.Regions, func(r client.Region) string { return r.Region })
	list.Regions = regions
	note := ""
	if len(repeated) > 0 {
		note = "\n\n" + present.ListedRepeated("region", "regions", repeated)
	}
	note += pagingNote(ctx, api.ListRegions, "region", "regions")
	items := make([]regionItem, len(list.Regions))
	for i, r := range list.Regions {
		items[i].Region, items[i].defaultRow = r, def != "" && r.Region == def
	}
	if len(items) > 0 { // every page holds the first region: the note and structured default are weighed with it
		items[0].noteBytes = 2 * len(present.DefaultRegionShown(def))
	}
	// Region names and the rest are the API's texts as it sends them: a token a byte at worst (denseWeight).
	return denseListOf(items, regionDense, shortRegion, func(page []regionItem, p present.Page) *Result {
		shown := client.RegionList{Regions: make([]client.Region, len(page)), Default: present.DefaultRegionShown(def)}
		defShown := def == ""
		for i, r := range page {
			shown.Regions[i] = r.Region
			if def != "" { // the list's default wins over a row's isDefault that disagrees
				shown.Regions[i].IsDefault = r.defaultRow
			}
			// The default's own row, by its code: another the API marks isDefault is not it.
			defShown = defShown || r.defaultRow
		}
		leftOut := ""
		if !defShown {
			leftOut = def
		}
		return &Result{Text: present.Paged(present.Regions(&shown, p.Total, leftOut)+note, present.LeftOut("regions", p)),
			Structured: regionList{RegionList: shown, Total: p.Total}}
	}), nil
}))

// regionItem is a region of the list, whether it is the default's row (its code is the
// default's, as the API sent it: a shortened row's code no longer is), and at the first, the
// bytes of the default's code as the note that names it when its row is left out
// (present.DefaultRegionLeftOut) and structured default write it, weighed with it.
type regionItem struct {
	client.Region
	defaultRow bool
	noteBytes  int
}

// defaultRegion is the code of the default region: the API's default, else the first region it
// marks isDefault; "" when it names none.
func defaultRegion(list *client.RegionList) string {
	if list.Default != "" {
		return list.Default
	}
	for _, r := range list.Regions {
		if r.IsDefault {
			return r.Region
		}
	}
	return ""
}

// regionDense is the bytes of a region's texts.
func regionDense(r regionItem) int {
	return len(r.Name) + len(r.Region.Region) + len(r.CName) + len(r.Provider) + len(r.ProviderName) + r.noteBytes
}

// shortRegion is a region whose texts are clipped to limit bytes (densePageOf).
func shortRegion(r regionItem, limit int) regionItem {
	for _, s := range []*string{&r.Name, &r.Region.Region, &r.CName, &r.Provider, &r.ProviderName} {
		*s = present.ClipItem(*s, limit)
	}
	return r
}

type listImagesArgs struct {
	Channel ImageChannel `json:"channel,omitempty"`
	Offset  Offset       `json:"offset,omitempty"`
	orgArg
}

func (a *listImagesArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	if a.Channel != "" {
		fe.Check("channel", rules.Enum(string(a.Channel), rules.ImageChannels))
	}
	checkOffset(fe, a.Offset)
	return fe
}

type imageList struct {
	client.ContainerImageList
	Total      int `json:"total"`
	Offset     int `json:"offset,omitempty"`
	NextOffset int `json:"next_offset,omitempty"`
}

var listContainerImages = register(define[listImagesArgs, imageList](Tool{
	Name: "list_container_images", Title: "List runtime images", Toolset: ToolsetPlatform,
	Operations: []*api.Operation{api.ListContainerImages},
	Examples:   Examples{Valid: map[string]any{"channel": "stable"}, Invalid: map[string]any{"channel": "beta"}},
	Description: "Published Spice runtime releases, builds and versions (image tags; image_tag needs Enterprise), e.g. " +
		"the newest to upgrade to.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a listImagesArgs) (*Result, error) {
	list, err := c.ListContainerImages(ctx, string(a.Channel))
	if err != nil {
		return nil, err
	}
	// An image the API lists again (name, tag and channel alike) is shown and counted once, the
	// repeat said.
	images, repeated := withoutRepeats(list.Images, func(i client.ContainerImage) client.ContainerImage { return i })
	note := ""
	if len(repeated) > 0 {
		named := make([]string, len(repeated))
		for i, r := range repeated {
			named[i] = r.Name + ":" + r.Tag
		}
		note = "\n\n" + present.ImagesRepeated(named)
	}
	note += pagingNote(ctx, api.ListContainerImages, "image", "images")
	// Image names and tags are the API's texts as it sends them: a token a byte at worst (denseWeight).
	return resumedPage(ctx, env, "list_container_images\x00"+string(a.Org)+"\x00"+string(a.Channel), "image", "images", images, a.Offset,
		func(i client.ContainerImage) (string, string) { return i.Name + ":" + i.Tag, i.Tag },
		imageDense, shortImage, func(page []client.ContainerImage, p present.Page) *Result {
			shown := client.ContainerImageList{Images: page, Default: list.Default}
			return &Result{Text: present.Paged(present.Images(&shown, p.Total, p.Offset > 0, env.usable(ctx, "update_app"))+note, present.PageNote("list_container_images", "images", p,
				append(orgAgain(a.orgArg), present.Arg{Name: "channel", Value: string(a.Channel)})...)),
				Structured: imageList{ContainerImageList: shown, Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
		}), nil
}))

// imageDense is the bytes of an image's name, tag and channel.
func imageDense(i client.ContainerImage) int { return len(i.Name) + len(i.Tag) + len(i.Channel) }

// shortImage is an image whose name, tag and channel are clipped to limit bytes (densePageOf).
func shortImage(i client.ContainerImage, limit int) client.ContainerImage {
	i.Name, i.Tag, i.Channel = present.ClipItem(i.Name, limit), present.ClipItem(i.Tag, limit), present.ClipItem(i.Channel, limit)
	return i
}
