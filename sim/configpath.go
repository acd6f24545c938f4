package sim

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

// pathKey is a key in the form `pulumi config set --path` takes, one level
// deep: a list item (vpclab:adminCidrs[0]) or an object's field
// (vpclab:nameTags.vpc).
var pathKey = regexp.MustCompile(`^([^\[\].]+)(?:\[(\d+)\]|\.([^\[\].]+))$`)

// setConfigPath applies an override given in --path form to the value the stack
// (or the project's default) holds, as `pulumi config set --path` does: an
// index sets that item, or appends one when it is the list's length; a field
// sets that field. handled is false for a key not in that form, or of no
// list or object the project declares.
func setConfigPath(proj *workspace.Project, project string, values map[string]any, key, v string) (handled bool, err error) {
	m := pathKey.FindStringSubmatch(key)
	if m == nil {
		return false, nil
	}
	base := m[1]
	spec, ok := proj.Config[strings.TrimPrefix(base, project+":")]
	if !strings.HasPrefix(base, project+":") || !ok {
		return false, nil
	}
	cur, ok := values[base]
	if !ok {
		cur = spec.Default
	}
	jsonForm := func(example string) error {
		return fmt.Errorf("config %s: %s holds %s, not a list or object to set one item of; give the whole value: --config '%s=%s'",
			key, base, configValue(cur), base, example)
	}
	if s, ok := cur.(string); ok {
		// An untyped key holds its list as JSON text, or "step".
		var parsed any
		if json.Unmarshal([]byte(s), &parsed) != nil {
			if m[2] != "" {
				return true, jsonForm(`["` + v + `"]`)
			}
			return true, jsonForm(`{"` + m[3] + `":"` + v + `"}`)
		}
		cur = parsed
	}
	if m[2] != "" {
		list, ok := cur.([]any)
		if cur == nil {
			list, ok = []any{}, true
		}
		if !ok {
			return true, jsonForm(`["` + v + `"]`)
		}
		i, err := strconv.Atoi(m[2])
		if err != nil || i > len(list) {
			return true, fmt.Errorf("config %s: %s has %d item(s), so the next index is %d; or give the whole list: --config '%s=[\"%s\"]'",
				key, base, len(list), len(list), base, v)
		}
		item, err := itemValue(spec.Items, v)
		if err != nil {
			return true, fmt.Errorf("config %s = %q: %w", key, v, err)
		}
		list = slices.Clone(list)
		if i == len(list) {
			list = append(list, item)
		} else {
			list[i] = item
		}
		values[base] = list
		return true, nil
	}
	obj, ok := cur.(map[string]any)
	if cur == nil {
		obj, ok = map[string]any{}, true
	}
	if !ok {
		return true, jsonForm(`{"` + m[3] + `":"` + v + `"}`)
	}
	obj = maps.Clone(obj)
	obj[m[3]] = v
	values[base] = obj
	return true, nil
}

// itemValue types a list item as the project declares the list's items.
func itemValue(items *workspace.ProjectConfigItemsType, v string) (any, error) {
	if items == nil {
		return v, nil
	}
	switch items.Type {
	case "integer":
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("is not a whole number")
		}
		return n, nil
	case "boolean":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("is not true or false")
		}
		return b, nil
	}
	return v, nil
}

// configValue prints a config value as JSON, for a message.
func configValue(v any) string {
	if v == nil {
		return "nothing"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
