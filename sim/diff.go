package sim

import (
	"fmt"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Op is what an update does to one resource.
type Op string

const (
	OpCreate  Op = "create"
	OpUpdate  Op = "update"
	OpReplace Op = "replace"
	OpDelete  Op = "delete"
	// OpSame: only inputs under ignoreChanges differ; the update leaves the resource alone.
	OpSame Op = "same"
)

// Change is one input that differs between two runs.
type Change struct {
	Path     string                 `json:"path"`
	Old      resource.PropertyValue `json:"-"`
	New      resource.PropertyValue `json:"-"`
	Replaces bool                   `json:"replaces,omitempty"`
	// Rule is the condition under which the input replaces, when it has one.
	Rule string `json:"rule,omitempty"`
	// Source says who replaces: the provider file that marks the input
	// ForceNew, or the program's replaceOnChanges option.
	Source string `json:"source,omitempty"`
	// Ignored: the resource's ignoreChanges keeps the old value, so a later
	// `pulumi up` changes nothing here.
	Ignored bool `json:"ignored,omitempty"`
	// From is the replaced resource the new value comes from: it is only known
	// once that replacement exists.
	From string `json:"from,omitempty"`
}

// ResourceDiff is what an update from one graph to the other does to a resource.
type ResourceDiff struct {
	URN  string `json:"urn"`
	Type string `json:"type"`
	Name string `json:"name"`
	Op   Op     `json:"op"`
	// Changes are the inputs that differ (updates and replacements).
	Changes []Change `json:"changes,omitempty"`
	// Unknown: the type has no entry in Replacements, so whether the change
	// replaces it is not known.
	Unknown bool `json:"unknown,omitempty"`
	// Old is the resource in the first graph (nil on create), New in the
	// second (nil on delete).
	Old *Resource `json:"-"`
	New *Resource `json:"-"`
}

// GraphDiff is every resource an update from one graph to another touches,
// by URN; resources that stay as they are are left out.
type GraphDiff struct {
	Resources []ResourceDiff
}

// Count returns how many resources the diff gives each operation.
func (d *GraphDiff) Count(op Op) int {
	n := 0
	for _, r := range d.Resources {
		if r.Op == op {
			n++
		}
	}
	return n
}

// Diff compares two recorded graphs as `pulumi preview` would an update from
// the first to the second: resources are matched by URN; a matched custom
// resource whose inputs differ is updated, or replaced when a changed input is
// one Replacements lists for its type; a replacement also changes every input
// that takes a value from the replaced resource (the value is unknown until the
// new one exists), which can replace that resource in turn. Inputs under a
// resource's ignoreChanges are reported but change nothing.
func Diff(from, to *Graph) *GraphDiff {
	d := &GraphDiff{}
	index := map[string]int{}
	add := func(rd ResourceDiff) {
		index[rd.URN] = len(d.Resources)
		d.Resources = append(d.Resources, rd)
	}
	for _, o := range from.Resources {
		if to.ByURN(o.URN) == nil {
			add(ResourceDiff{URN: o.URN, Type: o.Type, Name: o.Name, Op: OpDelete, Old: o})
		}
	}
	for _, n := range to.Resources {
		o := from.ByURN(n.URN)
		if o == nil {
			add(ResourceDiff{URN: n.URN, Type: n.Type, Name: n.Name, Op: OpCreate, New: n})
			continue
		}
		if !n.Custom {
			continue
		}
		if rd := diffResource(o, n); len(rd.Changes) > 0 {
			add(rd)
		}
	}
	// A replacement's outputs are unknown until it exists: every input fed by
	// it changes, and may replace its resource in turn.
	for changed := true; changed; {
		changed = false
		for _, n := range to.Resources {
			o := from.ByURN(n.URN)
			if o == nil || !n.Custom {
				continue
			}
			var rd ResourceDiff
			if i, ok := index[n.URN]; ok {
				rd = d.Resources[i]
				if rd.Op == OpReplace {
					continue
				}
			} else {
				rd = ResourceDiff{URN: n.URN, Type: n.Type, Name: n.Name, Old: o, New: n}
			}
			grew := false
			for _, key := range sortedKeys(n.PropertyDependencies) {
				for _, dep := range n.PropertyDependencies[key] {
					i, ok := index[dep]
					if !ok || d.Resources[i].Op != OpReplace || fedBy(rd.Changes, key) {
						continue
					}
					c := classify(n, o, Change{Path: key, Old: o.Inputs[resource.PropertyKey(key)], New: resource.MakeComputed(resource.NewStringProperty("")), From: dep})
					rd.Changes = append(withoutPath(rd.Changes, key), c)
					grew = true
				}
			}
			if !grew {
				continue
			}
			_, known := Replacements[n.Type]
			settle(&rd, known)
			if i, ok := index[n.URN]; ok {
				d.Resources[i] = rd
			} else {
				add(rd)
			}
			changed = changed || rd.Op == OpReplace
		}
	}
	sort.Slice(d.Resources, func(i, j int) bool { return d.Resources[i].URN < d.Resources[j].URN })
	return d
}

// diffResource is what an update does to one resource from o to n: the
// inputs that differ, each classified (ignored, replacing).
func diffResource(o, n *Resource) ResourceDiff {
	rd := ResourceDiff{URN: n.URN, Type: n.Type, Name: n.Name, Old: o, New: n}
	for _, c := range diffValues("", resource.NewObjectProperty(o.Inputs), resource.NewObjectProperty(n.Inputs)) {
		rd.Changes = append(rd.Changes, classify(n, o, c))
	}
	_, known := Replacements[n.Type]
	settle(&rd, known)
	return rd
}

// DiffInputs is what the provider's Diff decides for one resource of a
// type, from its old to its new inputs, with the resource's ignoreChanges
// and replaceOnChanges options: the same classification Diff applies to
// whole graphs.
func DiffInputs(typ string, olds, news resource.PropertyMap, ignoreChanges, replaceOnChanges []string) ResourceDiff {
	o, n := &Resource{}, &Resource{IgnoreChanges: ignoreChanges, ReplaceOnChanges: replaceOnChanges}
	o.Type, o.Inputs, n.Type, n.Inputs = typ, olds, typ, news
	return diffResource(o, n)
}

// fedBy reports whether the input already takes its value from a replacement.
func fedBy(cs []Change, path string) bool {
	for _, c := range cs {
		if c.Path == path && c.From != "" {
			return true
		}
	}
	return false
}

// withoutPath drops the changes at or below path: a value fed by a
// replacement supersedes them.
func withoutPath(cs []Change, path string) []Change {
	var out []Change
	for _, c := range cs {
		if !under(c.Path, path) {
			out = append(out, c)
		}
	}
	return out
}

// settle decides the operation from the changes; false when nothing changes.
func settle(rd *ResourceDiff, known bool) bool {
	sort.SliceStable(rd.Changes, func(i, j int) bool { return rd.Changes[i].Path < rd.Changes[j].Path })
	rd.Op, rd.Unknown = "", false
	for _, c := range rd.Changes {
		if c.Ignored {
			continue
		}
		if rd.Op == "" {
			rd.Op = OpUpdate
		}
		if c.Replaces {
			rd.Op = OpReplace
		}
	}
	if rd.Op != "" && !known {
		rd.Unknown = true
	}
	if rd.Op == "" && len(rd.Changes) > 0 {
		rd.Op = OpSame
	}
	return len(rd.Changes) > 0
}

// classify marks whether a change is ignored or replaces its resource.
func classify(n, o *Resource, c Change) Change {
	for _, ig := range n.IgnoreChanges {
		if under(c.Path, ig) {
			c.Ignored = true
			return c
		}
	}
	// replaceOnChanges comes from the new registration's options, as the
	// engine takes it (pulumi pkg/resource/deploy/step_generator.go,
	// applyReplaceOnChanges): a path or anything below it replaces.
	for _, p := range n.ReplaceOnChanges {
		if under(c.Path, p) {
			c.Replaces, c.Rule, c.Source = true, "replaceOnChanges "+p, "the program's replaceOnChanges resource option"
			return c
		}
	}
	for _, rule := range Replacements[n.Type].Rules {
		if !under(c.Path, rule.Path) {
			continue
		}
		if rule.When == nil || rule.When(o.Inputs, n.Inputs) {
			c.Replaces, c.Rule, c.Source = true, rule.Note, Replacements[n.Type].Source
			return c
		}
	}
	return c
}

// under reports whether path is prefix or lies below it (a.b under a, a[1] under a).
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+".") || strings.HasPrefix(path, prefix+"[")
}

// diffValues returns the leaf paths where two values differ. Lists of scalars
// that hold the same elements in another order are equal: the provider
// treats them as sets.
func diffValues(path string, o, n resource.PropertyValue) []Change {
	o, n = plain(o), plain(n)
	switch {
	case o.IsObject() && n.IsObject(), o.IsObject() && n.IsNull(), o.IsNull() && n.IsObject():
		// An object added or removed differs at each of its leaves.
		om, nm := resource.PropertyMap{}, resource.PropertyMap{}
		if o.IsObject() {
			om = o.ObjectValue()
		}
		if n.IsObject() {
			nm = n.ObjectValue()
		}
		keys := map[string]bool{}
		for k := range om {
			keys[string(k)] = true
		}
		for k := range nm {
			keys[string(k)] = true
		}
		var out []Change
		for _, k := range sortedSet(keys) {
			out = append(out, diffValues(join(path, k), om[resource.PropertyKey(k)], nm[resource.PropertyKey(k)])...)
		}
		return out
	case o.IsArray() && n.IsArray():
		oa, na := o.ArrayValue(), n.ArrayValue()
		if sameSet(oa, na) {
			return nil
		}
		if len(oa) == len(na) && !(allScalar(oa) && allScalar(na)) {
			var out []Change
			for i := range oa {
				out = append(out, diffValues(fmt.Sprintf("%s[%d]", path, i), oa[i], na[i])...)
			}
			return out
		}
		return []Change{{Path: path, Old: o, New: n}}
	}
	if o.DeepEquals(n) {
		return nil
	}
	return []Change{{Path: path, Old: o, New: n}}
}

// plain unwraps secrets and turns empty objects and lists into null, so that
// "absent" and "empty" compare equal as they do for the provider.
func plain(v resource.PropertyValue) resource.PropertyValue {
	if v.IsSecret() {
		v = v.SecretValue().Element
	}
	if (v.IsObject() && len(v.ObjectValue()) == 0) || (v.IsArray() && len(v.ArrayValue()) == 0) {
		return resource.NewNullProperty()
	}
	return v
}

func allScalar(vs []resource.PropertyValue) bool {
	for _, v := range vs {
		if v.IsObject() || v.IsArray() {
			return false
		}
	}
	return true
}

func sameSet(a, b []resource.PropertyValue) bool {
	if len(a) != len(b) || !allScalar(a) || !allScalar(b) {
		return false
	}
	count := map[string]int{}
	for _, v := range a {
		count[v.String()]++
	}
	for _, v := range b {
		count[v.String()]--
	}
	for _, c := range count {
		if c != 0 {
			return false
		}
	}
	return true
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
