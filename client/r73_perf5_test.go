package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"testing"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/present/answerwords"
)

// r73Perf5ListAnswer is a list_apps answer of about the emulator's size (790 bytes).
const r73Perf5ListAnswer = `{"projects":[` +
	`{"id":101,"name":"churn","description":"Churn model","visibility":"private","created_at":"2024-01-02T03:04:05Z","region":"us-east-1","cluster_id":"c1","endpoint":"https://churn.example","tags":{"team":"data","env":"prod"}},` +
	`{"id":102,"name":"fraud","description":"Fraud scoring","visibility":"private","created_at":"2024-02-02T03:04:05Z","region":"us-east-1","cluster_id":"c1","endpoint":"https://fraud.example","tags":{"team":"risk"}},` +
	`{"id":103,"name":"search","description":"Search index","visibility":"public","created_at":"2024-03-02T03:04:05Z","region":"eu-west-1","cluster_id":"c2","endpoint":"https://search.example"},` +
	`{"id":104,"name":"ledger","visibility":"private","created_at":"2024-04-02T03:04:05Z","region":"us-west-2","cluster_id":"c3","endpoint":"https://ledger.example","forked_from":{"id":101,"name":"churn"}}]}`

// r73Perf5DecoderRead is how decodeInto read every answer before: through a json.Decoder.
func r73Perf5DecoderRead(body []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(out)
	if _, trailing := dec.Token(); err == nil && !errors.Is(trailing, io.EOF) {
		err = errors.New(answerwords.TrailingData)
	}
	return err
}

// An answer whose type holds no interface value is read from the bytes already read, as
// json.Unmarshal reads them: no Decoder, no copy of the answer into its buffer (a 790-byte
// list_apps answer: 512 bytes, then grown to 1,536).
func TestR73Perf5AnswerReadWithoutACopy(t *testing.T) {
	body := []byte(r73Perf5ListAnswer)
	if holdsInterface(reflect.TypeFor[*projectList]()) || holdsInterface(reflect.TypeFor[*Deployment]()) || !holdsInterface(reflect.TypeFor[*Project]()) {
		t.Fatal("holdsInterface: want false for projectList and Deployment, true for Project (its spicepod)")
	}
	read := testing.AllocsPerRun(200, func() {
		var out projectList
		if err := decodeAnswer(body, &out); err != nil || len(out.Projects) != 4 {
			t.Fatal(err, out)
		}
	})
	unmarshal := testing.AllocsPerRun(200, func() {
		var out projectList
		_ = json.Unmarshal(body, &out)
	})
	decoder := testing.AllocsPerRun(200, func() {
		var out projectList
		_ = r73Perf5DecoderRead(body, &out)
	})
	t.Logf("list_apps answer: %.0f allocations (json.Unmarshal %.0f, a Decoder %.0f)", read, unmarshal, decoder)
	if read > unmarshal {
		t.Errorf("decodeAnswer: %.0f allocations, want at most json.Unmarshal's %.0f (a Decoder: %.0f)", read, unmarshal, decoder)
	}
}

// Whichever way an answer is read, the value and the error are the Decoder's: numbers in an
// open-ended value stay json.Number, trailing data is refused with the same words, a
// mistyped field before a syntax error is still named.
func TestR73Perf5AnswerReadAsTheDecoderDid(t *testing.T) {
	bodies := []string{
		r73Perf5ListAnswer,
		r73Perf5ListAnswer + "  \n",
		r73Perf5ListAnswer + ` {}`,
		r73Perf5ListAnswer + ` x`,
		`{"projects":[{"id":"101"}]}`,
		`{"projects":[{"id":"101"}]} x`,
		`{"projects":[{"id":101,"name":"a"`,
		`{"projects":null}`,
		`[]`,
		``,
		`{"id":1003,"status":"succeeded","replicas":"2"}`,
		`{"id":1003,"status":"succeeded","replicas":2}garbage`,
		`{"id":101,"name":"a","config":{"spicepod":{"n":9007199254740993,"f":1.0},"later":{"x":1.0}}}`,
		`{"id":101,"name":"a","config":{"spicepod":{"n":9007199254740993}}} {}`,
	}
	types := []func() any{
		func() any { return new(projectList) },
		func() any { return new(Deployment) },
		func() any { return new(Project) },
		func() any { return new(RegionList) },
	}
	for _, b := range bodies {
		for _, newOut := range types {
			got, want := newOut(), newOut()
			gotErr, wantErr := decodeAnswer([]byte(b), got), r73Perf5DecoderRead([]byte(b), want)
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || reflect.TypeOf(gotErr) != reflect.TypeOf(wantErr) || !reflect.DeepEqual(got, want) {
				t.Errorf("%T of %q:\n got %v (%T) %+v\nwant %v (%T) %+v", got, b, gotErr, gotErr, got, wantErr, wantErr, want)
			}
		}
	}
	var p Project
	if err := decodeAnswer([]byte(`{"id":101,"config":{"spicepod":{"n":9007199254740993}}}`), &p); err != nil {
		t.Fatal(err)
	}
	if n, ok := p.Config.Spicepod["n"].(json.Number); !ok || n != "9007199254740993" {
		t.Errorf("spicepod's number: %#v, want json.Number 9007199254740993", p.Config.Spicepod)
	}
}

// BenchmarkR73Perf5AnswerRead reads a list_apps answer as decodeInto does, and as it did.
func BenchmarkR73Perf5AnswerRead(b *testing.B) {
	body := []byte(r73Perf5ListAnswer)
	for _, tc := range []struct {
		name string
		read func([]byte, any) error
	}{{"decodeAnswer", decodeAnswer}, {"decoder", r73Perf5DecoderRead}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var out projectList
			for range b.N {
				out = projectList{}
				if err := tc.read(body, &out); err != nil {
					b.Fatal(err)
				}
			}
			if len(out.Projects) < 3 || out.Projects[0].Name != "churn" || out.Projects[2].Endpoint != "https://search.example" {
				b.Fatalf("read %+v", out)
			}
		})
	}
}
