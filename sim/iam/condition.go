package iam

import (
	"fmt"
	"sort"
	"strings"
)

// keyType is a condition key's data type, which decides the operators it takes.
type keyType string

const (
	typeString keyType = "String"
	typeARN    keyType = "ARN"
	typeBool   keyType = "Boolean"
)

// conditionKey is a global condition key the evaluator knows, with when AWS
// puts it in the request context. Source: "AWS global condition context keys",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
type conditionKey struct {
	Name         string
	Type         keyType
	Availability string
}

// Condition keys the labs' policies use. Keys are matched case-insensitively:
// "condition key names are not case-sensitive"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html).
const (
	KeyPrincipalAccount = "aws:PrincipalAccount"
	KeyPrincipalArn     = "aws:PrincipalArn"
	KeySourceVpce       = "aws:SourceVpce"
	KeySourceVpc        = "aws:SourceVpc"
	KeySecureTransport  = "aws:SecureTransport"
)

// AnonymousAccount is aws:PrincipalAccount for an unsigned request: "For
// anonymous requests, the request context returns anonymous" (condition keys
// page, aws:PrincipalAccount).
const AnonymousAccount = "anonymous"

var conditionKeys = map[string]conditionKey{}

func init() {
	for _, k := range []conditionKey{
		{KeyPrincipalAccount, typeString, "every request, anonymous ones included (value \"anonymous\")"},
		{KeyPrincipalArn, typeARN, "every signed request; anonymous requests do not include it"},
		{KeySourceVpce, typeString, "only when the request passes through a VPC endpoint"},
		{KeySourceVpc, typeString, "only when the request passes through a VPC endpoint"},
		{KeySecureTransport, typeBool, "every request: true over TLS"},
	} {
		conditionKeys[strings.ToLower(k.Name)] = k
	}
}

// operator is a condition operator: how a policy's values are compared with
// the request's value of a key. Source: "IAM JSON policy elements: Condition
// operators",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
type operator struct {
	types []keyType
	// negated operators are true when the key is absent and, with several
	// policy values, true only when none matches (logical NOR).
	negated bool
	// match compares one policy value with the request's value.
	match func(policy, request string) bool
	// null is the Null operator: it tests presence, not values.
	null bool
	// boolean operators take only the policy values true or false.
	boolean bool
}

var operators = map[string]operator{
	"StringEquals":    {types: []keyType{typeString, typeARN}, match: func(p, r string) bool { return p == r }},
	"StringNotEquals": {types: []keyType{typeString, typeARN}, negated: true, match: func(p, r string) bool { return p == r }},
	"StringLike":      {types: []keyType{typeString, typeARN}, match: glob},
	"StringNotLike":   {types: []keyType{typeString, typeARN}, negated: true, match: glob},
	// "ArnEquals and ArnLike behave identically": each of the six
	// colon-separated parts is matched on its own, with * and ?.
	"ArnEquals":    {types: []keyType{typeARN}, match: arnMatch},
	"ArnLike":      {types: []keyType{typeARN}, match: arnMatch},
	"ArnNotEquals": {types: []keyType{typeARN}, negated: true, match: arnMatch},
	"ArnNotLike":   {types: []keyType{typeARN}, negated: true, match: arnMatch},
	"Bool":         {types: []keyType{typeBool}, boolean: true, match: func(p, r string) bool { return strings.EqualFold(p, r) }},
	"Null":         {types: []keyType{typeString, typeARN, typeBool}, boolean: true, null: true},
}

// Operators lists the condition operators the evaluator knows, sorted.
func Operators() []string {
	out := make([]string, 0, len(operators))
	for k := range operators {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ConditionKeys lists the condition keys the evaluator knows, sorted.
func ConditionKeys() []string {
	out := make([]string, 0, len(conditionKeys))
	for _, k := range conditionKeys {
		out = append(out, k.Name)
	}
	sort.Strings(out)
	return out
}

// lookupKey resolves a key name case-insensitively.
func lookupKey(name string) (conditionKey, error) {
	k, ok := conditionKeys[strings.ToLower(name)]
	if !ok {
		return conditionKey{}, fmt.Errorf("unknown condition key %q (the evaluator knows %s)", name, strings.Join(ConditionKeys(), ", "))
	}
	return k, nil
}

// checkCondition validates a statement's Condition block without a request.
func checkCondition(cond map[string]map[string][]string) error {
	_, err := evalCondition(cond, nil)
	return err
}

// evalCondition decides a Condition block: every operator and every key in it
// must hold (logical AND); several values of one key are alternatives (OR, or
// NOR for negated operators). Source: "Conditions with multiple context keys
// or values",
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_multi-value-conditions.html
// ctx maps lower-cased key names to the request's values; nil only validates.
func evalCondition(cond map[string]map[string][]string, ctx map[string]string) (bool, error) {
	ops := make([]string, 0, len(cond))
	for op := range cond {
		ops = append(ops, op)
	}
	sort.Strings(ops) // deterministic errors
	result := true
	for _, name := range ops {
		op, ok := operators[name]
		if !ok {
			return false, fmt.Errorf("unknown condition operator %q (the evaluator knows %s)", name, strings.Join(Operators(), ", "))
		}
		keys := make([]string, 0, len(cond[name]))
		for k := range cond[name] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, keyName := range keys {
			values := cond[name][keyName]
			key, err := lookupKey(keyName)
			if err != nil {
				return false, err
			}
			if !containsType(op.types, key.Type) {
				return false, fmt.Errorf("operator %s does not apply to %s (a %s key)", name, key.Name, key.Type)
			}
			if len(values) == 0 {
				return false, fmt.Errorf("%s %s has no values", name, key.Name)
			}
			for _, v := range values {
				if strings.Contains(v, "${") {
					return false, fmt.Errorf("%s %s: policy variables such as %q are not modelled", name, key.Name, v)
				}
				if op.boolean && v != "true" && v != "false" {
					return false, fmt.Errorf("%s %s: %q is not true or false", name, key.Name, v)
				}
			}
			if ctx == nil {
				continue
			}
			got, present := ctx[strings.ToLower(key.Name)]
			result = result && holds(op, values, got, present)
		}
	}
	return result, nil
}

// holds applies one operator to one key. "If the key that you specify in a
// policy condition is not present in the request context, the values do not
// match and the condition is false. If the policy condition requires that the
// key is not matched, such as StringNotLike or ArnNotLike, and the right key
// is not present, the condition is true" (condition operators page).
func holds(op operator, values []string, got string, present bool) bool {
	if op.null {
		// "true (the key doesn't exist — it is null)", "false (the key exists
		// and its value is not null)"; several values are alternatives.
		for _, v := range values {
			if (v == "true") != present {
				return true
			}
		}
		return false
	}
	if !present {
		return op.negated
	}
	any := false
	for _, v := range values {
		if op.match(v, got) {
			any = true
			break
		}
	}
	if op.negated {
		return !any
	}
	return any
}

func containsType(ts []keyType, t keyType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}
