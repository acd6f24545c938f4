package sim

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Resource is one recorded registration.
type Resource struct {
	URN      string
	Type     string
	Name     string
	ID       string
	Parent   string // parent URN; the stack's URN for top-level resources
	Provider string
	Custom   bool // false for components
	Inputs   resource.PropertyMap
	Outputs  resource.PropertyMap
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
}

// Str returns the input key as a string, or "" when absent or not a string.
func (r *Resource) Str(key string) string { return str(r.Inputs[resource.PropertyKey(key)]) }

// Out returns the output key as a string, or "".
func (r *Resource) Out(key string) string { return str(r.Outputs[resource.PropertyKey(key)]) }

// Input returns the raw input value (null when absent).
func (r *Resource) Input(key string) resource.PropertyValue {
	return r.Inputs[resource.PropertyKey(key)]
}

// List returns a list input, or nil when absent or not a list.
func (r *Resource) List(key string) []resource.PropertyValue {
	if v := r.Inputs[resource.PropertyKey(key)]; v.IsArray() {
		return v.ArrayValue()
	}
	return nil
}

// Object returns an object input, or nil when absent or not an object.
func (r *Resource) Object(key string) resource.PropertyMap {
	if v := r.Inputs[resource.PropertyKey(key)]; v.IsObject() {
		return v.ObjectValue()
	}
	return nil
}

// Strs returns a list input as strings.
func (r *Resource) Strs(key string) []string {
	var out []string
	for _, e := range r.List(key) {
		out = append(out, str(e))
	}
	return out
}

// Tag returns one tag of the resource's inputs.
func (r *Resource) Tag(key string) string {
	return str(r.Object("tags")[resource.PropertyKey(key)])
}

func (r *Resource) String() string { return fmt.Sprintf("%s %s", r.Type, r.Name) }

// Str renders a scalar property value as a string ("" for anything else).
func Str(v resource.PropertyValue) string { return str(v) }

func str(v resource.PropertyValue) string {
	switch {
	case v.IsSecret():
		return str(v.SecretValue().Element)
	case v.IsString():
		return v.StringValue()
	case v.IsNumber():
		return fmt.Sprintf("%v", v.NumberValue())
	case v.IsBool():
		return fmt.Sprintf("%v", v.BoolValue())
	}
	return ""
}

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
