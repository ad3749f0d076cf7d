package deploy

import (
	"os"
	"strings"
	"testing"
)

// TestR58NewcomerBaseImagesPinnedOrSaidSo: production pins base images by digest, so a rebuild
// takes the same bytes. Where this repository is kept no registry is reachable and a digest
// cannot be resolved (an invented one would fail every build), so the Dockerfile's base images
// are pinned by tag; the Dockerfile and README then say so and how to pin them, rather than let
// a reader assume a reproducible build. A digest, once written, must be a whole sha256 one.
// Before, both were tags and nothing said so.
func TestR58NewcomerBaseImagesPinnedOrSaidSo(t *testing.T) {
	dockerfile, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	stages := map[string]bool{"scratch": true}
	var byTag []string
	for line := range strings.SplitSeq(string(dockerfile), "\n") {
		words := strings.Fields(line)
		if len(words) < 2 || !strings.EqualFold(words[0], "FROM") {
			continue
		}
		words = words[1:]
		for len(words) > 0 && strings.HasPrefix(words[0], "--") {
			words = words[1:]
		}
		if len(words) == 0 {
			t.Fatalf("FROM without an image: %q", line)
		}
		image := words[0]
		earlierStage := stages[strings.ToLower(image)]
		if len(words) >= 3 && strings.EqualFold(words[1], "AS") {
			stages[strings.ToLower(words[2])] = true
		}
		if earlierStage {
			continue
		}
		if _, digest, ok := strings.Cut(image, "@"); ok {
			hex, isSHA := strings.CutPrefix(digest, "sha256:")
			if !isSHA || len(hex) != 64 || strings.Trim(hex, "0123456789abcdef") != "" {
				t.Errorf("%s: a digest is sha256: and 64 lower-case hex digits", image)
			}
			continue
		}
		byTag = append(byTag, image)
	}
	if len(byTag) == 0 {
		return
	}
	if !strings.Contains(string(dockerfile), "pinned by tag, not by digest") || !strings.Contains(string(dockerfile), "imagetools inspect") {
		t.Errorf("the Dockerfile's base images %v are pinned by tag: it must say so (\"pinned by tag, not by digest\") and how to resolve a digest (docker buildx imagetools inspect)", byTag)
	}
	if !strings.Contains(strings.Join(strings.Fields(string(readme)), " "), "pinned by tag, not digest") {
		t.Errorf("README's Docker paragraph must say the base images %v are pinned by tag, not digest", byTag)
	}
}
