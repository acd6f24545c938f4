// Package verify runs a lab's guide checks on a deployed stack and compares
// each check's outcome with the outcome the guide expects at the stack's step.
//
// A check has a stable ID (the IDs the lab steps use in their expectations)
// and shows pass or fail. The guide expects some checks to fail — before the
// gateway endpoint the private instance must not reach S3 — and such a check
// meets its expectation only when it fails for the reason the guide means (the
// S3 request times out for want of a route), never because verify could not
// look (the instance was unreachable, the AWS API refused).
//
// Checks run in three places: on the lab's private instance through a Runner
// (SSM Run Command when the stack has Session Manager, otherwise SSH through
// the bastion with keys pushed by EC2 Instance Connect), against the AWS APIs
// with the caller's credentials (route tables, endpoint and bucket policies,
// endpoint service state), and from the caller's machine (the internet-facing
// NLB).
package verify

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Outputs are a stack's outputs as `pulumi stack output --json` prints them.
type Outputs map[string]any

func (o Outputs) str(k string) string {
	switch v := o[k].(type) {
	case string:
		return v
	case float64:
		return fmt.Sprint(v)
	case int:
		return fmt.Sprint(v)
	}
	return ""
}

func (o Outputs) list(k string) []string {
	var out []string
	switch v := o[k].(type) {
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
	case []string:
		out = v
	}
	return out
}

// Access is how the stack lets its private instance be reached: the access
// output, or for stacks deployed before it existed, what the outputs show.
func (o Outputs) Access() string {
	if a := o.str("access"); a != "" {
		return a
	}
	switch ssm, bastion := o.str("ssmCommand") != "", o.str("bastionPublicIp") != ""; {
	case ssm && bastion:
		return "both"
	case bastion:
		return "ssh"
	}
	return "ssm"
}

// Outcome is what a check shows, in the guide's terms.
type Outcome string

const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
)

// Reason says why a check failed.
type Reason string

const (
	NoPath             Reason = "no network path"
	Denied             Reason = "access denied"
	InternetAnswered   Reason = "the internet answered"
	NotThroughNAT      Reason = "egress not through the NAT gateway"
	PublicAddresses    Reason = "resolves outside the VPC"
	NoRoute            Reason = "no prefix-list route to the endpoint"
	NoS3Endpoint       Reason = "no S3 gateway endpoint"
	AllowsOtherBuckets Reason = "the endpoint policy allows other buckets"
	LabBucketNotAllow  Reason = "the endpoint policy does not allow the lab bucket"
	NoEndpointDeny     Reason = "the bucket policy does not require the endpoint"
	NotOnline          Reason = "the agent is not online"
	NoService          Reason = "no endpoint service"
	NoConsumerEndpoint Reason = "no consumer endpoint"
	AlreadyAccepted    Reason = "the connection is accepted"
	OtherState         Reason = "the endpoint is in another state"
	WrongPage          Reason = "another page answered"
	BastionUnreachable Reason = "the bastion does not answer SSH"
	PrivateUnreachable Reason = "the private instance does not answer SSH from the bastion"
	NoBastion          Reason = "no bastion"
)

// Observation is what a check saw. Outcome "" means the check could not tell.
type Observation struct {
	Outcome Outcome
	Reason  Reason // set when Outcome is Fail
	Detail  string
	// Blocked: the check needed the instance and the instance could not be reached.
	Blocked bool
}

func passed(format string, a ...any) Observation {
	return Observation{Outcome: Pass, Detail: fmt.Sprintf(format, a...)}
}

func failed(r Reason, format string, a ...any) Observation {
	return Observation{Outcome: Fail, Reason: r, Detail: fmt.Sprintf(format, a...)}
}

func unknown(format string, a ...any) Observation {
	return Observation{Detail: fmt.Sprintf(format, a...)}
}

// Expect is one check with the outcome expected of it.
type Expect struct {
	Check string
	Want  Outcome
	// From says where the expectation comes from, e.g. "step gateway-endpoint"
	// or "stack outputs".
	From string
}

// Verdict compares an observation with its expectation.
type Verdict string

const (
	Met     Verdict = "ok"
	NotMet  Verdict = "NOT MET"
	Unknown Verdict = "UNKNOWN" // the check could not tell: not verified
	Skipped Verdict = "skipped" // the step leaves the instance unreachable on purpose
)

// Result is one expectation with what the check saw.
type Result struct {
	Check   string
	Title   string
	Want    Outcome
	From    string
	Got     Observation
	Verdict Verdict
	// Note explains a verdict that is not read off the outcome alone.
	Note string
	// Waited is how long the check waited for a change to settle.
	Waited time.Duration
}

func (r Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %-28s expect %s", r.Verdict, r.Check, r.Want)
	if r.From != "" {
		fmt.Fprintf(&b, " (%s)", r.From)
	}
	b.WriteString(", ")
	switch {
	case r.Verdict == Skipped:
		b.WriteString("not checked")
	case r.Got.Outcome == "":
		b.WriteString("could not check")
	case r.Got.Outcome == Fail:
		fmt.Fprintf(&b, "got fail (%s)", r.Got.Reason)
	default:
		b.WriteString("got pass")
	}
	if r.Got.Detail != "" {
		b.WriteString(": " + r.Got.Detail)
	}
	if r.Note != "" {
		b.WriteString(" — " + r.Note)
	}
	return b.String()
}

// Report is one verification run.
type Report struct {
	Lab string
	// Step is the step the stack reports, "" for a stack without steps.
	Step string
	// Transport says how instance checks reached the instance.
	Transport string
	Results   []Result
}

// OK reports whether every expectation was met (skipped ones aside).
func (r Report) OK() bool {
	for _, res := range r.Results {
		if res.Verdict != Met && res.Verdict != Skipped {
			return false
		}
	}
	return true
}

// Result returns the result of a check, if it ran.
func (r Report) Result(check string) (Result, bool) {
	i := slices.IndexFunc(r.Results, func(res Result) bool { return res.Check == check })
	if i < 0 {
		return Result{}, false
	}
	return r.Results[i], true
}

func (r Report) String() string {
	var b strings.Builder
	for _, res := range r.Results {
		b.WriteString(res.String() + "\n")
	}
	counts := map[Verdict]int{}
	for _, res := range r.Results {
		counts[res.Verdict]++
	}
	fmt.Fprintf(&b, "%d of %d expectations met", counts[Met], len(r.Results))
	for _, v := range []Verdict{NotMet, Unknown, Skipped} {
		if counts[v] > 0 {
			fmt.Fprintf(&b, ", %d %s", counts[v], strings.ToLower(string(v)))
		}
	}
	b.WriteString("\n")
	return b.String()
}

// HTTPResponse is what an HTTP GET from this machine returned.
type HTTPResponse struct {
	Status int
	Body   string
}

// Verifier runs checks with the clients it is given; tests give it fakes.
type Verifier struct {
	SSM     SSM
	EC2     EC2
	S3      S3
	Connect InstanceConnect
	// Dial opens the TCP connection to the bastion (nil: a net.Dialer).
	Dial func(ctx context.Context, network, addr string) (net.Conn, error)
	// HTTPGet fetches a URL from this machine (nil: net/http with a timeout).
	HTTPGet func(ctx context.Context, url string) (HTTPResponse, error)
	// Sleep waits between SSM polls and while a change settles (nil:
	// time.Sleep); Polls bounds the SSM polls (0: 60).
	Sleep func(time.Duration)
	Polls int
	// Now tells the time for the settling waits (nil: time.Now).
	Now func() time.Time
	// Log is told what verify waits for (nil: nothing).
	Log func(msg string)
	// NoWait turns off the settling waits (Settle).
	NoWait bool
}

// Settle is a change AWS documents as applied eventually: a check whose
// observation could be the old state is run again, every Interval, until it
// shows the expectation or Max has passed.
type Settle struct {
	What     string        // "the endpoint policy to apply"
	Max      time.Duration // how long AWS says it may take, bounded
	Interval time.Duration
	Source   string
	// stale says whether an observation may be the old state.
	stale func(want Outcome, got Observation) bool
}

func (v *Verifier) now() time.Time {
	if v.Now != nil {
		return v.Now()
	}
	return time.Now()
}

func (v *Verifier) sleep(d time.Duration) {
	if v.Sleep != nil {
		v.Sleep(d)
		return
	}
	time.Sleep(d)
}

func (v *Verifier) log(format string, a ...any) {
	if v.Log != nil {
		v.Log(fmt.Sprintf(format, a...))
	}
}

// settled runs a check again while its observation may be a change AWS has
// not applied yet, up to the settle's bound, and says how long it waited.
func (v *Verifier) settled(ctx context.Context, e *env, c check, want Outcome, got Observation) (Observation, time.Duration) {
	s := c.settle
	if s == nil || v.NoWait || !s.stale(want, got) {
		return got, 0
	}
	v.log("%s: waiting up to %s for %s (%s)", c.id, minutes(s.Max), s.What, s.Source)
	start := v.now()
	for s.stale(want, got) && v.now().Sub(start) < s.Max && ctx.Err() == nil {
		v.sleep(s.Interval)
		got = c.run(ctx, e)
	}
	waited := v.now().Sub(start)
	v.log("%s: waited %s for %s", c.id, waited.Round(time.Second), s.What)
	return got, waited
}

// minutes renders a bound the way people say it: "5 min".
func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return d.String()
}

func (v *Verifier) httpGet(ctx context.Context, url string) (HTTPResponse, error) {
	if v.HTTPGet != nil {
		return v.HTTPGet(ctx, url)
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return HTTPResponse{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return HTTPResponse{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return HTTPResponse{Status: resp.StatusCode, Body: string(body)}, err
}

// env is what a check runs against.
type env struct {
	v   *Verifier
	out Outputs
	// instance runs scripts on the private instance; nil when it is unreachable.
	instance Runner
	// unreachable says why instance is nil.
	unreachable string
	// ssh is the SSH transport when the stack is reached by SSH only.
	ssh *SSHRunner
}

// shell runs a check's script on the instance; the script starts with a
// comment naming the check, so the instance's command history says what ran.
func (e *env) shell(ctx context.Context, id, script string) (Output, *Observation) {
	if e.instance == nil {
		o := Observation{Detail: "not run: " + e.unreachable, Blocked: true}
		return Output{}, &o
	}
	out, err := e.instance.Run(ctx, "# vpclab verify: "+id+"\n"+script)
	if err != nil {
		o := unknown("%v", err)
		return Output{}, &o
	}
	return out, nil
}

// Verify runs the expected checks and compares each outcome with its
// expectation. The instance is reached through the transport the stack's
// access mode allows; the transport's own check (SSM-ONLINE or
// SSH-THROUGH-BASTION) is added, expecting pass, when the list lacks it.
func (v *Verifier) Verify(ctx context.Context, out Outputs, expects []Expect) Report {
	rep := Report{Lab: out.str("lab"), Step: out.str("step")}
	expects = slices.Clone(expects)
	want := func(id string) (Expect, bool) {
		i := slices.IndexFunc(expects, func(e Expect) bool { return e.Check == id })
		if i < 0 {
			return Expect{}, false
		}
		return expects[i], true
	}

	e := &env{v: v, out: out}
	instance := out.str("privateInstanceId")
	var transport string
	var runner Runner
	switch {
	case instance == "":
		e.unreachable = "the stack has no privateInstanceId output: is this a vpclab stack after `pulumi up`?"
	case out.Access() == "ssh":
		transport = checkSSH
		ssh, err := v.sshRunner(out)
		if err != nil {
			e.unreachable = err.Error()
		} else {
			runner, e.ssh = ssh, ssh
			defer ssh.Close()
			rep.Transport = ssh.String()
		}
	default:
		transport = checkSSMOnline
		runner = v.ssmRunner(instance)
		rep.Transport = fmt.Sprintf("SSM Run Command on %s", instance)
	}
	if transport != "" {
		if _, ok := want(transport); !ok {
			expects = append([]Expect{{Check: transport, Want: Pass, From: "needed to reach the instance"}}, expects...)
		}
	}

	results := make([]Result, len(expects))
	// The transport check first: it decides whether instance checks can run.
	order := make([]int, 0, len(expects))
	for i, x := range expects {
		if x.Check == transport {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	transportExpectedDown := false
	for _, i := range order {
		x := expects[i]
		res := Result{Check: x.Check, Want: x.Want, From: x.From}
		c, ok := checkByID(x.Check)
		if !ok {
			res.Got, res.Verdict = unknown("verify has no check %q", x.Check), Unknown
			results[i] = res
			continue
		}
		res.Title = c.title
		if x.Check == transport {
			res.Got, res.Waited = v.settled(ctx, e, c, x.Want, c.run(ctx, e))
			if res.Got.Outcome == Pass && e.unreachable == "" {
				e.instance = runner
			} else if e.unreachable == "" {
				e.unreachable = fmt.Sprintf("%s did not pass", transport)
			}
			transportExpectedDown = x.Want == Fail && judge(c, x.Want, res.Got) == Met
		} else {
			res.Got, res.Waited = v.settled(ctx, e, c, x.Want, c.run(ctx, e))
		}
		res.Verdict = judge(c, x.Want, res.Got)
		switch {
		case res.Got.Blocked && transportExpectedDown:
			res.Verdict, res.Note = Skipped, "this step leaves the instance unreachable ("+transport+" is expected to fail)"
		case res.Verdict == NotMet && res.Got.Outcome == Fail && x.Want == Fail:
			res.Note = "the guide's failure is: " + reasons(c.guideFails)
		}
		if res.Waited > 0 {
			note := fmt.Sprintf("waited %s of up to %s for %s", res.Waited.Round(time.Second), minutes(c.settle.Max), c.settle.What)
			res.Note = strings.TrimPrefix(res.Note+"; "+note, "; ")
		}
		results[i] = res
	}
	rep.Results = results
	return rep
}

// judge compares an observation with the outcome wanted of check c.
func judge(c check, want Outcome, got Observation) Verdict {
	switch {
	case got.Outcome == "":
		return Unknown
	case got.Outcome != want:
		return NotMet
	case want == Fail && !slices.Contains(c.guideFails, got.Reason):
		return NotMet
	}
	return Met
}

func reasons(rs []Reason) string {
	var s []string
	for _, r := range rs {
		s = append(s, string(r))
	}
	return strings.Join(s, " or ")
}
