package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	apivalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	metavalidation "k8s.io/apimachinery/pkg/apis/meta/v1/validation"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation/field"
	k8syaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

const k8sDir = "deploy/kubernetes"

// k8sDecoder decodes manifests into Kubernetes' own API types, strictly: an unknown or
// duplicated field, a wrong type or an unparsable quantity is an error, as kubectl's
// server-side field validation would report it. Kinds the manifests may use are registered here.
var k8sDecoder = func() runtime.Decoder {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{appsv1.AddToScheme, corev1.AddToScheme, policyv1.AddToScheme} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	return serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
}()

// kustomization is the part of kustomize's Kustomization these tests read, decoded leniently.
// (Its official type lives in sigs.k8s.io/kustomize/api, which brings kyaml and kube-openapi: a
// long build for two fields. A misspelt resources or images field fails the invariants below.)
type kustomization struct {
	Resources []string         `json:"resources"`
	Images    []kustomizeImage `json:"images"`
}

type kustomizeImage struct {
	Name string `json:"name"`
}

// object is one document of a manifest file.
type object struct {
	file string
	kind string
	name string
	obj  runtime.Object // a Kubernetes API object; nil for the Kustomization,
	kust *kustomization // which is this
}

func (o object) String() string { return fmt.Sprintf("%s: %s %s", o.file, o.kind, o.name) }

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
		name := filepath.Base(f)
		names = append(names, name)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs := k8syaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(b)))
		for {
			doc, err := docs.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var head metav1.TypeMeta
			if err := yaml.Unmarshal(doc, &head); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if head.Kind == "" && head.APIVersion == "" {
				continue // an empty document (comments only)
			}
			if head.Kind == "" || head.APIVersion == "" {
				t.Errorf("%s: a document without kind or apiVersion", name)
				continue
			}
			o := object{file: name, kind: head.Kind}
			if head.Kind == "Kustomization" {
				if head.APIVersion != "kustomize.config.k8s.io/v1beta1" {
					t.Errorf("%s: Kustomization apiVersion %s, want kustomize.config.k8s.io/v1beta1", name, head.APIVersion)
				}
				o.kust = &kustomization{}
				if err := yaml.Unmarshal(doc, o.kust); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				objs = append(objs, o)
				continue
			}
			obj, gvk, err := k8sDecoder.Decode(doc, nil, nil)
			if err != nil {
				t.Fatalf("%s: %s %s does not decode as the Kubernetes API type: %v", name, head.APIVersion, head.Kind, err)
			}
			meta, ok := obj.(metav1.Object)
			if !ok {
				t.Fatalf("%s: %s has no object metadata", name, gvk)
			}
			o.obj, o.name = obj, meta.GetName()
			// Name, labels and annotations as the API server validates them.
			for _, e := range apivalidation.ValidateObjectMetaAccessor(meta, false, apivalidation.NameIsDNSSubdomain, field.NewPath("metadata")) {
				t.Errorf("%s: %v", o, e)
			}
			objs = append(objs, o)
		}
	}
	return objs, names
}

// selects reports whether a label selector is set, valid and selects the pod labels.
func selects(t *testing.T, what string, sel *metav1.LabelSelector, pod map[string]string) bool {
	t.Helper()
	if sel == nil || (len(sel.MatchLabels) == 0 && len(sel.MatchExpressions) == 0) {
		return false
	}
	for _, e := range metavalidation.ValidateLabelSelector(sel, metavalidation.LabelSelectorValidationOptions{}, field.NewPath(what)) {
		t.Errorf("%s: %v", what, e)
	}
	s, err := metav1.LabelSelectorAsSelector(sel)
	return err == nil && s.Matches(labels.Set(pod))
}

// portNumber resolves a probe or Service target port (a number or a container port's name).
func portNumber(p intstr.IntOrString, c corev1.Container) int32 {
	if p.Type == intstr.Int {
		return p.IntVal
	}
	for _, cp := range c.Ports {
		if cp.Name == p.StrVal {
			return cp.ContainerPort
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

// imageName is an image reference without its tag or digest.
func imageName(ref string) string {
	ref, _, _ = strings.Cut(ref, "@")
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	return ref
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
	k := byKind["Kustomization"][0].kust
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

	dep := byKind["Deployment"][0].obj.(*appsv1.Deployment)
	svc := byKind["Service"][0].obj.(*corev1.Service)
	secObj := byKind["Secret"][0]
	sec := secObj.obj.(*corev1.Secret)

	if dep.Spec.Replicas == nil {
		t.Error("Deployment replicas unset (1): want at least 2")
	} else if *dep.Spec.Replicas < 2 {
		t.Errorf("Deployment replicas %d: want at least 2", *dep.Spec.Replicas)
	}
	podLabels := dep.Spec.Template.Labels
	if !selects(t, "Deployment spec.selector", dep.Spec.Selector, podLabels) {
		t.Errorf("Deployment selector %v does not select its pod labels %v", dep.Spec.Selector, podLabels)
	}
	pod := dep.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]

	// Image: the one kustomize pins.
	if !slices.ContainsFunc(k.Images, func(i kustomizeImage) bool { return i.Name == imageName(c.Image) }) {
		t.Errorf("kustomization images %v do not name the Deployment's image %s", k.Images, imageName(c.Image))
	}

	// HTTP on 0.0.0.0:8080, probed on /healthz.
	addr, ok := flagValue(c.Args, "--http")
	if !ok || addr != "0.0.0.0:8080" {
		t.Errorf("container args %q: want --http 0.0.0.0:8080", c.Args)
	}
	if !slices.ContainsFunc(c.Ports, func(p corev1.ContainerPort) bool { return p.ContainerPort == 8080 }) {
		t.Errorf("container ports %v: want 8080", c.Ports)
	}
	for name, p := range map[string]*corev1.Probe{"readinessProbe": c.ReadinessProbe, "livenessProbe": c.LivenessProbe} {
		if p == nil || p.HTTPGet == nil {
			t.Errorf("%s: want an httpGet probe", name)
			continue
		}
		if p.HTTPGet.Path != "/healthz" || portNumber(p.HTTPGet.Port, c) != 8080 {
			t.Errorf("%s probes %s on port %s: want /healthz on 8080", name, p.HTTPGet.Path, p.HTTPGet.Port.String())
		}
	}

	// Resources.
	for _, r := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if _, ok := c.Resources.Requests[r]; !ok {
			t.Errorf("resources.requests.%s is not set", r)
		}
	}
	if _, ok := c.Resources.Limits[corev1.ResourceMemory]; !ok {
		t.Error("resources.limits.memory is not set")
	}

	// Hardening.
	sc := c.SecurityContext
	isTrue := func(b *bool) bool { return b != nil && *b }
	if !(sc != nil && isTrue(sc.RunAsNonRoot)) && !(pod.SecurityContext != nil && isTrue(pod.SecurityContext.RunAsNonRoot)) {
		t.Error("runAsNonRoot is not true")
	}
	if sc == nil {
		t.Fatal("the container has no securityContext")
	}
	if !isTrue(sc.ReadOnlyRootFilesystem) {
		t.Error("readOnlyRootFilesystem is not true")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Error("allowPrivilegeEscalation is not false")
	}
	if isTrue(sc.Privileged) {
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
		if v.Secret == nil || v.Secret.SecretName != sec.Name {
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
		t.Errorf("--http-auth-token-file %s is not a file mounted from Secret %s", tokenFile, sec.Name)
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
		if ref.Name == sec.Name {
			referenced = true
			envFromSecret[e.Name] = true
			if !secretKeys[ref.Key] {
				t.Errorf("env %s reads Secret key %s, which the Secret does not have", e.Name, ref.Key)
			}
		}
	}
	if !referenced {
		t.Errorf("the Deployment does not reference Secret %s (%s)", sec.Name, secObj.file)
	}
	if !envFromSecret["SPICE_MCP_CONFIRM_KEY"] {
		t.Error("SPICE_MCP_CONFIRM_KEY must come from the Secret: every replica needs the same key")
	}
	// The server refuses to bind beyond loopback with its own credentials and no shared secret.
	if _, own := flagValue(c.Args, "--http-allow-server-token"); own && tokenFile == "" {
		t.Error("--http-allow-server-token on 0.0.0.0 needs --http-auth-token-file")
	}

	// The Service: ClusterIP, selecting the pods, 80 -> 8080, no affinity.
	if svc.Spec.Type != "" && svc.Spec.Type != corev1.ServiceTypeClusterIP {
		t.Errorf("Service type %s: want ClusterIP", svc.Spec.Type)
	}
	if len(svc.Spec.Selector) == 0 || !labels.SelectorFromSet(svc.Spec.Selector).Matches(labels.Set(podLabels)) {
		t.Errorf("Service selector %v does not select the pod labels %v", svc.Spec.Selector, podLabels)
	}
	if len(svc.Spec.Ports) != 1 || svc.Spec.Ports[0].Port != 80 || portNumber(svc.Spec.Ports[0].TargetPort, c) != 8080 {
		t.Errorf("Service ports %v: want 80 -> 8080", svc.Spec.Ports)
	}
	if svc.Spec.SessionAffinity != "" && svc.Spec.SessionAffinity != corev1.ServiceAffinityNone {
		t.Errorf("Service sessionAffinity %s: the replicas are interchangeable", svc.Spec.SessionAffinity)
	}

	// Anything else that selects pods (a PodDisruptionBudget) selects these.
	for _, o := range byKind["PodDisruptionBudget"] {
		pdb := o.obj.(*policyv1.PodDisruptionBudget)
		if !selects(t, "PodDisruptionBudget spec.selector", pdb.Spec.Selector, podLabels) {
			t.Errorf("PodDisruptionBudget %s does not select the Deployment's pods", o.name)
		}
		// A node drain must be able to evict a pod at any replica count (one replica is what
		// people approving on pages run), and with the shipped count one replica keeps serving.
		for _, replicas := range []int{1, 2, 3, int(*dep.Spec.Replicas)} {
			allowed, err := disruptionsAllowed(pdb.Spec, replicas)
			switch {
			case err != nil:
				t.Errorf("PodDisruptionBudget %s: %v", o.name, err)
			case allowed < 1:
				t.Errorf("PodDisruptionBudget %s allows no eviction of %d healthy replica(s): a node drain would hang", o.name, replicas)
			case replicas == int(*dep.Spec.Replicas) && replicas-allowed < 1:
				t.Errorf("PodDisruptionBudget %s lets a drain evict all %d replicas at once", o.name, replicas)
			}
		}
	}
}

// disruptionsAllowed is how many of replicas healthy pods the disruption controller lets be
// evicted under spec (percentages round up, as it rounds them).
func disruptionsAllowed(spec policyv1.PodDisruptionBudgetSpec, replicas int) (int, error) {
	switch {
	case spec.MaxUnavailable != nil && spec.MinAvailable != nil:
		return 0, errors.New("sets both minAvailable and maxUnavailable")
	case spec.MaxUnavailable != nil:
		n, err := intstr.GetScaledValueFromIntOrPercent(spec.MaxUnavailable, replicas, true)
		return min(n, replicas), err
	case spec.MinAvailable != nil:
		n, err := intstr.GetScaledValueFromIntOrPercent(spec.MinAvailable, replicas, true)
		return max(replicas-n, 0), err
	}
	return 0, errors.New("sets neither minAvailable nor maxUnavailable")
}

// TestKubernetesDecodingIsStrict makes sure a misspelt or misplaced field fails the decoding,
// so the invariants above never read a default in place of what was meant.
func TestKubernetesDecodingIsStrict(t *testing.T) {
	good := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: 2\n"
	if _, _, err := k8sDecoder.Decode([]byte(good), nil, nil); err != nil {
		t.Fatalf("a valid Deployment: %v", err)
	}
	for name, doc := range map[string]string{
		"unknown field":   strings.Replace(good, "replicas: 2", "replica: 2", 1),
		"duplicate field": good + "  replicas: 3\n",
		"wrong type":      strings.Replace(good, "replicas: 2", "replicas: two", 1),
		"unknown kind":    strings.Replace(good, "kind: Deployment", "kind: Deploymnet", 1),
	} {
		if _, _, err := k8sDecoder.Decode([]byte(doc), nil, nil); err == nil {
			t.Errorf("%s: decoded without an error:\n%s", name, doc)
		}
	}
}
