// Package guard checks a lab's recorded resource graph against vpclab's
// security and reliability rules (security.md §1.11), each cross-referenced to
// the checkov, trivy, AWS Foundational Security Best Practices, cdk-nag and
// awsguard checks it stands for.
//
// A finding is accepted only by an exception recorded where the choice was
// made: a tag vpclab:exception:<RULE-ID> = reason on the resource, set by the
// component or lab that chose it (see components.Exceptions). Accepted
// findings are reported with their reason, never dropped.
//
// The rules are plain Go over sim.Graph rather than a Pulumi CrossGuard pack
// (sdk/go/pulumi/policyx): a Go policy pack runs only under `pulumi preview
// --policy-pack` with the Go language host, which cannot be fetched or run
// here, so nothing here could prove such a pack works; plain functions over
// the simulated graph are tested on every stack.
package guard

import (
	"fmt"
	"sort"
	"strings"

	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

// Severity of a rule.
type Severity string

const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
)

// Rule is one guardrail.
type Rule struct {
	ID       string
	Title    string
	Severity Severity
	Refs     []string // scanner and standard IDs it stands for
	check    func(c *checkCtx) []violation
}

type violation struct {
	r      *sim.Resource
	detail string
}

// Finding is one rule broken by one resource.
type Finding struct {
	Rule      string   `json:"rule"`
	Title     string   `json:"title"`
	Severity  Severity `json:"severity"`
	Refs      []string `json:"refs"`
	Resource  string   `json:"resource"` // "<type> <name>"
	Detail    string   `json:"detail"`
	Exception string   `json:"exception,omitempty"` // the recorded reason, if accepted
}

func (f Finding) String() string {
	s := fmt.Sprintf("%s %-8s %s: %s (%s)", f.Rule, f.Severity, f.Resource, f.Detail, strings.Join(f.Refs, ", "))
	if f.Exception != "" {
		s += " — exception: " + f.Exception
	}
	return s
}

// Report is the outcome of checking one graph.
type Report struct {
	Findings []Finding
	// Checked counts, per rule, the resources it looked at.
	Checked map[string]int
}

// Unexplained returns the findings without an exception.
func (r Report) Unexplained() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Exception == "" {
			out = append(out, f)
		}
	}
	return out
}

// Excepted returns the findings accepted by an exception.
func (r Report) Excepted() []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Exception != "" {
			out = append(out, f)
		}
	}
	return out
}

// Check runs every rule over a simulated run.
func Check(res *sim.Result) Report {
	c := newCheckCtx(res)
	rep := Report{Checked: map[string]int{}}
	for _, rule := range Rules() {
		c.checked = 0
		for _, v := range rule.check(c) {
			rep.Findings = append(rep.Findings, Finding{
				Rule: rule.ID, Title: rule.Title, Severity: rule.Severity, Refs: rule.Refs,
				Resource: v.r.Type + " " + v.r.Name, Detail: v.detail,
				Exception: v.r.Tag(components.ExceptionTagPrefix + rule.ID),
			})
		}
		rep.Checked[rule.ID] = c.checked
	}
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		if rep.Findings[i].Rule != rep.Findings[j].Rule {
			return rep.Findings[i].Rule < rep.Findings[j].Rule
		}
		return rep.Findings[i].Resource < rep.Findings[j].Resource
	})
	return rep
}

// Exceptions lists every exception tag in the graph as "<RULE-ID> <resource>",
// so callers can check that each names a rule that exists.
func Exceptions(g *sim.Graph) map[string]string {
	out := map[string]string{}
	for _, r := range g.Resources {
		for k, v := range r.Object("tags") {
			if id, ok := strings.CutPrefix(string(k), components.ExceptionTagPrefix); ok {
				out[id+" "+r.Type+" "+r.Name] = sim.Str(v)
			}
		}
	}
	return out
}
