package client

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestR54HostileAnswerKeys: answerKeys finds a name given twice with different values at any
// depth (escaped or not, in objects of many names too), not names in strings or in other
// objects, and a top-level string "error" only.
func TestR54HostileAnswerKeys(t *testing.T) {
	many := make([]string, 40)
	for i := range many {
		many[i] = fmt.Sprintf(`"k%d":%d`, i, i)
	}
	for _, tc := range []struct {
		body     string
		repeated []Repeated
		topError bool
	}{
		{`{"status":"failed","id":1,"status":"succeeded"}`, []Repeated{{"status", `"failed"`, `"succeeded"`, ""}}, false},
		{`{"status":"ok","status" : "ok" }`, nil, false},
		{`{"a":{"b":1,"b":[1,{"c":"}\"{"}]},"c":2}`, []Repeated{{"b", "1", `[1,{"c":"}\"{"}]`, ""}}, false},
		{`{"st\u0061tus":"x","status":"y"}`, []Repeated{{"status", `"x"`, `"y"`, ""}}, false},
		{`{"items":[{"id":1},{"id":2}],"id":3}`, nil, false},
		{`{` + strings.Join(many, ",") + `,"k7":"seven"}`, []Repeated{{"k7", "7", `"seven"`, ""}}, false},
		{`{"id":1,"error":"Deployment failed"}`, nil, true},
		{`{"id":1,"error":""}`, nil, false},
		{`{"id":1,"detail":{"error":"nested"}}`, nil, false},
		{`[{"error":"in a list"}]`, nil, false},
		{`{"text":"a \"key\": value, {\"x\":1}"}`, nil, false},
	} {
		repeated, topError := answerKeys([]byte(tc.body), nil)
		if !reflect.DeepEqual(repeated, tc.repeated) || topError != tc.topError {
			t.Errorf("%s: got %q, %v; want %q, %v", tc.body, repeated, topError, tc.repeated, tc.topError)
		}
	}
}

// TestR54AnswerKeysAllocatesNothing: the scan every answer gets allocates nothing for an answer
// of ordinary depth (it was 10 % of a get_app call's allocated bytes when each object kept its
// own list of names).
func TestR54AnswerKeysAllocatesNothing(t *testing.T) {
	body := []byte(`{"id":101,"name":"analytics-app","tags":{"team":"data","env":"prod"},` +
		`"spicepod":{"version":"v1","kind":"Spicepod","datasets":[{"from":"postgres:orders","name":"orders",` +
		`"params":{"pg_host":"db","pg_pass":"${secrets:PG_PASS}"}}]},"visibility":"private","replicas":2}`)
	if allocs := testing.AllocsPerRun(20, func() { answerKeys(body, nil) }); allocs != 0 {
		t.Errorf("answerKeys allocated %.0f times for an app answer", allocs)
	}
}
