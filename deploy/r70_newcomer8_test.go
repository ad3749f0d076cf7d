package deploy

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestR70Newcomer8NothingPushesImages holds README's Kubernetes paragraph: the manifests name a
// published image that nothing in this repository pushes, so a newcomer must build and push their
// own. A script or CI step that pushes images (docker push, buildx --push, crane or oras) would
// make that sentence false; so would manifests naming another image.
func TestR70Newcomer8NothingPushesImages(t *testing.T) {
	push := regexp.MustCompile(`(?i)\b(docker|podman|crane|oras|skopeo)\s+(image\s+)?(push|copy)\b|buildx\s+build\b[^\n]*--push\b|\boutput=type=registry\b`)
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, "_test.go") || filepath.Base(path) == "README.md" {
			return nil // tests and prose may name the commands
		}
		if info, err := d.Info(); err != nil || info.Size() > 1<<20 {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if m := push.Find(data); m != nil {
			t.Errorf("%s pushes an image (%q): README says nothing in this repository does", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	manifest, err := os.ReadFile("kubernetes/deployment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	image := regexp.MustCompile(`(?m)^\s+image:\s*(\S+)`).FindSubmatch(manifest)
	if image == nil || !strings.Contains(string(readme), "image `"+string(image[1])+"` by tag, which a release is to publish") {
		t.Errorf("deployment.yaml's image %q is not the one README says a release is to publish", image)
	}
}
