package deploy

import (
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/spice-cloud-mcp/spice-cloud-mcp/mcpserver"
)

// TestR53ClaimsKubernetesIsWhatREADMESays: README (Kubernetes, Limits) says deploy/kubernetes
// has "a two-replica Deployment", that the HTTP limits' defaults "suit a pod with the shipped
// 128 Mi limit", and a PodDisruptionBudget of `maxUnavailable: 1`; Docker's 10 s before SIGKILL
// is said too short for the default --http-shutdown-grace of 20 s. TestKubernetesManifests
// holds "at least 2" replicas and "a" memory limit; here the figures README names are held, and
// the pod's termination grace leaves the server's shutdown grace time to end.
func TestR53ClaimsKubernetesIsWhatREADMESays(t *testing.T) {
	objs, _ := loadObjects(t)
	var dep *appsv1.Deployment
	var pdbs []*policyv1.PodDisruptionBudget
	for _, o := range objs {
		switch obj := o.obj.(type) {
		case *appsv1.Deployment:
			dep = obj
		case *policyv1.PodDisruptionBudget:
			pdbs = append(pdbs, obj)
		}
	}
	if dep == nil {
		t.Fatal("no Deployment")
	}
	if dep.Spec.Replicas == nil || *dep.Spec.Replicas != 2 {
		t.Errorf("replicas %v: README says a two-replica Deployment", dep.Spec.Replicas)
	}
	c := dep.Spec.Template.Spec.Containers[0]
	if got := c.Resources.Limits[corev1.ResourceMemory]; got.Cmp(resource.MustParse("128Mi")) != 0 {
		t.Errorf("memory limit %s: README says the defaults suit the shipped 128 Mi", got.String())
	}
	grace := dep.Spec.Template.Spec.TerminationGracePeriodSeconds
	if grace == nil || time.Duration(*grace)*time.Second <= mcpserver.DefaultShutdownGrace {
		t.Errorf("terminationGracePeriodSeconds %v: the kubelet kills the pod before --http-shutdown-grace (%s) has let calls answer", grace, mcpserver.DefaultShutdownGrace)
	}
	if flag, ok := flagValue(c.Args, "--http-shutdown-grace"); ok {
		t.Errorf("--http-shutdown-grace %s set: check it against terminationGracePeriodSeconds", flag)
	}
	if len(pdbs) != 1 || pdbs[0].Spec.MaxUnavailable == nil || pdbs[0].Spec.MaxUnavailable.IntValue() != 1 || pdbs[0].Spec.MinAvailable != nil {
		t.Errorf("PodDisruptionBudgets %v: README says one, maxUnavailable: 1", pdbs)
	}
}
