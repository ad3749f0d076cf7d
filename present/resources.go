package present

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/rules"
)

// Apps renders a page of the app list (ID, name, region, visibility and URL) under the number
// of apps in the whole list.
func Apps(apps []client.ProjectSummary, total int) string {
	if total == 0 {
		return "No apps in this organization yet. Create one with create_app."
	}
	if len(apps) == 0 {
		return count(total, "app", "apps") + "."
	}
	rows := make([][]string, len(apps))
	var odd []string
	for i, a := range apps {
		rows[i] = []string{strconv.FormatInt(a.ID, 10), nameCell(a.Name), appRegion(a), a.Visibility, urlCell(a.URL())}
		if oddVisibility(a.Visibility) {
			odd = append(odd, fmt.Sprintf("app %d's visibility is %s", a.ID, NameText(a.Visibility)))
		}
	}
	text := count(total, "app", "apps") + ":\n\n" + Table([]string{"ID", "Name", "Region", "Visibility", "URL"}, rows)
	if len(odd) > 0 {
		text += "\n\n" + oddNote + strings.Join(odd, "; ") + " (" + visibilitiesDocumented + "). Read the app again with get_app before relying on it."
	}
	return text
}

// oddVisibility reports whether the API gave an app a visibility it does not document
// (world-readable): openapi.json enumerates public and private (rules.Visibilities).
func oddVisibility(v string) bool { return v != "" && !slices.Contains(rules.Visibilities, v) }

// visibilitiesDocumented says which visibilities the API documents, after an odd one.
const visibilitiesDocumented = "the API documents public or private"

// ForksPage renders a page of an app's forks (ID, name, region, URL, endpoint and creation
// date) under the number of its forks in all; forkApp: the caller can use fork_app, which
// none's text then names.
func ForksPage(app string, forks []client.ProjectSummary, total int, forkApp bool) string {
	switch {
	case total == 0 && !forkApp:
		return AppHasNo(app, "forks") + "."
	case total == 0:
		return AppHasNo(app, "forks") + ". Make one with fork_app."
	case len(forks) == 0:
		return fmt.Sprintf("%s of %s.", count(total, "fork", "forks"), app)
	}
	rows := make([][]string, len(forks))
	for i, f := range forks {
		rows[i] = []string{strconv.FormatInt(f.ID, 10), nameCell(f.Name), f.Region, urlCell(f.URL()), DataEndpoint(f.Endpoint), Time(f.CreatedAt)}
	}
	return fmt.Sprintf("%s of %s:\n\n%s", count(total, "fork", "forks"), app,
		Table([]string{"ID", "Name", "Region", "URL", "Endpoint", "Created"}, rows))
}

func appRegion(a client.ProjectSummary) string {
	if a.Region != "" {
		return a.Region
	}
	return a.CName
}

// An app's free texts are the user's, and the API bounds none of them (only a request body's
// 64 KiB): a description of 30,000 characters is one update_app away. In a view each is
// shortened to these many bytes with a note of its full length (clip; structured content:
// ShortenApp), so that the rest of the view — runtime, resources, spicepod and next calls —
// always fits one result of ResultBytes (12,000): with the description, tags and branch at
// their bounds (at most twice as long again once Markdown is escaped) the app's own lines stay
// under 6,000 bytes and leave room for spicepod lines. The view shows a text's beginning; 2,000
// bytes is some 300 words, far more than a description usually holds.
const (
	DescriptionBytes = 2000
	TagsBytes        = 1000 // the tag list as shown: "k=v, k=v"
)

// ShortenApp returns a copy of the app whose description, production branch, tags, warning and
// runtime settings and resources (shortenConfig; the executor's resources too) are shortened as its view shows them (the texts
// to DescriptionBytes and textBytes, ending in "…"; the tags to those by key that fit
// TagsBytes: ShortTags; each resource group's keys to those its view shows: resourceEntries),
// for structured content, and what each one shortened held in all, by JSON field name or path
// (nil when nothing was shortened): characters for a text, tags for tags, keys for a resource
// group ("config.resources.limits") — what the text says of them.
func ShortenApp(a *client.Project) (*client.Project, map[string]int) {
	short := *a
	full := map[string]int{}
	if head, total := cut(a.Description, DescriptionBytes); total != 0 {
		short.Description, full["description"] = head+"…", total
	}
	if head, total := cut(a.ProductionBranch, textBytes); total != 0 {
		short.ProductionBranch, full["production_branch"] = head+"…", total
	}
	if kept, total := ShortTags(a.Tags); total != 0 {
		short.Tags, full["tags"] = kept, total
	}
	if head, total := cut(a.Warning, textBytes); total != 0 {
		short.Warning, full["warning"] = head+"…", total
	}
	shortenConfig(&short.Config, full)
	if e := a.Config.Executor; e != nil && e.Resources != nil { // a copy: a's executor stays whole
		executor := *e
		executor.Resources = &client.ResourceSpec{Limits: shortQuantities(e.Resources.Limits, "config.executor.resources.limits", full),
			Requests: shortQuantities(e.Resources.Requests, "config.executor.resources.requests", full)}
		short.Config.Executor = &executor
	}
	if len(full) == 0 {
		return a, nil
	}
	return &short, full
}

// ShortTags returns the tags, by key, whose list ("k=v, k=v") fits TagsBytes — passing over a
// tag too long to fit, so one long key does not hide the short ones after it — and the number
// of tags in all, or tags and 0 when all fit. (Tag values are at most 256 characters, but keys
// and their number are not bounded.)
func ShortTags(tags map[string]string) (map[string]string, int) { return shortTags(tags, TagsBytes) }

// shortTags is ShortTags with limit bytes for the list.
func shortTags(tags map[string]string, limit int) (map[string]string, int) {
	if len(tagList(tags)) <= limit {
		return tags, 0
	}
	kept, size := map[string]string{}, 0
	for _, k := range slices.Sorted(maps.Keys(tags)) {
		n := len(k) + 1 + len(tags[k])
		if len(kept) > 0 {
			n += len(", ")
		}
		if size+n > limit {
			continue
		}
		kept[k] = tags[k]
		size += n
	}
	return kept, len(tags)
}

// tagLine is the label and tag list of a view: all of it, or the tags ShortTags keeps with how
// many there are in all (the list's beginning when not one tag fits), labelled with
// where to read them whole: get_app when the caller can use it (getApp), else no tool.
func tagLine(tags map[string]string, getApp bool) (label, list string) {
	kept, total := ShortTags(tags)
	label = tagsNowhere
	if getApp {
		label = tagsElsewhere
	}
	switch {
	case total == 0:
		return "Tags", tagList(tags)
	case len(kept) == 0:
		return label, clip(tagList(tags), TagsBytes)
	}
	return label, fmt.Sprintf("%s … (shortened; %d of %s tags shown)", tagList(kept), len(kept), number(total))
}

// App renders one app with its configuration as get_app shows it. Pass it through MaskApp first.
func App(a *client.Project) string { return AppPart(a, nil, nil) }

// AppPart is App showing only the window of a long spicepod (nil: the whole spicepod);
// unavailable: the tools the caller cannot use, with why: a shortened tag line names get_app,
// and a missing spicepod update_app, only where usable.
func AppPart(a *client.Project, window *SpicepodWindow, unavailable []UnavailableTool) string {
	return appPart(a, window, unavailable, false)
}

// AppCreatedPart is AppPart under AppCreated's headline, which already says to set a spicepod
// with update_app: a spicepod not set is said without saying so again, where the caller can use
// update_app (where not, the line says why and whom to ask).
func AppCreatedPart(a *client.Project, unavailable []UnavailableTool) string {
	return appPart(a, nil, unavailable, true)
}

func appPart(a *client.Project, window *SpicepodWindow, unavailable []UnavailableTool, headlineSaysSpicepod bool) string {
	named := &fixTools{unavailable: unavailable}
	getApp := named.reason("get_app") == ""
	var b strings.Builder
	b.Grow(1024)
	b.WriteString(AppHeadline(a.ID, a.Name, a.URL()) + "\n\n")
	if a.Warning != "" { // first: the settings below may not be the ones asked for (api/README §7.1)
		b.WriteString(AppWarningLine(a.Warning) + "\n\n")
	}
	line := func(label, value string) {
		if value = Inline(value); value != "" {
			for _, s := range [...]string{"- ", label, ": ", value, "\n"} {
				b.WriteString(s)
			}
		}
	}
	nameLine := func(label, shown string) { // shown: already Markdown (nameClipped)
		if shown != "" {
			for _, s := range [...]string{"- ", label, ": ", shown, "\n"} {
				b.WriteString(s)
			}
		}
	}
	nameLine("Region", NameText(appRegion(a.ProjectSummary)))
	nameLine("Cluster", NameText(a.ClusterName))
	line("Endpoint", DataEndpoint(a.Endpoint))
	if a.ForkedFrom != nil {
		line("Forked from", PlainAppLabel(a.ForkedFrom.ID, a.ForkedFrom.Name))
	}
	if oddVisibility(a.Visibility) {
		nameLine("Visibility", NameText(a.Visibility)+" (odd in the API's answer: "+visibilitiesDocumented+")")
	} else {
		line("Visibility", a.Visibility)
	}
	line("Description", clip(a.Description, DescriptionBytes))
	line(tagLine(a.Tags, getApp))
	branch, why := strings.CutSuffix(a.ProductionBranch, maskedWhy) // MaskApp's: the note outside the name's quote
	if shown := nameClipped(branch, textBytes); why {
		nameLine("Production branch", shown+maskedWhy)
	} else {
		nameLine("Production branch", shown)
	}
	line("Created", Time(a.CreatedAt))
	cfg := a.Config
	runtime := []string{}
	replicas := ""
	if cfg.Replicas != nil {
		replicas = strconv.Itoa(*cfg.Replicas)
	}
	for _, kv := range [][2]string{{"version", cfg.Version}, {"image_tag", cfg.ImageTag}, {"image", cfg.Image}, {"registry", cfg.Registry},
		{"update_channel", cfg.UpdateChannel}, {"replicas", replicas}, {"node_group", cfg.NodeGroup}} {
		if value, why := strings.CutSuffix(kv[1], maskedWhy); why { // MaskApp's: the note outside the name's quote
			runtime = append(runtime, kv[0]+" "+nameClipped(value, settingBytes(kv[0]))+maskedWhy)
		} else if kv[1] != "" {
			runtime = append(runtime, kv[0]+" "+nameClipped(kv[1], settingBytes(kv[0])))
		}
	}
	if cfg.Replicas != nil && *cfg.Replicas < 0 { // as DeploymentOddities says of a deployment's
		runtime[slices.Index(runtime, "replicas "+replicas)] += " (odd in the API's answer: no app has fewer than 0)"
	}
	if cfg.Region != "" && cfg.Region != appRegion(a.ProjectSummary) { // update_app's region: not where the app is
		runtime = append(runtime, "config.region "+NameText(cfg.Region)+" (a deployment that succeeds moves the app there)")
	}
	switch {
	case cfg.StorageSizeGB != nil:
		runtime = append(runtime, fmt.Sprintf("storage %g GB", *cfg.StorageSizeGB))
	case cfg.StorageClaimSizeGB != nil:
		runtime = append(runtime, fmt.Sprintf("storage %g GB", *cfg.StorageClaimSizeGB))
	}
	nameLine("Runtime", strings.Join(runtime, ", "))
	line("Resources", resourceList(cfg.Resources))
	if cfg.Executor != nil {
		line("Executor resources", resourceList(cfg.Executor.Resources))
	}
	switch {
	case window != nil:
		b.WriteString(spicepodWindowText(window, a.Name))
	case cfg.Spicepod == nil && a.ProductionBranch != "": // maybe connected: the API refuses a spicepod there (github_connected)
		b.WriteString("- Spicepod: none stored — a connected GitHub repository's is deployed; with none connected, " + setSpicepodFirst(named) + "\n")
	case cfg.Spicepod == nil && headlineSaysSpicepod && named.reason("update_app") == "":
		b.WriteString("- Spicepod: not set\n")
	case cfg.Spicepod == nil:
		b.WriteString("- Spicepod: not set — " + setSpicepodFirst(named) + "\n")
	default:
		b.WriteString("- Spicepod:\n\n")
		b.WriteString(Fence("yaml", spicepodYAML(cfg.Spicepod)))
		b.WriteByte('\n')
	}
	return strings.TrimRight(b.String(), "\n")
}

// setSpicepodFirst says a spicepod must be set before deploying: with update_app where the
// caller can use it, else saying why it is not available and, where the caller's role is why,
// whom to ask; where that role is not known (RoleAsk.Unknown), the role update_app needs, how
// to know it, and whom to ask.
func setSpicepodFirst(named *fixTools) string {
	if reason := named.reason("update_app"); reason != "" {
		if ask := named.ask("update_app"); ask.Unknown {
			// The role where the token acts may be enough: the role needed, how to know it, whom to ask.
			return "set one with update_app before deploying: " + reason + "; if your role there is below " + ask.Needed + ", " +
				ask.Ask("the organization", "set it")
		} else if ask.Asks() {
			return "one must be set before deploying: " + ask.Ask("the organization", "set it")
		}
		return "one must be set before deploying; " + toolsUnavailable([]UnavailableTool{{Name: "update_app", Reason: reason}})
	}
	return "set one with update_app before deploying"
}

// resourceList renders a ResourceSpec as update_app takes it: "limits cpu=2, memory=8Gi;
// requests cpu=1", keys in order, each group's keys those resourceEntries keeps (with how many
// there are in all when not all), a key or quantity shortened with its full length; "" for none.
func resourceList(r *client.ResourceSpec) string {
	if r == nil {
		return ""
	}
	var groups []string
	for _, g := range []struct {
		name string
		m    map[string]any
	}{{"limits", r.Limits}, {"requests", r.Requests}} {
		if len(g.m) == 0 {
			continue
		}
		entries := resourceEntries(g.m)
		parts := make([]string, len(entries))
		for i, e := range entries {
			key := e.key
			if e.keyTotal != 0 {
				key += fmt.Sprintf(" (key shortened; %s characters in all)", number(e.keyTotal))
			}
			parts[i] = key + "=" + clip(fmt.Sprint(g.m[e.fullKey]), wordBytes)
		}
		list := g.name + " " + strings.Join(parts, ", ")
		if len(entries) < len(g.m) {
			list += fmt.Sprintf(" … (shortened; %d of %s keys shown)", len(entries), number(len(g.m)))
		}
		groups = append(groups, list)
	}
	return strings.Join(groups, "; ")
}

// resourceGroupBytes bounds a resource group (limits, requests) as a view shows it, keys and
// quantities as shortened: the API takes any keys, and any number of them, where a group
// usually holds cpu, memory and a few more.
const resourceGroupBytes = 500

// resourceEntry is a resource quantity as a view shows it: its key (fullKey) and quantity, each
// shortened when longer than wordBytes, with its full length in characters (0: whole).
type resourceEntry struct {
	key, fullKey         string
	value                any
	keyTotal, valueTotal int
}

// resourceEntries are a group's quantities as a view shows them, by key, while they fit
// resourceGroupBytes: a key or quantity longer than wordBytes shortened to its beginning and
// "…", a shortened key that would be another's ending in "…#2", "…#3" (as tagRows numbers
// tags), so each keeps its own entry.
func resourceEntries(group map[string]any) []resourceEntry {
	keys := slices.Sorted(maps.Keys(group))
	taken := make(map[string]bool, len(keys))
	for _, k := range keys {
		if len(k) <= wordBytes {
			taken[k] = true // whole keys first: a shortened key never takes one's place
		}
	}
	var entries []resourceEntry
	size := 0
	for _, k := range keys {
		e := resourceEntry{key: k, fullKey: k, value: group[k]}
		if len(k) > wordBytes {
			head := tagPart(k, wordBytes)
			e.key, e.keyTotal = head, utf8.RuneCountInString(k)
			for n := 2; taken[e.key]; n++ {
				e.key = head + "#" + strconv.Itoa(n)
			}
		}
		shown, isString := e.value.(string)
		if !isString { // a number, or of no documented shape: as its JSON when long
			shown = fmt.Sprint(e.value)
			if b, err := json.Marshal(e.value); err == nil && len(b) > wordBytes {
				shown = string(b)
			}
		}
		if head, total := cut(shown, wordBytes); total != 0 {
			e.value, e.valueTotal, shown = head+"…", total, head+"…"
		}
		if size += len(e.key) + len(shown) + len("=, "); size > resourceGroupBytes && len(entries) > 0 {
			break
		}
		taken[e.key] = true
		entries = append(entries, e)
	}
	return entries
}

func tagList(tags map[string]string) string {
	keys := slices.Sorted(maps.Keys(tags))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + tags[k]
	}
	return strings.Join(parts, ", ")
}

// Regions renders a page of the region list under the number of regions in all (total); its
// Default is the default's code as shown (DefaultRegionShown).
// defaultLeftOut is the default region's code when its row is not among those shown: the text
// names it after the table (DefaultRegionLeftOut).
func Regions(list *client.RegionList, total int, defaultLeftOut string) string {
	rows := make([][]string, len(list.Regions))
	disabled, defaultShown := false, ""
	for i, r := range list.Regions {
		def := ""
		if r.IsDefault { // list_regions sets it from the list's default, which wins over the row's
			def = "yes"
			defaultShown = cmp.Or(list.Default, DefaultRegionShown(r.Region))
		}
		if r.Disabled {
			def += " (disabled)"
			disabled = true
		}
		rows[i] = []string{r.Region, r.Name, r.CName, r.ProviderName, strings.TrimSpace(def)}
	}
	header := []string{"Region", "Name", "CName", "Provider", "Default"}
	// A provider every region shares and the one default are said once, not on every row; a
	// disabled region keeps the Default column, which says so on its row.
	if !disabled { // Default is the last column
		header = header[:len(header)-1]
		for i := range rows {
			rows[i] = rows[i][:len(rows[i])-1]
		}
	}
	header, rows, provider := withoutUniformColumn(header, rows, "Provider")
	text := count(total, "region", "regions")
	switch {
	case provider != "" && len(list.Regions) < total:
		text += ", those shown all on " + NameText(provider)
	case provider != "":
		text += ", all on " + NameText(provider)
	}
	text += " (pass the code as `region` when creating an app"
	if !disabled && defaultShown != "" {
		text += "; the default is " + Code(defaultShown)
	}
	text += "):\n\n" + Table(header, nameColumns(header, rows, "Region", "Name", "CName", "Provider"))
	if defaultLeftOut != "" {
		text += "\n\n" + DefaultRegionLeftOut(defaultLeftOut)
	}
	return text
}

// DefaultRegionLeftOut follows a region table that leaves the default region's row out: its
// code (DefaultRegionShown), as create_app uses it when given no region; "" for none.
func DefaultRegionLeftOut(code string) string {
	if code == "" {
		return ""
	}
	return "The default region, which create_app uses when given none, is " + Inline(DefaultRegionShown(code)) + "; its row is not among those shown."
}

// DefaultRegionShown is the default region's code as list_regions writes it, in its note
// (DefaultRegionLeftOut) and structured default alike: the API's text, shortened to 100 bytes
// with its full length (ClipItem), so a 30 KB code neither fills the result nor pushes regions
// out of it.
func DefaultRegionShown(code string) string { return ClipItem(code, wordBytes) }

// ImagePinNote heads list_container_images: a tag is pinned with image_tag only on the
// Enterprise plan (api/README §7.14); on other plans the API refuses it
// (image_tag_requires_enterprise) and the runtime is chosen by update channel and version.
const ImagePinNote = "Pinning a tag (`image_tag`) needs the Enterprise plan; on other plans choose the runtime " +
	"with update_app's `update_channel` and `version` instead:"

// imagePinNoteUnnamed is ImagePinNote where update_app is not available: the settings, no tool.
const imagePinNoteUnnamed = "Pinning a tag (`image_tag`) needs the Enterprise plan; on other plans the runtime is chosen " +
	"by the app's `update_channel` and `version` instead:"

// imagePinNoteLater is ImagePinNote on a page after the first, which said it in full: the
// fact a client reading that page alone needs, that pinning needs the Enterprise plan.
const imagePinNoteLater = "Pinning a tag (`image_tag`) needs the Enterprise plan."

// Images renders a page of the runtime images under the number in the whole list; later: a
// page after the first, whose pinning note is short (imagePinNoteLater); updateApp: the
// caller can use update_app, which the note then names.
func Images(list *client.ContainerImageList, total int, later, updateApp bool) string {
	// When every image is one image at its tag, it is named once, not on every row.
	image, oneImage := "", len(list.Images) > 0
	for _, img := range list.Images {
		name, found := strings.CutSuffix(img.Name, ":"+img.Tag)
		if !found || img.Tag == "" || (image != "" && name != image) || name == "" {
			oneImage = false
			break
		}
		image = name
	}
	// The default tag, as its row shows it, is said once rather than in a column of "—".
	rows, defaultShown := make([][]string, len(list.Images)), ""
	for i, img := range list.Images {
		if img.Tag == list.Default && img.Tag != "" {
			defaultShown = img.Tag
		}
		rows[i] = []string{img.Tag, img.Channel, img.Name}
		if oneImage {
			rows[i] = []string{img.Tag, img.Channel}
		}
	}
	note := ImagePinNote
	switch {
	case later:
		note = imagePinNoteLater
	case !updateApp:
		note = imagePinNoteUnnamed
	}
	// A channel every image shown shares (the caller's filter, most often) is said once too.
	header := []string{"Tag", "Channel", "Image"}
	if oneImage {
		header = header[:2]
	}
	header, rows, channel := withoutUniformColumn(header, rows, "Channel")
	page := len(list.Images) < total // the next page may hold another image or channel
	heading := count(total, "runtime image", "runtime images")
	switch {
	case channel != "" && page:
		heading += " (those shown on the " + NameText(channel) + " channel"
	case channel != "":
		heading += " on the " + NameText(channel) + " channel"
	}
	switch {
	case oneImage && page && channel != "":
		heading += ", each " + Code(image+":<tag>") + ")"
	case oneImage && page:
		heading += " (those shown each " + Code(image+":<tag>") + ")"
	case page && channel != "":
		heading += ")"
	case oneImage:
		heading += ", each " + Code(image+":<tag>")
	}
	if defaultShown != "" {
		heading += "; the default is " + Code(defaultShown)
	}
	return heading + ". " + note + "\n\n" + Table(header, nameColumns(header, rows, "Tag", "Channel", "Image"))
}

// Secrets renders a page of an app's secrets (names and timestamps only) under the number of
// secrets in the whole list; setSecret: the caller can use set_secret, which none's text then names.
func Secrets(app string, secrets []client.Secret, total int, setSecret bool) string {
	if total == 0 && !setSecret {
		return AppHasNo(app, "secrets") + "."
	}
	if total == 0 {
		return AppHasNo(app, "secrets") + ". Add one with set_secret."
	}
	if len(secrets) == 0 {
		return count(total, "secret", "secrets") + " on " + app + "."
	}
	// An Updated column that repeats Created on every row is said once instead.
	neverUpdated := !slices.ContainsFunc(secrets, func(s client.Secret) bool { return !s.UpdatedAt.Equal(s.CreatedAt.Time) })
	rows := make([][]string, len(secrets))
	for i, s := range secrets {
		rows[i] = []string{nameCell(s.Name), Time(s.CreatedAt), Time(s.UpdatedAt)}
		if neverUpdated {
			rows[i] = rows[i][:2]
		}
	}
	header := []string{"Name", "Created", "Updated"}
	if neverUpdated {
		header = []string{"Name", "Created (none updated since)"}
	}
	return count(total, "secret", "secrets") + " on " + app + ", " + ValuesNeverShown(total) + ":\n\n" + Table(header, rows)
}

// Secret renders one secret's metadata.
func Secret(app string, s *client.Secret) string {
	if !s.CreatedAt.IsZero() && s.UpdatedAt.Equal(s.CreatedAt.Time) { // as list_secrets: the time once
		return fmt.Sprintf("Secret %s on %s: created %s, not updated since; %s.", Code(s.Name), app, Time(s.CreatedAt), ValuesNeverShown(1))
	}
	return fmt.Sprintf("Secret %s on %s: created %s, updated %s; %s.", Code(s.Name), app, Time(s.CreatedAt), Time(s.UpdatedAt), ValuesNeverShown(1))
}

// SecretSet confirms an upsert by name and action only: the value is never echoed.
func SecretSet(app, name string, created bool) string {
	action := "updated"
	if created {
		action = "created"
	}
	return fmt.Sprintf("Secret %s %s on %s, %s; it reaches the runtime with the next deployment.", Code(name), action, app, ValuesNeverShown(1))
}

// SecretDeleted confirms a deletion.
func SecretDeleted(app, name string, d client.Deleted) string {
	return fmt.Sprintf("Secret %s %s from %s. %s", Code(name), deleted("deleted", d), app, SecretDeletedKept)
}

// SecretDeletedKept ends delete_secret's confirmation, in its text and as structured content's
// note (some clients show only that): what still holds the value until when.
const SecretDeletedKept = "Running deployments keep it until the next deployment."

// EffectSecretReferenced tells the person approving delete_secret that the app's spicepod
// references the secret.
func EffectSecretReferenced(name string) string {
	return fmt.Sprintf("The app's spicepod references it (${secrets:%s}): the next deployment fails to start without it.", name)
}

// DeletedSecretReferenced warns, after delete_secret, that the app's spicepod references the
// secret, and names the set_secret call (again: the app, organization and name) that restores
// it before the next deployment. unavailable are the tools the caller cannot use, with why:
// set_secret and update_app are then named only as not available, and the tools that deploy
// (create_deployment, resume_app) left out.
func DeletedSecretReferenced(name string, unavailable []UnavailableTool, again ...Arg) string {
	f := &fixTools{unavailable: unavailable}
	next := "the next deployment"
	if deploy := slices.DeleteFunc([]string{"create_deployment", "resume_app"}, func(t string) bool { return f.reason(t) != "" }); len(deploy) > 0 {
		next += " (" + strings.Join(deploy, ", ") + ")"
	}
	return f.fix(fmt.Sprintf("⚠️ The app's spicepod references it (${secrets:%s}): %s fails to start (unable_to_start) until it is set "+
		"again with %s or the reference is removed from the spicepod%s.", name, next, f.call("set_secret", again...), f.paren("update_app")))
}

// APIKeys renders both keys with the storage warning; regenerated is nil for a plain read.
// unavailable: the tools the caller cannot use; get_api_keys is named only where usable.
// maskedNote follows the keys when they are shown masked (MaskedKeysNote, or MaskedKeysNoteSandbox
// in sandbox mode); "" when they are shown in full.
// A regeneration of one key shows only the key it made: the one it left alone is named as
// unchanged and still valid, not repeated (its clients have it; a copy is one more leak).
func APIKeys(app string, keys client.APIKeys, regenerated *int, maskedNote string, unavailable []UnavailableTool) string {
	return apiKeys(app, keys, regenerated, maskedNote, unavailable, regenerated == nil, false, "")
}

// APIKeysRead is get_api_keys' result: APIKeys' plain read with KeyUse(endpoint) after the keys.
func APIKeysRead(app, endpoint string, keys client.APIKeys, maskedNote string) string {
	return apiKeys(app, keys, nil, maskedNote, nil, true, false, KeyUse(endpoint))
}

// KeyUse says how a client presents an app's key to its runtime (Spice's agent skill, "Using API
// Keys with Runtime"), naming the app's own data endpoint where known: the skill's data.spiceai.io
// reaches us-east-1 apps only. A regeneration's result leaves it out: its reader replaces a key
// clients already use.
func KeyUse(endpoint string) string { return keyUse(Inline(DataEndpoint(endpoint)), "`") }

// DataEndpoint is an app's data endpoint as a URL: the API may send the host alone, as Spice's
// skill shows it (us-west-2-prod-aws-data.spiceai.io, to which a client adds https://), or a URL,
// as the clusters page does (api/README §7.1: accept both forms); "" stays "".
func DataEndpoint(endpoint string) string {
	if endpoint == "" || strings.Contains(endpoint, "://") {
		return endpoint
	}
	return "https://" + endpoint
}

// KeyUsePlain is KeyUse for structured content, which is no Markdown: the same facts, so a client
// showing it instead of the text learns how keys are used too.
func KeyUsePlain(endpoint string) string { return keyUse(shownLine(DataEndpoint(endpoint)), "") }

// keyUse is KeyUse's words, the endpoint rendered (where) and code marked with tick.
func keyUse(where, tick string) string {
	if where == "" {
		where = "the app's data endpoint"
	}
	code := func(s string) string { return tick + s + tick }
	return "Clients send a key as header " + code("x-api-key") + " to " + where + " (" + code("/v1/sql") + ", " +
		code("/v1/search") + "; chat: " + code("Authorization: Bearer") + ")."
}

// KeptKey is, for structured content, the key a regeneration of one key (regenerated) left alone
// and did not repeat, as the text names it; "" when both were replaced. unavailable: as APIKeys'.
func KeptKey(regenerated int, unavailable []UnavailableTool) string {
	left, portal := keptKeyWords(false, unavailable)
	if portal != "" {
		left += ". " + portal
	}
	switch regenerated {
	case client.KeyPrimary:
		return "Secondary (`api_key_2`): " + left
	case client.KeySecondary:
		return "Primary (`api_key`): " + left
	}
	return ""
}

// keptKeyWords says what became of the key a regeneration of one key did not replace, and,
// where get_api_keys is not usable, where the keys can be read instead (portal).
func keptKeyWords(showKept bool, unavailable []UnavailableTool) (left, portal string) {
	// A regeneration's answer may leave the key it did not replace out (null).
	left = "not in this answer (unchanged; get_api_keys shows it)"
	if !showKept {
		left = "unchanged and still valid, not repeated here (get_api_keys shows it)"
	}
	if m := (&fixTools{unavailable: unavailable}).unusable("get_api_keys"); m != nil {
		left, portal = "not in this answer (unchanged)", keysPortal(m)
		if !showKept {
			left = "unchanged and still valid, not repeated here"
		}
	}
	return left, portal
}

// apiKeys is APIKeys; a regeneration of one key with showKept false names the key it left alone
// as unchanged and valid without repeating it (a rotation step: its clients already have it);
// keptReplaced says that key changed meanwhile (the answer shows another than read before).
func apiKeys(app string, keys client.APIKeys, regenerated *int, maskedNote string, unavailable []UnavailableTool, showKept, keptReplaced bool, use string) string {
	var b strings.Builder
	if regenerated != nil {
		switch {
		case keptReplaced && (*regenerated == client.KeyPrimary || *regenerated == client.KeySecondary):
			// The answer shows the other key changed since the read before the step: not unchanged.
			replaced, kept := "primary", "secondary"
			if *regenerated == client.KeySecondary {
				replaced, kept = kept, replaced
			}
			fmt.Fprintf(&b, "Regenerated the **%s** key of %s. The old %s key stopped working immediately. The %s key is no longer "+
				"the one read just before the step: it was replaced meanwhile (regenerate_api_key, another replica or the Spice.ai console), "+
				"so the old %s key no longer works either.\n\n", replaced, app, replaced, kept, kept)
		case *regenerated == client.KeyPrimary || *regenerated == client.KeySecondary:
			replaced, kept := "primary", "secondary"
			if *regenerated == client.KeySecondary {
				replaced, kept = kept, replaced
			}
			fmt.Fprintf(&b, "Regenerated the **%s** key of %s. The old %s key stopped working immediately", replaced, app, replaced)
			if showKept { // else the kept key's line says it is unchanged and valid (keptKeyWords)
				fmt.Fprintf(&b, "; the %s key is unchanged and still valid", kept)
			}
			b.WriteString(".\n\n")
		default:
			b.WriteString("Regenerated **both** keys of " + app + ". Both old keys stopped working immediately: every client must switch to the new keys.\n\n")
		}
	} else {
		b.WriteString("API keys of " + app + " (both are valid at the same time):\n\n")
	}
	primary, secondary := keyText(keys.APIKey), keyText(keys.APIKey2)
	var portal string
	if regenerated != nil {
		left, where := keptKeyWords(showKept, unavailable)
		if where != "" {
			portal = where + "\n\n"
		}
		if !showKept {
			if *regenerated == client.KeyPrimary {
				keys.APIKey2 = ""
			} else if *regenerated == client.KeySecondary {
				keys.APIKey = ""
			}
		}
		switch {
		case *regenerated == client.KeyPrimary && keys.APIKey2 == "":
			secondary = left
		case *regenerated == client.KeySecondary && keys.APIKey == "":
			primary = left
		default:
			portal = ""
		}
	}
	fmt.Fprintf(&b, "- Primary (`api_key`): %s\n- Secondary (`api_key_2`): %s\n\n", primary, secondary)
	b.WriteString(portal)
	if use != "" {
		b.WriteString(use + "\n\n")
	}
	if maskedNote != "" {
		b.WriteString(maskedNote + "\n\n")
	}
	b.WriteString(KeyWarning)
	return b.String()
}

// Where the full keys can be read when results show them masked, as Spice.ai's documentation
// says (docs.spice.ai, Portal → Apps → API keys: the app's Settings, section General, fields
// API Key 1 and API Key 2).
const (
	portalKeys = "the Spice.ai portal at https://spice.ai, in the app's Settings, section General"
	// MaskedKeysNote follows keys shown masked (--mask-api-keys).
	MaskedKeysNote = "Only the last 4 characters of each key are shown (--mask-api-keys). The full keys are in " +
		portalKeys + ": fields API Key 1 (primary) and API Key 2 (secondary)."
	// MaskedKeysNoteSandbox is MaskedKeysNote in sandbox mode: the emulator's keys are in no
	// portal, and only a sandbox started without --mask-api-keys shows keys in full.
	MaskedKeysNoteSandbox = "Only the last 4 characters of each key are shown (--mask-api-keys). " + sandboxKeys +
		". A sandbox started without --mask-api-keys shows keys in full (its emulator starts again from the demo data, " +
		"with new keys)."
	// MaskedKeysNoteOperator and MaskedKeysNoteSandboxOperator are MaskedKeysNote and
	// MaskedKeysNoteSandbox for a caller over HTTP, which does not start the server: masking is
	// its operator's choice, not named by its flag.
	MaskedKeysNoteOperator = "Only the last 4 characters of each key are shown (this server's operator set it to mask them). " +
		"The full keys are in " + portalKeys + ": fields API Key 1 (primary) and API Key 2 (secondary)."
	MaskedKeysNoteSandboxOperator = "Only the last 4 characters of each key are shown (this server's operator set it to mask them). " +
		sandboxKeys + "."
	// sandboxKeys says what the sandbox's keys are, and so why no client needs them.
	sandboxKeys = "These are the sandbox emulator's keys: they exist only in this server's memory, no Spice.ai portal " +
		"has them, and no real client uses them"
)

// MaskKey keeps only the last 4 characters of an API key (--mask-api-keys): characters, not
// bytes, as the API's answer may hold any.
func MaskKey(key string) string {
	runes := []rune(key)
	if len(runes) <= 4 {
		return strings.Repeat("•", len(runes))
	}
	return "…" + string(runes[len(runes)-4:])
}

func keyText(key string) string {
	if key == "" {
		return "none"
	}
	return Code(key)
}

// Members renders the members of org (MemberOrg).
func Members(members []client.Member, total int, org string) string {
	if len(members) == 0 {
		// A page past the end: the count, and the page note says no member is at that offset.
		return count(total, "member", "members") + " in " + MemberOrg(org) + "."
	}
	rows := make([][]string, len(members))
	var owners []string
	for i, m := range members {
		owner := ""
		if m.IsOwner {
			owner = "yes"
			owners = append(owners, fmt.Sprintf("%s (user %d)", NameShown(m.Username).Markdown(), m.UserID))
		}
		rows[i] = []string{strconv.FormatInt(m.UserID, 10), nameCell(m.Username), nameCell(strings.Join(m.Roles, ", ")), owner}
	}
	header, head := []string{"User ID", "Username", "Roles", "Org owner"}, count(total, "member", "members")+" in "+MemberOrg(org)
	if len(owners) <= 1 { // the organization's one owner in the heading, not a column of "—" on every other row
		header = header[:3]
		for i := range rows {
			rows[i] = rows[i][:3]
		}
		if len(owners) == 1 {
			head += "; its owner is " + owners[0]
		}
	}
	return head + ":\n\n" + Table(header, rows) + ownerRoleNote(len(owners) > 1, members...) + unknownRolesNote(members...)
}

// unknownRolesNote names the roles members hold that the API does not document (rules.MemberRoles):
// what they allow is not known here ("" when none).
func unknownRolesNote(members ...client.Member) string {
	var unknown []string
	for _, m := range members {
		for _, r := range m.Roles {
			if r = clip(r, wordBytes); !slices.Contains(rules.MemberRoles, strings.ToLower(r)) && !slices.Contains(unknown, r) {
				unknown = append(unknown, r)
			}
		}
	}
	if len(unknown) == 0 {
		return ""
	}
	for i, r := range unknown {
		unknown[i] = NameText(r)
	}
	return fmt.Sprintf("\n\n%s %s a role the Spice.ai API documents (%s): what %s is not known here, and the API decides.",
		strings.Join(unknown, ", "), plural(len(unknown), "is not", "are not"), strings.Join(rules.MemberRoles, ", "), plural(len(unknown), "it allows", "they allow"))
}

// InstancesRepeated says the API listed each of the instances names more than once: each is shown once.
func InstancesRepeated(names []string) string {
	return listedRepeated("instance", "instances", inlineNames(names), "")
}

// ImagesRepeated says the API listed each of images (name:tag) more than once, with the same
// channel: each is shown once.
func ImagesRepeated(images []string) string {
	return listedRepeated("image", "images", inlineNames(images), "")
}

// AppsRepeated says the API listed each of the apps (one: "app" or "fork") by ids more than
// once: each is shown once, as first listed.
func AppsRepeated(one string, ids []int64) string {
	return listedRepeated(one, one+"s", idNames(ids), ", as first listed")
}

// ListedRepeated says the API listed each of names (a region's code, a cluster's name: one,
// many) more than once: each is shown once, as first listed.
func ListedRepeated(one, many string, names []string) string {
	return listedRepeated(one, many, inlineNames(names), ", as first listed")
}

// SecretsRepeated says the API listed each of the secrets names more than once: each is shown
// once, as first listed.
func SecretsRepeated(names []string) string {
	return listedRepeated("secret", "secrets", inlineNames(names), ", as first listed")
}

// MembersRepeated says the API listed each of the users ids more than once: each is shown once.
func MembersRepeated(ids []int64) string {
	return listedRepeated("user", "users", idNames(ids), "")
}

// listedRepeated says the API listed each of shown (one of a kind, many of them) more than
// once, and that each is shown once (then how).
func listedRepeated(one, many string, shown []string, how string) string {
	if len(shown) == 1 {
		return "The Spice.ai API listed " + one + " " + shown[0] + " twice; shown once" + how + "."
	}
	return "The Spice.ai API listed " + many + " " + strings.Join(shown, ", ") + " more than once; each is shown once" + how + "."
}

// inlineNames are names the API gave, each shortened and quoted as code.
func inlineNames(names []string) []string {
	shown := make([]string, len(names))
	for i, n := range names {
		shown[i] = Inline(clip(n, wordBytes))
	}
	return shown
}

// idNames are ids written out.
func idNames(ids []int64) []string {
	named := make([]string, len(ids))
	for i, id := range ids {
		named[i] = strconv.FormatInt(id, 10)
	}
	return named
}

// ownerRoleNote tells the owner role from the organization's owner when a member holds the role
// without being the owner (api/README §4, §10): "" otherwise. column: the Org owner column marks
// the owner (else the heading names them).
func ownerRoleNote(column bool, members ...client.Member) string {
	for _, m := range members {
		if !m.IsOwner && slices.Contains(m.Roles, "owner") {
			lead := "The organization's owner"
			if column {
				lead = "Org owner marks the organization's owner, who"
			}
			return "\n\n" + lead + " can never be changed or removed; the owner role " +
				"gives others an owner's rights (granting admin or owner too), and they can be changed or removed."
		}
	}
	return ""
}

// ShortenSummary returns a copy of an app of a list (list_apps, list_forks) for structured
// content: its description longer than textBytes shortened with ShortenedNote, as a view's text
// shows a shortened text, and its tags to those ShortTags keeps. The list's text names what was
// shortened (SummariesShortened), so a page of 50 apps stays a page however long their texts.
func ShortenSummary(a client.ProjectSummary) client.ProjectSummary {
	a = MaskStoredSummary(a)
	a.Description = clip(a.Description, textBytes)
	a.Tags, _ = ShortTags(a.Tags)
	return a
}

// SummariesShortened follows a list of apps whose structured content ShortenSummary shortened:
// which app's description and tags, with their full length and number ("" when none was);
// getApp: the caller can use get_app, which shows more of them.
func SummariesShortened(apps []client.ProjectSummary, getApp bool) string {
	var parts []string
	for _, a := range apps {
		if _, total := cut(a.Description, textBytes); total != 0 {
			parts = append(parts, fmt.Sprintf("%s's description (%s characters in all)", NameText(a.Name), number(total)))
		}
		if kept, total := ShortTags(a.Tags); total != 0 {
			parts = append(parts, fmt.Sprintf("%s's tags (%d of %s shown)", NameText(a.Name), len(kept), number(total)))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	where := ""
	if getApp {
		where = " (get_app shows more of an app's)"
	}
	return "\n\nShortened in structured content" + where + ": " + strings.Join(parts, "; ") + "."
}

// TagListing is how get_app lists an app's tags after its view when its tag line is shortened:
// the first Shown by key, each key longer than KeyBytes and value longer than ValueBytes
// shortened to its beginning ("…").
type TagListing struct{ KeyBytes, ValueBytes, Shown int }

// ListedTags are the tags a listing shows, as shown (tagRows: a shortened key or value ends in
// "…", a shortened key that would be another's ends in "…#2", "…#3"), and the number of tags in
// all when not all are shown whole (0 when all are): what the text says.
func ListedTags(tags map[string]string, l TagListing) (map[string]string, int) {
	rows := tagRows(tags, l)
	shown, whole := make(map[string]string, len(rows)), len(rows) == len(tags)
	for _, r := range rows {
		shown[r.key] = r.value
		whole = whole && !r.shortKey && !r.shortValue
	}
	if whole {
		return shown, 0
	}
	return shown, len(tags)
}

// tagRow is a tag as a listing shows it.
type tagRow struct {
	key, value           string
	shortKey, shortValue bool
	numbered             bool // key ends in "…#n": its beginning is another shortened key's
}

// tagRows are the tags a listing shows, by key, each key and value whole or its beginning and
// "…" (tagPart). Keys that share their first KeyBytes would be shown alike, and one tag would
// hide another in structured content's map: each such key after the first (by key) ends in
// "…#2", "…#3" (the first number no other shown key is), so every tag keeps its own entry.
func tagRows(tags map[string]string, l TagListing) []tagRow {
	keys := slices.Sorted(maps.Keys(tags))
	keys = keys[:min(max(l.Shown, 0), len(keys))]
	rows := make([]tagRow, len(keys))
	taken := make(map[string]bool, len(keys))
	for i, k := range keys {
		rows[i] = tagRow{key: k, value: tagPart(tags[k], l.ValueBytes), shortKey: len(k) > l.KeyBytes, shortValue: len(tags[k]) > l.ValueBytes}
		if !rows[i].shortKey {
			taken[k] = true // whole keys first: a shortened key never takes one's place
		}
	}
	for i := range rows {
		if !rows[i].shortKey {
			continue
		}
		head := tagPart(rows[i].key, l.KeyBytes)
		key := head
		for n := 2; taken[key]; n++ {
			key, rows[i].numbered = head+"#"+strconv.Itoa(n), true
		}
		taken[key], rows[i].key = true, key
	}
	return rows
}

// tagPart is a tag's key or value as a listing shows it: whole, or its first limit bytes and "…".
func tagPart(s string, limit int) string {
	if head, total := cut(s, limit); total != 0 {
		return head + "…"
	}
	return s
}

// TagsListed follows get_app's view when its tag line is shortened (ShortTags): the tags of a
// listing (tagRows), each on a line of its own, saying how many are shortened (and to what) and
// how many left out, since no tool shows more of them.
func TagsListed(tags map[string]string, l TagListing) string {
	rows := tagRows(tags, l)
	if len(rows) == 0 {
		return fmt.Sprintf("Not one of the %s tags fits one result: no tool shows more of them than the line above.", number(len(tags)))
	}
	shortened, longKeys, longValues, numbered := 0, false, false, false
	for _, r := range rows {
		if r.shortKey || r.shortValue {
			shortened++
		}
		longKeys, longValues, numbered = longKeys || r.shortKey, longValues || r.shortValue, numbered || r.numbered
	}
	how := ""
	if shortened > 0 {
		var to []string
		if longValues {
			to = append(to, "a value to its first "+number(l.ValueBytes)+" bytes")
		}
		if longKeys {
			to = append(to, "a key to its first "+number(l.KeyBytes)+" bytes")
		}
		ending := "ending in …"
		if numbered {
			ending = "ending in …; a key shortened to the same as one before it by key ends in …#2, …#3"
		}
		how = fmt.Sprintf(", %s of them shortened to fit one result (%s; %s)", number(shortened), strings.Join(to, ", "), ending)
	}
	var b strings.Builder
	switch {
	case len(rows) == len(tags) && shortened == 0:
		fmt.Fprintf(&b, "All %s tags, whole (by key):\n", number(len(tags)))
	case len(rows) == len(tags):
		fmt.Fprintf(&b, "All %s tags (by key)%s; no tool shows more of them:\n", number(len(tags)), how)
	default:
		fmt.Fprintf(&b, "The first %d of %s tags (by key)%s; the other %s do not fit one result, and no tool shows them:\n",
			len(rows), number(len(tags)), how, number(len(tags)-len(rows)))
	}
	for _, r := range rows {
		b.WriteString("- " + Inline(r.key+"="+r.value) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// resourceGroup is the resource group of an app at path ("config.executor.resources.limits"),
// nil for none.
func resourceGroup(a *client.Project, path string) map[string]any {
	r := a.Config.Resources
	if strings.HasPrefix(path, "config.executor.") {
		if r = nil; a.Config.Executor != nil {
			r = a.Config.Executor.Resources
		}
	}
	switch {
	case r == nil:
		return nil
	case strings.HasSuffix(path, ".limits"):
		return r.Limits
	}
	return r.Requests
}

// ForkShortened follows fork_app's text, which shows none of the fork's description, tags,
// production branch, settings or spicepod, when its structured content (short) shortened some
// of them as get_app's view does (full: ShortenApp's lengths and numbers by path) or holds only
// the first lines of its spicepod (window; config.spicepod is then left out): which ones, with
// their length or number, and where to read more ("" when nothing was). The warning is left
// out: the text shows it shortened with its length. getApp: the caller can use get_app; again
// are its arguments for the fork (the app and organization).
func ForkShortened(short *client.Project, full map[string]int, window *SpicepodWindow, getApp bool, again ...Arg) string {
	var parts []string
	for _, path := range slices.Sorted(maps.Keys(full)) {
		switch path {
		case "warning":
		case "tags":
			more := ""
			if getApp {
				more = "; get_app lists more of them"
			}
			parts = append(parts, fmt.Sprintf("tags (%d of %s shown%s)", len(short.Tags), number(full[path]), more))
		case "config.resources.limits", "config.resources.requests", "config.executor.resources.limits", "config.executor.resources.requests":
			group, long := resourceGroup(short, path), ""
			for k := range group {
				if strings.Contains(k, "…") {
					long = fmt.Sprintf(", a key longer than %d bytes shortened to its beginning, ending in … or …#2, …#3", wordBytes)
				}
			}
			parts = append(parts, fmt.Sprintf("%s (%d of %s keys shown%s)", Code(path), len(group), number(full[path]), long))
		default:
			parts = append(parts, fmt.Sprintf("%s (%s characters in all)", Code(path), number(full[path])))
		}
	}
	var b strings.Builder
	if len(parts) > 0 {
		b.WriteString("\n\nShortened in structured content as get_app's view shortens them: " + strings.Join(parts, "; ") + ".")
	}
	if window != nil {
		b.WriteString("\n\nStructured content holds the fork's spicepod by lines (spicepod_lines), not whole in config.spicepod: ")
		if getApp {
			b.WriteString(SpicepodLines(window.FromLine, window.ToLine, window.TotalLines, window.NextOffset, again...))
		} else {
			fmt.Fprintf(&b, "Spicepod lines %s–%s of %s shown; no tool here shows the rest.", number(window.FromLine),
				number(window.ToLine), number(window.TotalLines))
		}
	}
	return b.String()
}
