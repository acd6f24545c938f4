package tests

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

// An instance's first boot runs its user data (dnf install) and the SSM
// agent's registration once: the path those take must exist before the
// instance does, which the graph does not imply by itself. Every instance
// that is not public must therefore depend on its security group's egress
// rules, on every endpoint in its VPC, and on the NAT gateway and default
// route its subnet's route table uses.
func TestInstancesBootAfterTheirPath(t *testing.T) {
	for _, stack := range []string{"nat-bastion", "s3-gateway", "ssm", "gateway-vs-interface", "privatelink", "dev"} {
		t.Run(stack, func(t *testing.T) {
			res := plan(t, stack, nil)
			g := res.Graph
			checked := 0
			for _, inst := range g.OfType(tInstance) {
				if v := inst.Input("associatePublicIpAddress"); v.IsBool() && v.BoolValue() {
					continue // the bastion's path is its IGW route: part of its subnet
				}
				subnet := g.Source(inst, "subnetId")
				var path []*sim.Resource
				for _, id := range inst.Strs("vpcSecurityGroupIds") {
					path = append(path, rulesOn(g, tEgress, g.ByID(id))...)
				}
				for _, ep := range g.OfType(tEndpoint) {
					// A PrivateLink service of the lab is what the guide's check
					// calls later, not part of the boot path.
					if ep.Str("vpcId") == subnet.Str("vpcId") && !strings.HasPrefix(ep.Str("serviceName"), "com.amazonaws.vpce.") {
						path = append(path, ep)
					}
				}
				for _, r := range routesOf(g, routeTableOf(t, g, subnet)) {
					path = append(path, r)
					if nat := g.Source(r, "natGatewayId"); nat != nil {
						path = append(path, nat)
					}
				}
				if len(path) == 0 {
					t.Fatalf("%s: no path resources found: the test would pass vacuously", inst.Name)
				}
				for _, p := range path {
					if !slices.Contains(inst.Dependencies, p.URN) {
						t.Errorf("%s boots before %s %s exists: its first boot needs it (dependencies: %v)", inst.Name, p.Type, p.Name, inst.Dependencies)
					}
				}
				checked++
			}
			if checked == 0 {
				t.Fatal("no private instance checked")
			}
		})
	}
}
