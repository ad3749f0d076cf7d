package sandbox_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/sandbox"
)

// An emulator with the demo apps, listed with the default all-scopes token "sandbox".
func ExampleNew() {
	clock := sandbox.NewManualClock(time.Date(2025, 1, 15, 10, 0, 0, 0, time.UTC))
	srv := httptest.NewServer(sandbox.New(sandbox.Config{Clock: clock, Demo: true}))
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/v1/apps", nil)
	req.Header.Set("Authorization", "Bearer sandbox")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var body struct {
		Apps []struct {
			ID     int64  `json:"id"`
			Name   string `json:"name"`
			Region string `json:"region"`
		} `json:"apps"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		panic(err)
	}
	for _, a := range body.Apps {
		fmt.Println(a.ID, a.Name, a.Region)
	}
	// Output:
	// 101 analytics-app us-west-2
	// 102 docs-search us-east-1
}
