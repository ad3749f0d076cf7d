package client

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestR65Claims2READMEAnswerSizeIsTheClientsOwn: README's "At most 32 MiB of one answer is
// read" is the bound a client made as the server makes it reads answers up to.
func TestR65Claims2READMEAnswerSizeIsTheClientsOwn(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`At most (\d+) MiB of one answer is read`).FindSubmatch([]byte(strings.Join(strings.Fields(string(readme)), " ")))
	if m == nil {
		t.Fatal("README no longer gives the answer size")
	}
	c, err := New(Config{BaseURL: "https://api.example"})
	if err != nil {
		t.Fatal(err)
	}
	if mib, _ := strconv.ParseInt(string(m[1]), 10, 64); mib<<20 != c.maxBody {
		t.Errorf("README says %s MiB of one answer is read, the client reads %d bytes", m[1], c.maxBody)
	}
}
