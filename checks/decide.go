package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/iam"
)

// Component types whose instances the checks act from.
const (
	typeBastionPair = "vpclab:index:BastionPair"
	typeWebServers  = "vpclab:index:WebServers"
	typeInstance    = "aws:ec2/instance:Instance"
)

// Request is one request of a check and IAM's answer to it.
type Request struct {
	Who string `json:"who"` // the actor, e.g. "access-private (role access-private-role-1a2b3c4)"
	iam.Request
	Path     string       `json:"path"` // e.g. "through s3-endpoint (vpce-0…)", "over the internet", "no route"
	Reached  bool         `json:"reached"`
	Decision iam.Decision `json:"-"`
	// Answer and DecidedBy are the Decision in words, for JSON readers.
	Answer    string      `json:"answer"`
	DecidedBy []iam.Layer `json:"decidedBy"`
}

// Allowed reports a request that leaves its subnet and that IAM allows.
func (r Request) Allowed() bool { return r.Reached && r.Decision.Allowed }

// Outcome is one check decided on one stack.
type Outcome struct {
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	Source   string      `json:"source"`
	Expected Expectation `json:"expected"`
	Decided  string      `json:"decided"` // allow, deny, or mixed
	// Step is set when the lab's current step expects the guide's check to
	// fail (labs.Step.Expect): the check then expects the opposite answer.
	Step     string    `json:"step,omitempty"`
	OK       bool      `json:"ok"`
	Requests []Request `json:"requests"`
}

// Decide runs every check of the catalogue that applies to a simulated run.
// It fails when the run's policies cannot be read or a check cannot be
// decided exactly (an unknown condition key, an unknown principal…).
func Decide(res *sim.Result) ([]Outcome, error) {
	e, err := newEnv(res)
	if err != nil {
		return nil, err
	}
	var out []Outcome
	for _, c := range Catalogue {
		if len(c.Labs) > 0 && !contains(c.Labs, e.cfg("lab")) {
			continue
		}
		reqs, skip, err := c.build(e)
		if err != nil {
			return nil, fmt.Errorf("check %s: %w", c.ID, err)
		}
		step, tracked, shown, stepFails := e.stepExpectation(c)
		if skip != "" || (tracked && !shown) {
			// Not built here, or a guide check the lab's steps track but this
			// step does not show (the bucket policy before the guide adds it).
			continue
		}
		o := Outcome{ID: c.ID, Title: c.Title, Source: c.Source, Expected: c.Expect, Requests: reqs, OK: true}
		allowed := 0
		for i, r := range reqs {
			reqs[i].Answer, reqs[i].DecidedBy = r.Decision.String(), r.Decision.DecidedBy()
			if r.Allowed() {
				allowed++
			}
			switch c.Expect {
			case Allow:
				o.OK = o.OK && r.Allowed()
			case Deny:
				// A negative check is about IAM: the request must get to AWS
				// and be refused there, not merely fail to leave the subnet.
				o.OK = o.OK && r.Reached && !r.Decision.Allowed
			}
		}
		if stepFails {
			// The guide shows this check failing here (no endpoint yet, no
			// bucket policy yet…): the answer must be the opposite one.
			o.Step, o.OK = step, !o.OK
		}
		switch allowed {
		case len(reqs):
			o.Decided = string(Allow)
		case 0:
			o.Decided = string(Deny)
		default:
			o.Decided = "mixed"
		}
		out = append(out, o)
	}
	return out, nil
}

// env is what the checks need from one run.
type env struct {
	res       *sim.Result
	acct      *iam.Account
	deployer  string
	bucketARN string
	private   *sim.Resource
	bastion   *sim.Resource
	web       []*sim.Resource
}

func newEnv(res *sim.Result) (*env, error) {
	acct, err := iam.FromGraph(res.Graph, sim.Account, res.Region.Name)
	if err != nil {
		return nil, err
	}
	e := &env{res: res, acct: acct, deployer: callerARN(res)}
	acct.AddPrincipal(e.deployer, iam.AdministratorAccess())
	acct.AddPrincipal(fmt.Sprintf("arn:aws:iam::%s:%s", sim.Account, otherAdminRole), iam.AdministratorAccess())
	acct.AddBucket(iam.ExternalBucket{Name: otherBucket, Owner: otherAccount})
	if b, ok := res.Exports["bucketName"].(string); ok && b != "" {
		e.bucketARN = "arn:aws:s3:::" + b
	}
	g := res.Graph
	for _, r := range g.OfType(typeInstance) {
		parent := g.ByURN(r.Parent)
		switch {
		case parent == nil:
		case parent.Type == typeBastionPair && r.Name == parent.Name+"-private":
			e.private = r
		case parent.Type == typeBastionPair && r.Name == parent.Name+"-bastion":
			e.bastion = r
		case parent.Type == typeWebServers:
			e.web = append(e.web, r)
		}
	}
	return e, nil
}

// callerARN is the deployer: the caller identity the program was answered,
// or the simulation's deployer when the program never asked.
func callerARN(res *sim.Result) string {
	for _, inv := range res.Invokes {
		if inv.Token == "aws:index/getCallerIdentity:getCallerIdentity" && inv.Result != nil {
			return sim.Str(inv.Result["arn"])
		}
	}
	return sim.CallerARN
}

func (e *env) cfg(key string) string { return e.res.Config["vpclab:"+key] }

// stepExpectation is what the lab's current step says of a check (or of the
// guide check it follows): tracked reports that some step of the lab lists
// it, shown that the current one does, and fail that it expects a failure.
func (e *env) stepExpectation(c Check) (step string, tracked, shown, fail bool) {
	lab, ok := labs.LabByName(e.cfg("lab"))
	step, _ = e.res.Exports["step"].(string)
	if !ok || step == "" {
		return "", false, false, false
	}
	id := c.StepCheck
	if id == "" {
		id = c.ID
	}
	for _, s := range lab.Steps {
		for _, x := range s.Expect {
			if x.Check != id {
				continue
			}
			tracked = true
			if s.Name == step {
				shown, fail = true, x.Want == labs.Fail
			}
		}
	}
	return step, tracked, shown, fail
}

// privateViaS3Endpoint is the private instance when the lab has a bucket and
// the instance's S3 traffic goes through a gateway endpoint.
func (e *env) privateViaS3Endpoint() (*sim.Resource, string) {
	switch {
	case e.bucketARN == "":
		return nil, "no lab bucket"
	case e.private == nil:
		return nil, "no private instance"
	}
	p, err := e.acct.PathFrom(e.private, "s3")
	if err != nil || p.Endpoint == nil || p.Endpoint.Str("vpcEndpointType") != "Gateway" {
		return nil, "the private instance's S3 traffic does not go through a gateway endpoint (the guide's \"before\" state)"
	}
	return e.private, ""
}

// ssmTarget is the private instance when the lab reaches it through Session
// Manager (the ssmCommand output, as vpclab verify reads it).
func (e *env) ssmTarget() (*sim.Resource, string) {
	if s, _ := e.res.Exports["ssmCommand"].(string); s == "" {
		return nil, "Session Manager is not the lab's access (vpclab:access ssh)"
	}
	if e.private == nil {
		return nil, "no private instance"
	}
	return e.private, ""
}

// all runs the request builders and keeps the first error.
func (e *env) all(fs ...func() (Request, error)) ([]Request, string, error) {
	var out []Request
	for _, f := range fs {
		r, err := f()
		if err != nil {
			return nil, "", err
		}
		out = append(out, r)
	}
	return out, "", nil
}

// fromInstance is a request signed with the instance's role, over the path
// the instance's subnet gives the action's service.
func (e *env) fromInstance(in *sim.Resource, action, resource string, tls bool) func() (Request, error) {
	return func() (Request, error) {
		role, err := e.acct.RoleOf(in)
		if err != nil {
			return Request{}, err
		}
		return e.decide(in, role, in.Name+" (role "+roleName(role)+")", action, resource, tls)
	}
}

// anonymousFromInstance is an unsigned request from the instance (dnf).
func (e *env) anonymousFromInstance(in *sim.Resource, action, resource string) func() (Request, error) {
	return func() (Request, error) {
		return e.decide(in, "", in.Name+" (anonymous: dnf signs nothing)", action, resource, true)
	}
}

func (e *env) decide(in *sim.Resource, principal, who, action, resource string, tls bool) (Request, error) {
	service, _, _ := strings.Cut(action, ":")
	path, err := e.acct.PathFrom(in, service)
	if err != nil {
		return Request{}, err
	}
	r := Request{Who: who, Path: path.String(), Reached: path.Reachable(), Request: iam.Request{
		Principal: principal, Action: action, Resource: resource, Context: iam.NewContext(principal, path.EndpointID(), path.VpcID, tls),
	}}
	if r.Decision, err = e.acct.Decide(r.Request); err != nil {
		return Request{}, fmt.Errorf("%s %s %s: %w", who, action, resource, err)
	}
	return r, nil
}

// fromLaptop is a request signed by a principal outside the VPC: over the
// internet, through no endpoint.
func (e *env) fromLaptop(principal, action, resource string) func() (Request, error) {
	return func() (Request, error) {
		r := Request{Who: principal + " (from a laptop)", Path: "over the internet", Reached: true, Request: iam.Request{
			Principal: principal, Action: action, Resource: resource, Context: iam.NewContext(principal, "", "", true),
		}}
		var err error
		if r.Decision, err = e.acct.Decide(r.Request); err != nil {
			return Request{}, fmt.Errorf("%s %s %s: %w", principal, action, resource, err)
		}
		return r, nil
	}
}

func roleName(arn string) string {
	_, name, _ := strings.Cut(arn, ":role/")
	return name
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// Render prints the outcomes as plan's "IAM decisions" section.
func Render(outcomes []Outcome) string { return RenderIn(outcomes, i18n.En) }

// RenderIn writes the outcomes in a language: the catalogue's words around
// the checks' own titles and sources in that language, the requests' names,
// actions and ARNs as they are.
func RenderIn(outcomes []Outcome, lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString(lang.T(i18n.IAMHeader))
	if len(outcomes) == 0 {
		b.WriteString(lang.T(i18n.IAMNone))
		return b.String()
	}
	word := func(e string) string {
		switch Expectation(e) {
		case Allow:
			return lang.T(i18n.WordAllow)
		case Deny:
			return lang.T(i18n.WordDeny)
		}
		return lang.T(i18n.WordMixed)
	}
	for _, o := range outcomes {
		mark := lang.T(i18n.IAMOK)
		if !o.OK {
			mark = lang.T(i18n.IAMFail)
		}
		expected := word(string(o.Expected))
		if o.Step != "" {
			expected = lang.T(i18n.IAMNotAtStep, expected, o.Step)
		}
		title, source := o.Title, o.Source
		for _, c := range Catalogue {
			if c.ID == o.ID && lang == i18n.Ko {
				title, source = c.TitleKo, c.SourceKo
			}
		}
		fmt.Fprint(&b, lang.T(i18n.IAMLine, mark, o.ID, expected, word(o.Decided), title, source))
		for _, r := range o.Requests {
			answer := i18n.Localize(lang, r.Decision.String())
			if !r.Reached {
				answer = lang.T(i18n.IAMNotSent, answer)
			}
			fmt.Fprint(&b, lang.T(i18n.IAMRequest, r.Action, r.Resource, i18n.Localize(lang, r.Who), i18n.Localize(lang, r.Path), answer))
		}
	}
	return b.String()
}

// Failed returns the outcomes that did not get their expected answer.
func Failed(outcomes []Outcome) []Outcome {
	var out []Outcome
	for _, o := range outcomes {
		if !o.OK {
			out = append(out, o)
		}
	}
	return out
}

// IDs lists the outcomes' check IDs, sorted.
func IDs(outcomes []Outcome) []string {
	var out []string
	for _, o := range outcomes {
		out = append(out, o.ID)
	}
	sort.Strings(out)
	return out
}
