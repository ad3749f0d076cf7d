package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/cli"
	"github.com/spice-cloud-mcp/spice-cloud-mcp/internal/testutil"
)

// r57NewcomerHelp is the server's --help and sandbox-api's.
func r57NewcomerHelp(t *testing.T) string {
	t.Helper()
	var help string
	for _, args := range [][]string{{"--help"}, {"sandbox-api", "--help"}} {
		var stdout, stderr bytes.Buffer
		code := cli.Run(context.Background(), cli.Env{Args: args, Getenv: func(string) string { return "" },
			Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr})
		if code != 0 {
			t.Fatalf("%q: exit %d:\n%s", args, code, stderr.String())
		}
		help += stdout.String() + stderr.String()
	}
	return help
}

// TestR57NewcomerShippingFilesNameRealFlagsAndVariables: the Dockerfile and the Kubernetes
// manifests tell a newcomer, in their comments and values, which flags and variables to use
// (the Dockerfile's docker run lines, the Deployment's optional args, the single-tenant
// variant). Every --flag they name is one --help lists and every SPICE_ variable one the server
// reads: a flag renamed in the code while a comment keeps the old name fails here.
func TestR57NewcomerShippingFilesNameRealFlagsAndVariables(t *testing.T) {
	help := r57NewcomerHelp(t)
	read := testutil.SpiceVariablesTheCodeReads(t, root)
	flag := regexp.MustCompile(`(?:^|[\s"'\[(=,])(--[a-z][a-z0-9-]*)`)
	variable := regexp.MustCompile(`\bSPICE_[A-Z_]+\b`)
	files := []string{"Dockerfile"}
	manifests, _ := filepath.Glob(filepath.Join(root, k8sDir, "*.yaml"))
	for _, m := range manifests {
		rel, _ := filepath.Rel(root, m)
		files = append(files, filepath.ToSlash(rel))
	}
	flags := 0
	for _, f := range files {
		text := readFile(t, f)
		for _, m := range flag.FindAllStringSubmatch(text, -1) {
			name := m[1]
			switch name {
			case "--platform", "--from", "--mount", "--build-arg", "--rm", // Docker's
				"--tags", "--always", "--dirty", // git describe's
				"--from-literal": // kubectl create secret's
				continue
			}
			flags++
			if !strings.Contains(help, "\n  "+name+" ") {
				t.Errorf("%s names %s, which neither --help nor sandbox-api --help lists", f, name)
			}
		}
		for _, v := range variable.FindAllString(text, -1) {
			if !read[v] {
				t.Errorf("%s names %s, which no Go source of the server reads", f, v)
			}
		}
	}
	if flags < 10 {
		t.Fatalf("found %d flags in %v; the pattern lost them", flags, files)
	}
}

// r57NewcomerOptionalArgs are the args deployment.yaml offers in comments inside its args list
// ("# - --read-only", "# - \"256\""): each flag with the values that follow it.
func r57NewcomerOptionalArgs(t *testing.T) [][]string {
	t.Helper()
	text := readFile(t, filepath.Join(k8sDir, "deployment.yaml"))
	_, args, ok := strings.Cut(text, "\n          args:\n")
	if !ok {
		t.Fatal("deployment.yaml: no container args")
	}
	args, _, _ = strings.Cut(args, "\n          env:")
	var groups [][]string
	item := regexp.MustCompile(`^\s*# - ("[^"]*"|[^\s:#]+)\s*$`)
	for line := range strings.SplitSeq(args, "\n") {
		m := item.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		word := strings.Trim(m[1], `"`)
		if strings.HasPrefix(word, "--") || len(groups) == 0 {
			groups = append(groups, []string{word})
		} else {
			groups[len(groups)-1] = append(groups[len(groups)-1], word)
		}
	}
	if len(groups) < 3 {
		t.Fatalf("deployment.yaml offers %d optional args in comments; the pattern lost them", len(groups))
	}
	return groups
}

// TestR57NewcomerKubernetesPodServesItsProbes runs the Deployment's container as the kubelet
// would: its args (with the Secret's files where the pod mounts them) and its environment (the
// Secret's keys, their placeholders replaced as the Secret's comment says), also with every
// optional arg the file offers in comments and in the single-tenant variant its top comment
// describes (--http-allow-server-token and SPICE_API_TOKEN from the Secret). Each must start,
// answer both probes as the kubelet sends them (to the pod's address, no credentials) with a
// 2xx, read the shared secret from the mounted file (an MCP request without it is refused, one
// with it served) and exit 0 when stopped.
func TestR57NewcomerKubernetesPodServesItsProbes(t *testing.T) {
	objs, _ := loadObjects(t)
	var dep *appsv1.Deployment
	var sec *corev1.Secret
	for _, o := range objs {
		switch obj := o.obj.(type) {
		case *appsv1.Deployment:
			dep = obj
		case *corev1.Secret:
			sec = obj
		}
	}
	if dep == nil || sec == nil {
		t.Fatal("no Deployment or no Secret")
	}
	c := dep.Spec.Template.Spec.Containers[0]
	// The Secret's values as a person sets them: `openssl rand -hex 32` each.
	value := map[string]string{}
	for key := range sec.StringData {
		value[key] = fmt.Sprintf("%064x", len(key)*7919+int(key[0]))
	}
	// The Secret's volumes, mounted under a temporary directory.
	dir := t.TempDir()
	mounted := map[string]string{} // path in the pod -> path here
	for _, v := range dep.Spec.Template.Spec.Volumes {
		if v.Secret == nil || v.Secret.SecretName != sec.Name {
			continue
		}
		for _, m := range c.VolumeMounts {
			if m.Name != v.Name {
				continue
			}
			for _, item := range v.Secret.Items {
				local := filepath.Join(dir, filepath.FromSlash(m.MountPath), item.Path)
				if err := os.MkdirAll(filepath.Dir(local), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(local, []byte(value[item.Key]), 0o440); err != nil {
					t.Fatal(err)
				}
				mounted[m.MountPath+"/"+item.Path] = local
			}
		}
	}
	env := map[string]string{}
	for _, e := range c.Env {
		switch {
		case e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Name == sec.Name:
			env[e.Name] = value[e.ValueFrom.SecretKeyRef.Key]
		case e.ValueFrom == nil:
			env[e.Name] = e.Value
		}
	}
	addr, _ := flagValue(c.Args, "--http")
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("--http %q: %v", addr, err)
	}
	podArgs := make([]string, len(c.Args))
	for i, a := range c.Args {
		switch {
		case a == addr:
			a = "0.0.0.0:0" // the pod's address, on a free port; the requests below go to loopback
		case mounted[a] != "":
			a = mounted[a]
		}
		podArgs[i] = a
	}
	var optional []string
	for _, g := range r57NewcomerOptionalArgs(t) {
		optional = append(optional, g...)
	}
	deployment := readFile(t, filepath.Join(k8sDir, "deployment.yaml"))
	for _, says := range []string{"--http-allow-server-token", "SPICE_API_TOKEN", "key: spice-api-token"} {
		if !strings.Contains(deployment, says) {
			t.Fatalf("deployment.yaml no longer says %q of the single-tenant variant; update this test", says)
		}
	}
	singleTenant := r57NewcomerMerge(env, map[string]string{"SPICE_API_TOKEN": "r57-newcomer-spice-token"})
	for _, v := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"as shipped", podArgs, env},
		{"with the optional args", append(slices.Clone(podArgs), optional...), env},
		{"single-tenant", append(slices.Clone(podArgs), "--http-allow-server-token"), singleTenant},
	} {
		t.Run(v.name, func(t *testing.T) {
			r57NewcomerServeAsPod(t, v.args, v.env, port, dep, value[sharedSecretKey(t, dep, sec)])
		})
	}
}

func r57NewcomerMerge(a, b map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

// sharedSecretKey is the Secret key the --http-auth-token-file volume item holds.
func sharedSecretKey(t *testing.T, dep *appsv1.Deployment, sec *corev1.Secret) string {
	t.Helper()
	c := dep.Spec.Template.Spec.Containers[0]
	file, _ := flagValue(c.Args, "--http-auth-token-file")
	for _, v := range dep.Spec.Template.Spec.Volumes {
		for _, m := range c.VolumeMounts {
			if v.Secret != nil && v.Secret.SecretName == sec.Name && m.Name == v.Name {
				for _, item := range v.Secret.Items {
					if m.MountPath+"/"+item.Path == file {
						return item.Key
					}
				}
			}
		}
	}
	t.Fatalf("--http-auth-token-file %q is no Secret item", file)
	return ""
}

// r57NewcomerServeAsPod runs the server with args and env, waits for its listening URL, probes
// it as the kubelet does and stops it.
func r57NewcomerServeAsPod(t *testing.T, args []string, env map[string]string, podPort string, dep *appsv1.Deployment, sharedSecret string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stderr := &testutil.SyncBuffer{}
	exit := make(chan int, 1)
	go func() {
		exit <- cli.Run(ctx, cli.Env{Args: args, Getenv: func(k string) string { return env[k] },
			LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
			Stdin:     strings.NewReader(""), Stdout: io.Discard, Stderr: stderr})
	}()
	var base string
	for deadline := time.Now().Add(15 * time.Second); base == ""; time.Sleep(5 * time.Millisecond) {
		for _, line := range strings.Split(stderr.String(), "\n") {
			var rec struct{ URL string }
			if json.Unmarshal([]byte(line), &rec) == nil && rec.URL != "" {
				u, err := url.Parse(rec.URL)
				if err != nil {
					t.Fatalf("logged URL %q: %v", rec.URL, err)
				}
				base = "http://127.0.0.1:" + u.Port()
			}
		}
		select {
		case code := <-exit:
			t.Fatalf("%q: exited with %d before serving:\n%s", args, code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%q: no listening URL logged:\n%s", args, stderr.String())
		}
	}
	c := dep.Spec.Template.Spec.Containers[0]
	for name, p := range map[string]*corev1.Probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		req, _ := http.NewRequest("GET", base+p.HTTPGet.Path, nil)
		req.Host = "10.0.0.7:" + podPort // the kubelet probes the pod's IP
		req.Header.Set("User-Agent", "kube-probe/1.33")
		req.Header.Set("Accept", "*/*")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode < 200 || resp.StatusCode >= 400 {
			t.Errorf("%s GET %s as the kubelet sends it: %d, which the kubelet counts as a failure", name, p.HTTPGet.Path, resp.StatusCode)
		}
	}
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"r57","version":"1"}}}`
	post := func(headers map[string]string) int {
		req, _ := http.NewRequest("POST", base+"/mcp", strings.NewReader(initialize))
		req.Host = "spice-cloud-mcp.default.svc"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		for k, v := range headers {
			req.Header.Set(k, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	bearer := map[string]string{"Authorization": "Bearer r57-newcomer-caller-token"}
	if code := post(bearer); code != http.StatusUnauthorized && code != http.StatusForbidden {
		t.Errorf("an MCP request without X-MCP-Auth-Token: %d, want it refused (the shared secret from the mounted file)", code)
	}
	if code := post(r57NewcomerMerge(bearer, map[string]string{"X-MCP-Auth-Token": sharedSecret})); code != http.StatusOK {
		t.Errorf("an MCP request with the shared secret and a bearer token: %d, want 200\n%s", code, stderr.String())
	}
	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Errorf("exit %d after the stop:\n%s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
}
