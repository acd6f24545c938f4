package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	pschema "github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"gopkg.in/yaml.v3"
)

// The consumer examples cannot drift from the package: every vpclab type,
// property (nested ones too), mode value and output they use is in the
// schema the plugin serves, and they give every required input.

// servedSpec is the schema as the plugin serves it.
func servedSpec(t *testing.T) pschema.PackageSpec {
	t.Helper()
	var spec pschema.PackageSpec
	if err := json.Unmarshal(schemaJSON(t), &spec); err != nil {
		t.Fatal(err)
	}
	return spec
}

// usage is what an example does with one vpclab resource.
type usage struct {
	name, token string
	props       map[string]any // nested maps and lists; leaves may be nil
}

// checkUsage reports properties, values and missing inputs the schema does not allow.
func checkUsage(t *testing.T, spec pschema.PackageSpec, u usage) {
	t.Helper()
	res, ok := spec.Resources[u.token]
	if !ok {
		t.Errorf("%s: type %s is not in the schema", u.name, u.token)
		return
	}
	for _, req := range res.RequiredInputs {
		if _, ok := u.props[req]; !ok {
			t.Errorf("%s (%s) lacks the required input %s", u.name, u.token, req)
		}
	}
	checkProps(t, spec, u.name, u.props, res.InputProperties)
}

func checkProps(t *testing.T, spec pschema.PackageSpec, where string, given map[string]any, props map[string]pschema.PropertySpec) {
	t.Helper()
	for k, v := range given {
		p, ok := props[k]
		if !ok {
			t.Errorf("%s.%s is not a property in the schema", where, k)
			continue
		}
		checkValue(t, spec, where+"."+k, v, p.TypeSpec)
	}
}

func checkValue(t *testing.T, spec pschema.PackageSpec, where string, v any, ts pschema.TypeSpec) {
	t.Helper()
	if ts.Ref != "" {
		typ := spec.Types[strings.TrimPrefix(ts.Ref, "#/types/")]
		switch v := v.(type) {
		case map[string]any:
			checkProps(t, spec, where, v, typ.Properties)
		case string:
			if len(typ.Enum) > 0 && !strings.Contains(v, "${") && !slices.ContainsFunc(typ.Enum, func(e pschema.EnumValueSpec) bool { return e.Value == v }) {
				t.Errorf("%s = %q is not a value of %s", where, v, ts.Ref)
			}
		}
		return
	}
	if list, ok := v.([]any); ok && ts.Items != nil {
		for i, e := range list {
			checkValue(t, spec, fmt.Sprintf("%s[%d]", where, i), e, *ts.Items)
		}
	}
}

// checkOutputs reports output references (name.output) the schema lacks.
func checkOutputs(t *testing.T, spec pschema.PackageSpec, file string, refs [][]string, uses map[string]usage) int {
	t.Helper()
	n := 0
	for _, m := range refs {
		u, ok := uses[m[1]]
		if !ok {
			continue
		}
		if _, ok := spec.Resources[u.token].Properties[m[2]]; !ok {
			t.Errorf("%s: %s.%s is not an output of %s", file, m[1], m[2], u.token)
		}
		n++
	}
	return n
}

func TestYAMLExampleUsesTheSchema(t *testing.T) {
	spec := servedSpec(t)
	const file = "../examples/yaml/Pulumi.yaml"
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var program struct {
		Packages  map[string]string
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
	}
	if err := yaml.Unmarshal(text, &program); err != nil {
		t.Fatal(err)
	}
	checkPackageSource(t, filepath.Dir(file), program.Packages["vpclab"])
	uses := map[string]usage{}
	for name, r := range program.Resources {
		if strings.HasPrefix(r.Type, pkgName+":") {
			uses[name] = usage{name, r.Type, r.Properties}
			checkUsage(t, spec, uses[name])
		}
	}
	refs := regexp.MustCompile(`\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)`).FindAllStringSubmatch(string(text), -1)
	if n := checkOutputs(t, spec, file, refs, uses); n < 8 {
		t.Errorf("%s reads only %d vpclab outputs", file, n)
	}
	checkShape(t, file, uses)
}

// checkPackageSource: the example's package source is this plugin's directory.
func checkPackageSource(t *testing.T, exampleDir, source string) {
	t.Helper()
	dir := filepath.Join(exampleDir, source)
	here, _ := filepath.Abs(".")
	if abs, _ := filepath.Abs(dir); abs != here {
		t.Errorf("%s adds vpclab from %q, not from the plugin's directory", exampleDir, source)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "PulumiPlugin.yaml"))
	if err != nil || !strings.Contains(string(manifest), "runtime: go") {
		t.Errorf("%s has no PulumiPlugin.yaml with runtime go: %v", dir, err)
	}
}

// checkShape: the examples are the consumer's shape (a VPC, the S3 gateway
// endpoint, the SSM bundle, an instance).
func checkShape(t *testing.T, file string, uses map[string]usage) {
	t.Helper()
	var tokens []string
	for _, u := range uses {
		tokens = append(tokens, strings.TrimPrefix(u.token, "vpclab:index:"))
	}
	for _, want := range []string{"NetworkBase", "GatewayEndpoint", "InterfaceEndpoints", "BastionPair"} {
		if !slices.Contains(tokens, want) {
			t.Errorf("%s does not use %s", file, want)
		}
	}
}

func TestTypeScriptExampleUsesTheSchema(t *testing.T) {
	spec := servedSpec(t)
	const file = "../examples/typescript/index.ts"
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(text)
	var pulumiYAML struct{ Packages map[string]string }
	if b, err := os.ReadFile("../examples/typescript/Pulumi.yaml"); err != nil || yaml.Unmarshal(b, &pulumiYAML) != nil {
		t.Fatalf("examples/typescript/Pulumi.yaml: %v", err)
	}
	checkPackageSource(t, "../examples/typescript", pulumiYAML.Packages["vpclab"])
	uses := map[string]usage{}
	ctor := regexp.MustCompile(`(?:const (\w+) = )?new vpclab\.(\w+)\(\s*"([^"]+)",\s*`)
	for _, m := range ctor.FindAllStringSubmatchIndex(src, -1) {
		variable, typ := src[m[2]:max(m[3], m[2])], src[m[4]:m[5]]
		obj, _, err := parseTS(src, m[1])
		if err != nil {
			t.Fatalf("%s: new vpclab.%s: %v", file, typ, err)
		}
		props, ok := obj.(map[string]any)
		if !ok {
			t.Fatalf("%s: new vpclab.%s takes no object literal", file, typ)
		}
		u := usage{variable, "vpclab:index:" + typ, props}
		checkUsage(t, spec, u)
		if variable != "" {
			uses[variable] = u
		}
	}
	refs := regexp.MustCompile(`\b(\w+)\.(\w+)\b`).FindAllStringSubmatch(src, -1)
	if n := checkOutputs(t, spec, file, refs, uses); n < 8 {
		t.Errorf("%s reads only %d vpclab outputs", file, n)
	}
	checkShape(t, file, uses)
}

// parseTS reads the TypeScript value at src[i:]: object and array literals
// become maps and lists (shorthand properties included); any other
// expression is skipped and read as nil. It returns the value and the index after it.
func parseTS(src string, i int) (any, int, error) {
	skip := func() {
		for i < len(src) && strings.ContainsRune(" \t\r\n", rune(src[i])) {
			i++
		}
	}
	skip()
	if i >= len(src) {
		return nil, i, fmt.Errorf("unexpected end")
	}
	switch src[i] {
	case '{':
		obj := map[string]any{}
		i++
		for {
			skip()
			if i < len(src) && src[i] == '}' {
				return obj, i + 1, nil
			}
			key := regexp.MustCompile(`^(?:"([^"]*)"|(\w+))`).FindStringSubmatch(src[i:])
			if key == nil {
				return nil, i, fmt.Errorf("no property name at %q", src[i:min(i+20, len(src))])
			}
			name := key[1] + key[2]
			i += len(key[0])
			skip()
			var v any
			if i < len(src) && src[i] == ':' {
				var err error
				if v, i, err = parseTS(src, i+1); err != nil {
					return nil, i, err
				}
			}
			obj[name] = v
			skip()
			if i < len(src) && src[i] == ',' {
				i++
			}
		}
	case '[':
		var list []any
		i++
		for {
			skip()
			if i < len(src) && src[i] == ']' {
				return list, i + 1, nil
			}
			v, j, err := parseTS(src, i)
			if err != nil {
				return nil, j, err
			}
			list, i = append(list, v), j
			skip()
			if i < len(src) && src[i] == ',' {
				i++
			}
		}
	}
	// Any other expression: up to the next , } ] ) outside brackets and strings.
	depth := 0
	for ; i < len(src); i++ {
		switch c := src[i]; c {
		case '"', '\'', '`':
			if j := strings.IndexByte(src[i+1:], c); j >= 0 {
				i += j + 1
			}
		case '(', '[', '{':
			depth++
		case ')', ']', '}', ',':
			if depth == 0 {
				return nil, i, nil
			}
			if c != ',' {
				depth--
			}
		}
	}
	return nil, i, nil
}
