//go:build unix

package tools

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestValueFromFileNamesTheFileItReads: readFile names the file it read, whatever link is
// swapped into a folder on the way while it reads: a folder w switched back and forth between
// a real folder (w/f: "public") and a link to another folder (hidden/f: "private"), for 2 s,
// never yields a read whose name and bytes disagree: "…/w/f" with hidden/f's bytes, or
// "…/w/f, a link to …/hidden/f" with w/f's. (A read whose folder w was renamed plain after
// the open names plain/f, where the file read then is.)
func TestValueFromFileNamesTheFileItReads(t *testing.T) {
	dir := t.TempDir()
	plainDir, hidden := filepath.Join(dir, "plain"), filepath.Join(dir, "hidden")
	for d, v := range map[string]string{plainDir: "public", hidden: "private"} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "f"), []byte(v), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w, link := filepath.Join(dir, "w"), filepath.Join(dir, "wlink")
	if err := os.Symlink(hidden, link); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(plainDir, w); err != nil {
		t.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // w is the real folder, then the link, then the real folder…
		defer wg.Done()
		parked := map[bool]string{true: plainDir, false: link}
		isDir := true
		for !stop.Load() {
			if err := os.Rename(w, parked[isDir]); err != nil {
				t.Error(err)
				return
			}
			if err := os.Rename(parked[!isDir], w); err != nil {
				t.Error(err)
				return
			}
			isDir = !isDir
		}
	}()
	l := &LocalSources{Getenv: func(string) string { return "" }}
	path := filepath.Join(w, "f")
	plainName, linkName := path, path+", a link to "+filepath.Join(hidden, "f")
	reads := map[string]int{}
	var disagree []string
	for end := time.Now().Add(2 * time.Second); time.Now().Before(end); {
		v, msg := l.readFile(path)
		if v == nil {
			reads["refused: "+strings.TrimPrefix(msg, "cannot use "+path+": ")]++
			continue
		}
		reads[v.value]++
		// w/f is read as plain/f when w was parked (renamed) after the open: named so.
		if v.source.Markdown() != map[string]string{"public": plainName, "private": linkName}[v.value] &&
			!(v.value == "public" && v.source.Markdown() == path+", a link to "+filepath.Join(plainDir, "f")) {
			disagree = append(disagree, v.source.Markdown()+" read "+v.value)
		}
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("reads: %v", reads)
	if len(disagree) > 0 {
		t.Fatalf("%d of the reads named another file than the one read, e.g. %q", len(disagree), disagree[0])
	}
	if reads["public"]+reads["private"] == 0 {
		t.Fatal("no read succeeded")
	}
}

// TestValueFromFileCountsItsNames: a file with more than one name (a hard link) says how many
// it has; one with one name says nothing.
func TestValueFromFileCountsItsNames(t *testing.T) {
	dir := t.TempDir()
	key, pub := filepath.Join(dir, "id_rsa"), filepath.Join(dir, "db_password.txt")
	if err := os.WriteFile(key, []byte("-----BEGIN-----"), 0o600); err != nil {
		t.Fatal(err)
	}
	l := &LocalSources{Getenv: func(string) string { return "" }}
	if v, msg := l.readFile(key); v == nil || v.names != 1 {
		t.Fatalf("one name: %+v, %q", v, msg)
	}
	if err := os.Link(key, pub); err != nil {
		t.Fatal(err)
	}
	if v, msg := l.readFile(pub); v == nil || v.names != 2 {
		t.Fatalf("two names: %+v, %q", v, msg)
	}
}
