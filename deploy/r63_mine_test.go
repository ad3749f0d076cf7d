package deploy

import (
	"testing"

	appsv1 "k8s.io/api/apps/v1"
)

// TestR63MineRollingUpdateServesUntilRoutesAreGone: a terminating pod is taken out of its
// Service's endpoints while SIGTERM already reaches it, and kube-proxy and Ingress controllers
// learn of it a moment later; a server that closes its listener at once refuses the
// connections sent to it in that gap. The Deployment sleeps in preStop (the kubelet's sleep
// action: the distroless image has no shell) before SIGTERM; TestShutdownFitsKubernetesGracePeriod
// holds that the grace period covers the sleep and the shutdown.
func TestR63MineRollingUpdateServesUntilRoutesAreGone(t *testing.T) {
	objs, _ := loadObjects(t)
	for _, o := range objs {
		dep, ok := o.obj.(*appsv1.Deployment)
		if !ok {
			continue
		}
		c := dep.Spec.Template.Spec.Containers[0]
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
			t.Fatalf("%s: no preStop sleep: SIGTERM closes the listener while Services still route new connections to the pod", o.file)
		}
		if c.Lifecycle.PreStop.Exec != nil {
			t.Errorf("%s: a preStop exec needs a shell or sleep binary, which the distroless image lacks", o.file)
		}
		if s := c.Lifecycle.PreStop.Sleep.Seconds; s < 3 || s > 10 {
			t.Errorf("%s: preStop sleeps %d s: under 3 s leaves endpoints' propagation little time, over 10 s delays every rollout", o.file, s)
		}
		return
	}
	t.Fatal("no Deployment")
}
