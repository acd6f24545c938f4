package components

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// How a constructor registers its children (read this before writing one):
//
//  1. The component's struct holds a `children children` field.
//  2. Before RegisterComponentResource, the constructor passes its options
//     through it:   opts = c.children.track(opts)
//     and registers every child with pulumi.Parent(c) as usual.
//  3. Its ChildResources method (at the end of this file) returns
//     c.children.all().
//
// That is all: the tracker's transformation sees every resource registered
// under the component — its own children and, as transformations are
// inherited, those of nested components (a bundle's endpoints' groups and
// rules) — at the moment the constructor calls New…, before that call
// returns. So when the constructor has returned, the list is complete,
// whatever the timing of the registrations themselves.
//
// Why not the SDK's own expansion: pulumi.DependsOn(component) expands a
// local component to the children whose registration has *begun* (the Go
// SDK adds a child to its parent only once the child's inputs resolved,
// pulumi/pulumi#7852, #7542), so a dependent sees a random subset. DependsOn
// below hands the engine the custom resources themselves.

// children records the custom resources registered under a component.
type children struct {
	mu        sync.Mutex
	resources []pulumi.Resource
}

// track returns opts with the transformation that records the component's
// descendants; the component itself (not a custom resource) is not recorded.
// The transformation changes nothing it sees.
func (c *children) track(opts []pulumi.ResourceOption) []pulumi.ResourceOption {
	record := func(args *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		if _, custom := args.Resource.(pulumi.CustomResource); custom {
			c.mu.Lock()
			c.resources = append(c.resources, args.Resource)
			c.mu.Unlock()
		}
		return nil
	}
	return append(opts[:len(opts):len(opts)], pulumi.Transformations([]pulumi.ResourceTransformation{record}))
}

// all returns the recorded resources, in registration order.
func (c *children) all() []pulumi.Resource {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]pulumi.Resource(nil), c.resources...)
}

// Component is a vpclab component: it knows every resource it created.
type Component interface {
	pulumi.ComponentResource
	// ChildResources are the custom resources registered under the
	// component — its children and its nested components' — in
	// registration order, complete once its constructor has returned.
	ChildResources() []pulumi.Resource
}

// DependsOn is pulumi.DependsOn that holds for vpclab components: each
// Component among rs stands for every custom resource it created
// (ChildResources), so the dependent waits for all of them, every run; any
// other resource is depended on as pulumi.DependsOn would. Use it instead of
// pulumi.DependsOn(component), whose expansion races with the component's
// registrations (pulumi/pulumi#7852):
//
//	inst, err := ec2.NewInstance(ctx, "app", args, components.DependsOn(network, endpoints))
func DependsOn(rs ...pulumi.Resource) pulumi.ResourceOption {
	return pulumi.DependsOn(expandComponents(rs))
}

// expandComponents replaces each vpclab component among rs by its
// ChildResources; other resources are kept as they are.
func expandComponents(rs []pulumi.Resource) []pulumi.Resource {
	var out []pulumi.Resource
	for _, r := range rs {
		if c, ok := r.(Component); ok {
			out = append(out, c.ChildResources()...)
			continue
		}
		out = append(out, r)
	}
	return out
}

// Every component answers ChildResources; a new one adds itself here.
var (
	_ Component = (*NetworkBase)(nil)
	_ Component = (*BastionPair)(nil)
	_ Component = (*GatewayEndpoint)(nil)
	_ Component = (*InterfaceEndpoint)(nil)
	_ Component = (*InterfaceEndpoints)(nil)
	_ Component = (*PrivateLinkService)(nil)
	_ Component = (*WebServers)(nil)
	_ Component = (*PrivateBucket)(nil)
)

func (nb *NetworkBase) ChildResources() []pulumi.Resource        { return nb.children.all() }
func (bp *BastionPair) ChildResources() []pulumi.Resource        { return bp.children.all() }
func (ge *GatewayEndpoint) ChildResources() []pulumi.Resource    { return ge.children.all() }
func (ie *InterfaceEndpoint) ChildResources() []pulumi.Resource  { return ie.children.all() }
func (b *InterfaceEndpoints) ChildResources() []pulumi.Resource  { return b.children.all() }
func (ps *PrivateLinkService) ChildResources() []pulumi.Resource { return ps.children.all() }
func (ws *WebServers) ChildResources() []pulumi.Resource         { return ws.children.all() }
func (pb *PrivateBucket) ChildResources() []pulumi.Resource      { return pb.children.all() }
