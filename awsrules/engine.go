package awsrules

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Rule is one thing an AWS create API checks in its input, with the error
// code AWS answers when the input breaks it and the page that says so.
type Rule struct {
	ID      string
	Targets []Target
	Code    string // the error code AWS returns
	Source  string // the AWS documentation page the rule comes from
	Allowed string // what AWS accepts, in words

	// check judges one value found at a target path ("" = accepted); at
	// holds where the value sits (its parent object, a tag key).
	check func(v resource.PropertyValue, at site) string
	// request judges a whole request by itself and what the service says
	// whatever the account holds: conditional requirements, service
	// capabilities, the region's zones.
	request func(s Service, r *Resource) []Refusal
	// resource judges a whole request against the resources that exist
	// (another resource's attributes, uniqueness): AWS answers it when the
	// call is made, so the provider's Check leaves it to Create and Update.
	resource func(e Env, r *Resource) []Refusal
}

// Target is a resource type and the property path a rule reads in it.
// Paths use Pulumi's input names: "description", "metadataOptions.httpTokens",
// "ingress[].description" (each element), "tags{}" (each tag value) and
// "tags{key}" (each tag key). Whole-resource rules have no path.
type Target struct {
	Type string
	Path string
	// Autoname marks a name Pulumi fills in when the program leaves it
	// empty; the rule then judges the name the simulation generates.
	Autoname bool
}

// site is where a value was found.
type site struct {
	parent resource.PropertyMap // the object holding the value
	key    string               // the tag key for tag paths
}

// Refusal is one input AWS would refuse.
type Refusal struct {
	Rule     *Rule
	Type     string // resource type token
	Name     string // logical name
	Property string // where in the inputs, e.g. ingress[0].description
	Value    string // the offending value, rendered
	Reason   string
}

func (f Refusal) Error() string {
	allowed := ""
	if f.Rule.Allowed != "" {
		allowed = " (allowed: " + f.Rule.Allowed + ")"
	}
	return fmt.Sprintf("%s %s: %s: %s %s: %s%s [%s %s]", f.Type, f.Name, f.Rule.Code, f.Property, f.Value, f.Reason, allowed, f.Rule.ID, f.Rule.Source)
}

// RefusalError is every refusal of one registration.
type RefusalError struct{ Refusals []Refusal }

func (e *RefusalError) Error() string {
	lines := make([]string, len(e.Refusals))
	for i, f := range e.Refusals {
		lines[i] = f.Error()
	}
	return strings.Join(lines, "\n")
}

// RuleStats counts what the input rules did in one run.
type RuleStats struct {
	Rules    int `json:"rules"`    // rules in the table
	Checked  int `json:"checked"`  // values and resources judged
	Skipped  int `json:"skipped"`  // values unknown at registration (preview)
	Refusals int `json:"refusals"` // inputs AWS would refuse
}

func (s RuleStats) String() string {
	return fmt.Sprintf("AWS input rules: %d rules, %d values checked, %d refusals", s.Rules, s.Checked, s.Refusals)
}

// Rules returns the table of AWS input rules.
func Rules() []*Rule { return rules }

// RuleByID returns a rule of the table, or nil.
func RuleByID(id string) *Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Judge runs a value rule on a plain string, for callers that validate
// before registering (the components). It returns the reason AWS would
// refuse the value, or "".
func (r *Rule) Judge(v string) string {
	if r.check == nil {
		return ""
	}
	return r.check(resource.NewProperty(v), site{})
}

// Check applies every rule of the table to a request, as AWS does before
// it creates or changes anything, and counts what it judged into stats.
// r.ID is set when r changes a resource that exists (an update), so the
// resource does not collide with itself.
func Check(env Env, r *Resource, stats *RuleStats) []Refusal {
	return check(env, env, r, stats)
}

// CheckRequest applies the rules that judge a request by itself (its values,
// and what the service says whatever the account holds), and leaves out
// those that judge it against other resources: what the provider's Check
// can tell in a preview, when the same update may still change those
// resources (a VPC's DNS attributes turned on before the endpoint that
// needs them). The real provider's Check calls no AWS API at all; AWS
// answers the rest at create or update, and so does the simulation.
func CheckRequest(s Service, r *Resource, stats *RuleStats) []Refusal {
	return check(s, nil, r, stats)
}

// check applies the value and request rules, and the resource rules when
// env is given.
func check(s Service, env Env, r *Resource, stats *RuleStats) []Refusal {
	var out []Refusal
	for _, rule := range rules {
		for _, t := range rule.Targets {
			if t.Type != r.Type {
				continue
			}
			switch {
			case rule.request != nil:
				stats.Checked++
				out = append(out, rule.request(s, r)...)
				continue
			case rule.resource != nil:
				if env != nil {
					stats.Checked++
					out = append(out, rule.resource(env, r)...)
				}
				continue
			}
			for _, f := range find(s, r, t) {
				if !known(f.value) {
					stats.Skipped++
					continue
				}
				stats.Checked++
				if why := rule.check(f.value, f.site); why != "" {
					out = append(out, Refusal{Rule: rule, Type: r.Type, Name: r.Name, Property: f.path, Value: render(f.value), Reason: why})
				}
			}
		}
	}
	stats.Refusals += len(out)
	return out
}

// Whole reports whether the rule judges a whole request (conditional
// requirements, uniqueness, service capabilities) rather than one value.
func (r *Rule) Whole() bool { return r.request != nil || r.resource != nil }

// OnExisting reports whether the rule judges a request against the
// resources that exist, which AWS answers only when the call is made
// (CheckRequest leaves it out).
func (r *Rule) OnExisting() bool { return r.resource != nil }

// known reports whether a value is fully known (not a preview unknown).
func known(v resource.PropertyValue) bool {
	return !v.ContainsUnknowns()
}

// found is one value at a target path.
type found struct {
	path  string
	value resource.PropertyValue
	site
}

// find walks a target path through a resource's inputs.
func find(env Service, r *Resource, t Target) []found {
	if t.Autoname {
		if v := r.Input(t.Path); v.IsNull() || (v.IsString() && v.StringValue() == "") {
			if p := r.Input(t.Path + "Prefix"); !p.IsNull() {
				return nil // the provider derives the name from the prefix; the prefix has its own rule
			}
			return []found{{path: t.Path + " (autonamed)", value: resource.NewProperty(env.Autoname(r)), site: site{parent: r.Inputs}}}
		}
	}
	return walk(r.Inputs, strings.Split(t.Path, "."), "")
}

func walk(obj resource.PropertyMap, segs []string, prefix string) []found {
	seg := segs[0]
	rest := segs[1:]
	join := func(p string) string {
		if prefix == "" {
			return p
		}
		return prefix + "." + p
	}
	switch {
	case strings.HasSuffix(seg, "{key}"), strings.HasSuffix(seg, "{}"):
		name := strings.TrimSuffix(strings.TrimSuffix(seg, "{key}"), "{}")
		m := mapValue(obj[resource.PropertyKey(name)])
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, string(k))
		}
		sort.Strings(keys)
		var out []found
		for _, k := range keys {
			if strings.HasSuffix(seg, "{key}") {
				out = append(out, found{path: join(fmt.Sprintf("%s key", name)), value: resource.NewProperty(k), site: site{parent: m, key: k}})
			} else {
				out = append(out, found{path: join(fmt.Sprintf("%s[%q]", name, k)), value: m[resource.PropertyKey(k)], site: site{parent: m, key: k}})
			}
		}
		return out
	case strings.HasSuffix(seg, "[]"):
		name := strings.TrimSuffix(seg, "[]")
		v := unsecret(obj[resource.PropertyKey(name)])
		if !v.IsArray() {
			return nil
		}
		var out []found
		for i, e := range v.ArrayValue() {
			e = unsecret(e)
			p := join(fmt.Sprintf("%s[%d]", name, i))
			if len(rest) == 0 {
				out = append(out, found{path: p, value: e, site: site{parent: obj}})
			} else if e.IsObject() {
				out = append(out, walk(e.ObjectValue(), rest, p)...)
			}
		}
		return out
	}
	v := unsecret(obj[resource.PropertyKey(seg)])
	if len(rest) == 0 {
		if v.IsNull() {
			return nil
		}
		return []found{{path: join(seg), value: v, site: site{parent: obj}}}
	}
	if !v.IsObject() {
		return nil
	}
	return walk(v.ObjectValue(), rest, join(seg))
}

func unsecret(v resource.PropertyValue) resource.PropertyValue {
	for v.IsSecret() {
		v = v.SecretValue().Element
	}
	if v.IsOutput() && v.OutputValue().Known {
		return unsecret(v.OutputValue().Element)
	}
	return v
}

func mapValue(v resource.PropertyValue) resource.PropertyMap {
	v = unsecret(v)
	if v.IsObject() {
		return v.ObjectValue()
	}
	return nil
}

// render quotes a value for an error message, shortening long documents.
func render(v resource.PropertyValue) string {
	v = unsecret(v)
	switch {
	case v.IsString():
		s := v.StringValue()
		if utf8.RuneCountInString(s) > 120 {
			s = string([]rune(s)[:117]) + "..."
		}
		return strconv.Quote(s)
	case v.IsNumber():
		return strconv.FormatFloat(v.NumberValue(), 'f', -1, 64)
	case v.IsBool():
		return strconv.FormatBool(v.BoolValue())
	}
	return v.String()
}

// --- value checks ------------------------------------------------------

// chars accepts strings of at most max characters (runes; 0 = no limit)
// whose every character satisfies ok; min is the least length.
func chars(min, max int, ok func(rune) bool) func(resource.PropertyValue, site) string {
	return func(v resource.PropertyValue, _ site) string {
		if !v.IsString() {
			return "is not a string"
		}
		s := v.StringValue()
		n := utf8.RuneCountInString(s)
		switch {
		case n < min && min == 1:
			return "must not be empty"
		case n < min:
			return fmt.Sprintf("is %d characters, fewer than %d", n, min)
		case max > 0 && n > max:
			return fmt.Sprintf("is %d characters, more than %d", n, max)
		}
		if ok != nil {
			for _, c := range s {
				if !ok(c) {
					return fmt.Sprintf("character %q is not allowed", string(c))
				}
			}
		}
		return ""
	}
}

// set is a character predicate for an explicit ASCII set, written as AWS
// writes it (ranges a-z, A-Z, 0-9 plus listed punctuation and space).
func set(extra string, ranges ...[2]rune) func(rune) bool {
	return func(c rune) bool {
		for _, r := range ranges {
			if c >= r[0] && c <= r[1] {
				return true
			}
		}
		return strings.ContainsRune(extra, c)
	}
}

var (
	alnum = [][2]rune{{'a', 'z'}, {'A', 'Z'}, {'0', '9'}}
	lower = [][2]rune{{'a', 'z'}, {'0', '9'}}
)

// tagChar is the character class [\p{L}\p{Z}\p{N}_.:/=+\-@] that IAM, ELB,
// S3 and CloudWatch Logs write into their tag patterns.
func tagChar(c rune) bool {
	return unicode.IsLetter(c) || unicode.In(c, unicode.Z) || unicode.IsNumber(c) || strings.ContainsRune("_.:/=+-@", c)
}

// enum accepts one of the values (strings) or numbers.
func enum(values ...string) func(resource.PropertyValue, site) string {
	return func(v resource.PropertyValue, _ site) string {
		s := render(v)
		if v.IsString() {
			s = v.StringValue()
		}
		if slices.Contains(values, s) {
			return ""
		}
		return fmt.Sprintf("is not one of %s", strings.Join(values, ", "))
	}
}

// between accepts integers from lo to hi.
func between(lo, hi int) func(resource.PropertyValue, site) string {
	return func(v resource.PropertyValue, _ site) string {
		var n float64
		switch {
		case v.IsNumber():
			n = v.NumberValue()
		case v.IsString():
			f, err := strconv.ParseFloat(v.StringValue(), 64)
			if err != nil {
				return "is not a number"
			}
			n = f
		default:
			return "is not a number"
		}
		if n != float64(int(n)) || n < float64(lo) || n > float64(hi) {
			return fmt.Sprintf("is outside %d to %d", lo, hi)
		}
		return ""
	}
}

// jsonDoc accepts a string holding one JSON object.
func jsonDoc(v resource.PropertyValue, _ site) string {
	if !v.IsString() {
		return "is not a string"
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(v.StringValue()), &doc); err != nil {
		return "is not a JSON object: " + err.Error()
	}
	return ""
}

// nonSpace counts the characters IAM counts against its policy quotas:
// "IAM does not count white space".
func nonSpace(s string) int {
	n := 0
	for _, c := range s {
		if !strings.ContainsRune(" \t\r\n", c) {
			n++
		}
	}
	return n
}

// peer selects the description rule by what the rule references, because
// EC2 documents a different character set per kind of reference.
func peer(keys ...string) func(resource.PropertyMap) bool {
	return func(obj resource.PropertyMap) bool {
		for _, k := range keys {
			v := unsecret(obj[resource.PropertyKey(k)])
			switch {
			case v.IsString() && v.StringValue() != "", v.IsBool() && v.BoolValue(), v.IsArray() && len(v.ArrayValue()) > 0, v.IsComputed(), v.IsOutput():
				return true
			}
		}
		return false
	}
}

// when applies check only where the parent object satisfies cond.
func when(cond func(resource.PropertyMap) bool, check func(resource.PropertyValue, site) string) func(resource.PropertyValue, site) string {
	return func(v resource.PropertyValue, at site) string {
		if at.parent != nil && !cond(at.parent) {
			return ""
		}
		return check(v, at)
	}
}

// refuse builds a refusal of a whole-resource rule.
func refuse(rule *Rule, r *Resource, property, value, reason string) Refusal {
	return Refusal{Rule: rule, Type: r.Type, Name: r.Name, Property: property, Value: value, Reason: reason}
}

// AutonamedProperty is the input that names a resource of the type when
// the program leaves it out and Pulumi's autonaming fills it in (name, or
// bucket for S3 buckets): the path of the table's autonamed targets.
func AutonamedProperty(typ string) (string, bool) {
	for _, r := range rules {
		for _, t := range r.Targets {
			if t.Autoname && t.Type == typ {
				return t.Path, true
			}
		}
	}
	return "", false
}
