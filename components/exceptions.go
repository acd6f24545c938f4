package components

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/vpclab/vpclab/awsrules"
)

// ExceptionTagPrefix starts the tag that records an accepted guardrail
// finding on a resource: vpclab:exception:<RULE-ID> = reason. The guard
// package reports such findings as exceptions, never hides them, and the tag
// shows the decision in the AWS console too.
const ExceptionTagPrefix = "vpclab:exception:"

// Exceptions maps a guardrail rule ID (LAB-EC2-03) to the reason the finding
// is accepted. Reasons are tag values on whatever the component tags (EC2,
// IAM, S3, ELB, CloudWatch Logs resources), so a reason must be valid for
// every service: 10–200 letters, digits, spaces and _ . : / = + - @.
type Exceptions map[string]string

var ruleIDRe = regexp.MustCompile(`^LAB-[A-Z0-9]+-[0-9]{2}$`)

// RuleIDs are the IDs of vpclab's guardrail rules (package guard), the only
// findings an exception can accept: a mistyped ID would accept nothing and
// hide nothing, so it is refused. guard's tests keep the two lists equal.
var RuleIDs = []string{
	"LAB-EC2-01", "LAB-EC2-02", "LAB-EC2-03", "LAB-EC2-04", "LAB-EC2-05", "LAB-EC2-06",
	"LAB-IAM-01", "LAB-IAM-02", "LAB-IAM-03",
	"LAB-LB-01", "LAB-LB-02", "LAB-LB-03", "LAB-LB-04",
	"LAB-S3-01", "LAB-S3-02", "LAB-S3-03", "LAB-S3-04",
	"LAB-SG-01", "LAB-SG-02", "LAB-SG-03", "LAB-SG-04", "LAB-SG-05", "LAB-SG-06",
	"LAB-SVC-01", "LAB-TD-01",
	"LAB-VPC-01", "LAB-VPC-02", "LAB-VPC-03", "LAB-VPC-04", "LAB-VPC-05",
	"LAB-VPCE-01", "LAB-VPCE-02", "LAB-VPCE-03",
}

// Reasons must say something (10 characters) and stay readable (200).
const minReason, maxReason = 10, 200

func (e Exceptions) validate(component, arg string) error {
	for _, id := range e.ids() {
		reason := e[id]
		if !ruleIDRe.MatchString(id) {
			return argErr(component, arg, id, "not a rule ID such as LAB-EC2-03")
		}
		if !slices.Contains(RuleIDs, id) {
			hint := ""
			if near := awsrules.Nearest(id, RuleIDs); len(near) > 0 {
				hint = "did you mean " + strings.Join(near, " or ") + "? "
			}
			return argErr(component, arg, id, "no guardrail rule has this ID; %sknown: %s", hint, strings.Join(RuleIDs, ", "))
		}
		if err := validReason(id, reason); err != nil {
			return argErr(component, fmt.Sprintf("%s[%s]", arg, id), reason, "%v", err)
		}
	}
	return nil
}

// validReason checks a reason against vpclab's length and every service's
// tag rules (awsrules.CheckTag).
func validReason(id, reason string) error {
	if n := utf8.RuneCountInString(reason); n < minReason || n > maxReason {
		return fmt.Errorf("a reason is %d–%d characters (it is %d)", minReason, maxReason, n)
	}
	if err := awsrules.CheckTag(ExceptionTagPrefix+id, reason); err != nil {
		return fmt.Errorf("a reason is stored as a tag: %w", err)
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
