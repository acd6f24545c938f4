package sim

import (
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/vpclab/vpclab/awsrules"
)

// Invoke is one recorded provider function call and its answer.
type Invoke struct {
	Token    string
	Args     resource.PropertyMap
	Provider string
	Result   resource.PropertyMap // nil when the call failed
}

// Monitor is the simulated AWS behind pulumi.WithMocks: it records every
// registration of a run (components too) and hands the custom resources to
// AWS, which creates them. It is safe for the concurrent calls the SDK makes.
type Monitor struct {
	Project, Stack string
	// AWS is the account the run deploys into.
	AWS *AWS

	mu        sync.Mutex
	resources []*Resource
	invokes   []Invoke
}

var _ pulumi.MockResourceMonitor = (*Monitor)(nil)

// NewMonitor simulates an empty AWS account in one of Regions.
func NewMonitor(project, stack, region string) (*Monitor, error) {
	a, err := NewAWS(region)
	if err != nil {
		return nil, err
	}
	return &Monitor{Project: project, Stack: stack, AWS: a}, nil
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

// NewResource records a registration and, for a custom resource, creates
// it in the simulated AWS.
func (m *Monitor) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := &Resource{Custom: a.Custom, Provider: a.Provider, PropertyDependencies: map[string][]string{}}
	r.Type, r.Name, r.Inputs = a.TypeToken, a.Name, a.Inputs
	if rpc := a.RegisterRPC; rpc != nil {
		r.Parent = rpc.GetParent()
		r.Dependencies = rpc.GetDependencies()
		for k, v := range rpc.GetPropertyDependencies() {
			r.PropertyDependencies[k] = v.GetUrns()
		}
		r.Protect = rpc.GetProtect()
		r.RetainOnDelete = rpc.GetRetainOnDelete()
		r.IgnoreChanges = rpc.GetIgnoreChanges()
		r.ReplaceOnChanges = rpc.GetReplaceOnChanges()
	}
	r.URN = m.urn(r.Parent, r.Type, r.Name)
	if rpc := a.RegisterRPC; rpc != nil {
		for _, al := range rpc.GetAliases() {
			r.Aliases = append(r.Aliases, m.aliasURN(r, al))
		}
	}
	if !a.Custom {
		r.Outputs = a.Inputs
		m.record(r)
		return "", a.Inputs, nil
	}
	id, outs, err := m.AWS.Create(r)
	if err != nil {
		return "", nil, err
	}
	// The graph records what the program was answered; the resource in
	// AWS lives on and changes.
	rec := *r
	rec.Inputs, rec.Outputs = r.Inputs.Copy(), outs.Copy()
	m.record(&rec)
	return id, outs.Copy(), nil
}

func (m *Monitor) record(r *Resource) {
	m.mu.Lock()
	m.resources = append(m.resources, r)
	m.mu.Unlock()
}

// Call answers an invoke, or fails for one the simulation does not know.
func (m *Monitor) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	out, err := m.AWS.Invoke(a.Token, a.Args)
	m.mu.Lock()
	m.invokes = append(m.invokes, Invoke{Token: a.Token, Args: a.Args, Provider: a.Provider, Result: out})
	m.mu.Unlock()
	return out, err
}

// Graph returns what has been registered so far.
func (m *Monitor) Graph() *Graph {
	m.mu.Lock()
	defer m.mu.Unlock()
	return newGraph(m.resources)
}

// RuleStats returns what the AWS input rules did so far.
func (m *Monitor) RuleStats() awsrules.RuleStats { return m.AWS.RuleStats() }

// Invokes returns the recorded invokes in call order.
func (m *Monitor) Invokes() []Invoke {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Invoke(nil), m.invokes...)
}
