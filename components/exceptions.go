package components

import (
	"fmt"
	"regexp"
	"sort"
)

// ExceptionTagPrefix starts the tag that records an accepted guardrail
// finding on a resource: vpclab:exception:<RULE-ID> = reason. The guard
// package reports such findings as exceptions, never hides them, and the tag
// shows the decision in the AWS console too.
const ExceptionTagPrefix = "vpclab:exception:"

// Exceptions maps a guardrail rule ID (LAB-EC2-03) to the reason the finding
// is accepted. Reasons are tag values: 10–200 letters, digits, spaces and _ . : / = + - @.
type Exceptions map[string]string

var (
	ruleIDRe  = regexp.MustCompile(`^LAB-[A-Z0-9]+-[0-9]{2}$`)
	tagTextRe = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{10,200}$`)
)

func (e Exceptions) validate(component, arg string) error {
	for _, id := range e.ids() {
		switch {
		case !ruleIDRe.MatchString(id):
			return argErr(component, arg, id, "not a rule ID such as LAB-EC2-03")
		case !tagTextRe.MatchString(e[id]):
			return argErr(component, fmt.Sprintf("%s[%s]", arg, id), e[id], "a reason is 10–200 letters, digits, spaces and _ . : / = + - @ (it is stored as a tag)")
		}
	}
	return nil
}

func (e Exceptions) ids() []string {
	ids := make([]string, 0, len(e))
	for id := range e {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// with returns tags plus the exception tags, without changing tags.
func (e Exceptions) with(tags map[string]string) map[string]string {
	if len(e) == 0 {
		return tags
	}
	out := make(map[string]string, len(tags)+len(e))
	for k, v := range tags {
		out[k] = v
	}
	for id, reason := range e {
		out[ExceptionTagPrefix+id] = reason
	}
	return out
}

// except is a one-rule Exceptions, for choices a component makes itself.
func except(id, reason string) Exceptions { return Exceptions{id: reason} }
