// Package costgraph prices a simulated run (package sim) with the cost
// model of package cost: what `vpclab plan` and `vpclab steps` print, and
// what the tests hold the program's own `pulumi up` estimate to.
package costgraph

import (
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/sim"
)

// Estimate prices every custom resource of a run by the hour.
func Estimate(res *sim.Result, table cost.Table) cost.Costs {
	var bill cost.Bill
	for _, r := range res.Graph.Resources {
		if r.Custom {
			bill.Add(r.Type, Label(r), simResource{res.Graph, r})
		}
	}
	return table.Price(res.Region.Name, bill)
}

// Label names a resource in an estimate: "ec2:Instance access-bastion".
func Label(r *sim.Resource) string { return cost.ShortType(r.Type) + " " + r.Name }

// simResource is a simulated resource as the cost model reads it.
type simResource struct {
	g *sim.Graph
	r *sim.Resource
}

func (s simResource) Str(path string) string {
	if obj, key, ok := strings.Cut(path, "."); ok {
		return sim.Str(s.r.Object(obj)[resource.PropertyKey(key)])
	}
	return s.r.Str(path)
}

func (s simResource) Len(path string) int { return len(s.r.List(path)) }

// RegionalNatAZs are the AZs of the subnets whose route tables send traffic
// to a regional NAT gateway: where AWS activates it in auto mode.
func (s simResource) RegionalNatAZs() []string {
	g := s.g
	var azs []string
	for _, route := range g.OfType("aws:ec2/route:Route") {
		if g.Source(route, "natGatewayId") != s.r {
			continue
		}
		rt := g.Source(route, "routeTableId")
		for _, a := range g.OfType("aws:ec2/routeTableAssociation:RouteTableAssociation") {
			if rt != nil && g.Source(a, "routeTableId") == rt {
				if sn := g.Source(a, "subnetId"); sn != nil && !slices.Contains(azs, sn.Str("availabilityZone")) {
					azs = append(azs, sn.Str("availabilityZone"))
				}
			}
		}
	}
	sort.Strings(azs)
	return azs
}
