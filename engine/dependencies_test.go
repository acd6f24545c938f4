package engine_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/labs"
)

// The private instance boots after the whole path it reaches AWS through,
// as the engine records it: in the state `pulumi up` leaves, the instance's
// dependencies list every custom resource under the network and under every
// gateway and interface endpoint component (BootAfter expands each vpclab
// component to every resource it created, components/children.go). Each
// stack is brought up several times in fresh backends, as the SDK's own
// expansion of a component races with the component's registrations and
// would pass some runs and fail others.
func TestBootAfterHoldsUnderTheEngine(t *testing.T) {
	const repeats = 2
	for _, stack := range []string{"dev", "ssm"} {
		for i := range repeats {
			t.Run(fmt.Sprintf("%s/%d", stack, i), func(t *testing.T) {
				t.Parallel()
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
				defer cancel()
				w := newWorkspace(t, repo)
				s := w.inline(ctx, stack, "vpclab", labs.Program)
				up(ctx, t, s)
				checkBootAfter(t, exported(ctx, t, s))
			})
		}
	}
}

// bootPathComponents are the component types a lab passes as BootAfter.
var bootPathComponents = []string{"vpclab:index:NetworkBase", "vpclab:index:GatewayEndpoint", "vpclab:index:InterfaceEndpoint", "vpclab:index:InterfaceEndpoints"}

func checkBootAfter(t *testing.T, dep apitype.UntypedDeployment) {
	t.Helper()
	var d apitype.DeploymentV3
	if err := json.Unmarshal(dep.Deployment, &d); err != nil {
		t.Fatal(err)
	}
	parent := map[resource.URN]resource.URN{}
	var instance *apitype.ResourceV3
	for i, r := range d.Resources {
		parent[r.URN] = r.Parent
		if r.Type == "aws:ec2/instance:Instance" && r.URN.Name() == "access-private" {
			instance = &d.Resources[i]
		}
	}
	if instance == nil {
		t.Fatal("the state has no private instance access-private")
	}
	// Every custom resource under a boot-path component, by the component.
	want := map[resource.URN][]resource.URN{}
	for _, r := range d.Resources {
		if !r.Custom {
			continue
		}
		for p := r.Parent; p != ""; p = parent[p] {
			if slices.Contains(bootPathComponents, lastType(p)) {
				want[p] = append(want[p], r.URN)
			}
		}
	}
	var network, endpoints int
	for c := range want {
		switch lastType(c) {
		case "vpclab:index:NetworkBase":
			network++
		default:
			endpoints++
		}
	}
	if network != 1 || endpoints == 0 {
		t.Fatalf("the state has %d networks and %d endpoint components: the test does not see what it means to", network, endpoints)
	}
	var missed []string
	total := 0
	for c, rs := range want {
		for _, u := range rs {
			total++
			if !slices.Contains(instance.Dependencies, u) {
				missed = append(missed, fmt.Sprintf("%s (under %s)", short(string(u)), c.Name()))
			}
		}
	}
	slices.Sort(missed)
	if len(missed) > 0 {
		t.Fatalf("the private instance's recorded dependencies lack %d of the %d resources of its boot path:\n  %s", len(missed), total, strings.Join(missed, "\n  "))
	}
	t.Logf("the private instance depends on all %d resources of %d boot-path components", total, len(want))
}

// lastType is the type of the resource a URN names (its qualified type
// lists its parents' types first).
func lastType(u resource.URN) string {
	q := string(u.QualifiedType())
	if i := strings.LastIndex(q, "$"); i >= 0 {
		return q[i+1:]
	}
	return q
}

// dependents is a platform engineer's program: a 3-AZ network with NAT per
// AZ and flow logs, an interface endpoint bundle, and what must wait for
// both — an instance with components.DependsOn, a BastionPair with both as
// BootAfter, and an instance with plain pulumi.DependsOn, the way that
// races (components/children_test.go runs the same under plain mocks).
func dependents(ctx *pulumi.Context) error {
	azs := []string{"ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c"}
	nb, err := components.NewNetworkBase(ctx, "core", &components.NetworkBaseArgs{
		CIDR: "10.0.0.0/16", AvailabilityZones: azs, NAT: components.NATPerAZ, FlowLogs: true,
		PublicSubnets:  []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}, {AZIndex: 2}},
		PrivateSubnets: []components.SubnetSpec{{AZIndex: 0}, {AZIndex: 1}, {AZIndex: 2}},
	})
	if err != nil {
		return err
	}
	var subnets []components.EndpointSubnet
	for _, sn := range nb.PrivateSubnets {
		subnets = append(subnets, components.EndpointSubnet{ID: sn.ID, AZ: sn.AZ})
	}
	eps, err := components.NewInterfaceEndpointBundle(ctx, "eps", &components.InterfaceEndpointsArgs{
		Services: []string{"ssm", "ssmmessages", "ec2messages", "sts"},
		Endpoint: components.InterfaceEndpointArgs{VpcID: nb.VPCID, VpcCIDR: nb.CIDR, VpcDNSHostnames: true, VpcDNSSupport: true, Subnets: subnets},
	})
	if err != nil {
		return err
	}
	for name, opt := range map[string]pulumi.ResourceOption{
		"app":       components.DependsOn(nb, eps),
		"app-plain": pulumi.DependsOn([]pulumi.Resource{nb, eps}),
	} {
		if _, err := ec2.NewInstance(ctx, name, &ec2.InstanceArgs{
			Ami: pulumi.String("ami-0123456789abcdef0"), InstanceType: pulumi.String("t3.micro"), SubnetId: nb.PrivateSubnets[0].ID,
		}, opt); err != nil {
			return err
		}
	}
	_, err = components.NewBastionPair(ctx, "access", &components.BastionPairArgs{
		VpcID: nb.VPCID, VpcCIDR: nb.CIDR, PrivateSubnetID: nb.PrivateSubnets[0].ID, PrivateSubnetAZ: nb.PrivateSubnets[0].AZ,
		BootAfter: []pulumi.Resource{nb, eps},
	})
	return err
}

// Under the real engine, from the state up leaves: the instance with
// components.DependsOn(network, bundle) and the BastionPair's instance
// (BootAfter) depend on every custom resource under the network and the
// bundle, every run. How often plain pulumi.DependsOn missed one is logged.
func TestDependsOnComponentsUnderTheEngine(t *testing.T) {
	const runs = 4
	plainMissed := 0
	for run := range runs {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		w := newWorkspace(t, repo)
		s := w.inline(ctx, "deps", "vpclab", dependents)
		if err := s.SetConfig(ctx, "aws:region", auto.ConfigValue{Value: "ap-northeast-2"}); err != nil {
			t.Fatal(err)
		}
		up(ctx, t, s)
		dep, err := s.Export(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		var d apitype.DeploymentV3
		if err := json.Unmarshal(dep.Deployment, &d); err != nil {
			t.Fatal(err)
		}
		under := descendantsIn(d)
		network, bundle := under["core"], under["eps"]
		if len(network) < 20 || len(bundle) < 12 {
			t.Fatalf("run %d: the state has %d network and %d bundle resources: the test does not build what it means to", run, len(network), len(bundle))
		}
		want := append(append([]resource.URN{}, network...), bundle...)
		for _, name := range []string{"app", "access-private"} {
			if miss := lacking(want, dependenciesOf(t, d, name)); len(miss) > 0 {
				t.Fatalf("run %d: %s's recorded dependencies lack %v", run, name, miss)
			}
		}
		if len(lacking(want, dependenciesOf(t, d, "app-plain"))) > 0 {
			plainMissed++
		}
	}
	t.Logf("%d runs: components.DependsOn and BootAfter held every run; plain pulumi.DependsOn missed a child in %d", runs, plainMissed)
}

// descendantsIn maps each vpclab component's name to the custom resources
// registered under it, by the parents the state records.
func descendantsIn(d apitype.DeploymentV3) map[string][]resource.URN {
	parent := map[resource.URN]resource.URN{}
	for _, r := range d.Resources {
		parent[r.URN] = r.Parent
	}
	out := map[string][]resource.URN{}
	for _, r := range d.Resources {
		if !r.Custom {
			continue
		}
		for p := r.Parent; p != ""; p = parent[p] {
			if strings.HasPrefix(lastType(p), "vpclab:index:") {
				out[p.Name()] = append(out[p.Name()], r.URN)
			}
		}
	}
	return out
}

func dependenciesOf(t *testing.T, d apitype.DeploymentV3, name string) []resource.URN {
	t.Helper()
	for _, r := range d.Resources {
		if r.Type == "aws:ec2/instance:Instance" && r.URN.Name() == name {
			return r.Dependencies
		}
	}
	t.Fatalf("the state has no instance %s", name)
	return nil
}

// lacking lists the names of the wanted URNs that deps lacks.
func lacking(want, deps []resource.URN) []string {
	var out []string
	for _, u := range want {
		if !slices.Contains(deps, u) {
			out = append(out, u.Name())
		}
	}
	slices.Sort(out)
	return out
}
