package present

import (
	"strings"
	"testing"
)

// TestR58ClaimsTerraformDefaultOnItsOwnLogEntry: README (Credentials in text) masks "a
// Terraform variable's quoted default when its name names a credential" and a credential "in
// every log line"; instance and deployment logs get a program's output one line per entry. A
// runtime that prints a .tf file so showed the default of variable "db_password": the name was
// on one entry, default = "…" on a later one. Each block's default is masked on its entry, as
// MaskText masks it over the block's lines; another variable's default, the block's other
// attributes and an unclosed block's later entries stay.
func TestR58ClaimsTerraformDefaultOnItsOwnLogEntry(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{`variable "db_password" {`, `  type      = string`, `  default   = "S3cretTf"`, `  sensitive = true`, `}`},
			[]string{`variable "db_password" {`, `type      = string`, `default   = "` + Masked + `"`, `sensitive = true`, `}`}},
		{[]string{`2026-12-05T20:00:00Z INFO variable "api_token" {`, `2026-12-05T20:00:00Z INFO   default = "T0kenTf"`, `2026-12-05T20:00:00Z INFO }`},
			[]string{`2026-12-05T20:00:00Z INFO variable "api_token" {`, `2026-12-05T20:00:00Z INFO   default = "` + Masked + `"`, `2026-12-05T20:00:00Z INFO }`}},
		{[]string{`variable "region" {`, `  default = "us-east-1"`, `}`},
			[]string{`variable "region" {`, `default = "us-east-1"`, `}`}},
		{[]string{`variable "db_password" {`, `}`, `variable "region" {`, `  default = "us-east-1"`, `}`},
			[]string{`variable "db_password" {`, `}`, `variable "region" {`, `default = "us-east-1"`, `}`}},
		{[]string{`variable "db_password" {`, `  sensitive = true`, `}`, `default = "kept"`},
			[]string{`variable "db_password" {`, `sensitive = true`, `}`, `default = "kept"`}},
	} {
		got := MaskLogLines(c.in)
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("MaskLogLines(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}
