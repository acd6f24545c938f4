package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/vpclab/vpclab/provider/internal/docgen"
)

// update rewrites the generated files (docs_gen.go, schema.json) instead of
// comparing against them: go test ./... -update, then review the diff.
var update = flag.Bool("update", false, "rewrite docs_gen.go and schema.json from the components and the provider")

// server starts the plugin in process, with mocks when given.
func server(t *testing.T, opts ...integration.ServerOption) integration.Server {
	t.Helper()
	prov, err := provider()
	if err != nil {
		t.Fatal(err)
	}
	s, err := integration.NewServer(t.Context(), pkgName, semver.MustParse(version), append(opts, integration.WithProvider(prov))...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// schemaJSON is the schema the plugin serves, indented as the golden file keeps it.
func schemaJSON(t *testing.T) []byte {
	t.Helper()
	resp, err := server(t).GetSchema(p.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var schema any
	if err := json.Unmarshal([]byte(resp.Schema), &schema); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(schema); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// docsRewritten is set when this run rewrote docs_gen.go: the schema this
// binary serves was built from the old docs.
var docsRewritten bool

// goldenFile compares data with the checked-in file, or rewrites it with -update.
func goldenFile(t *testing.T, path string, data []byte) bool {
	t.Helper()
	if *update {
		changed, err := docgen.WriteIfChanged(path, data)
		if err != nil {
			t.Fatal(err)
		}
		if changed {
			t.Logf("rewrote %s", path)
		}
		return changed
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./... -update)", err)
	}
	if !bytes.Equal(want, data) {
		t.Errorf("%s is out of date: run go test ./... -update and review the diff", path)
	}
	return false
}

func TestDocsAreGenerated(t *testing.T) {
	docs, err := docgen.Read("../components", "../policy")
	if err != nil {
		t.Fatal(err)
	}
	src, err := docs.Source("main")
	if err != nil {
		t.Fatal(err)
	}
	docsRewritten = goldenFile(t, "docs_gen.go", src)
}

func TestSchemaGolden(t *testing.T) {
	if *update && docsRewritten {
		t.Fatal("docs_gen.go was just rewritten and this test binary still has the old docs: run go test ./... -update once more for schema.json")
	}
	goldenFile(t, "schema.json", schemaJSON(t))
}
