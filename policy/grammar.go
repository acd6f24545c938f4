package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The IAM JSON policy grammar, as AWS documents it and as IAM, S3 and EC2
// (endpoint policies) refuse documents that break it ("MalformedPolicyDocument",
// "InvalidPolicyDocument"). Each rule names its page.
const (
	srcGrammar      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html"
	srcVersion      = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html"
	srcEffect       = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html"
	srcNotPrincipal = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html"
	srcOperators    = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"
	srcMultiValued  = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html"
)

// ConditionOperators are the condition operators of the policy grammar
// (srcOperators). Each but Null also takes the IfExists suffix, and any may
// be prefixed with ForAllValues: or ForAnyValue: (srcMultiValued).
var ConditionOperators = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
}

// Versions are the policy language versions AWS accepts (srcVersion).
var Versions = []string{"2012-10-17", "2008-10-17"}

// ValidOperator reports whether op is a condition operator of the grammar,
// with its optional set prefix and IfExists suffix.
func ValidOperator(op string) bool {
	for _, p := range []string{"ForAllValues:", "ForAnyValue:"} {
		if rest, ok := strings.CutPrefix(op, p); ok {
			op = rest
			break
		}
	}
	if base, ok := strings.CutSuffix(op, "IfExists"); ok && base != "Null" {
		op = base
	}
	return slices.Contains(ConditionOperators, op)
}

// Validate checks the document against the policy grammar (srcGrammar):
// at least one statement; Version 2012-10-17 or 2008-10-17 (empty means
// 2012-10-17); in each statement Effect Allow or Deny, exactly one of
// Action and NotAction, at most one of Resource and NotResource and of
// Principal and NotPrincipal, NotPrincipal naming principals (srcNotPrincipal
// takes AWS principals, not "*"), and known
// condition operators, each with at least one key and value.
func (d Document) Validate() error {
	if d.Version != "" && !slices.Contains(Versions, d.Version) {
		return fmt.Errorf("policy document: Version %q is not %s [%s]", d.Version, strings.Join(Versions, " or "), srcVersion)
	}
	if len(d.Statement) == 0 {
		return fmt.Errorf("policy document: no statements [%s]", srcGrammar)
	}
	for i, s := range d.Statement {
		if err := s.validate(); err != nil {
			return fmt.Errorf("policy document: Statement[%d]: %w", i, err)
		}
	}
	return nil
}

func (s Statement) validate() error {
	switch {
	case s.Effect != "Allow" && s.Effect != "Deny":
		return fmt.Errorf("Effect %q is not Allow or Deny [%s]", s.Effect, srcEffect)
	case len(s.Action) > 0 && len(s.NotAction) > 0:
		return fmt.Errorf("has both Action and NotAction; give one [%s]", srcGrammar)
	case len(s.Action) == 0 && len(s.NotAction) == 0:
		return fmt.Errorf("has no Action (or NotAction) [%s]", srcGrammar)
	case len(s.Resource) > 0 && len(s.NotResource) > 0:
		return fmt.Errorf("has both Resource and NotResource; give one [%s]", srcGrammar)
	case s.Principal != nil && s.NotPrincipal != nil:
		return fmt.Errorf("has both Principal and NotPrincipal; give one [%s]", srcGrammar)
	case s.NotPrincipal != nil && s.NotPrincipal.Any:
		return fmt.Errorf("NotPrincipal \"*\" excludes everyone: the statement would apply to no one; name the principals [%s]", srcNotPrincipal)
	}
	ops := make([]string, 0, len(s.Condition))
	for op := range s.Condition {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		if !ValidOperator(op) {
			return fmt.Errorf("Condition operator %q is not a condition operator of the policy grammar (such as StringEquals, ArnLike, "+
				"ForAnyValue:StringLike, StringEqualsIfExists) [%s]", op, srcOperators)
		}
		if len(s.Condition[op]) == 0 {
			return fmt.Errorf("Condition %s has no condition key [%s]", op, srcGrammar)
		}
		for k, v := range s.Condition[op] {
			if strings.TrimSpace(k) == "" || len(v) == 0 {
				return fmt.Errorf("Condition %s: key %q needs a name and at least one value [%s]", op, k, srcGrammar)
			}
		}
	}
	return nil
}
