package sim

import (
	"fmt"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// Invoke is one recorded provider function call and its answer.
type Invoke struct {
	Token    string
	Args     resource.PropertyMap
	Provider string
	Result   resource.PropertyMap // nil when the call failed
}

// Monitor is the simulated AWS behind pulumi.WithMocks. It is safe for the
// concurrent calls the SDK makes.
type Monitor struct {
	Project, Stack string
	Region         Region
	// AMIRelease is the release of the Amazon Linux images the SSM public
	// parameters name: a later release answers a different AMI ID, as AWS
	// does when it publishes a new image.
	AMIRelease int

	mu        sync.Mutex
	resources []*Resource
	byID      map[string]*Resource
	invokes   []Invoke
	stats     RuleStats            // what the AWS input rules did
	names     map[string]*Resource // names taken, by uniqueness scope
}

var _ pulumi.MockResourceMonitor = (*Monitor)(nil)

// NewMonitor simulates AWS in one of Regions.
func NewMonitor(project, stack, region string) (*Monitor, error) {
	reg, ok := Regions[region]
	if !ok {
		return nil, fmt.Errorf("sim: region %q is not simulated; use one of %v", region, RegionNames())
	}
	return &Monitor{Project: project, Stack: stack, Region: reg, byID: map[string]*Resource{},
		stats: RuleStats{Rules: len(rules)}, names: map[string]*Resource{}}, nil
}

// StackURN is the URN of the root stack resource.
func (m *Monitor) StackURN() string {
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), "", resource.RootStackType, m.Project+"-"+m.Stack))
}

// urn computes a resource's URN the way the SDK's mock monitor does.
func (m *Monitor) urn(parent, typ, name string) string {
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(m.Stack), tokens.PackageName(m.Project), parentType, tokens.Type(typ), name))
}

// aliasURN resolves an alias the way the engine does: a full URN as is; a
// spec's empty name, type, project or stack mean the resource's own, and an
// unset parent means the resource's parent.
func (m *Monitor) aliasURN(r *Resource, al *pulumirpc.Alias) string {
	if u := al.GetUrn(); u != "" {
		return u
	}
	spec := al.GetSpec()
	name, typ, project, stack, parent := spec.GetName(), spec.GetType(), spec.GetProject(), spec.GetStack(), r.Parent
	if name == "" {
		name = r.Name
	}
	if typ == "" {
		typ = r.Type
	}
	if project == "" {
		project = m.Project
	}
	if stack == "" {
		stack = m.Stack
	}
	switch {
	case spec.GetNoParent():
		parent = ""
	case spec.GetParentUrn() != "":
		parent = spec.GetParentUrn()
	}
	parentType := tokens.Type("")
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(stack), tokens.PackageName(project), parentType, tokens.Type(typ), name))
}

// NewResource records a registration and answers it like AWS would.
func (m *Monitor) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := &Resource{Type: a.TypeToken, Name: a.Name, Custom: a.Custom, Provider: a.Provider, Inputs: a.Inputs,
		PropertyDependencies: map[string][]string{}}
	if rpc := a.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = rpc.GetDependencies()
		for k, v := range rpc.GetPropertyDependencies() {
			r.PropertyDependencies[k] = v.GetUrns()
		}
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
	}
	r.URN = m.urn(r.Parent, r.Type, r.Name)
	if rpc := a.RegisterRPC; rpc != nil {
		for _, al := range rpc.GetAliases() {
			r.Aliases = append(r.Aliases, m.aliasURN(r, al))
		}
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	if !a.Custom {
		r.Outputs = a.Inputs
		m.resources = append(m.resources, r)
		return "", a.Inputs, nil
	}
	lookup := func(id string) *Resource { return m.byID[id] }
	// AWS refuses bad input before it creates anything, then checks quotas.
	if refusals := m.checkRules(r, lookup); len(refusals) > 0 {
		return "", nil, &RefusalError{Refusals: refusals}
	}
	if err := m.checkQuota(r); err != nil {
		return "", nil, err
	}
	id, outs, err := m.simulate(r, lookup)
	if err != nil {
		return "", nil, err
	}
	r.ID, r.Outputs = id, outs
	m.resources = append(m.resources, r)
	m.byID[id] = r
	return id, outs, nil
}

// Call answers an invoke, or fails for one the simulation does not know.
func (m *Monitor) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, err := m.invoke(a.Token, a.Args)
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: a.Token, Args: a.Args, Provider: a.Provider, Result: out})
	m.mu.Unlock()
	return out, err
}

// lookupLocked finds a registered resource by ID, taking the lock (for invokes).
func (m *Monitor) lookupLocked(id string) *Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.byID[id]
}

// Graph returns what has been registered so far.
func (m *Monitor) Graph() *Graph {
	m.mu.Lock()
	defer m.mu.Unlock()
	return newGraph(m.resources)
}

// RuleStats returns what the AWS input rules did so far.
func (m *Monitor) RuleStats() RuleStats {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.stats
}

// Invokes returns the recorded invokes in call order.
func (m *Monitor) Invokes() []Invoke {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Invoke(nil), m.invokes...)
}
