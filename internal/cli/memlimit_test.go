package cli

import (
	"testing"
	"testing/fstest"
)

// TestSoftMemoryLimit: 85 % of the container's limit, cgroup v2 or v1, the smallest along the
// path to the mount's root; 256 MiB without a limit.
func TestSoftMemoryLimit(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	for _, tc := range []struct {
		name string
		fs   fstest.MapFS
		want int64
		from string
	}{
		{"v2 in a container (cgroup namespace)", fstest.MapFS{
			"proc/self/cgroup":          file("0::/\n"),
			"sys/fs/cgroup/memory.max":  file("134217728\n"),
			"sys/fs/cgroup/memory.high": file("max\n"),
		}, 134217728 * 85 / 100, "cgroup"},
		{"v2 nested, the parent binds", fstest.MapFS{
			"proc/self/cgroup":                           file("0::/kubepods/pod1/ctr\n"),
			"sys/fs/cgroup/kubepods/pod1/ctr/memory.max": file("max\n"),
			"sys/fs/cgroup/kubepods/pod1/memory.max":     file("268435456\n"),
			"sys/fs/cgroup/kubepods/memory.max":          file("1073741824\n"),
		}, 268435456 * 85 / 100, "cgroup"},
		{"v2 without a limit", fstest.MapFS{
			"proc/self/cgroup":         file("0::/user.slice\n"),
			"sys/fs/cgroup/memory.max": file("max\n"),
		}, 256 << 20, "default"},
		{"v1 in a container", fstest.MapFS{
			"proc/self/cgroup":                           file("12:cpu,cpuacct:/docker/abc\n4:memory:/docker/abc\n1:name=systemd:/docker/abc\n"),
			"sys/fs/cgroup/memory/memory.limit_in_bytes": file("536870912\n"),
		}, 536870912 * 85 / 100, "cgroup"},
		{"v1 unlimited (the page-aligned maximum)", fstest.MapFS{
			"proc/self/cgroup": file("4:memory:/process_api/x\n"),
			"sys/fs/cgroup/memory/process_api/x/memory.limit_in_bytes": file("9223372036854771712\n"),
			"sys/fs/cgroup/memory/memory.limit_in_bytes":               file("9223372036854771712\n"),
		}, 256 << 20, "default"},
		{"no cgroup information", fstest.MapFS{}, 256 << 20, "default"},
		{"garbage", fstest.MapFS{
			"proc/self/cgroup":         file("nonsense\n0::/\n"),
			"sys/fs/cgroup/memory.max": file("lots\n"),
		}, 256 << 20, "default"},
	} {
		got, from := softMemoryLimit(tc.fs)
		if got != tc.want || from != tc.from {
			t.Errorf("%s: %d (%s), want %d (%s)", tc.name, got, from, tc.want, tc.from)
		}
	}
}
