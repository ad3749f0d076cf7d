package present

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
)

// r48Words3Client is a client of a server that answers every request with body.
func r48Words3Client(t *testing.T, body any) *client.Client {
	t.Helper()
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(raw)
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestR48Words3LogLinesEscapeStrayInvisibles: an instance's log line read from the API, as
// get_instance_logs and a failed deployment's result show it, writes a character that does not
// show where it stands (a zero-width space, a byte order mark, a left-to-right mark) as its
// escape, keeping the joiners that are part of the text (an emoji sequence, Persian); a
// bidirectional override or a control character is read by masking as a separator and shown as
// the space it read, and a terminal escape never reaches the text: a colour is stripped, any
// other ESC is a space. A credential split by one is still masked.
func TestR48Words3LogLinesEscapeStrayInvisibles(t *testing.T) {
	lines := []string{
		"\x1b[31mERROR\x1b[0m x\u200by g\ufeffh \u200eLRM C:\\dir",
		"fam\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f",
		"Access \u202edenied\u202c a\x01b \x1bZ password\u202e=hunter2secret",
	}
	c := r48Words3Client(t, map[string]any{"lines": lines})
	got, err := c.GetProjectInstanceLogs(context.Background(), 1, "app-0", 10)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"get_instance_logs": InstanceLogs("app", "app-0", "ready", got, 0),
		"failed deployment": FailedDeploymentLogs("app", "app-0", "failed", got, 0),
	} {
		for _, want := range []string{
			`ERROR x\u200by g\ufeffh \u200eLRM C:\\dir` + "\n",
			"fam\U0001F468\u200d\U0001F469 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \u2764\ufe0f\n",
			"Access  denied  a b  Z password =" + Masked,
		} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: lacks %+q:\n%+q", name, want, text)
			}
		}
		if strings.ContainsAny(text, "\x1b\u200b\ufeff\u200e\u202e\u202c\x01") || strings.Contains(text, "hunter2") {
			t.Errorf("%s: a hidden character or the password shows raw:\n%+q", name, text)
		}
	}
}

// r48Words3Routes is a client of a server that answers each path with its body.
func r48Words3Routes(t *testing.T, bodies map[string]string) *client.Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := client.New(client.Config{BaseURL: srv.URL, Tokens: client.StaticToken("t0k3n-for-tests"),
		Retry: client.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestR48Words3ResourceTextsEscapeStrayInvisibles: what the API returns for an organization, an
// app, a member, a region and a deployment, shown in a result's text (a table cell, a page's
// line), writes a character that does not show where it stands as its escape, as apiText does
// (a bidi override would make the line read otherwise), keeping joiners that are part of the
// text; the values the client returns, which the structured copy carries, are the API's exactly.
func TestR48Words3ResourceTextsEscapeStrayInvisibles(t *testing.T) {
	const stray = `Acme \u202eevil\u202c x\u200by fam\ud83d\udc68\u200d\ud83d\udc69`
	want := `Acme \u202eevil\u202c x\u200by fam` + "\U0001F468\u200d\U0001F469"
	raw := "Acme \u202eevil\u202c x\u200by fam\U0001F468\u200d\U0001F469"
	c := r48Words3Routes(t, map[string]string{
		"/v1/orgs": `{"orgs":[{"name":"acme","displayName":"` + stray + `","role":"owner"}]}`,
		"/v1/apps/1": `{"id":1,"name":"app","visibility":"private","created_at":"2026-01-01T00:00:00Z","description":"` + stray +
			`","region":"us\u200b-west","tags":{"team":"` + stray + `"},"config":{"image":"spiceai\u200b/spiceai"}}`,
		"/v1/members": `{"members":[{"user_id":7,"username":"` + stray + `","roles":["member"],"created_at":"2026-01-01T00:00:00Z"}]}`,
		"/v1/regions": `{"regions":[{"name":"` + stray + `","region":"us-west-2","cname":"usw2","provider":"aws","providerName":"AWS"}],"default":"us-west-2"}`,
		"/v1/apps/1/deployments/2": `{"id":2,"project_id":1,"status":"succeeded","commit_message":"` + stray +
			`","created_at":"2026-01-01T00:00:00Z"}`,
	})
	ctx := context.Background()
	orgs, err := c.ListOrgs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.GetApp(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	members, err := c.ListMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	regions, err := c.ListRegions(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dep, err := c.GetDeployment(ctx, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"org display name": orgs[0].DisplayName, "description": app.Description,
		"tag": app.Tags["team"], "username": members[0].Username, "region name": regions.Regions[0].Name, "commit message": dep.CommitMessage} {
		if got != raw {
			t.Errorf("%s as the client returns it:\n got %+q\nwant %+q", name, got, raw)
		}
	}
	if app.Region != "us\u200b-west" || app.Config.Image != "spiceai\u200b/spiceai" {
		t.Errorf("region %+q, image %+q: not the API's", app.Region, app.Config.Image)
	}
	for name, tc := range map[string]struct {
		text string
		want []string
	}{
		"list_orgs":      {Orgs(orgs, 1, ""), []string{want}},
		"get_app":        {App(app), []string{want, `us\u200b-west`, `spiceai\u200b/spiceai`}},
		"list_members":   {Members(members, 1, ""), []string{want}},
		"list_regions":   {Regions(regions, 1, ""), []string{want}},
		"get_deployment": {Deployment("app", dep), []string{want}},
		"member page":    {NameShown(members[0].Username).plain, []string{want}},
	} {
		for _, w := range tc.want {
			if !strings.Contains(tc.text, w) {
				t.Errorf("%s lacks %+q:\n%+q", name, w, tc.text)
			}
		}
		if strings.ContainsAny(tc.text, "\u202e\u202c\u200b") {
			t.Errorf("%s shows a stray character raw:\n%+q", name, tc.text)
		}
	}
}

// TestR48Words3SpicepodEscapesStrayInvisibles: get_app's spicepod, which the API returned with
// a bidi override and a zero-width space in a value, shows each as a YAML escape in its
// double-quoted scalar (\u202E), so the fence never holds one raw and the YAML reads back as
// the API's value exactly; a joiner that is part of the text (an emoji sequence) stays.
func TestR48Words3SpicepodEscapesStrayInvisibles(t *testing.T) {
	raw := "Acme \u202eevil\u202c x\u200by C:\\dir fam\U0001F468\u200d\U0001F469"
	quoted, _ := json.Marshal(raw)
	c := r48Words3Routes(t, map[string]string{
		"/v1/apps/1": `{"id":1,"name":"app","visibility":"private","created_at":"2026-01-01T00:00:00Z",` +
			`"config":{"spicepod":{"version":"v1","kind":"Spicepod","name":"app","description":` + string(quoted) + `}}}`,
	})
	app, err := c.GetApp(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	text := App(app)
	if strings.ContainsAny(text, "\u202e\u202c\u200b") || !strings.Contains(text, `\u202E`) || !strings.Contains(text, "\U0001F468\u200d\U0001F469") {
		t.Fatalf("the spicepod does not show its stray characters as escapes, or lost the joiner:\n%+q", text)
	}
	start := strings.Index(text, "```yaml\n")
	end := strings.LastIndex(text, "```")
	if start < 0 || end <= start {
		t.Fatalf("no yaml fence:\n%s", text)
	}
	var pod map[string]any
	if err := yaml.Unmarshal([]byte(text[start+len("```yaml\n"):end]), &pod); err != nil {
		t.Fatal(err)
	}
	if pod["description"] != raw {
		t.Errorf("the YAML reads back as %+q, want the API's %+q", pod["description"], raw)
	}
}

// TestR48Words3BidiControlSplitsNoCredentialFromItsKey: a bidi control between a credential's
// key and its value, or after Bearer, in a deployment's error_message the API returned, does
// not keep it from being masked (it shows as its escape, and masking reads it as a space, as
// the log masker does); in the text and in the value the structured copy carries.
func TestR48Words3BidiControlSplitsNoCredentialFromItsKey(t *testing.T) {
	msg := "connect failed: password\u202e=hunter2secret and Bearer\u2066hunter3abcdefghijklmnop, url postgres://u:hunter4\u202cxyz@db/app"
	quoted, _ := json.Marshal(msg)
	c := r48Words3Routes(t, map[string]string{
		"/v1/apps/1/deployments/2": `{"id":2,"project_id":1,"status":"failed","error_code":"unable_to_start","error_message":` +
			string(quoted) + `,"created_at":"2026-01-01T00:00:00Z"}`,
	})
	d, err := c.GetDeployment(context.Background(), 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]string{"text": Deployment("app", d), "MaskAPIText": MaskAPIText(d.ErrorMessage), "MaskText": MaskText(d.ErrorMessage)} {
		if strings.Contains(got, "hunter") {
			t.Errorf("%s shows a credential:\n%+q", name, got)
		}
	}
	if got := Deployment("app", d); !strings.Contains(got, `password\u202e=`) {
		t.Errorf("the text does not show the bidi control as its escape:\n%+q", got)
	}
}
