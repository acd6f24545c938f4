package components

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// bootPath are the custom resources of a component that traffic runs
// through: routes and their associations, NAT gateways, endpoints and the
// rules that open them. An instance that needs them at first boot depends on
// each of them: the Go SDK expands a component in DependsOn only to the
// children whose registration has begun, so a child still waiting for its
// inputs (a route waiting for its route table's ID) would be left out.
type bootPath []pulumi.Resource

type pathCarrier interface{ bootPathResources() bootPath }

func (nb *NetworkBase) bootPathResources() bootPath     { return nb.path }
func (ge *GatewayEndpoint) bootPathResources() bootPath { return ge.path }
func (ie *InterfaceEndpoint) bootPathResources() bootPath {
	return ie.path
}

// expandBootAfter replaces each vpclab component among rs by its path
// resources; other resources are kept as they are.
func expandBootAfter(rs []pulumi.Resource) []pulumi.Resource {
	var out []pulumi.Resource
	for _, r := range rs {
		if c, ok := r.(pathCarrier); ok {
			out = append(out, c.bootPathResources()...)
			continue
		}
		out = append(out, r)
	}
	return out
}
