package cli

import (
	"bufio"
	"bytes"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// The soft memory limit of HTTP mode (debug.SetMemoryLimit): the garbage collector works harder
// as the heap nears it, so a burst of requests slows the server down instead of getting it
// killed. Under a container memory limit it is memoryLimitShare of that limit, leaving the rest
// for what the Go runtime does not count (the binary's own pages, kernel buffers); without one it
// is defaultSoftMemoryLimit. GOMEMLIMIT in the environment wins.
const (
	memoryLimitShare       = 0.85
	defaultSoftMemoryLimit = 256 << 20
	// unlimitedCgroup: cgroup v1 writes "no limit" as a huge number (the page-aligned maximum).
	unlimitedCgroup = 1 << 62
)

// softMemoryLimit returns the soft limit and where it comes from ("cgroup" or "default").
func softMemoryLimit(root fs.FS) (int64, string) {
	if limit, ok := cgroupMemoryLimit(root); ok {
		return int64(float64(limit) * memoryLimitShare), "cgroup"
	}
	return defaultSoftMemoryLimit, "default"
}

// cgroupMemoryLimit reads the memory limit of the process's cgroup from root (the file system
// root: /proc and /sys/fs/cgroup): cgroup v2's memory.max or v1's memory.limit_in_bytes, the
// smallest along the path from the process's cgroup up to the mount's root (a parent's limit
// binds its children; inside a container the mount's root is the container's own cgroup).
func cgroupMemoryLimit(root fs.FS) (int64, bool) {
	data, err := fs.ReadFile(root, "proc/self/cgroup")
	if err != nil {
		return 0, false
	}
	var best int64
	found := false
	// consider reads file in the cgroup at rel under mount, and in each parent up to mount.
	consider := func(mount, rel, file string) {
		for p := rel; ; p = path.Dir(p) {
			if n, ok := readLimit(root, path.Join(mount, p, file)); ok && (!found || n < best) {
				best, found = n, true
			}
			if p == "." {
				return
			}
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		// hierarchy-ID:controllers:path; v2 is "0::/path".
		parts := strings.SplitN(sc.Text(), ":", 3)
		if len(parts) != 3 {
			continue
		}
		rel := path.Clean("." + path.Clean("/"+parts[2])) // "kubepods/pod1/ctr", or "." for the root
		switch {
		case parts[0] == "0" && parts[1] == "":
			consider("sys/fs/cgroup", rel, "memory.max")
		case hasController(parts[1], "memory"):
			consider("sys/fs/cgroup/memory", rel, "memory.limit_in_bytes")
		}
	}
	return best, found
}

func hasController(list, name string) bool {
	for _, c := range strings.Split(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// readLimit reads one limit file: a byte count, or "max" (none).
func readLimit(root fs.FS, name string) (int64, bool) {
	data, err := fs.ReadFile(root, name)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	if err != nil || n <= 0 || n >= unlimitedCgroup {
		return 0, false
	}
	return n, true
}
