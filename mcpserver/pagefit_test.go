package mcpserver_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/client"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/present"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// TestPageThatOnlyJustFits: a page of a list is fitted to the budget with the notes the server
// adds after the tool (the sandbox's) counted, so a page that only just fits is never cut by
// the final guard (which would take its next-page call with it). The members' names are long
// and full of characters the text escapes (| doubles there, not in JSON), so the text, not the
// structured content, is the form that binds; their lengths step by one character (50 bytes a
// page of 50), so one of the organizations puts a full page within the sandbox note's length
// of the budget.
func TestPageThatOnlyJustFits(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	cutNotice := present.CutNotice("list_members", 0, 0)
	cutNotice = cutNotice[:strings.Index(cutNotice, " this ")]
	closest := 0
	for pad := 16; pad < 28; pad++ {
		members := make([]string, 120)
		for i := range members {
			members[i] = fmt.Sprintf("m%03d-%s%s", i, strings.Repeat("|", 95), strings.Repeat("a", pad))
		}
		h := newHarness(t, harnessOptions{sandboxNote: true, cfg: sandbox.Config{
			Orgs: []sandbox.Org{{Slug: "sandbox", Name: "Sandbox", Owner: "alice", Members: members}}}})
		names := map[string]bool{}
		call := map[string]any{}
		for page := 0; ; page++ {
			res := h.call(t, "list_members", call)
			what := fmt.Sprintf("pad %d, list_members %v", pad, call)
			withinBudget(t, what, res)
			raw, _ := json.Marshal(res.StructuredContent)
			body := text(res)
			if res.IsError || strings.Contains(body, cutNotice) || len(body) > present.ResultBytes || len(raw) > present.ResultBytes {
				t.Fatalf("%s: %d text bytes, %d structured bytes (budget %d), cut or failed:\n%s", what, len(body), len(raw),
					present.ResultBytes, lastLines(body))
			}
			var got struct {
				Members []struct {
					Username string   `json:"username"`
					Roles    []string `json:"roles"`
				} `json:"members"`
				Total int `json:"total"`
				Next  int `json:"next_offset"`
			}
			structured(t, res, &got)
			dense := 0 // usernames and roles weigh half as much again: they may be a token a byte
			for _, m := range got.Members {
				dense += len(m.Username) + len(strings.Join(m.Roles, ""))
			}
			closest = max(closest, len(body)+(dense+1)/2)
			for _, m := range got.Members {
				if names[m.Username] {
					t.Fatalf("%s: %s twice", what, m.Username)
				}
				names[m.Username] = true
			}
			if got.Next == 0 {
				if len(names) != got.Total || got.Total != len(members)+1 {
					t.Fatalf("pad %d: paging reached %d of %d members", pad, len(names), got.Total)
				}
				break
			}
			named, ok := noteCall(t, body, "list_members")
			if !ok || named["offset"] != float64(got.Next) {
				t.Fatalf("%s: the text does not name the next page's call (offset %d):\n%s", what, got.Next, lastLines(body))
			}
			call = named
		}
	}
	// The organizations did reach the edge: a page within a row of the budget.
	if closest < present.ResultBytes-150 {
		t.Errorf("the largest page is %d bytes: no page came near the budget of %d", closest, present.ResultBytes)
	}
}

// TestAppThatOnlyJustFits: get_app and describe_app show an app whole only when it fits with
// the sandbox note; an app whose whole text only just fits without it shows its spicepod in
// line ranges instead of being cut. The description is full of * (escaped, so twice as long in
// the text as in JSON), so the text is the form that binds; the spicepod grows a dataset
// (about 60 bytes) at a time across the budget.
func TestAppThatOnlyJustFits(t *testing.T) {
	t.Parallel() // CPU-heavy, shares nothing: runs after the sequential tests, beside the other parallel ones
	h := newHarness(t, harnessOptions{sandboxNote: true, cfg: sandbox.Config{}})
	api, err := client.New(client.Config{BaseURL: "http://emulator.invalid", Tokens: client.StaticToken("sandbox"),
		HTTPClient: &http.Client{Transport: h.emu.Transport()}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	app, err := api.CreateApp(ctx, client.CreateAppRequest{Name: "edge-app", Region: "us-west-2",
		Description: strings.Repeat("*", present.DescriptionBytes)}) // as long as a view shows whole
	if err != nil {
		t.Fatal(err)
	}
	cutNotice := present.CutNotice("get_app", 0, 0)
	cutNotice = cutNotice[:strings.Index(cutNotice, " this ")]
	closest := map[string]int{}
	for n := 150; n < 170; n++ {
		var pod strings.Builder
		pod.WriteString("version: v1\nkind: Spicepod\nname: edge-app\ndatasets:\n")
		for i := range n {
			fmt.Fprintf(&pod, "  - from: postgres:public.orders_%03d\n    name: orders_%03d\n", i, i)
		}
		if _, err := api.UpdateApp(ctx, app.ID, client.UpdateAppRequest{Spicepod: pod.String()}); err != nil {
			t.Fatal(err)
		}
		for _, tool := range []string{"get_app", "describe_app"} {
			res := h.call(t, tool, map[string]any{"app": "edge-app"})
			what := fmt.Sprintf("%s with %d datasets", tool, n)
			withinBudget(t, what, res)
			raw, _ := json.Marshal(res.StructuredContent)
			body := text(res)
			if res.IsError || strings.Contains(body, cutNotice) || len(body) > present.ResultBytes || len(raw) > present.ResultBytes {
				t.Fatalf("%s: %d text bytes, %d structured bytes (budget %d), cut or failed:\n%s", what, len(body), len(raw),
					present.ResultBytes, lastLines(body))
			}
			size := len(body)
			if tool == "get_app" || tool == "describe_app" { // its spicepod's lines and description weigh half as much again: they may be a token a byte
				size += len(yamlBlock(t, body))/2 + present.DescriptionBytes/2
			}
			closest[tool] = max(closest[tool], size)
		}
	}
	for tool, size := range closest {
		if size < present.ResultBytes-150 {
			t.Errorf("%s: the largest result is %d bytes: none came near the budget of %d", tool, size, present.ResultBytes)
		}
	}
}
