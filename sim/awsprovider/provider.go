// Package awsprovider serves vpclab's simulated AWS (package sim) as a
// Pulumi resource provider for the `aws` package, so the real Pulumi engine
// can drive the real program against it: `pulumi up`, `pulumi config set
// vpclab:step`, `pulumi refresh`, `pulumi destroy`, free and offline.
//
// It is the simulated AWS's second front door (the first is sim.Monitor,
// behind the Go SDK's mocks): Check applies AWS's input rules that judge a
// request by itself and fills in autonamed names as pulumi-aws does (the
// rules about other resources wait for Create and Update, as AWS answers
// them, so a preview plans what the up does); Diff classifies changes by the
// provider's replace-forcing inputs (sim.Replacements) and asks for
// delete-before-replace where a name the user gave must stay unique;
// Create, Read, Update, Delete and Invoke go to one sim.AWS per region,
// which keeps the account's resources between engine runs.
//
// The engine attaches to a provider that is already listening when
// PULUMI_DEBUG_PROVIDERS names it (aws:<port>). Nothing here reaches AWS.
package awsprovider

import (
	"context"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/sim"
)

// defaultsKey lists the inputs the provider filled in (autonamed names), as
// pulumi-terraform-bridge records them: a name in it was not the user's.
const defaultsKey = "__defaults"

// Provider is the simulated AWS behind the Pulumi provider protocol.
type Provider struct {
	plugin.UnimplementedProvider

	// Patience bounds how long a refused delete the real provider retries
	// waits for its blocker (sim.AWS.Patience).
	Patience time.Duration
	// Observe is told of every operation the simulated AWS answers.
	Observe func(region string, op sim.Operation)
	// ReleaseRace refuses the first release of an Elastic IP right after
	// its NAT gateway is deleted, as AWS can (sim.AWS.ReleaseRace).
	ReleaseRace bool

	version  string
	mu       sync.Mutex
	region   string
	accounts map[string]*sim.AWS // by region: the account keeps its resources between engine runs
}

var _ plugin.Provider = (*Provider)(nil)

// New returns a provider over empty simulated accounts; version is the
// pulumi-aws version it reports (Version()).
func New(version string) *Provider {
	return &Provider{version: version, accounts: map[string]*sim.AWS{}, Patience: time.Minute}
}

// Account returns the simulated account of a region (created empty on
// first use).
func (p *Provider) Account(region string) (*sim.AWS, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if a := p.accounts[region]; a != nil {
		return a, nil
	}
	a, err := sim.NewAWS(region)
	if err != nil {
		return nil, err
	}
	a.Patience = p.Patience
	a.ReleaseRace = p.ReleaseRace
	a.Salt = "@" + region
	if p.Observe != nil {
		a.Observe = func(op sim.Operation) { p.Observe(region, op) }
	}
	p.accounts[region] = a
	return a, nil
}

// holding is the account that holds a resource: IDs carry their region
// (each account salts its IDs with it), so a resource left in another
// region after aws:region changed is still found and deleted there.
func (p *Provider) holding(id string) (*sim.AWS, error) {
	p.mu.Lock()
	for _, a := range p.accounts {
		if a.Has(id) {
			p.mu.Unlock()
			return a, nil
		}
	}
	p.mu.Unlock()
	return p.account()
}

// account is the account of the region the engine configured.
func (p *Provider) account() (*sim.AWS, error) {
	p.mu.Lock()
	region := p.region
	p.mu.Unlock()
	if region == "" {
		return nil, fmt.Errorf("the aws provider is not configured: set aws:region (pulumi config set aws:region ap-northeast-2)")
	}
	return p.Account(region)
}

func (p *Provider) Close() error { return nil }

// Attach is called when the engine attaches to this already-running
// provider (PULUMI_DEBUG_PROVIDERS); there is nothing to connect back to.
func (p *Provider) Attach(string) error { return nil }

func (p *Provider) GetPluginInfo(context.Context) (plugin.PluginInfo, error) {
	v, err := semver.ParseTolerant(p.version)
	if err != nil {
		return plugin.PluginInfo{}, err
	}
	return plugin.PluginInfo{Version: &v}, nil
}

func (p *Provider) GetSchema(context.Context, plugin.GetSchemaRequest) (plugin.GetSchemaResponse, error) {
	b, err := Schema(p.version)
	return plugin.GetSchemaResponse{Schema: b}, err
}

func (p *Provider) CheckConfig(_ context.Context, req plugin.CheckConfigRequest) (plugin.CheckConfigResponse, error) {
	if failures := configFailures(req.News); len(failures) > 0 {
		return plugin.CheckConfigResponse{Failures: failures}, nil
	}
	return plugin.CheckConfigResponse{Properties: req.News}, nil
}

func (p *Provider) DiffConfig(_ context.Context, req plugin.DiffConfigRequest) (plugin.DiffConfigResponse, error) {
	if !req.OldInputs["region"].DeepEquals(req.NewInputs["region"]) {
		// Another region is another account's resources: the provider is replaced.
		return plugin.DiffResult{Changes: plugin.DiffSome, ReplaceKeys: []resource.PropertyKey{"region"}}, nil
	}
	return plugin.DiffResult{Changes: plugin.DiffNone}, nil
}

func (p *Provider) Configure(_ context.Context, req plugin.ConfigureRequest) (plugin.ConfigureResponse, error) {
	r := req.Inputs["region"]
	if !r.IsString() || r.StringValue() == "" {
		return plugin.ConfigureResponse{}, fmt.Errorf("aws:region is not set: pulumi config set aws:region ap-northeast-2")
	}
	if _, err := p.Account(r.StringValue()); err != nil {
		return plugin.ConfigureResponse{}, err
	}
	p.mu.Lock()
	p.region = r.StringValue()
	p.mu.Unlock()
	return plugin.ConfigureResponse{}, nil
}

// Check fills in the name pulumi-aws would autoname and judges the request
// by AWS's input rules that need no other resource (awsrules.CheckRequest):
// a value AWS would refuse is a check failure naming the rule, the value
// and its source.
func (p *Provider) Check(_ context.Context, req plugin.CheckRequest) (plugin.CheckResponse, error) {
	a, err := p.account()
	if err != nil {
		return plugin.CheckResponse{}, err
	}
	if !Serves(string(req.Type)) {
		return plugin.CheckResponse{}, fmt.Errorf("the simulated AWS has no answer for resource type %s (it serves the types the labs, components and examples use)", req.Type)
	}
	news := req.News.Copy()
	delete(news, defaultsKey)
	var defaults []resource.PropertyValue
	prop, autonamed := awsrules.AutonamedProperty(string(req.Type))
	if autonamed {
		key := resource.PropertyKey(prop)
		v := news[key]
		given := v.IsString() && v.StringValue() != "" || v.IsSecret() || v.IsComputed() || v.IsOutput()
		if !given && news[key+"Prefix"].IsNull() {
			news[key] = resource.NewProperty(autoname(req, prop))
			defaults = append(defaults, resource.NewProperty(prop))
		}
	}
	r := &sim.Resource{Custom: true}
	r.URN, r.Type, r.Name, r.Inputs = string(req.URN), string(req.Type), req.Name, news
	// Only the rules that judge the request by itself: in a preview the
	// resources it depends on may be changed by the same update before it
	// is created (a VPC's DNS hostnames turned on before its endpoint), and
	// the real provider's Check calls no AWS API. AWS answers the rules
	// about other resources at Create and Update, and so does the simulation.
	var failures []plugin.CheckFailure
	for _, f := range a.Judge(r) {
		failures = append(failures, plugin.CheckFailure{Property: resource.PropertyKey(topLevel(f.Property)), Reason: f.Error()})
	}
	if len(defaults) > 0 {
		news[defaultsKey] = resource.NewProperty(defaults)
	}
	return plugin.CheckResponse{Properties: news, Failures: failures}, nil
}

// autoname is pulumi-aws's autonaming: the old name when the resource had
// one the provider made, else the logical name and seven random-looking hex
// digits from the engine's seed (a replacement is checked without olds, so
// it gets a new name). The provider declares no support for the engine's
// autonaming options, so the engine sends none.
func autoname(req plugin.CheckRequest, prop string) string {
	key := resource.PropertyKey(prop)
	if old := req.Olds[key]; old.IsString() && old.StringValue() != "" && wasDefault(req.Olds, prop) {
		return old.StringValue()
	}
	seed := hex.EncodeToString(req.RandomSeed)
	if seed == "" {
		seed = string(req.URN)
	}
	return sim.Autoname(req.Name, seed)
}

func wasDefault(inputs resource.PropertyMap, prop string) bool {
	d := inputs[defaultsKey]
	return d.IsArray() && slices.ContainsFunc(d.ArrayValue(), func(v resource.PropertyValue) bool { return v.IsString() && v.StringValue() == prop })
}

// topLevel is the input a rule's property path starts with.
func topLevel(path string) string {
	if i := strings.IndexAny(path, ".[ "); i > 0 {
		return path[:i]
	}
	return path
}

// Diff reports the inputs that changed and whether the change replaces the
// resource (sim.Replacements, the provider's ForceNew inputs). A
// replacement deletes first when the resource's name was the user's, as
// pulumi-terraform-bridge does (nameRequiresDeleteBeforeReplace): the new
// one cannot take the name while the old one holds it.
func (p *Provider) Diff(_ context.Context, req plugin.DiffRequest) (plugin.DiffResponse, error) {
	olds, news := withoutDefaults(req.OldInputs), withoutDefaults(req.NewInputs)
	// What the provider never sent, its state holds as AWS answered it.
	olds = sim.ReadBack(string(req.Type), olds, req.OldOutputs)
	rd := sim.DiffInputs(string(req.Type), olds, news, req.IgnoreChanges, nil)
	if rd.Unknown {
		return plugin.DiffResult{}, fmt.Errorf("no replace-forcing inputs are known for %s (sim.Replacements): whether this change replaces it cannot be told", req.Type)
	}
	if rd.Op == "" || rd.Op == sim.OpSame {
		return plugin.DiffResult{Changes: plugin.DiffNone}, nil
	}
	res := plugin.DiffResult{Changes: plugin.DiffSome, DetailedDiff: map[string]plugin.PropertyDiff{}}
	for _, c := range rd.Changes {
		if c.Ignored {
			continue
		}
		kind := plugin.DiffUpdate
		switch {
		case c.Old.IsNull():
			kind = plugin.DiffAdd
		case c.New.IsNull():
			kind = plugin.DiffDelete
		}
		key := resource.PropertyKey(topLevel(c.Path))
		if c.Replaces {
			kind = kind.AsReplace()
			if !slices.Contains(res.ReplaceKeys, key) {
				res.ReplaceKeys = append(res.ReplaceKeys, key)
			}
		}
		if !slices.Contains(res.ChangedKeys, key) {
			res.ChangedKeys = append(res.ChangedKeys, key)
		}
		res.DetailedDiff[c.Path] = plugin.PropertyDiff{Kind: kind, InputDiff: true}
	}
	if prop, ok := awsrules.AutonamedProperty(string(req.Type)); ok && len(res.ReplaceKeys) > 0 {
		res.DeleteBeforeReplace = !news[resource.PropertyKey(prop)].IsNull() && !wasDefault(req.NewInputs, prop)
	}
	return res, nil
}

func withoutDefaults(m resource.PropertyMap) resource.PropertyMap {
	out := m.Copy()
	delete(out, defaultsKey)
	return out
}

// Create makes the resource in the simulated account; under preview it
// answers the inputs and leaves what AWS would compute unknown.
func (p *Provider) Create(_ context.Context, req plugin.CreateRequest) (plugin.CreateResponse, error) {
	if req.Preview {
		return plugin.CreateResponse{Properties: req.Properties}, nil
	}
	a, err := p.account()
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	r := &sim.Resource{Custom: true}
	r.URN, r.Type, r.Name, r.Inputs = string(req.URN), string(req.Type), req.Name, withoutDefaults(req.Properties)
	id, outs, err := a.Create(r)
	if err != nil {
		return plugin.CreateResponse{}, err
	}
	return plugin.CreateResponse{ID: resource.ID(id), Properties: withDefaults(outs, req.Properties)}, nil
}

// withDefaults keeps the record of autonamed inputs in the state, as the
// bridge does, so a later Check reuses the name.
func withDefaults(outs, inputs resource.PropertyMap) resource.PropertyMap {
	if d, ok := inputs[defaultsKey]; ok {
		outs = outs.Copy()
		outs[defaultsKey] = d
	}
	return outs
}

// Read answers what the simulated account has now: the resource's outputs,
// and its inputs as far as they were given (the bridge's refresh only
// re-reads inputs that are present); nothing when it is gone.
func (p *Provider) Read(_ context.Context, req plugin.ReadRequest) (plugin.ReadResponse, error) {
	a, err := p.holding(string(req.ID))
	if err != nil {
		return plugin.ReadResponse{}, err
	}
	r := a.Read(string(req.ID))
	if r == nil {
		return plugin.ReadResponse{}, nil
	}
	inputs := req.Inputs.Copy()
	for k := range inputs {
		if v, ok := r.Outputs[k]; ok && k != defaultsKey {
			inputs[k] = v
		}
	}
	return plugin.ReadResponse{ReadResult: plugin.ReadResult{ID: req.ID, Inputs: inputs, Outputs: withDefaults(r.Outputs, req.Inputs)}}, nil
}

// Update changes the resource in place in the simulated account.
func (p *Provider) Update(_ context.Context, req plugin.UpdateRequest) (plugin.UpdateResponse, error) {
	if req.Preview {
		// The old state with the new inputs: what AWS computed stays known.
		props := req.OldOutputs.Copy()
		for k, v := range req.NewInputs {
			props[k] = v
		}
		return plugin.UpdateResponse{Properties: props}, nil
	}
	a, err := p.holding(string(req.ID))
	if err != nil {
		return plugin.UpdateResponse{}, err
	}
	outs, err := a.Update(string(req.ID), withoutDefaults(req.NewInputs))
	if err != nil {
		return plugin.UpdateResponse{}, err
	}
	return plugin.UpdateResponse{Properties: withDefaults(outs, req.NewInputs)}, nil
}

// Delete deletes the resource in the simulated account, waiting (bounded)
// where the provider retries AWS's refusal.
func (p *Provider) Delete(_ context.Context, req plugin.DeleteRequest) (plugin.DeleteResponse, error) {
	a, err := p.holding(string(req.ID))
	if err != nil {
		return plugin.DeleteResponse{}, err
	}
	return plugin.DeleteResponse{}, a.Delete(string(req.ID))
}

// Invoke answers a function from what the simulated account has now.
func (p *Provider) Invoke(_ context.Context, req plugin.InvokeRequest) (plugin.InvokeResponse, error) {
	a, err := p.account()
	if err != nil {
		return plugin.InvokeResponse{}, err
	}
	out, err := a.Invoke(string(req.Tok), req.Args)
	if err != nil {
		return plugin.InvokeResponse{}, err
	}
	return plugin.InvokeResponse{Properties: out}, nil
}
