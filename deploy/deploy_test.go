// Package deploy holds no code: its tests keep the packaging and deployment files at the
// repository root and under deploy/ honest — the Dockerfile and .dockerignore, the Kubernetes
// manifests in deploy/kubernetes, the MCP Bundle manifest.json and the registry's server.json.
// No Docker engine or cluster is needed: the files are parsed and their invariants checked.
package deploy

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

const root = ".." // tests run in deploy/

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// modulePath is the module line of go.mod.
func modulePath(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindStringSubmatch(readFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return m[1]
}

// ---- Dockerfile --------------------------------------------------------------------------------

type instruction struct {
	cmd  string // upper case
	args string
	line int
}

type stage struct {
	from   string // image
	name   string // AS name
	instrs []instruction
}

// parseDockerfile joins continuation lines, drops comments and splits the instructions into
// stages.
func parseDockerfile(text string) ([]stage, error) {
	var stages []stage
	var cur strings.Builder
	start := 0
	flush := func() error {
		s := strings.TrimSpace(cur.String())
		cur.Reset()
		if s == "" {
			return nil
		}
		cmd, args, _ := strings.Cut(s, " ")
		in := instruction{cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args), line: start}
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			for len(f) > 0 && strings.HasPrefix(f[0], "--") {
				f = f[1:]
			}
			if len(f) == 0 {
				return fmt.Errorf("line %d: FROM without an image", start)
			}
			st := stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
			}
			stages = append(stages, st)
			return nil
		}
		if len(stages) == 0 {
			if in.cmd == "ARG" {
				return nil // global ARG before the first FROM
			}
			return fmt.Errorf("line %d: %s before the first FROM", start, in.cmd)
		}
		stages[len(stages)-1].instrs = append(stages[len(stages)-1].instrs, in)
		return nil
	}
	for i, raw := range strings.Split(text, "\n") {
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue // comments (and parser directives) are not instructions, even mid-continuation
		}
		if cur.Len() == 0 {
			if trimmed == "" {
				continue
			}
			start = i + 1
		}
		if cont, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(cont + " ")
			continue
		}
		cur.WriteString(line)
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return stages, nil
}

// secretName matches variable names that must never get a value baked into an image.
var secretName = regexp.MustCompile(`(?i)(TOKEN|SECRET|PASSWORD|PASSWD|CONFIRM_KEY|API_KEY|CREDENTIAL)`)

// checkDockerfile returns every broken invariant. module is the Go module path.
func checkDockerfile(text, module string) []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	stages, err := parseDockerfile(text)
	if err != nil {
		return []error{err}
	}
	if len(stages) < 2 {
		return []error{fmt.Errorf("want a multi-stage build (>= 2 FROM), got %d", len(stages))}
	}

	// The build: one RUN with go build, static, trimmed, with the version stamped.
	versionX := "-X " + module + "/internal/cli.Version="
	builds := 0
	for _, st := range stages[:len(stages)-1] {
		cgoEnv := false
		for _, in := range st.instrs {
			if in.cmd == "ENV" && regexp.MustCompile(`\bCGO_ENABLED[= ]0\b`).MatchString(in.args) {
				cgoEnv = true
			}
			if in.cmd != "RUN" || !strings.Contains(in.args, "go build") {
				continue
			}
			builds++
			if !cgoEnv && !strings.Contains(in.args, "CGO_ENABLED=0") {
				bad("line %d: go build without CGO_ENABLED=0 (the runtime image has no libc)", in.line)
			}
			if !strings.Contains(in.args, "-trimpath") {
				bad("line %d: go build without -trimpath", in.line)
			}
			if !strings.Contains(in.args, "-ldflags") || !strings.Contains(in.args, versionX) {
				bad("line %d: go build does not stamp the version with -ldflags %q", in.line, versionX+"...")
			}
		}
	}
	if builds == 0 {
		bad("no RUN ... go build in a build stage")
	}

	// Module download cached in its own layer, before the sources are copied.
	for _, st := range stages[:len(stages)-1] {
		download, copyAll := -1, -1
		for i, in := range st.instrs {
			if in.cmd == "RUN" && strings.Contains(in.args, "go mod download") && download < 0 {
				download = i
			}
			if in.cmd == "COPY" && regexp.MustCompile(`(^|\s)\.\s+\.(/)?$`).MatchString(in.args) && copyAll < 0 {
				copyAll = i
			}
		}
		if copyAll >= 0 && (download < 0 || download > copyAll) {
			bad("stage %s: run `go mod download` after copying go.mod/go.sum and before `COPY . .`, so modules stay cached", st.from)
		}
	}

	final := stages[len(stages)-1]
	if !strings.HasPrefix(final.from, "gcr.io/distroless/") && final.from != "scratch" {
		bad("final stage is %s: want a distroless or scratch image", final.from)
	}
	var user, entrypoint, binary string
	for _, in := range final.instrs {
		switch in.cmd {
		case "USER":
			user = in.args
		case "ENTRYPOINT":
			entrypoint = in.args
		case "COPY":
			if f := strings.Fields(in.args); len(f) >= 3 && strings.HasPrefix(f[0], "--from=") {
				binary = f[len(f)-1]
			}
		case "CMD":
			bad("line %d: the final stage has a CMD; stdio must be the default (pass --http at run time)", in.line)
		}
	}
	name, _, _ := strings.Cut(user, ":")
	if uid, err := strconv.Atoi(name); user == "" || (err == nil && uid == 0) || (err != nil && name != "nonroot") {
		bad("final stage USER is %q: want a non-root user (a non-zero UID or nonroot)", user)
	}
	var ep []string
	if err := json.Unmarshal([]byte(entrypoint), &ep); err != nil || len(ep) == 0 {
		bad("ENTRYPOINT %q is not in exec form (a JSON array)", entrypoint)
	} else {
		if ep[0] != binary {
			bad("ENTRYPOINT runs %q, but the binary copied into the final stage is %q", ep[0], binary)
		}
		if len(ep) > 1 {
			bad("ENTRYPOINT has arguments %q: stdio must be the default", ep[1:])
		}
	}

	for _, st := range stages {
		for _, in := range st.instrs {
			if in.cmd != "ENV" && in.cmd != "ARG" {
				continue
			}
			for _, key := range declaredNames(in.args) {
				if secretName.MatchString(key) {
					bad("line %d: %s %s bakes a credential into the image; pass it at run time", in.line, in.cmd, key)
				}
			}
		}
	}
	return errs
}

// declaredNames returns the variable names of an ENV or ARG instruction (KEY=value pairs,
// bare ARG names, or the legacy `ENV KEY value`).
func declaredNames(args string) []string {
	fields := strings.Fields(args)
	if len(fields) >= 2 && !strings.Contains(fields[0], "=") && !strings.Contains(fields[1], "=") {
		return fields[:1] // ENV KEY value with spaces
	}
	var names []string
	for _, f := range fields {
		k, _, _ := strings.Cut(f, "=")
		if regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`).MatchString(k) {
			names = append(names, k)
		}
	}
	return names
}

func TestDockerfile(t *testing.T) {
	module := modulePath(t)
	text := readFile(t, "Dockerfile")
	for _, err := range checkDockerfile(text, module) {
		t.Error(err)
	}

	// The -X target must exist, or the linker silently stamps nothing.
	cli, err := filepath.Glob(filepath.Join(root, "internal", "cli", "*.go"))
	if err != nil || len(cli) == 0 {
		t.Fatalf("internal/cli sources: %v", err)
	}
	found := false
	for _, f := range cli {
		b, _ := os.ReadFile(f)
		found = found || regexp.MustCompile(`(?m)^var Version = "`).Match(b)
	}
	if !found {
		t.Error(`internal/cli has no string variable "Version" for -ldflags -X`)
	}

	// The registry verifies OCI images by this label.
	var server struct{ Name string }
	if err := json.Unmarshal([]byte(readFile(t, "server.json")), &server); err != nil {
		t.Fatal(err)
	}
	label := fmt.Sprintf(`io.modelcontextprotocol.server.name="%s"`, server.Name)
	if !strings.Contains(text, label) {
		t.Errorf("Dockerfile lacks LABEL %s (the MCP registry checks it)", label)
	}
}

// TestDockerfileChecksCatchMistakes feeds the checker broken variants of the real Dockerfile, so
// a check that silently stops matching fails here.
func TestDockerfileChecksCatchMistakes(t *testing.T) {
	module := modulePath(t)
	good := readFile(t, "Dockerfile")
	cases := []struct {
		name, old, new, want string
	}{
		{"single stage", "FROM gcr.io/distroless/static-debian12:nonroot", "", "multi-stage"},
		{"cgo", "CGO_ENABLED=0", "CGO_ENABLED=1", "CGO_ENABLED=0"},
		{"trimpath", "-trimpath", "", "-trimpath"},
		{"version", "internal/cli.Version=", "internal/cli.Revision=", "stamp the version"},
		{"root", "USER 65532:65532", "USER 0", "non-root"},
		{"no user", "USER 65532:65532", "", "non-root"},
		{"shell form", `ENTRYPOINT ["/spice-cloud-mcp"]`, "ENTRYPOINT /spice-cloud-mcp", "exec form"},
		{"args", `ENTRYPOINT ["/spice-cloud-mcp"]`, `ENTRYPOINT ["/spice-cloud-mcp", "--http", "0.0.0.0:8080"]`, "stdio must be the default"},
		{"cmd", `ENTRYPOINT ["/spice-cloud-mcp"]`, "ENTRYPOINT [\"/spice-cloud-mcp\"]\nCMD [\"--http\", \"0.0.0.0:8080\"]", "has a CMD"},
		{"fat base", "FROM gcr.io/distroless/static-debian12:nonroot", "FROM debian:12", "distroless or scratch"},
		{"env token", "USER 65532:65532", "ENV SPICE_API_TOKEN=abc\nUSER 65532:65532", "SPICE_API_TOKEN"},
		{"legacy env", "USER 65532:65532", "ENV SPICE_CLIENT_SECRET abc\nUSER 65532:65532", "SPICE_CLIENT_SECRET"},
		{"arg secret", "ARG VERSION=dev\nARG TARGETOS", "ARG VERSION=dev\nARG SPICE_MCP_HTTP_AUTH_TOKEN\nARG TARGETOS", "SPICE_MCP_HTTP_AUTH_TOKEN"},
		{"download order", "RUN go mod download\n", "", "go mod download"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.old) {
				t.Fatalf("the Dockerfile no longer contains %q; update this case", c.old)
			}
			errs := checkDockerfile(strings.Replace(good, c.old, c.new, 1), module)
			if !strings.Contains(fmt.Sprint(errs), c.want) {
				t.Errorf("want an error mentioning %q, got %v", c.want, errs)
			}
		})
	}
}

// ---- .dockerignore -----------------------------------------------------------------------------

// dockerignored reports whether the build context drops rel (slash-separated, relative to the
// root) under patterns: a pattern matches a path or any of its parent directories; a leading
// "**/" matches at any depth. (Enough of Docker's rules for this repository's file; negations
// are not supported and are reported by the test.)
func dockerignored(patterns []string, rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range patterns {
		p = strings.TrimPrefix(path.Clean(p), "/")
		anyDepth := strings.HasPrefix(p, "**/")
		p = strings.TrimPrefix(p, "**/")
		n := strings.Count(p, "/") + 1 // the pattern spans n path elements
		for start := 0; start+n <= len(parts); start++ {
			if start > 0 && !anyDepth {
				break
			}
			if ok, _ := path.Match(p, strings.Join(parts[start:start+n], "/")); ok {
				return true // the path itself or one of its parent directories
			}
		}
	}
	return false
}

func dockerignorePatterns(t *testing.T) []string {
	t.Helper()
	var patterns []string
	for _, line := range strings.Split(readFile(t, ".dockerignore"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "!") {
			t.Fatalf(".dockerignore: negation %q is not understood by this test", line)
		}
		patterns = append(patterns, line)
	}
	return patterns
}

func TestDockerignore(t *testing.T) {
	patterns := dockerignorePatterns(t)
	for _, must := range []string{".git", "dist", "node_modules", "node_modules/x", "web/node_modules", "e2e/go.mod"} {
		if !dockerignored(patterns, must) {
			t.Errorf(".dockerignore must exclude %s", must)
		}
	}

	// Nothing the image build needs may be excluded: go.mod, go.sum and every package the
	// binary is built from.
	if testing.Short() {
		t.Skip("-short: skipping go list")
	}
	module := modulePath(t)
	out, err := exec.Command("go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", root).Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	needed := []string{"go.mod", "go.sum", "main.go"}
	for _, pkg := range strings.Fields(string(out)) {
		if rel, ok := strings.CutPrefix(pkg, module+"/"); ok {
			needed = append(needed, rel+"/x.go")
		}
	}
	if len(needed) < 5 {
		t.Fatalf("go list found too few packages of %s: %q", module, out)
	}
	for _, n := range needed {
		if dockerignored(patterns, n) {
			t.Errorf(".dockerignore excludes %s, which the image build needs", strings.TrimSuffix(n, "/x.go"))
		}
	}
}

// ---- Kubernetes --------------------------------------------------------------------------------

type metadata struct {
	Name   string            `yaml:"name"`
	Labels map[string]string `yaml:"labels"`
}

type object struct {
	file     string
	kind     string
	name     string
	node     yaml.Node
	metadata metadata
}

type probe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port any    `yaml:"port"`
	} `yaml:"httpGet"`
}

type container struct {
	Name  string   `yaml:"name"`
	Image string   `yaml:"image"`
	Args  []string `yaml:"args"`
	Env   []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			SecretKeyRef *struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	ReadinessProbe *probe `yaml:"readinessProbe"`
	LivenessProbe  *probe `yaml:"livenessProbe"`
	Resources      struct {
		Requests map[string]any `yaml:"requests"`
		Limits   map[string]any `yaml:"limits"`
	} `yaml:"resources"`
	SecurityContext *struct {
		RunAsNonRoot             *bool `yaml:"runAsNonRoot"`
		ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
		AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
		Privileged               *bool `yaml:"privileged"`
		Capabilities             *struct {
			Drop []string `yaml:"drop"`
		} `yaml:"capabilities"`
	} `yaml:"securityContext"`
	VolumeMounts []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
		ReadOnly  bool   `yaml:"readOnly"`
	} `yaml:"volumeMounts"`
}

type deployment struct {
	Spec struct {
		Replicas *int `yaml:"replicas"`
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Metadata metadata `yaml:"metadata"`
			Spec     struct {
				SecurityContext *struct {
					RunAsNonRoot *bool  `yaml:"runAsNonRoot"`
					RunAsUser    *int64 `yaml:"runAsUser"`
				} `yaml:"securityContext"`
				Containers []container `yaml:"containers"`
				Volumes    []struct {
					Name   string `yaml:"name"`
					Secret *struct {
						SecretName string `yaml:"secretName"`
						Items      []struct {
							Key  string `yaml:"key"`
							Path string `yaml:"path"`
						} `yaml:"items"`
					} `yaml:"secret"`
				} `yaml:"volumes"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

type service struct {
	Spec struct {
		Type            string            `yaml:"type"`
		Selector        map[string]string `yaml:"selector"`
		SessionAffinity string            `yaml:"sessionAffinity"`
		Ports           []struct {
			Port       int `yaml:"port"`
			TargetPort any `yaml:"targetPort"`
		} `yaml:"ports"`
	} `yaml:"spec"`
}

type secret struct {
	StringData map[string]string `yaml:"stringData"`
	Data       map[string]string `yaml:"data"`
}

type kustomization struct {
	Resources []string `yaml:"resources"`
	Images    []struct {
		Name string `yaml:"name"`
	} `yaml:"images"`
}

const k8sDir = "deploy/kubernetes"

// loadObjects decodes every YAML document of every deploy/kubernetes/*.yaml file.
func loadObjects(t *testing.T) ([]object, []string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, k8sDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no YAML files in %s (%v)", k8sDir, err)
	}
	if more, _ := filepath.Glob(filepath.Join(root, k8sDir, "*.yml")); len(more) > 0 {
		t.Errorf("use .yaml, not .yml: %v", more)
	}
	var objs []object
	var names []string
	for _, f := range files {
		names = append(names, filepath.Base(f))
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(r)
		for {
			var doc yaml.Node
			err := dec.Decode(&doc)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				r.Close()
				t.Fatalf("%s: %v", filepath.Base(f), err)
			}
			var head struct {
				APIVersion string   `yaml:"apiVersion"`
				Kind       string   `yaml:"kind"`
				Metadata   metadata `yaml:"metadata"`
			}
			if err := doc.Decode(&head); err != nil {
				r.Close()
				t.Fatalf("%s: %v", filepath.Base(f), err)
			}
			if head.Kind == "" && head.APIVersion == "" {
				continue // an empty document (comments only)
			}
			if head.Kind == "" || head.APIVersion == "" {
				t.Errorf("%s: a document without kind or apiVersion", filepath.Base(f))
			}
			objs = append(objs, object{file: filepath.Base(f), kind: head.Kind, name: head.Metadata.Name, node: doc, metadata: head.Metadata})
		}
		r.Close()
	}
	return objs, names
}

func decode[T any](t *testing.T, o object) T {
	t.Helper()
	var v T
	if err := o.node.Decode(&v); err != nil {
		t.Fatalf("%s: %s %s: %v", o.file, o.kind, o.name, err)
	}
	return v
}

// portNumber resolves a probe or Service port (a number or a container port's name).
func portNumber(p any, c container) int {
	switch v := p.(type) {
	case int:
		return v
	case string:
		if n, err := strconv.Atoi(v); err == nil {
			return n
		}
		for _, cp := range c.Ports {
			if cp.Name == v {
				return cp.ContainerPort
			}
		}
	}
	return 0
}

// flagValue returns the value of --name in args (as "--name value" or "--name=value").
func flagValue(args []string, name string) (string, bool) {
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v, true
		}
		if a == name {
			if i+1 < len(args) && !strings.HasPrefix(args[i+1], "--") {
				return args[i+1], true
			}
			return "", true
		}
	}
	return "", false
}

func subset(small, big map[string]string) bool {
	for k, v := range small {
		if big[k] != v {
			return false
		}
	}
	return true
}

func TestKubernetesManifests(t *testing.T) {
	objs, files := loadObjects(t)
	byKind := map[string][]object{}
	for _, o := range objs {
		byKind[o.kind] = append(byKind[o.kind], o)
	}
	for _, kind := range []string{"Deployment", "Service", "Secret", "Kustomization"} {
		if len(byKind[kind]) != 1 {
			t.Fatalf("want exactly one %s in %s, got %d", kind, k8sDir, len(byKind[kind]))
		}
	}

	// kustomization.yaml lists every other file, and only existing ones.
	k := decode[kustomization](t, byKind["Kustomization"][0])
	var want []string
	for _, f := range files {
		if f != byKind["Kustomization"][0].file {
			want = append(want, f)
		}
	}
	got := slices.Clone(k.Resources)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("kustomization resources %v, want every manifest file %v", k.Resources, want)
	}

	depObj := byKind["Deployment"][0]
	dep := decode[deployment](t, depObj)
	svc := decode[service](t, byKind["Service"][0])
	secObj := byKind["Secret"][0]
	sec := decode[secret](t, secObj)

	if dep.Spec.Replicas == nil {
		t.Error("Deployment replicas unset (1): want at least 2")
	} else if *dep.Spec.Replicas < 2 {
		t.Errorf("Deployment replicas %d: want at least 2", *dep.Spec.Replicas)
	}
	podLabels := dep.Spec.Template.Metadata.Labels
	if len(dep.Spec.Selector.MatchLabels) == 0 || !subset(dep.Spec.Selector.MatchLabels, podLabels) {
		t.Errorf("Deployment selector %v does not select its pod labels %v", dep.Spec.Selector.MatchLabels, podLabels)
	}
	pod := dep.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]

	// Image: the one kustomize pins.
	image, _, _ := strings.Cut(c.Image, ":")
	if len(k.Images) == 0 || k.Images[0].Name != image {
		t.Errorf("kustomization images %v do not name the Deployment's image %s", k.Images, image)
	}

	// HTTP on 0.0.0.0:8080, probed on /healthz.
	addr, ok := flagValue(c.Args, "--http")
	if !ok || addr != "0.0.0.0:8080" {
		t.Errorf("container args %q: want --http 0.0.0.0:8080", c.Args)
	}
	port8080 := false
	for _, p := range c.Ports {
		port8080 = port8080 || p.ContainerPort == 8080
	}
	if !port8080 {
		t.Errorf("container ports %v: want 8080", c.Ports)
	}
	for name, p := range map[string]*probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil {
			t.Errorf("%s: want an httpGet probe", name)
			continue
		}
		if p.HTTPGet.Path != "/healthz" || portNumber(p.HTTPGet.Port, c) != 8080 {
			t.Errorf("%s probes %s on port %v: want /healthz on 8080", name, p.HTTPGet.Path, p.HTTPGet.Port)
		}
	}

	// Resources.
	for _, r := range []string{"cpu", "memory"} {
		if c.Resources.Requests[r] == nil {
			t.Errorf("resources.requests.%s is not set", r)
		}
	}
	if c.Resources.Limits["memory"] == nil {
		t.Error("resources.limits.memory is not set")
	}

	// Hardening.
	sc := c.SecurityContext
	nonRoot := (sc != nil && sc.RunAsNonRoot != nil && *sc.RunAsNonRoot) ||
		(pod.SecurityContext != nil && pod.SecurityContext.RunAsNonRoot != nil && *pod.SecurityContext.RunAsNonRoot)
	if !nonRoot {
		t.Error("runAsNonRoot is not true")
	}
	if sc == nil {
		t.Fatal("the container has no securityContext")
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		t.Error("readOnlyRootFilesystem is not true")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("allowPrivilegeEscalation is not false")
	}
	if sc.Privileged != nil && *sc.Privileged {
		t.Error("the container is privileged")
	}
	if sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
		t.Error("capabilities.drop does not contain ALL")
	}

	// The Secret: referenced by the Deployment for the HTTP auth token file and the confirm key,
	// every referenced key present, and only placeholders committed.
	secretKeys := map[string]bool{}
	for key, v := range sec.StringData {
		secretKeys[key] = true
		if !strings.Contains(v, "REPLACE") {
			t.Errorf("Secret stringData.%s holds a value, not a placeholder: commit no real secrets", key)
		}
	}
	for key := range sec.Data {
		secretKeys[key] = true
		t.Errorf("Secret data.%s: use stringData with a placeholder", key)
	}
	referenced := false
	tokenFile, ok := flagValue(c.Args, "--http-auth-token-file")
	if !ok || tokenFile == "" {
		t.Error("container args lack --http-auth-token-file")
	}
	fileFromSecret := false
	for _, v := range pod.Volumes {
		if v.Secret == nil || v.Secret.SecretName != secObj.name {
			continue
		}
		referenced = true
		for _, item := range v.Secret.Items {
			if !secretKeys[item.Key] {
				t.Errorf("volume %s mounts Secret key %s, which the Secret does not have", v.Name, item.Key)
			}
		}
		for _, m := range c.VolumeMounts {
			if m.Name != v.Name {
				continue
			}
			if !m.ReadOnly {
				t.Errorf("volumeMount %s is not readOnly", m.Name)
			}
			for _, item := range v.Secret.Items {
				if path.Join(m.MountPath, item.Path) == tokenFile {
					fileFromSecret = item.Key != ""
				}
			}
		}
	}
	if tokenFile != "" && !fileFromSecret {
		t.Errorf("--http-auth-token-file %s is not a file mounted from Secret %s", tokenFile, secObj.name)
	}
	envFromSecret := map[string]bool{}
	for _, e := range c.Env {
		if secretName.MatchString(e.Name) && e.Value != "" {
			t.Errorf("env %s has a literal value: take it from the Secret", e.Name)
		}
		if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			continue
		}
		ref := e.ValueFrom.SecretKeyRef
		if ref.Name == secObj.name {
			referenced = true
			envFromSecret[e.Name] = true
			if !secretKeys[ref.Key] {
				t.Errorf("env %s reads Secret key %s, which the Secret does not have", e.Name, ref.Key)
			}
		}
	}
	if !referenced {
		t.Errorf("the Deployment does not reference Secret %s", secObj.name)
	}
	if !envFromSecret["SPICE_MCP_CONFIRM_KEY"] {
		t.Error("SPICE_MCP_CONFIRM_KEY must come from the Secret: every replica needs the same key")
	}
	// The server refuses to bind beyond loopback with its own credentials and no shared secret.
	if _, own := flagValue(c.Args, "--http-allow-server-token"); own && tokenFile == "" {
		t.Error("--http-allow-server-token on 0.0.0.0 needs --http-auth-token-file")
	}

	// The Service: ClusterIP, selecting the pods, 80 -> 8080, no affinity.
	if svc.Spec.Type != "" && svc.Spec.Type != "ClusterIP" {
		t.Errorf("Service type %s: want ClusterIP", svc.Spec.Type)
	}
	if len(svc.Spec.Selector) == 0 || !subset(svc.Spec.Selector, podLabels) {
		t.Errorf("Service selector %v does not select the pod labels %v", svc.Spec.Selector, podLabels)
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 80 || portNumber(svc.Spec.Ports[0].TargetPort, c) != 8080 {
		t.Errorf("Service ports %v: want 80 -> 8080", svc.Spec.Ports)
	}
	if svc.Spec.SessionAffinity != "" && svc.Spec.SessionAffinity != "None" {
		t.Errorf("Service sessionAffinity %s: the replicas are interchangeable", svc.Spec.SessionAffinity)
	}

	// Anything else that selects pods (a PodDisruptionBudget) selects these.
	for _, o := range byKind["PodDisruptionBudget"] {
		pdb := decode[struct {
			Spec struct {
				Selector struct {
					MatchLabels map[string]string `yaml:"matchLabels"`
				} `yaml:"selector"`
			} `yaml:"spec"`
		}](t, o)
		if len(pdb.Spec.Selector.MatchLabels) == 0 || !subset(pdb.Spec.Selector.MatchLabels, podLabels) {
			t.Errorf("PodDisruptionBudget %s does not select the Deployment's pods", o.name)
		}
	}
}

// ---- manifest.json and server.json -------------------------------------------------------------

type userConfig struct {
	Type      string `json:"type"`
	Sensitive bool   `json:"sensitive"`
	Required  bool   `json:"required"`
	Default   any    `json:"default"`
}

type mcpConfig struct {
	Command string            `json:"command"`
	Args    []string          `json:"args"`
	Env     map[string]string `json:"env"`
}

type manifest struct {
	ManifestVersion string `json:"manifest_version"`
	Version         string `json:"version"`
	Icon            string `json:"icon"`
	Server          struct {
		Type       string `json:"type"`
		EntryPoint string `json:"entry_point"`
		MCPConfig  struct {
			mcpConfig
			PlatformOverrides map[string]mcpConfig `json:"platform_overrides"`
		} `json:"mcp_config"`
	} `json:"server"`
	Tools []struct {
		Name string `json:"name"`
	} `json:"tools"`
	Prompts []struct {
		Name string `json:"name"`
	} `json:"prompts"`
	UserConfig map[string]userConfig `json:"user_config"`
}

func TestBundleManifest(t *testing.T) {
	var m manifest
	if err := json.Unmarshal([]byte(readFile(t, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if m.Server.Type != "binary" {
		t.Errorf("server.type %q, want binary", m.Server.Type)
	}
	if m.Icon != "" {
		if _, err := os.Stat(filepath.Join(root, m.Icon)); err != nil {
			t.Errorf("icon: %v", err)
		}
	}

	// Every ${user_config.x} must name an option with a default: hosts substitute only known
	// values, and an unset one would reach the server as the literal "${user_config.x}".
	// Booleans must be spelled --flag=${...}: Go's flag package reads "--flag value" as a
	// positional argument for booleans.
	configs := []mcpConfig{m.Server.MCPConfig.mcpConfig}
	for _, o := range m.Server.MCPConfig.PlatformOverrides {
		configs = append(configs, o)
	}
	ref := regexp.MustCompile(`\$\{user_config\.([A-Za-z0-9_]+)\}`)
	used := map[string]bool{}
	for _, cfg := range configs {
		check := func(where, s string) {
			for _, mm := range ref.FindAllStringSubmatch(s, -1) {
				used[mm[1]] = true
				opt, ok := m.UserConfig[mm[1]]
				switch {
				case !ok:
					t.Errorf("%s uses undefined user_config.%s", where, mm[1])
				case opt.Default == nil && !opt.Required:
					t.Errorf("user_config.%s (used in %s) is optional but has no default", mm[1], where)
				case opt.Type == "boolean" && !regexp.MustCompile(`^--[a-z-]+=\$\{user_config\.`+mm[1]+`\}$`).MatchString(s):
					t.Errorf("boolean user_config.%s must be passed as --flag=${user_config.%s}, not %q", mm[1], mm[1], s)
				}
			}
		}
		for _, a := range cfg.Args {
			check("args", a)
		}
		for k, v := range cfg.Env {
			check("env "+k, v)
		}
	}
	for name, opt := range m.UserConfig {
		if !used[name] {
			t.Errorf("user_config.%s is never passed to the server", name)
		}
		if regexp.MustCompile(`token|secret|password`).MatchString(name) && !opt.Sensitive {
			t.Errorf("user_config.%s must be sensitive", name)
		}
	}

	// Every flag passed exists on the command line.
	cli := ""
	files, _ := filepath.Glob(filepath.Join(root, "internal", "cli", "*.go"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		cli += string(b)
	}
	for _, cfg := range configs {
		for _, a := range cfg.Args {
			if !strings.HasPrefix(a, "--") {
				continue
			}
			name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
			if !regexp.MustCompile(`fs\.\w+\("` + regexp.QuoteMeta(name) + `"`).MatchString(cli) {
				t.Errorf("manifest passes --%s, which internal/cli does not define", name)
			}
		}
	}

	// The tools and prompts declared are the ones the server has.
	var golden struct {
		Tools []struct {
			Name string `json:"name"`
		} `json:"tools"`
	}
	if err := json.Unmarshal([]byte(readFile(t, "mcpserver/testdata/tools.golden.json")), &golden); err != nil {
		t.Fatal(err)
	}
	var have, want []string
	for _, tool := range m.Tools {
		have = append(have, tool.Name)
	}
	for _, tool := range golden.Tools {
		want = append(want, tool.Name)
	}
	slices.Sort(have)
	slices.Sort(want)
	if !slices.Equal(have, want) {
		t.Errorf("manifest.json tools %v\ndiffer from the server's (mcpserver/testdata/tools.golden.json) %v", have, want)
	}
	have, want = nil, nil
	for _, p := range m.Prompts {
		have = append(have, p.Name)
	}
	for _, mm := range regexp.MustCompile(`mcp\.NewPrompt\("([a-z_]+)"`).FindAllStringSubmatch(readFile(t, "prompts/prompts.go"), -1) {
		want = append(want, mm[1])
	}
	slices.Sort(have)
	slices.Sort(want)
	if len(want) == 0 || !slices.Equal(have, want) {
		t.Errorf("manifest.json prompts %v differ from prompts/prompts.go %v", have, want)
	}
}

func TestRegistryServerJSON(t *testing.T) {
	var s struct {
		Schema      string `json:"$schema"`
		Name        string `json:"name"`
		Description string `json:"description"`
		Version     string `json:"version"`
		Repository  struct {
			URL    string `json:"url"`
			Source string `json:"source"`
		} `json:"repository"`
		Packages []struct {
			RegistryType         string                `json:"registryType"`
			Identifier           string                `json:"identifier"`
			FileSha256           string                `json:"fileSha256"`
			Transport            struct{ Type string } `json:"transport"`
			EnvironmentVariables []struct {
				Name     string `json:"name"`
				IsSecret bool   `json:"isSecret"`
			} `json:"environmentVariables"`
		} `json:"packages"`
	}
	dec := json.NewDecoder(strings.NewReader(readFile(t, "server.json")))
	if err := dec.Decode(&s); err != nil {
		t.Fatal(err)
	}
	if s.Schema != "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json" {
		t.Errorf("$schema %s: expected the 2025-12-11 server schema", s.Schema)
	}
	if !regexp.MustCompile(`^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$`).MatchString(s.Name) {
		t.Errorf("name %q is not reverse-DNS/name", s.Name)
	}
	if n := len(s.Description); n == 0 || n > 100 {
		t.Errorf("description is %d characters: the registry allows 1-100", n)
	}
	var m manifest
	if err := json.Unmarshal([]byte(readFile(t, "manifest.json")), &m); err != nil {
		t.Fatal(err)
	}
	if s.Version != m.Version {
		t.Errorf("server.json version %s != manifest.json version %s", s.Version, m.Version)
	}
	if owner := strings.TrimPrefix(s.Name, "io.github."); owner != s.Name {
		owner, _, _ = strings.Cut(owner, "/")
		if !strings.HasPrefix(s.Repository.URL, "https://github.com/"+owner+"/") {
			t.Errorf("name %s is in the io.github.%s namespace but the repository is %s", s.Name, owner, s.Repository.URL)
		}
	}
	types := map[string]bool{}
	for _, p := range s.Packages {
		types[p.RegistryType] = true
		if p.Transport.Type != "stdio" {
			t.Errorf("%s package transport %q, want stdio", p.RegistryType, p.Transport.Type)
		}
		for _, e := range p.EnvironmentVariables {
			if secretName.MatchString(e.Name) && !regexp.MustCompile(`_CLIENT_ID$`).MatchString(e.Name) && !e.IsSecret {
				t.Errorf("%s package: environment variable %s must be isSecret", p.RegistryType, e.Name)
			}
		}
		switch p.RegistryType {
		case "oci":
			if !regexp.MustCompile(`^[a-z0-9.-]+/[a-z0-9._/-]+:[A-Za-z0-9._-]+$`).MatchString(p.Identifier) {
				t.Errorf("oci identifier %q: want registry/namespace/image:tag", p.Identifier)
			}
		case "mcpb":
			if !strings.HasPrefix(p.Identifier, s.Repository.URL+"/releases/download/") || !strings.Contains(p.Identifier, "mcp") {
				t.Errorf("mcpb identifier %q: want a release asset of %s", p.Identifier, s.Repository.URL)
			}
			if !regexp.MustCompile(`^[a-f0-9]{64}$`).MatchString(p.FileSha256) {
				t.Errorf("mcpb fileSha256 %q is not a SHA-256 hex digest", p.FileSha256)
			}
		}
	}
	if !types["oci"] || !types["mcpb"] {
		t.Errorf("want an oci and an mcpb package, got %v", types)
	}
}
