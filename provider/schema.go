package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// withConsumerSchema states in the schema which inputs are plain, as the Go
// types decide: infer marks only the leaves of top-level properties, so
// without this a generated SDK would offer Input<…> for lists, policies and
// the fields of nested types that the components take as plain values (and
// the program would then fail on an eventual value). A Go pulumi.Input is
// an input; everything else is plain, element by element. Outputs are
// outputs, so they carry no plain flag. It also gives the Python SDK its
// README (pythonReadme).
func withConsumerSchema(prov p.Provider) p.Provider {
	getSchema := prov.GetSchema
	prov.GetSchema = func(ctx context.Context, req p.GetSchemaRequest) (p.GetSchemaResponse, error) {
		resp, err := getSchema(ctx, req)
		if err != nil {
			return resp, err
		}
		resp.Schema, err = markPlainInputs(resp.Schema)
		return resp, err
	}
	return prov
}

// pythonReadme is the generated Python SDK's README: the Python SDK is
// generated and byte-compiled in vpclab's CI, but no Python program runs
// there (its machines reach no Python package index), and a user should
// know that before relying on it.
const pythonReadme = `# pulumi_vpclab

The vpclab components (NetworkBase, BastionPair, GatewayEndpoint, InterfaceEndpoint(s),
PrivateLinkService, WebServers, PrivateBucket) for Python, generated from the vpclab plugin's schema.

No Python program has run against this SDK in vpclab's tests: it is generated and byte-compiled
there, but the machines that build vpclab reach no Python package index, so the Pulumi SDK for
Python cannot be installed. Go, YAML and TypeScript programs have run under the real Pulumi engine
against a simulated AWS (docs/plugin.md in the vpclab repository says which).
`

func markPlainInputs(schema string) (string, error) {
	var spec map[string]any
	if err := json.Unmarshal([]byte(schema), &spec); err != nil {
		return "", err
	}
	types := map[string]reflect.Type{}
	for _, m := range mirrors {
		types[pkgName+":index:"+reflect.TypeOf(m).Name()] = reflect.TypeOf(m)
	}
	if lang, ok := spec["language"].(map[string]any); ok {
		if py, ok := lang["python"].(map[string]any); ok {
			py["readme"] = pythonReadme
		}
	}
	objects, _ := spec["types"].(map[string]any)
	for token, s := range objects {
		obj := s.(map[string]any)
		if obj["type"] != "object" {
			continue // enums
		}
		t, ok := types[token]
		if !ok {
			return "", fmt.Errorf("schema type %s has no Go type", token)
		}
		if err := markProperties(obj["properties"], t); err != nil {
			return "", err
		}
	}
	resources, _ := spec["resources"].(map[string]any)
	for token, s := range resources {
		res := s.(map[string]any)
		args, ok := types[token+"Args"]
		if !ok {
			return "", fmt.Errorf("resource %s has no Go args type", token)
		}
		if err := markProperties(res["inputProperties"], args); err != nil {
			return "", err
		}
		for _, prop := range propertyMap(res["properties"]) {
			unmarkPlain(prop)
		}
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(spec); err != nil {
		return "", err
	}
	return strings.TrimSpace(out.String()), nil
}

func propertyMap(v any) map[string]map[string]any {
	out := map[string]map[string]any{}
	m, _ := v.(map[string]any)
	for k, p := range m {
		out[k] = p.(map[string]any)
	}
	return out
}

// markProperties marks the properties of Go struct type t.
func markProperties(props any, t reflect.Type) error {
	byName := map[string]reflect.Type{}
	for _, f := range reflect.VisibleFields(t) {
		if name, ok := schemaName(f); ok {
			byName[name] = f.Type
		}
	}
	for name, prop := range propertyMap(props) {
		ft, ok := byName[name]
		if !ok {
			return fmt.Errorf("schema property %s has no field in %s", name, t)
		}
		markPlain(prop, ft)
	}
	return nil
}

var inputType = reflect.TypeFor[pulumi.Input]()

// markPlain marks a type spec plain unless its Go type is a pulumi.Input,
// and its array items and map values likewise.
func markPlain(spec map[string]any, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(inputType) {
		delete(spec, "plain")
		return
	}
	spec["plain"] = true
	switch t.Kind() {
	case reflect.Slice:
		markPlain(spec["items"].(map[string]any), t.Elem())
	case reflect.Map:
		markPlain(spec["additionalProperties"].(map[string]any), t.Elem())
	}
}

func unmarkPlain(spec map[string]any) {
	delete(spec, "plain")
	for _, k := range []string{"items", "additionalProperties"} {
		if inner, ok := spec[k].(map[string]any); ok {
			unmarkPlain(inner)
		}
	}
}
