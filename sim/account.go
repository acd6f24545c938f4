package sim

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/awsrules"
)

// AWS is the simulated AWS: one account in one region and the resources
// that exist in it, with AWS's lifecycle. Create and Update apply AWS's
// input rules (package awsrules) and quotas before they change anything;
// Delete refuses while AWS would (DeleteRules), waiting first where the
// provider retries; Read answers what exists. Both front doors use it: the
// Go SDK's mock monitor (Monitor) and the Pulumi resource provider for
// `aws` (package sim/awsprovider). It is safe for concurrent use, as the
// engine creates and deletes independent resources in parallel.
type AWS struct {
	Region Region
	// AMIRelease is the release of the Amazon Linux images the SSM public
	// parameters name: a later release answers a different AMI ID, as AWS
	// does when it publishes a new image.
	AMIRelease int
	// Patience bounds how long a delete that AWS refuses waits for what
	// blocks it to go, where the provider retries that refusal (the engine
	// deletes independent resources in parallel, so a blocker is often
	// being deleted at the same moment). Zero: refuse at once.
	Patience time.Duration
	// Observe, when set, is told of every operation once it is done,
	// while the simulation holds its lock: it must not block.
	Observe func(Operation)
	// Salt, when set, goes into every seed: accounts with different salts
	// (the simulated provider's regions) never answer the same ID.
	Salt string
	// ReleaseRace, when set, refuses the first release of an Elastic IP
	// whose NAT gateway was just deleted, with AuthFailure, as AWS does for
	// a short while after the deletion (EIPAfterNATRule); the provider does
	// not retry it, so running the command again succeeds.
	ReleaseRace bool

	mu      sync.Mutex
	changed *sync.Cond // broadcast whenever what exists changes
	live    []*Resource
	byID    map[string]*Resource
	// generations counts creations per URN: a replacement is the URN's
	// next generation, with new IDs and names, as AWS gives a new resource.
	generations map[string]int
	// connections are the states of PrivateLink endpoint connections, by
	// endpoint ID: pendingAcceptance, available or rejected.
	connections map[string]string
	// objects counts the objects in each bucket, by bucket name.
	objects map[string]int
	// natFreed are the Elastic IPs whose NAT gateway was deleted, by
	// allocation ID, not yet refused once (ReleaseRace).
	natFreed map[string]bool
	stats    awsrules.RuleStats
	ops      []Operation
}

// Operation is one call the simulated AWS answered.
type Operation struct {
	Op     string // create, read, update, delete, invoke
	Type   string // resource type, or the function's token for an invoke
	Name   string // logical name
	ID     string
	Err    error
	Waited time.Duration // how long a delete waited for its blockers
}

func (o Operation) String() string {
	s := fmt.Sprintf("%-6s %s %s", o.Op, o.Type, o.Name)
	if o.ID != "" {
		s += " (" + o.ID + ")"
	}
	if o.Waited > 0 {
		s += fmt.Sprintf(" after waiting %s", o.Waited.Round(time.Millisecond))
	}
	if o.Err != nil {
		s += ": " + o.Err.Error()
	}
	return s
}

// NewAWS simulates an empty account in one of Regions.
func NewAWS(region string) (*AWS, error) {
	if err := CheckRegion(region); err != nil {
		return nil, err
	}
	reg := Regions[region]
	a := &AWS{Region: reg, byID: map[string]*Resource{}, generations: map[string]int{}, connections: map[string]string{},
		objects: map[string]int{}, natFreed: map[string]bool{}, stats: awsrules.RuleStats{Rules: len(awsrules.Rules())}}
	a.changed = sync.NewCond(&a.mu)
	return a, nil
}

// Create makes a resource exist, as the create call of its type would: it
// judges the request against AWS's input rules and quotas, answers with an
// ID and outputs, and records the resource. r.URN, Type, Name and Inputs
// must be set; Create sets ID and Outputs.
func (a *AWS) Create(r *Resource) (string, resource.PropertyMap, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	r.seed = a.seedOf(r.URN, a.generations[r.URN])
	id, outs, err := a.create(r)
	a.done(Operation{Op: "create", Type: r.Type, Name: r.Name, ID: id, Err: err})
	return id, outs, err
}

func (a *AWS) create(r *Resource) (string, resource.PropertyMap, error) {
	r.ID = ""
	// AWS judges and answers the request the provider makes; the resource
	// keeps the program's inputs, as the provider's state does.
	req := request(r)
	if refusals := a.judge(r, req, true); len(refusals) > 0 {
		return "", nil, &awsrules.RefusalError{Refusals: refusals}
	}
	if err := a.checkQuota(r); err != nil {
		return "", nil, err
	}
	id, outs, err := a.simulate(req, a.lookup)
	if err != nil {
		return "", nil, err
	}
	if a.byID[id] != nil {
		return "", nil, fmt.Errorf("sim: %s %s would take the ID %s of %s", r.Type, r.Name, id, a.byID[id])
	}
	if err := a.afterCreate(r, id); err != nil {
		return "", nil, err
	}
	r.ID, r.Outputs = id, outs
	a.generations[r.URN]++
	a.live = append(a.live, r)
	a.byID[id] = r
	a.changed.Broadcast()
	return id, outs.Copy(), nil
}

// Read returns the resource with that ID as it is now, or nil when it does
// not exist (deleted, or never created).
func (a *AWS) Read(id string) *Resource {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.byID[id]
	op := Operation{Op: "read", ID: id}
	if r != nil {
		op.Type, op.Name = r.Type, r.Name
		a.refresh(r)
		c := *r
		c.Inputs, c.Outputs = r.Inputs.Copy(), r.Outputs.Copy()
		r = &c
	}
	a.done(op)
	return r
}

// Update changes a resource in place, as its modify calls would: the new
// inputs are judged against AWS's input rules (the resource does not
// collide with itself), and the outputs are answered anew. Whether a
// change can be made in place at all is the caller's question
// (Replacements): Update does what it is asked.
func (a *AWS) Update(id string, inputs resource.PropertyMap) (resource.PropertyMap, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.byID[id]
	if old == nil {
		err := fmt.Errorf("sim: update of %s, which does not exist", id)
		a.done(Operation{Op: "update", ID: id, Err: err})
		return nil, err
	}
	next := *old
	next.Inputs = inputs
	outs, err := a.update(old, &next)
	if err == nil {
		old.Inputs, old.Outputs = next.Inputs, outs
		a.changed.Broadcast()
		outs = outs.Copy()
	}
	a.done(Operation{Op: "update", Type: old.Type, Name: old.Name, ID: id, Err: err})
	return outs, err
}

func (a *AWS) update(old, r *Resource) (resource.PropertyMap, error) {
	req := request(r)
	if refusals := a.judge(r, req, true); len(refusals) > 0 {
		return nil, &awsrules.RefusalError{Refusals: refusals}
	}
	if err := a.modifyRefusal(old, r); err != nil {
		return nil, err
	}
	id, outs, err := a.simulate(req, a.lookup)
	if err != nil {
		return nil, err
	}
	if id != r.ID {
		return nil, fmt.Errorf("sim: updating %s would change its ID from %s to %s; that is a replacement", r, r.ID, id)
	}
	return outs, nil
}

// Delete removes a resource, as its delete call would: while AWS refuses
// (DeleteRules) and the provider retries that refusal, it waits up to
// Patience for what blocks it to go; then it fails with AWS's error. A
// resource that does not exist is gone already: no error, as the provider
// treats NotFound on delete.
func (a *AWS) Delete(id string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	r := a.byID[id]
	if r == nil {
		a.done(Operation{Op: "delete", ID: id})
		return nil
	}
	if a.natFreed[id] {
		// Refused once only: the next attempt finds the address released by AWS.
		delete(a.natFreed, id)
		refusal := &DeleteRefusal{Rule: EIPAfterNATRule, Resource: r}
		refusal.seal(0)
		a.done(Operation{Op: "delete", Type: r.Type, Name: r.Name, ID: id, Err: refusal})
		return refusal
	}
	a.prepare(r)
	start := time.Now()
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		refusal := a.deleteRefusal(r)
		if refusal == nil {
			break
		}
		// Wait no longer than the provider retries, nor than Patience.
		wait := a.Patience
		if refusal.Rule.Retry != nil {
			wait = min(wait, refusal.Rule.Retry.Timeout)
		}
		if refusal.Rule.Retry == nil || time.Since(start) >= wait {
			refusal.seal(time.Since(start))
			a.done(Operation{Op: "delete", Type: r.Type, Name: r.Name, ID: id, Err: refusal, Waited: refusal.Waited})
			return refusal
		}
		if timer == nil {
			// Wake the wait at the deadline even if nothing else changes.
			timer = time.AfterFunc(wait-time.Since(start), func() { a.mu.Lock(); a.changed.Broadcast(); a.mu.Unlock() })
		}
		a.changed.Wait()
		if a.byID[id] != r {
			a.done(Operation{Op: "delete", Type: r.Type, Name: r.Name, ID: id, Waited: time.Since(start)})
			return nil // gone meanwhile (deleted along with another resource)
		}
	}
	op := Operation{Op: "delete", Type: r.Type, Name: r.Name, ID: id}
	if timer != nil {
		op.Waited = time.Since(start)
	}
	a.remove(r)
	a.done(op)
	return nil
}

// remove forgets a deleted resource and applies what its deletion does to
// the resources that remain.
func (a *AWS) remove(r *Resource) {
	a.afterDelete(r)
	a.forget(r)
	delete(a.connections, r.ID)
	a.changed.Broadcast()
}

// Invoke answers a provider function call with what exists now.
func (a *AWS) Invoke(token string, args resource.PropertyMap) (resource.PropertyMap, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out, err := a.invoke(token, args)
	a.done(Operation{Op: "invoke", Type: token, Err: err})
	return out, err
}

// Live returns the resources that exist, in creation order (awsrules.Env);
// the caller holds the lock.
func (a *AWS) Live() []*awsrules.Resource {
	out := make([]*awsrules.Resource, len(a.live))
	for i, r := range a.live {
		out[i] = &r.Resource
	}
	return out
}

// Has reports whether a resource with that ID exists.
func (a *AWS) Has(id string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.byID[id] != nil
}

// Judge applies the input rules that judge a request by itself
// (awsrules.CheckRequest) without making it, as the provider's Check does:
// those that judge it against other resources wait for Create and Update,
// when the resources it depends on are as the update leaves them.
func (a *AWS) Judge(r *Resource) []awsrules.Refusal {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.judge(r, request(r), false)
}

// judge applies AWS's input rules to the request the provider makes for r:
// all of them (awsrules.Check, at create and update), or only those that
// judge the request by itself (awsrules.CheckRequest, the provider's
// Check). A refusal of a request without an input the program gave says
// that the provider left it out. The caller holds the lock.
func (a *AWS) judge(r, req *Resource, all bool) []awsrules.Refusal {
	var refusals []awsrules.Refusal
	if all {
		refusals = awsrules.Check(a, &req.Resource, &a.stats)
	} else {
		refusals = awsrules.CheckRequest(a, &req.Resource, &a.stats)
	}
	if req != r {
		for i := range refusals {
			if !strings.HasPrefix(refusals[i].Property, "dnsOptions") {
				continue
			}
			refusals[i].Reason += "; the aws provider sends dnsOptions.privateDnsOnlyForInboundResolverEndpoint only for S3 interface endpoints, " +
				"so AWS never saw the program's value (" + srcEndpointS3Only + ")"
		}
	}
	return refusals
}

// Resources returns a snapshot of the resources that exist, by URN.
func (a *AWS) Resources() []*Resource {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]*Resource, len(a.live))
	for i, r := range a.live {
		c := *r
		c.Inputs, c.Outputs = r.Inputs.Copy(), r.Outputs.Copy()
		out[i] = &c
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].URN < out[j].URN })
	return out
}

// Operations returns what the simulated AWS has answered so far.
func (a *AWS) Operations() []Operation {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Operation(nil), a.ops...)
}

// RuleStats returns what the AWS input rules did so far.
func (a *AWS) RuleStats() awsrules.RuleStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.stats
}

// PutObjects stores n objects in a bucket, as a learner's `aws s3 cp`
// would: a bucket with objects refuses to be deleted unless forceDestroy.
func (a *AWS) PutObjects(bucket string, n int) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if b := a.byID[bucket]; b == nil || b.Type != "aws:s3/bucket:Bucket" {
		return fmt.Errorf("NoSuchBucket: %s", bucket)
	}
	a.objects[bucket] += n
	return nil
}

// RegionInfo, Lookup and Autoname answer the input rules (awsrules.Env);
// the caller holds the lock.
func (a *AWS) RegionInfo() awsrules.Region {
	return awsrules.Region{Name: a.Region.Name, AZs: a.Region.AZs, AZIDs: a.Region.AZIDs}
}

func (a *AWS) Lookup(id string) *awsrules.Resource {
	if r := a.byID[id]; r != nil {
		return &r.Resource
	}
	return nil
}

func (a *AWS) Autoname(r *awsrules.Resource) string {
	seed := a.seedOf(r.URN, a.generations[r.URN])
	if x := a.byID[r.ID]; r.ID != "" && x != nil {
		seed = x.seed
	}
	return Autoname(r.Name, seed)
}

func (a *AWS) lookup(id string) *Resource { return a.byID[id] }

func (a *AWS) done(op Operation) {
	a.ops = append(a.ops, op)
	if a.Observe != nil {
		a.Observe(op)
	}
}

// seedOf is what a resource's IDs, addresses and names derive from: its
// URN for the first creation (so every run answers the same IDs), and the
// URN with the generation for later ones; with the account's salt.
func (a *AWS) seedOf(urn string, generation int) string {
	seed := urn + a.Salt
	if generation == 0 {
		return seed
	}
	return seed + "#" + strconv.Itoa(generation+1)
}

// DeleteRefusal is AWS refusing to delete a resource that something still
// depends on.
type DeleteRefusal struct {
	Rule     *DeleteRule
	Resource *Resource
	Blockers []*Resource
	Waited   time.Duration
	msg      string
}

// seal writes the message while the simulation's lock is held, so the
// refusal says what blocked the delete at that moment.
func (e *DeleteRefusal) seal(waited time.Duration) {
	e.Waited = waited
	var names []string
	for _, b := range e.Blockers {
		names = append(names, b.Type+" "+b.Name+" ("+b.ID+")")
	}
	e.msg = fmt.Sprintf("%s %s: %s: %s [%s %s]", e.Resource.Type, e.Resource.Name, e.Rule.Code, e.Rule.message(e.Resource, names), e.Rule.ID, e.Rule.Source)
	if e.Rule.Retry != nil {
		e.msg += fmt.Sprintf("; the provider retries this for up to %s (%s); the simulation waited %s for it to clear",
			e.Rule.Retry.Timeout, e.Rule.Retry.Source, waited.Round(time.Millisecond))
	}
}

func (e *DeleteRefusal) Error() string { return e.msg }
