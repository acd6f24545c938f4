package sim

import (
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/awsrules"
)

// Resource is one recorded registration: the resource as AWS sees it
// (awsrules.Resource: type, inputs, ID, outputs) and where the program put
// it in Pulumi's graph.
type Resource struct {
	awsrules.Resource
	Parent   string // parent URN; the stack's URN for top-level resources
	Provider string
	Custom   bool // false for components
	// Dependencies are the URNs the resource depends on; PropertyDependencies
	// map each top-level input to the URNs its value came from.
	Dependencies         []string
	PropertyDependencies map[string][]string
	Protect              bool
	RetainOnDelete       bool
	// Aliases are the URNs the resource also answers to (resource option
	// Aliases, and those the provider SDK adds when it renames a type), as
	// the engine resolves them: a state entry under one of them is adopted,
	// not replaced.
	Aliases []string
	// IgnoreChanges are the input paths a later `pulumi up` leaves as they
	// were (the ignoreChanges resource option).
	IgnoreChanges []string
	// ReplaceOnChanges are the input paths whose change replaces the
	// resource (the replaceOnChanges resource option), on top of what the
	// provider replaces.
	ReplaceOnChanges []string

	seed string // what its IDs and names derive from (seedOf)
}

// Str renders a scalar property value as a string ("" for anything else).
func Str(v resource.PropertyValue) string { return awsrules.Str(v) }

// Graph is the recorded resource graph of one run, sorted by URN.
type Graph struct {
	Resources []*Resource
	byURN     map[string]*Resource
	byID      map[string]*Resource
}

func newGraph(rs []*Resource) *Graph {
	g := &Graph{Resources: append([]*Resource(nil), rs...), byURN: map[string]*Resource{}, byID: map[string]*Resource{}}
	sort.Slice(g.Resources, func(i, j int) bool { return g.Resources[i].URN < g.Resources[j].URN })
	for _, r := range g.Resources {
		g.byURN[r.URN] = r
		if r.ID != "" {
			g.byID[r.ID] = r
		}
	}
	return g
}

// Len is the number of recorded resources (components included).
func (g *Graph) Len() int { return len(g.Resources) }

// Find returns the resource of that type and logical name, or nil.
func (g *Graph) Find(typ, name string) *Resource {
	for _, r := range g.Resources {
		if r.Type == typ && r.Name == name {
			return r
		}
	}
	return nil
}

// OfType returns every resource of a type, by URN.
func (g *Graph) OfType(typ string) []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// ByURN and ByID look a resource up.
func (g *Graph) ByURN(urn string) *Resource { return g.byURN[urn] }
func (g *Graph) ByID(id string) *Resource   { return g.byID[id] }

// Children returns the resources whose parent is r.
func (g *Graph) Children(r *Resource) []*Resource {
	var out []*Resource
	for _, c := range g.Resources {
		if c.Parent == r.URN {
			out = append(out, c)
		}
	}
	return out
}

// Roots returns the resources parented to the stack.
func (g *Graph) Roots() []*Resource {
	var out []*Resource
	for _, r := range g.Resources {
		if g.byURN[r.Parent] == nil {
			out = append(out, r)
		}
	}
	return out
}

// Sources follows an input back to the resources it came from, through the
// property dependencies the SDK recorded (not by matching values).
func (g *Graph) Sources(r *Resource, key string) []*Resource {
	if r == nil {
		return nil // lets lookups chain: g.Source(g.Source(instance, "iamInstanceProfile"), "role")
	}
	var out []*Resource
	for _, urn := range r.PropertyDependencies[key] {
		if s := g.byURN[urn]; s != nil {
			out = append(out, s)
		}
	}
	return out
}

// Source is Sources when exactly one resource feeds the input, else nil.
func (g *Graph) Source(r *Resource, key string) *Resource {
	if s := g.Sources(r, key); len(s) == 1 {
		return s[0]
	}
	return nil
}
