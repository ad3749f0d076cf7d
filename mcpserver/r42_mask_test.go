package mcpserver_test

import (
	"strings"
	"testing"
)

// TestR42InstanceLogsMaskRound42Forms: the credential forms round 42 found shown reach
// get_instance_logs one line per entry, as a program prints them (a YAML block scalar's lines
// after its key's, var_dump's type then its value, a tight arrow, a flag's lone word, mysql's
// -p<pw>): none is shown in the text or the structured content, and the keys after them stay.
func TestR42InstanceLogsMaskRound42Forms(t *testing.T) {
	h := r41m2LogsHarness(t, []string{
		`stringData:`,
		`  password: |-`,
		`    R42pwBlock7x`,
		`  username: appuser`,
		`api_key -> string(20)`,
		`R42pwVarDump9yZq7xK9`,
		`cfg: token->R42pwArrow5`,
		`exec: run --password rqxunterxy`,
		`exec: mysql -u root -pR42pwMysql3 app`,
		`config: password: --password R42pwFlag8`,
	})
	res := h.call(t, "get_instance_logs", map[string]any{"app": "analytics-app"})
	if res.IsError {
		t.Fatalf("get_instance_logs failed: %s", text(res))
	}
	var got logsResult
	structured(t, res, &got)
	all := text(res) + "\n" + strings.Join(got.Lines, "\n")
	if strings.Contains(all, "R42pw") || strings.Contains(all, "rqxunter") {
		t.Errorf("get_instance_logs shows a credential:\n%s", all)
	}
	if !strings.Contains(all, "username: appuser") {
		t.Errorf("get_instance_logs masks the key after the block:\n%s", all)
	}
}
