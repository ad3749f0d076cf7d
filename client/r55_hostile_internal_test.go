package client

import (
	"reflect"
	"testing"
)

// TestR55HostileAnswerKeysFoldedNames: two names of one object that encoding/json reads into
// one struct field ("status" and "STATUS"; "kind" and "\u212aind", Kelvin sign K) are a name
// given twice, both spellings kept; names that only fold alike in a map (tags, a spicepod),
// or that fill no field, are two names, as a case-sensitive reader takes them.
func TestR55HostileAnswerKeysFoldedNames(t *testing.T) {
	deployment, project := reflect.TypeFor[*Deployment](), reflect.TypeFor[*Project]()
	for _, tc := range []struct {
		body     string
		shape    reflect.Type
		repeated []Repeated
	}{
		{`{"id":1,"status":"failed","STATUS":"succeeded"}`, deployment, []Repeated{{"status", `"failed"`, `"succeeded"`, "STATUS"}}},
		{`{"id":1,"Status":"failed","status":"failed"}`, deployment, nil},
		{`{"id":1,"status":"failed","STATUS":"succeeded"}`, nil, nil},
		{`{"id":1,"ſtatus":"failed","status":"succeeded"}`, deployment, []Repeated{{"ſtatus", `"failed"`, `"succeeded"`, "status"}}},
		{`{"id":1,"name":"a","tags":{"Team":"data","team":"ops"},"config":{"spicepod":{"Kind":"x","kind":"y"}}}`, project, nil},
		{`{"id":1,"name":"a","config":{"image_tag":"1.0","IMAGE_TAG":"2.0"}}`, project, []Repeated{{"image_tag", `"1.0"`, `"2.0"`, "IMAGE_TAG"}}},
		{`{"id":1,"name":"a","Name":"b"}`, project, []Repeated{{"name", `"a"`, `"b"`, "Name"}}},
		{`{"id":1,"name":"a","unknown":1,"UNKNOWN":2}`, project, nil},
		{`{"orgs":[{"name":"a","NAME":"b"}]}`, reflect.TypeFor[*orgList](), []Repeated{{"name", `"a"`, `"b"`, "NAME"}}},
		{`[{"name":"a","NAME":"b"}]`, reflect.TypeFor[*orgList](), []Repeated{{"name", `"a"`, `"b"`, "NAME"}}},
		{`{"deployments":[{"id":1,"status":"a"},{"id":2,"STATUS":"b","status":"c"}]}`, reflect.TypeFor[*deploymentList](), []Repeated{{"STATUS", `"b"`, `"c"`, "status"}}},
	} {
		repeated, _ := answerKeys([]byte(tc.body), tc.shape)
		if !reflect.DeepEqual(repeated, tc.repeated) {
			t.Errorf("%s as %v: got %q; want %q", tc.body, tc.shape, repeated, tc.repeated)
		}
	}
}

// TestR55AnswerKeysTypedAllocatesNothing: scanning an answer along its Go type allocates
// nothing once the type's fields are known.
func TestR55AnswerKeysTypedAllocatesNothing(t *testing.T) {
	body := []byte(`{"id":101,"name":"analytics-app","tags":{"team":"data","env":"prod"},"config":{"image_tag":"1.0",` +
		`"spicepod":{"version":"v1","kind":"Spicepod","datasets":[{"from":"postgres:orders","name":"orders",` +
		`"params":{"pg_host":"db","pg_pass":"${secrets:PG_PASS}"}}]}},"visibility":"private"}`)
	shape := reflect.TypeFor[*Project]()
	answerKeys(body, shape)
	if allocs := testing.AllocsPerRun(20, func() { answerKeys(body, shape) }); allocs != 0 {
		t.Errorf("answerKeys allocated %.0f times for an app answer", allocs)
	}
}
