package verify

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// policy is an IAM policy document as AWS returns it: Action, Resource and
// condition values may each be one string or a list
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html).
type policy struct {
	Statement statements `json:"Statement"`
}

type statement struct {
	Effect      string                     `json:"Effect"`
	Principal   json.RawMessage            `json:"Principal"`
	Action      strs                       `json:"Action"`
	NotAction   strs                       `json:"NotAction"`
	Resource    strs                       `json:"Resource"`
	NotResource strs                       `json:"NotResource"`
	Condition   map[string]map[string]strs `json:"Condition"`
}

// statements accepts a single statement object as well as a list.
type statements []statement

func (s *statements) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var one statement
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = statements{one}
		return nil
	}
	return json.Unmarshal(b, (*[]statement)(s))
}

// strs accepts "x" as well as ["x", "y"].
type strs []string

func (s *strs) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var one string
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = strs{one}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(s))
}

func parsePolicy(doc string) (policy, error) {
	var p policy
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return p, fmt.Errorf("policy document: %w", err)
	}
	return p, nil
}

// anyone reports whether the statement's principal is everyone ("*" or {"AWS": "*"}).
func (s statement) anyone() bool {
	var star string
	if json.Unmarshal(s.Principal, &star) == nil {
		return star == "*"
	}
	var m map[string]strs
	if json.Unmarshal(s.Principal, &m) == nil {
		for _, v := range m["AWS"] {
			if v == "*" {
				return true
			}
		}
	}
	return false
}

// matches reports whether an IAM pattern (* and ? wildcards, actions case-
// insensitive) matches value.
func matches(pattern, value string, fold bool) bool {
	if fold {
		pattern, value = strings.ToLower(pattern), strings.ToLower(value)
	}
	// path.Match treats "/" specially and "[" as a class; IAM does neither.
	pattern = strings.NewReplacer("[", `\[`, "]", `\]`, `\`, `\\`).Replace(pattern)
	ok, _ := path.Match(strings.ReplaceAll(pattern, "/", "\x00"), strings.ReplaceAll(value, "/", "\x00"))
	return ok
}

func anyMatches(patterns []string, value string, fold bool) bool {
	for _, p := range patterns {
		if matches(p, value, fold) {
			return true
		}
	}
	return false
}

// grants reports whether the statement's action and resource cover the request.
func (s statement) grants(action, resource string) bool {
	act := anyMatches(s.Action, action, true)
	if len(s.NotAction) > 0 {
		act = !anyMatches(s.NotAction, action, true)
	}
	res := anyMatches(s.Resource, resource, false)
	if len(s.NotResource) > 0 {
		res = !anyMatches(s.NotResource, resource, false)
	}
	return act && res
}

// conditionKeys lists the statement's condition keys by operator, lower-cased.
func (s statement) conditionKeys() map[string][]string {
	out := map[string][]string{}
	for op, kv := range s.Condition {
		for k := range kv {
			out[op] = append(out[op], strings.ToLower(k))
		}
	}
	return out
}

// conditionValues are the values of one operator and key (key case-insensitive).
func (s statement) conditionValues(op, key string) []string {
	for k, v := range s.Condition[op] {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}
