package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/api"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// appArgs is the argument of every tool that acts on one app.
type appArgs struct {
	App AppRef `json:"app"`
	orgArg
}

func (a *appArgs) validate() rules.FieldErrors { return checkApp(a.App) }

func checkApp(ref AppRef) rules.FieldErrors {
	fe := rules.FieldErrors{}
	if ref == "" {
		fe.Check("app", present.ArgAppRequired)
	}
	return fe
}

// pageArgs are the arguments of a list the server pages itself.
type pageArgs struct {
	Offset Offset `json:"offset,omitempty"`
	orgArg
}

func (a *pageArgs) validate() rules.FieldErrors {
	fe := rules.FieldErrors{}
	checkOffset(fe, a.Offset)
	return fe
}

// appSummary is an app in a list: the API's summary, its long texts shortened
// (present.ShortenSummary), and its URL.
type appSummary struct {
	client.ProjectSummary
	URL string `json:"url"`
}

func summaries(apps []client.ProjectSummary, short shortSummaries) []appSummary {
	out := make([]appSummary, len(apps))
	for i, a := range apps {
		out[i] = appSummary{ProjectSummary: urlEndpoint(short.of(a)), URL: a.URL()}
	}
	return out
}

// urlEndpoint is an app with its data endpoint as the text shows it (present.DataEndpoint): a
// URL, https:// added to a host the API sent alone, so that a program reading structured content
// gets an address it can send a key to. The API's own form is not kept beside it: both forms
// name the same endpoint (api/README §7.1), the host is the URL without its https://.
func urlEndpoint(a client.ProjectSummary) client.ProjectSummary {
	a.Endpoint = present.DataEndpoint(a.Endpoint)
	return a
}

// shortSummaries holds each app's description and tags as present.ShortenSummary leaves them
// (masked, then shortened), by ID, for one call: summaryPage renders and measures a page several
// times while it fits it to the budget, and masking the same texts again each time was most of a
// dense list's CPU. The apps' IDs are distinct (summariesOnce).
type shortSummaries map[int64]client.ProjectSummary

// of is present.ShortenSummary(a), its description and tags worked out once per app.
func (s shortSummaries) of(a client.ProjectSummary) client.ProjectSummary {
	short, done := s[a.ID]
	if !done {
		short = present.ShortenSummary(a)
		s[a.ID] = short
	}
	a.Description, a.Tags = short.Description, short.Tags
	return a
}

// summaryPage is pageOf for a list of apps (list_apps, list_forks). Their names, descriptions
// and tags are the user's and may be a token a byte (denseWeight): a page holds their extra
// weight within the budget too, in its text and its structured content.
func summaryPage(apps []client.ProjectSummary, offset Offset, short shortSummaries, render func(page []client.ProjectSummary, p present.Page) *Result) *Result {
	start := min(int(offset), len(apps))
	var shown []client.ProjectSummary
	pageOf := func(page []client.ProjectSummary) *Result {
		p := present.Page{Offset: int(offset), Shown: len(page), Total: len(apps)}
		if start+len(page) < len(apps) {
			p.Next = start + len(page)
		}
		shown = page
		return render(page, p)
	}
	within := func(res *Result) bool {
		textExtra, jsonExtra := summariesDense(shown, short)
		return len(res.Text)+textExtra <= textBudget && len(res.structuredJSON)+jsonExtra <= present.ResultBytes
	}
	for n := min(pageSize, len(apps)-start); ; {
		res := fitPage(n, func(n int) *Result { return pageOf(apps[start : start+n]) })
		if within(res) || len(shown) == 0 {
			return res
		}
		if len(shown) == 1 { // one app over the budget alone: shown with its texts clipped, as densePageOf does
			app := shown[0]
			for _, limit := range itemClips {
				one := []client.ProjectSummary{shortSummary(app, limit)}
				if res = fitPage(1, func(int) *Result { return pageOf(one) }); within(res) {
					break
				}
			}
			return res
		}
		textExtra, jsonExtra := summariesDense(shown, short)
		text, raw := len(res.Text)+textExtra, len(res.structuredJSON)+jsonExtra
		n = max(1, min(len(shown)-1, len(shown)*textBudget*9/(text*10), len(shown)*present.ResultBytes*9/(raw*10)))
	}
}

// summariesOnce is apps without the entries the API listed again (by ID), and the note that
// says so ("" when none was: names them as one, "app" or "fork").
func summariesOnce(apps []client.ProjectSummary, one string) ([]client.ProjectSummary, string) {
	apps, repeated := withoutRepeats(apps, func(a client.ProjectSummary) int64 { return a.ID })
	if len(repeated) == 0 {
		return apps, ""
	}
	return apps, "\n\n" + present.AppsRepeated(one, repeated)
}

// resumedSummaryPage is summaryPage resumed where the session's last page of the list ended
// (resume): apps are known by ID and named by name.
func resumedSummaryPage(ctx context.Context, env *Env, list, one, many string, apps []client.ProjectSummary, offset Offset, short shortSummaries, render func(page []client.ProjectSummary, p present.Page) *Result) *Result {
	id := func(a client.ProjectSummary) (string, string) {
		return strconv.FormatInt(a.ID, 10), a.Name
	}
	r := env.resume(ctx, list, offset, one, many, func(key string) int {
		return slices.IndexFunc(apps, func(a client.ProjectSummary) bool { k, _ := id(a); return k == key })
	})
	wrapped, served := resumeRender(ctx, env, r, apps, id, render)
	res := summaryPage(apps, r.offset, short, wrapped)
	served(res)
	return res
}

// shortSummary is an app of a list whose API texts are clipped to limit bytes (summaryPage); its
// description and tags are shortened as ever (present.ShortenSummary: get_app shows more).
func shortSummary(a client.ProjectSummary, limit int) client.ProjectSummary {
	for _, s := range []*string{&a.Name, &a.Visibility, &a.CName, &a.Region, &a.ClusterID, &a.ClusterName, &a.Endpoint, &a.Org} {
		*s = present.ClipItem(*s, limit)
	}
	return a
}

// summariesDense is the extra weight (denseWeight) of the apps' user text in a page's text
// (each name in its row, URL and shortening note) and structured content (the shortened
// description and tags, the name and URL).
func summariesDense(apps []client.ProjectSummary, shortened shortSummaries) (textExtra, jsonExtra int) {
	text, raw := 0, 0
	for _, a := range apps {
		short := shortened.of(a)
		tags := 0
		for k, v := range short.Tags {
			tags += len(k) + len(v)
		}
		text += 3 * len(a.Name)
		raw += 2*len(a.Name) + len(short.Description) + tags + len(a.ClusterName)
	}
	return denseWeight(text) - text, denseWeight(raw) - raw
}

type appList struct {
	Apps  []appSummary `json:"apps"`
	Total int          `json:"total"`
	// Offset is where the page starts; NextOffset where the next one does (absent on the last).
	Offset     int `json:"offset,omitempty"`
	NextOffset int `json:"next_offset,omitempty"`
}

var listApps = register(define[pageArgs, appList](Tool{
	Name: "list_apps", Title: "List apps", Toolset: ToolsetApps,
	Operations:  []*api.Operation{api.ListProjects},
	Examples:    Examples{Valid: map[string]any{}, Invalid: map[string]any{"offset": -1}},
	Description: "List every existing app, all apps (projects, applications) the organization runs or hosts on Spice Cloud: ID, name, region (us-east-1, us-west-2...), public or private, URL.",
	ReadOnly:    true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a pageArgs) (*Result, error) {
	apps, err := c.ListProjects(ctx)
	if err != nil {
		return nil, err
	}
	// An app the API lists again (by ID) is shown and counted once, the repeat said.
	apps, note := summariesOnce(apps, "app")
	note += futureNote(datedSummaries(apps, "app"), env) + pagingNote(ctx, api.ListProjects, "app", "apps")
	short := shortSummaries{}
	return resumedSummaryPage(ctx, env, "list_apps\x00"+string(a.Org), "app", "apps", apps, a.Offset, short, func(page []client.ProjectSummary, p present.Page) *Result {
		text := present.Apps(page, p.Total) + present.SummariesShortened(page, env.usable(ctx, "get_app")) + note
		return &Result{Text: present.Paged(text, present.PageNote("list_apps", "apps", deletable(p), orgAgain(a.orgArg)...)),
			Structured: appList{Apps: summaries(page, short), Total: p.Total, Offset: p.Offset, NextOffset: p.Next}}
	}), nil
}))

type getAppArgs struct {
	App            AppRef `json:"app"`
	SpicepodOffset Offset `json:"spicepod_offset,omitempty" jsonschema:"description=Lines to skip (long spicepods are split)"`
	orgArg
}

func (a *getAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.SpicepodOffset < 0 {
		fe.Check("spicepod_offset", present.ArgOffset)
	}
	return fe
}

var getApp = register(define[getAppArgs, appView](Tool{
	Name: "get_app", Title: "Get app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.GetProject},
	When:       roleWhen(listedUnlessByID, "the app has no spicepod"),
	// An app with no spicepod: the caller's role, for who may set one (withListedRole).
	MayCall:  roleOps,
	Examples: Examples{Valid: map[string]any{"app": "analytics-app"}, Invalid: map[string]any{"app": ""}},
	Description: "Show an app's (project's) configuration and settings: spicepod (YAML manifest), runtime " +
		"version or image tag it is on, replica count, public or private, update channel, region, URL, branch it " +
		"deploys from.",
	ReadOnly: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a getAppArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	app, err := c.GetProject(ctx, target.ID)
	if err == nil {
		app, err = readAsListed(target, app)
	}
	if err != nil {
		return nil, err
	}
	if app.Config.Spicepod == nil { // the view names update_app to set one: only to a role that can use it
		ctx = withListedRole(ctx, env, c)
	}
	res := appResult("", nil, app, int(a.SpicepodOffset), appAgain(string(a.App), a.orgArg), nil, a.SpicepodOffset == 0, unusableTools(ctx, env, "update_app"))
	res.Text += futureNote(datedSummaries([]client.ProjectSummary{app.ProjectSummary}, "app"), env)
	return res, nil
}))

// appView is an app as results show it, with its URL: with its whole spicepod, or, when the
// spicepod is too long for one result, with a window of its lines (spicepod_lines;
// config.spicepod is then left out). A create that brought a deleted app back says so first
// (reactivated), since some clients show structured content instead of the text.
type appView struct {
	Reactivated *reactivationView `json:"reactivated,omitempty"`
	URL         string            `json:"url"`
	client.Project
	SpicepodLines *present.SpicepodWindow `json:"spicepod_lines,omitempty"`
	// RemovedTags: update_app's tags left out tags the app had (tags replaces them all): those,
	// as many as fit (present.ShortTags).
	RemovedTags map[string]string `json:"removed_tags,omitempty"`
	// Shortened gives, by name or path, what each field shortened held in all
	// (present.ShortenApp): characters for texts (description, warning, config.image,
	// config.resources.limits.cpu…), tags for tags and removed_tags.
	Shortened map[string]int `json:"shortened,omitempty"`
}

// appResult presents an app, masking inline credentials in its spicepod first. A spicepod too
// long for one result is shown by lines from offset (lines to skip), as many as fit; again
// are the arguments of the get_app call that shows more (the app and organization); removed
// are the tags an update removed (update_app; nil for none). allTags (get_app's first part):
// when the view's tag line is shortened, the tags follow it, whole where they fit, else each
// shortened (tagListing), in the text and in structured content's tags. hidden: get_app and
// update_app when the caller cannot use them (unusableTools), which the view then names only
// as not available (present.AppPart).
func appResult(headline string, revived *reactivationView, app *client.Project, offset int, again []present.Arg, removed map[string]string, allTags bool, hidden []present.UnavailableTool) *Result {
	return appResultOf(headline, false, revived, app, offset, again, removed, allTags, hidden)
}

// appResultOf is appResult; created: the headline is AppCreated's, which already says to set a
// spicepod (create_app's new app).
func appResultOf(headline string, created bool, revived *reactivationView, app *client.Project, offset int, again []present.Arg, removed map[string]string, allTags bool, hidden []present.UnavailableTool) *Result {
	masked := present.MaskApp(app)
	section, listing := "", present.TagListing{} // the tags listed after the view, and how
	if _, total := present.ShortTags(masked.Tags); allTags && total != 0 {
		listing = tagListing(masked)
		section = "\n\n" + present.TagsListed(masked.Tags, listing)
	}
	view := func(p client.Project, w *present.SpicepodWindow) appView {
		if w != nil {
			w.Again = again
		}
		short, full := present.ShortenApp(&p)
		if listing.Shown > 0 {
			withTags := *short
			tags, all := present.ListedTags(p.Tags, listing)
			withTags.Tags, short = tags, &withTags
			if all == 0 {
				delete(full, "tags")
			} else {
				full["tags"] = all // the tag line was shortened (or nothing is listed), so full is not nil
			}
			if len(full) == 0 {
				full = nil
			}
		}
		gone, all := present.ShortTags(removed)
		if all != 0 {
			if full == nil {
				full = map[string]int{}
			}
			full["removed_tags"] = all
		}
		shown := *short
		shown.ProjectSummary = urlEndpoint(shown.ProjectSummary)
		return appView{Reactivated: revived, URL: p.URL(), Project: shown, SpicepodLines: w, RemovedTags: gone, Shortened: full}
	}
	part := present.AppPart(masked, nil, hidden)
	if created {
		part = present.AppCreatedPart(masked, hidden) // the headline says to set a spicepod
	}
	whole := &Result{Text: present.Headed(headline, part+section), Structured: view(*masked, nil)}
	if masked.Config.Spicepod == nil || (offset == 0 && len(whole.Text) <= present.ResultBytes/3) {
		return whole // the usual case: far within the budget (tagListing left the listing room)
	}
	// The user's texts (viewDense), the listed tags and the spicepod's lines may be a token a
	// byte (denseWeight): each form holds their extra weight free.
	dense := viewDense(masked) + tagBytes(present.ShortTags(removed))
	textExtra, jsonExtra := denseWeight(dense)-dense, denseWeight(dense)-dense
	if listing.Shown > 0 {
		tags, _ := present.ListedTags(masked.Tags, listing)
		listed, _ := json.Marshal(tags)
		textExtra += denseWeight(len(section)) - len(section)
		jsonExtra += denseWeight(len(listed)) - len(listed)
	}
	pod := masked.Config.Spicepod
	over := func(res *Result, yaml string) int {
		lines := denseWeight(len(yaml)) - len(yaml) // in the text as YAML, in JSON as a string or a map
		return max(len(res.Text)+textExtra+lines-textBudget, len(res.structuredJSON)+jsonExtra+lines-present.ResultBytes)
	}
	fits := func() bool {
		whole = fitPage(1, func(int) *Result { return whole })
		return over(whole, present.SpicepodPage(pod, 0, present.ResultBytes*16).YAML) <= 0
	}
	if offset == 0 && fits() {
		return whole
	}
	// A part of a spicepod that fits whole is the caller's offset, not its length: its note says so.
	fitsWhole := offset > 0 && (len(whole.Text) <= present.ResultBytes/3 || fits())
	// The window's lines travel twice, as YAML in the text and as a JSON string: room for the
	// rest of the app (its JSON is the larger) and the notes, then as many lines as fit.
	bare := *masked
	bare.Config.Spicepod = nil
	var w *present.SpicepodWindow // the last window rendered
	render := func(budget int) *Result {
		w = present.SpicepodPage(pod, offset, budget)
		w.FitsWhole = fitsWhole
		v := view(bare, w)
		return &Result{Text: present.Headed(headline, present.AppPart(masked, w, hidden)+section), Structured: v}
	}
	budget := (present.ResultBytes - len(present.AppPart(&bare, nil, hidden)) - len(section) - textExtra - 1500) * 2 / 3
	return fillWindow(budget, render, func(res *Result) (int, *present.SpicepodWindow) { return over(res, w.YAML), w })
}

// fillWindow renders a result with a spicepod window of budget bytes (render) and, while it is
// over the budget by excess (weighed: over), with fewer lines; while a window within the budget
// leaves room and lines follow, with more (a few times at most: the last within it is kept).
func fillWindow(budget int, render func(budget int) *Result, over func(*Result) (int, *present.SpicepodWindow)) *Result {
	var fitted *Result // the last result within the budget
	for grown := 0; ; {
		res := fitPage(budget, render)
		excess, w := over(res)
		switch {
		case excess > 0 && fitted != nil: // more lines went over
			return fitted
		case excess > 0 && w.ToLine > w.FromLine:
			budget = len(w.YAML) - excess // fewer lines than this window's
			continue
		case excess > 0: // one line (or none) left: bound's
			return res
		}
		if fitted = res; w.NextOffset == 0 || -excess < 200 || grown == 3 {
			return res
		}
		budget, grown = len(w.YAML)+(-excess)*2/3, grown+1 // more lines, weighed as a token a byte
	}
}

// viewDense is the bytes of an app's view that are the user's own text and may be a token a
// byte (denseWeight), as the view shortens them (present.ShortenApp): its name (and URL),
// description, production branch, tag line and runtime settings.
func viewDense(app *client.Project) int {
	short, _ := present.ShortenApp(app)
	c := short.Config
	return 2*len(short.Name) + len(short.Description) + len(short.ProductionBranch) + tagBytes(present.ShortTags(short.Tags)) +
		len(short.ClusterName) + len(c.Image) + len(c.Registry) + len(c.ImageTag) + len(c.Version) + len(c.NodeGroup)
}

// tagBytes is the bytes of the tags' keys and values (the count ShortTags returns aside).
func tagBytes(tags map[string]string, _ int) int {
	n := 0
	for k, v := range tags {
		n += len(k) + len(v)
	}
	return n
}

// spicepodRoom is what tagListing leaves of a result for the rest of get_app's text and
// structured content: notes, next calls and some spicepod lines (a long spicepod comes in parts).
const spicepodRoom = 2500

// tagListing is how get_app lists the app's tags after its view: all of them whole when they
// fit its text and structured content with the rest of the view (spicepod aside), weighed as
// the densest text (denseWeight); else all of them with each value cut to the longest length
// that fits (and, when even that does not fit with keys whole, each key to tagKeyBytes); else
// as many as fit, first by key.
func tagListing(app *client.Project) present.TagListing {
	bare := *app
	bare.Config.Spicepod = nil
	short, _ := present.ShortenApp(&bare)
	base, err := json.Marshal(short)
	if err != nil {
		return present.TagListing{}
	}
	dense := viewDense(&bare) // the view's own dense text weighs more than its bytes too
	textRoom := textBudget - len(present.App(&bare)) - spicepodRoom - (denseWeight(dense) - dense)
	jsonRoom := present.ResultBytes - len(base) - spicepodRoom - (denseWeight(dense) - dense)
	fit := func(l present.TagListing) bool {
		tags, _ := present.ListedTags(app.Tags, l)
		listed, _ := json.Marshal(tags)
		return denseWeight(len(present.TagsListed(app.Tags, l))) <= textRoom && denseWeight(len(listed)) <= jsonRoom
	}
	longestKey, longestValue := 0, 0
	for k, v := range app.Tags {
		longestKey, longestValue = max(longestKey, len(k)), max(longestValue, len(v))
	}
	all := len(app.Tags)
	for _, keys := range []int{longestKey, min(longestKey, tagKeyBytes)} {
		if fit(present.TagListing{KeyBytes: keys, ValueBytes: longestValue, Shown: all}) {
			return present.TagListing{KeyBytes: keys, ValueBytes: longestValue, Shown: all}
		}
		if fit(present.TagListing{KeyBytes: keys, ValueBytes: minTagValue, Shown: all}) {
			// The longest value length (from minTagValue up) with which all tags fit.
			v := sort.Search(longestValue-minTagValue, func(i int) bool {
				return !fit(present.TagListing{KeyBytes: keys, ValueBytes: minTagValue + i + 1, Shown: all})
			})
			return present.TagListing{KeyBytes: keys, ValueBytes: minTagValue + v, Shown: all}
		}
	}
	// The most tags that fit, each shortened (fit holds for none).
	l := present.TagListing{KeyBytes: tagKeyBytes, ValueBytes: minTagValue}
	l.Shown = sort.Search(all, func(n int) bool {
		return !fit(present.TagListing{KeyBytes: l.KeyBytes, ValueBytes: l.ValueBytes, Shown: n + 1})
	})
	return l
}

// denseWeight is what n bytes of listed tags weigh against the result budget (held in bytes
// for text of 1.5 bytes a token or more: present.ResultBytes): half as much again, since they
// may be a token a byte, the densest any text is — values such as "a1a1…" or "@-@-…" (the API's
// tag alphabet) are, in the text and in JSON alike (TestR34bDenseTagsWithinBudget).
func denseWeight(n int) int { return n + (n+1)/2 }

// minTagValue and tagKeyBytes are the shortest a listed tag's value and key are cut to: enough
// to tell most apart.
const (
	minTagValue = 16
	tagKeyBytes = 100
)

type createAppArgs struct {
	Name        AppName    `json:"name"`
	Region      RegionCode `json:"region,omitempty"`
	CName       Ident      `json:"cname,omitempty" jsonschema:"description=Legacy"`
	ClusterName Ident      `json:"cluster_name,omitempty"`
	Description FreeText   `json:"description,omitempty"`
	Visibility  Visibility `json:"visibility,omitempty" jsonschema:"description=Default private"`
	Tags        Tags       `json:"tags,omitempty"`
	orgArg
}

func (a *createAppArgs) request() client.CreateProjectRequest {
	return client.CreateProjectRequest{Name: string(a.Name), Region: string(a.Region), CName: string(a.CName), ClusterName: string(a.ClusterName),
		Description: string(a.Description), Visibility: string(a.Visibility), Tags: a.Tags}
}

func (a *createAppArgs) validate() rules.FieldErrors {
	fe := a.Name.explainEmpty(client.ValidateCreateProject(a.request()))
	if forged := forgedManagedTags(a.Tags, nil); len(forged) > 0 {
		if fe == nil {
			fe = rules.FieldErrors{}
		}
		maps.Copy(fe, forged)
	}
	return fe
}

// forgedManagedTags refuses each tag that reads as create_and_deploy_app's mark
// (present.ReadsAsManagedTag) unless the app (had; nil for a new one) has it exactly as given:
// the mark is what lets a re-run resume an app, so no other tool sets it, while an update that
// passes the app's tags again keeps it. Removing it is left to the caller (the result says
// what that means: present.ManagedTagRemoved): it only makes a re-run refuse the name.
func forgedManagedTags(tags Tags, had *client.Project) rules.FieldErrors {
	var fe rules.FieldErrors
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		if !present.ReadsAsManagedTag(k, tags[k]) {
			continue
		}
		if had != nil {
			if v, ok := had.Tags[k]; ok && v == tags[k] {
				continue
			}
		}
		if fe == nil {
			fe = rules.FieldErrors{}
		}
		fe.Check("tags."+k, present.ArgManagedTagForged())
	}
	return fe
}

var createApp = register(define[createAppArgs, appView](Tool{
	Name: "create_app", Title: "Create app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListRegions, api.GetHealth, api.CreateProject},
	When:       map[*api.Operation]string{api.ListRegions: "unless `region`, `cname` or `cluster_name` is given: for the default region"},
	MayCall:    []*api.Operation{api.ListProjectSecrets, api.ListProjectDeployments},
	Optional:   []*api.Operation{api.ListProjectSecrets, api.ListProjectDeployments},
	Examples:   Examples{Valid: map[string]any{"name": "new-app"}, Invalid: map[string]any{"name": "ab"}},
	Description: "Stand up a new, empty app (project): no spicepod, nothing deployed; configure those later with " +
		"update_app and create_deployment.",
}, func(ctx context.Context, env *Env, c *client.Client, a createAppArgs) (*Result, error) {
	req := a.request()
	if req.Region == "" && req.CName == "" && req.ClusterName == "" {
		regions, err := c.ListRegions(ctx, "")
		if err != nil {
			return nil, err
		}
		req.Region = regions.Default
	}
	app, revived, err := createNoting(ctx, c, env.Poll.withDefaults().Now, req)
	if err != nil {
		return nil, err
	}
	label := present.AppLabel(app.ID, app.Name)
	again := appAgain(app.Name, a.orgArg)
	if revived != nil {
		return appResult(revived.notice(label), revived.view(label), app, 0, again, nil, false, unusableTools(ctx, env, "get_app", "update_app")), nil
	}
	hidden := unusableTools(ctx, env, "get_app", "update_app", "set_secret", "create_deployment")
	headline := present.AppCreated(hidden)
	if cnameUnused(string(a.Region), app.CName, string(a.CName)) {
		headline += " " + present.CNameNotUsed(string(a.Region), string(a.CName))
	}
	return appResultOf(headline, true, nil, app, 0, again, nil, false, hidden), nil
}))

type updateAppArgs struct {
	App              AppRef         `json:"app"`
	Description      *string        `json:"description,omitempty"`
	Visibility       *Visibility    `json:"visibility,omitempty"`
	ProductionBranch *Setting       `json:"production_branch,omitempty"`
	Tags             Tags           `json:"tags,omitempty" jsonschema:"description=Replaces all tags"`
	Spicepod         *Spicepod      `json:"spicepod,omitempty"`
	ImageTag         ImageTagChange `json:"image_tag,omitempty" jsonschema:"description=Published runtime tag (Enterprise); empty unpins"`
	Image            *Setting       `json:"image,omitempty"`
	Registry         *Setting       `json:"registry,omitempty"`
	UpdateChannel    *UpdateChannel `json:"update_channel,omitempty"`
	Replicas         *Replicas      `json:"replicas,omitempty"`
	Resources        Resources      `json:"resources,omitempty"`
	Version          *Setting       `json:"version,omitempty" jsonschema:"description=Runtime version line with update_channel"`
	Region           *RegionCode    `json:"region,omitempty"`
	ClusterName      *Ident         `json:"cluster_name,omitempty" jsonschema:"description=Move to this dedicated cluster"`
	NodeGroup        *Setting       `json:"node_group,omitempty"`
	StorageGB        *Gigabytes     `json:"storage_size_gb,omitempty" jsonschema:"minimum=0"`
	StorageClaimGB   *Gigabytes     `json:"storage_claim_size_gb,omitempty" jsonschema:"minimum=0"`
	orgArg
}

func (a *updateAppArgs) request() client.UpdateProjectRequest {
	req := client.UpdateProjectRequest{
		Description: a.Description, ProductionBranch: (*string)(a.ProductionBranch), Tags: a.Tags,
		Image: (*string)(a.Image), Registry: (*string)(a.Registry), NodeGroup: (*string)(a.NodeGroup),
		Version: (*string)(a.Version), ClusterName: (*string)(a.ClusterName),
		StorageSizeGB: (*float64)(a.StorageGB), StorageClaimSizeGB: (*float64)(a.StorageClaimGB),
		Visibility: (*string)(a.Visibility), UpdateChannel: (*string)(a.UpdateChannel), Region: (*string)(a.Region),
	}
	switch {
	case a.ImageTag.Given && a.ImageTag.Tag == "":
		req.ImageTag = client.Clear[string]()
	case a.ImageTag.Given:
		req.ImageTag = client.Set(a.ImageTag.Tag)
	}
	if a.Replicas != nil {
		n := int(*a.Replicas)
		req.Replicas = &n
	}
	if a.Resources.Given { // the keys to set, to check; the handler sends them merged
		req.Resources = client.Set(a.Resources.Spec)
	}
	if a.Spicepod != nil {
		req.Spicepod = a.Spicepod.Value
	}
	return req
}

// nullRefusal: null is refused for every field but those where it means something (image_tag
// and resources: clear) and org (the default organization); where "" clears the field, the
// refusal says so, and spicepod's says that a spicepod cannot be cleared. (A null field never
// reaches validate: encoding/json leaves its pointer nil, as if it were not given.)
func (*updateAppArgs) nullRefusal(name string) string {
	switch name {
	case "image_tag", "resources", "org":
		return ""
	case "spicepod":
		return present.ArgSpicepodNull
	case "description", "version", "image", "registry", "node_group":
		return present.ArgNullClearWithEmpty
	}
	return present.ArgNullNoValue
}

func (a *updateAppArgs) validate() rules.FieldErrors {
	fe := checkApp(a.App)
	if a.Spicepod != nil {
		// One that parses but could not deploy (no version, kind or name) the API would store,
		// and the next deployment refuse: refused here, in create_and_deploy_app's words.
		fe.Check("spicepod", deployableSpicepod(a.Spicepod.Value))
		fe.Check("spicepod", maskedSpicepod(a.Spicepod.Value))
	}
	if a.Description != nil {
		fe.Check("description", keptCredential(FreeText(""), *a.Description))
	}
	for field, msgs := range client.ValidateUpdateProject(a.request()) {
		for _, msg := range msgs {
			// A spicepod that does not parse, or is blank (ArgSpicepodEmpty's words): said above.
			if !slices.Contains(fe[field], msg) && !(field == "spicepod" && len(fe[field]) > 0) {
				fe.Check(field, msg)
			}
		}
	}
	return fe
}

// checkSent: nothing to update when no argument but app and org was sent. One sent as null is
// a field passed: only its own refusal is shown (nullRefusal), or, for image_tag and
// resources, it clears.
func (a *updateAppArgs) checkSent(sent map[string]json.RawMessage, fe rules.FieldErrors) {
	for name := range sent {
		if name != "app" && name != "org" {
			return
		}
	}
	if len(changedFields(*a)) == 0 {
		fe.Check("", present.NothingToUpdate("update_app", updateAppSettings()))
	}
}

// updateAppSettings are update_app's arguments that change a setting: all but app and org.
func updateAppSettings() []string {
	t := reflect.TypeFor[updateAppArgs]()
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.Anonymous && name != "" && name != "-" && name != "app" {
			out = append(out, name)
		}
	}
	return out
}

// updateAppOps are update_app's operations (its Operations; its scopes for a failed read's text).
var updateAppOps = []*api.Operation{api.ListProjects, api.UpdateProject}

var updateApp = register(define[updateAppArgs, appView](Tool{
	Name: "update_app", Title: "Update app", Toolset: ToolsetApps,
	Operations: updateAppOps,
	When:       listedUnlessByID,
	// resources: the app's current ones, to change only the keys given (mergeResources).
	// The instance list: whether the app is paused, for how the change reaches it (updateReach);
	// its deployments: one in flight to wait for, or one succeeded (updateDeploy).
	MayCall:  []*api.Operation{api.GetProject, api.ListProjectInstances, api.ListProjectDeployments},
	Optional: []*api.Operation{api.GetProject}, // apps:write, which it needs, implies apps:read
	Examples: Examples{Valid: map[string]any{"app": "analytics-app", "description": "Updated"}, Invalid: map[string]any{"app": "analytics-app", "replicas": 11}},
	Description: "Change (edit, set) an app's (project's) settings: spicepod (manifest; add or swap datasets, models), " +
		"replicas (scale, bump, increase), runtime version (pin), make public or private (hide, lock down), " +
		"region, what it deploys from. Only given fields change, from the next deployment.",
	// Destructive: it replaces what was there (a spicepod, a setting, a value), not only adds.
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a updateAppArgs) (*Result, error) {
	target, err := resolveApp(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	req := a.request()
	changed := changedFields(a)
	// What the app holds now, read once: a field given the value it already has changes
	// nothing, so the text neither claims it changed nor offers a deployment for it. The read is
	// optional (it needs apps:read, which apps:write implies; a token that visibly lacks it is
	// not asked): when it is not made or fails, every given field counts as changed. Resources
	// and tags need it: resources are merged into the app's (below), and tags replace them all,
	// so the ones they remove are named (removedTags): when the read fails, nothing is sent.
	var now *client.Project
	if a.Resources.Given || a.Tags != nil {
		if now, err = c.GetProject(ctx, target.ID); err != nil {
			// Nothing was sent, and the caller did not ask for a read: say why it was made.
			return failedBy(present.UpdateReadFailed(present.ToolError("update_app", minimalScopes(updateAppOps), err)), err), nil
		}
	} else if g := env.grantedScopes(ctx); g == nil || len(missingScopes([]*api.Operation{api.GetProject}, g)) == 0 {
		if now, err = c.GetProject(ctx, target.ID); err != nil {
			if ctx.Err() != nil {
				return nil, err // cancelled or out of time: nothing was sent
			}
			now = nil
		}
	}
	if forged := forgedManagedTags(a.Tags, now); len(forged) > 0 {
		return nil, &client.ValidationError{Operation: "update_app", Fields: forged} // before any change
	}
	var absent []string // keys to remove that the app does not have
	if a.Resources.Given {
		// The API replaces config.resources whole; "only given fields change" holds for its
		// keys too: the request carries the current resources with the given keys changed and
		// the keys set to null removed, or null when none is left (openapi.json's ResourceSpec
		// takes null, the emulator's "no resources"). now was read above.
		var merged client.ResourceSpec
		merged, absent = mergeResources(now.Config.Resources, a.Resources)
		req.Resources = client.Set(merged)
		if len(merged.Limits) == 0 && len(merged.Requests) == 0 {
			req.Resources = client.Clear[client.ResourceSpec]()
		}
		if sameResources(now.Config.Resources, &merged) {
			// Nothing to change (keys set to what they are, or removing keys the app does not
			// have): left out of the request, and not named as changed.
			req.Resources = client.Nullable[client.ResourceSpec]{}
		}
	}
	same := sameFields(a, now, req)
	changed = slices.DeleteFunc(changed, func(f string) bool { return slices.Contains(same, f) })
	if len(changed) == 0 { // every given field already is as given: no request, and the result says so
		headline := present.AppUnchanged(present.AppLabel(now.ID, now.Name), present.EmptyFields(same, a.givenEmpty()))
		if a.Resources.Given {
			headline += " " + present.ResourcesNow(now.Config.Resources, absent, false)
		}
		return appResult(headline, nil, now, 0, appAgain(string(a.App), a.orgArg), nil, false, unusableTools(ctx, env, "get_app")), nil
	}
	app, err := c.UpdateProject(ctx, target.ID, req)
	if err != nil {
		return nil, err
	}
	reach, runs := updateReach(ctx, c, target, changed)
	d, busy := updateDeploy(ctx, c, target.ID, app, reach, runs)
	headline := present.AppUpdated(present.ClearedFields(changed, a.givenEmpty()), reach, d, busy,
		unusableTools(ctx, env, append([]string{"resume_app", "create_deployment"}, present.FollowTools...)...), appAgain(string(a.App), a.orgArg)...)
	headline += present.AlreadyAsGiven(present.EmptyFields(same, a.givenEmpty()))
	headline += present.UpdateNotShown(notShown(a, app, req, changed))
	if a.Resources.Given {
		headline += " " + present.ResourcesNow(app.Config.Resources, absent, true)
	}
	removed := removedTags(now, a.Tags)
	headline += present.TagsRemoved(removed)
	return appResult(headline, nil, app, 0, appAgain(string(a.App), a.orgArg), removed, false, unusableTools(ctx, env, "get_app")), nil
}))

// shownAsSent are the fields sameFields compares whole: an answer showing one of them with
// another value than sent does not show the change (resources are merged, spicepods reformatted).
var shownAsSent = []string{"description", "visibility", "production_branch", "tags", "image", "registry", "update_channel", "version", "node_group"}

// notShown are the changed fields of shownAsSent that the update's answer (app) shows otherwise.
func notShown(a updateAppArgs, app *client.Project, req client.UpdateProjectRequest, changed []string) []string {
	same := sameFields(a, app, req)
	var out []string
	for _, f := range changed {
		if slices.Contains(shownAsSent, f) && !slices.Contains(same, f) {
			out = append(out, f)
		}
	}
	return out
}

// removedTags are the tags of now (the app before the update; nil: not read) that tags, which
// replace them all, leave out (nil when tags is not given).
func removedTags(now *client.Project, tags Tags) map[string]string {
	if now == nil || tags == nil {
		return nil
	}
	out := map[string]string{}
	for k, v := range now.Tags {
		if _, kept := tags[k]; !kept {
			out[k] = v
		}
	}
	return out
}

// conditionalOps: resources are merged into the app's current ones, read first; tags, which
// replace them all, name the ones they remove, read first too.
func (a *updateAppArgs) conditionalOps() []*api.Operation {
	if a.Resources.Given || a.Tags != nil {
		return []*api.Operation{api.GetProject}
	}
	return nil
}

// mergeResources is the app's current resources with the given patch applied (RFC 7396): the
// given keys set, the paths to remove removed, a group left empty dropped; a group not given,
// and a key of a given group not given, stay as they are. absent lists the paths to remove
// that the app does not have (not an error: the result names them).
func mergeResources(current *client.ResourceSpec, patch Resources) (merged client.ResourceSpec, absent []string) {
	if current == nil {
		current = &client.ResourceSpec{}
	}
	merge := func(group string, now, set map[string]any) map[string]any {
		out := maps.Clone(now)
		if out == nil {
			out = map[string]any{}
		}
		for _, path := range patch.Remove {
			g, key, one := strings.Cut(path, ".")
			if g != group {
				continue
			}
			if _, has := out[key]; one && !has || !one && len(out) == 0 {
				absent = append(absent, path)
			}
			if one {
				delete(out, key)
			} else {
				clear(out)
			}
		}
		maps.Copy(out, set)
		if len(out) == 0 {
			return nil
		}
		return out
	}
	return client.ResourceSpec{
		Limits:   merge("limits", current.Limits, patch.Spec.Limits),
		Requests: merge("requests", current.Requests, patch.Spec.Requests),
	}, absent
}

// sameResources reports whether two ResourceSpecs hold the same keys and values (nil and empty
// are the same: no resources).
func sameResources(a, b *client.ResourceSpec) bool {
	if a == nil {
		a = &client.ResourceSpec{}
	}
	if b == nil {
		b = &client.ResourceSpec{}
	}
	same := func(x, y map[string]any) bool { return len(x) == 0 && len(y) == 0 || reflect.DeepEqual(x, y) }
	return same(a.Limits, b.Limits) && same(a.Requests, b.Requests)
}

// sameFields names the given fields that already hold the given value in now (the app as read
// before the update; nil: none is known to), in argument order. resources counts as the same
// when the request leaves them out (sameResources). The spicepod and cluster_name always count
// as changed: a spicepod's text or numbers may be written otherwise and mean the same, and a
// move is the API's to decide.
func sameFields(a updateAppArgs, now *client.Project, req client.UpdateProjectRequest) []string {
	if now == nil {
		return nil
	}
	cfg := now.Config
	var out []string
	add := func(same bool, name string) {
		if same {
			out = append(out, name)
		}
	}
	add(a.Description != nil && *a.Description == now.Description, "description")
	add(a.Visibility != nil && string(*a.Visibility) == now.Visibility, "visibility")
	add(a.ProductionBranch != nil && string(*a.ProductionBranch) == now.ProductionBranch, "production_branch")
	add(a.Tags != nil && maps.Equal(map[string]string(a.Tags), now.Tags), "tags")
	add(a.ImageTag.Given && a.ImageTag.Tag == cfg.ImageTag, "image_tag")
	add(a.Image != nil && string(*a.Image) == cfg.Image, "image")
	add(a.Registry != nil && string(*a.Registry) == cfg.Registry, "registry")
	add(a.UpdateChannel != nil && string(*a.UpdateChannel) == cfg.UpdateChannel, "update_channel")
	add(a.Replicas != nil && cfg.Replicas != nil && int(*a.Replicas) == *cfg.Replicas, "replicas")
	add(a.Resources.Given && req.Resources.IsZero(), "resources")
	add(a.Version != nil && string(*a.Version) == cfg.Version, "version")
	add(a.Region != nil && string(*a.Region) == cfg.Region, "region")
	add(a.NodeGroup != nil && string(*a.NodeGroup) == cfg.NodeGroup, "node_group")
	add(a.StorageGB != nil && cfg.StorageSizeGB != nil && float64(*a.StorageGB) == *cfg.StorageSizeGB, "storage_size_gb")
	add(a.StorageClaimGB != nil && cfg.StorageClaimSizeGB != nil && float64(*a.StorageClaimGB) == *cfg.StorageClaimSizeGB, "storage_claim_size_gb")
	return out
}

// givenEmpty names the fields given "", which clears them (description, version, image,
// registry, node_group; production_branch's "" is refused).
func (a updateAppArgs) givenEmpty() []string {
	var out []string
	for name, v := range map[string]*string{"description": a.Description, "version": (*string)(a.Version),
		"image": (*string)(a.Image), "registry": (*string)(a.Registry), "node_group": (*string)(a.NodeGroup)} {
		if v != nil && *v == "" {
			out = append(out, name)
		}
	}
	return out
}

// changedFields names the fields an update sets, in argument order.
func changedFields(a updateAppArgs) []string {
	var out []string
	add := func(set bool, name string) {
		if set {
			out = append(out, name)
		}
	}
	add(a.Description != nil, "description")
	add(a.Visibility != nil, "visibility")
	add(a.ProductionBranch != nil, "production_branch")
	add(a.Tags != nil, "tags")
	add(a.Spicepod != nil, "spicepod")
	add(a.ImageTag.Given, "image_tag")
	add(a.Image != nil, "image")
	add(a.Registry != nil, "registry")
	add(a.UpdateChannel != nil, "update_channel")
	add(a.Replicas != nil, "replicas")
	add(a.Resources.Given, "resources")
	add(a.Version != nil, "version")
	add(a.Region != nil, "region")
	add(a.ClusterName != nil, "cluster_name")
	add(a.NodeGroup != nil, "node_group")
	add(a.StorageGB != nil, "storage_size_gb")
	add(a.StorageClaimGB != nil, "storage_claim_size_gb")
	return out
}

// deletedApp is delete_app's structured content; note is what the text ends with (the API
// soft-deletes: what creating the name again brings back), as some clients show only this.
type deletedApp struct {
	ofApp
	Name    string `json:"name"`
	Deleted bool   `json:"deleted"`
	Note    string `json:"note"`
}

type deleteAppArgs struct {
	App     AppRef     `json:"app"`
	Confirm ConfirmArg `json:"confirm,omitempty"`
	orgArg
}

func (a *deleteAppArgs) validate() rules.FieldErrors { return checkApp(a.App) }

var deleteApp = register(define[deleteAppArgs, deletedApp](Tool{
	Name: "delete_app", Title: "Delete app", Toolset: ToolsetApps,
	Operations: []*api.Operation{api.ListProjects, api.DeleteProject},
	// The instance list, read before the delete, tells what the delete stops (optional); with
	// no instances, the newest deployment: whether the delete ends one still queued or in progress.
	MayCall:  []*api.Operation{api.ListProjectInstances, api.ListProjectDeployments, api.ListOrgs},
	Optional: []*api.Operation{api.ListProjectInstances, api.ListProjectDeployments},
	Examples: Examples{Valid: map[string]any{"app": "docs-search"}, Invalid: map[string]any{"app": ""}},
	Description: "Delete (remove, retire, get rid of, blow away, tear down, nuke, decommission) an app (project): its URL goes " +
		"offline; recreating restores secrets and keys. A person approves first.",
	Destructive: true, Idempotent: true,
}, func(ctx context.Context, env *Env, c *client.Client, a deleteAppArgs) (*Result, error) {
	target, err := resolveAppNamed(ctx, c, a.App)
	if err != nil {
		return nil, err
	}
	if r := env.confirm(ctx, confirmation{tool: "delete_app", args: a, targetID: fmt.Sprintf("app:%d", target.ID),
		target: target.Name, fold: true, typed: string(a.Confirm), effects: present.DeleteAppEffects(target.Name),
		action: present.DeleteAppAction(target.shown(), client.AppURL(target.Name))}); r != nil {
		return r, nil
	}
	// What runs, for what the delete stops: a ready instance serves (api/README §7.5); a paused
	// app answers 409 project_paused. The check is optional: when it fails, the text hedges.
	ran := present.DeleteRanUnknown
	instances, err := c.ListProjectInstances(ctx, target.ID)
	var apiErr *client.APIError
	switch {
	case err == nil && len(instances) == 0:
		ran = present.DeleteRanNothing
	case err == nil && !serving(instances):
		ran = present.DeleteRanNotReady
	case err == nil:
		ran = present.DeleteRanServing
	case errors.As(err, &apiErr) && apiErr.Code == "project_paused":
		ran = present.DeleteRanPaused
	case errors.As(err, &apiErr) && apiErr.Code == "project_not_deployed":
		ran = present.DeleteRanNothing
	case ctx.Err() != nil:
		return nil, err // cancelled or out of time: nothing was sent
	}
	// Instances or none, a deployment still queued or in progress is ended
	// by the delete (failed, error_code stopped; api/README §7.6), as by a pause. The read is
	// optional: when it fails, the text does not claim nothing was stopped.
	var ended present.Ended
	if ran != present.DeleteRanPaused { // a pause ended them already
		if ended, _, err = inFlight(ctx, c, target.ID); err != nil {
			return nil, err // cancelled or out of time: nothing was sent
		}
	}
	done, err := c.DeleteProject(ctx, target.ID)
	if err != nil {
		return nil, err
	}
	return &Result{
		Text:       present.AppDeleted(target.named(), client.AppURL(target.Name), done, ran, ended),
		Structured: deletedApp{ofApp: target.of(), Name: target.Name, Deleted: true, Note: present.AppDeletedComesBack},
	}, nil
}))
