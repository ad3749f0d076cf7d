package tools

// catalog is the tool table, in catalogue order. Each entry's file holds its arguments and
// handler; this list is the one place that says which tools exist.
var catalog = []Tool{
	checkHealth, listRegions, listContainerImages,
	listApps, getApp, createApp, updateApp, deleteApp,
	listDeployments, getDeployment, createDeployment,
	listSecrets, getSecret, setSecret, deleteSecret,
	getAPIKeys, regenerateAPIKey,
	listMembers, addMember, removeMember,
	createAndDeployApp, waitForDeployment, rotateAPIKeys, describeApp,
}

// All returns the tool table. Callers must not modify it.
func All() []Tool { return catalog }

// ByName returns the tool with that name.
func ByName(name string) (Tool, bool) {
	for _, t := range catalog {
		if t.Name == name {
			return t, true
		}
	}
	return Tool{}, false
}
