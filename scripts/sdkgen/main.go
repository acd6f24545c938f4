// Command sdkgen generates the vpclab package's SDKs for other languages
// (Node.js and Python) from the schema the plugin serves, with the code
// generators of the pinned pkg/v3: the files `pulumi package add ../provider`
// generates for a TypeScript or Python project, without the language host
// plugins (pulumi-language-nodejs and -python), which the registries here do
// not serve. The CLI asks the language host to generate; the host binds the
// schema and calls codegen/nodejs's or codegen/python's GeneratePackage, as
// this does.
//
//	go run . -schema ../../provider/schema.json -nodejs DIR -python DIR
//
// writes each SDK asked for into its directory, replacing what was there.
// An SDK whose stamp (a hash of the schema, the generator's version and the
// options) matches is reused as it is: an npm install that compiled the
// Node.js SDK in place keeps its work while the schema is unchanged.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// stampFile sits beside the generated files, in the language's directory.
const stampFile = ".sdkgen-stamp"

// generators are what the language hosts call, with the tool name each
// host gives (it appears in the generated files' headers).
var generators = map[string]func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error){
	"nodejs": func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		// local: the SDK is TypeScript source that its postinstall compiles,
		// as `pulumi package add` links it (file:<dir> in package.json).
		return nodejs.GeneratePackage("pulumi-language-nodejs", pkg, nil, nil, true, loader)
	},
	"python": func(pkg *schema.Package, loader schema.ReferenceLoader) (map[string][]byte, error) {
		return python.GeneratePackage("pulumi-language-python", pkg, nil, loader)
	},
}

func main() {
	schemaPath := flag.String("schema", "", "the plugin's schema (provider/schema.json, which the provider's tests hold equal to the served one)")
	outs := map[string]*string{}
	for lang := range generators {
		outs[lang] = flag.String(lang, "", "where to write the "+lang+" SDK (its directory is replaced)")
	}
	flag.Parse()
	dirs := map[string]string{}
	for lang, dir := range outs {
		if *dir != "" {
			dirs[lang] = *dir
		}
	}
	if *schemaPath == "" || len(dirs) == 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen -schema provider/schema.json [-nodejs DIR] [-python DIR]")
		os.Exit(2)
	}
	if err := run(*schemaPath, dirs); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen: %v\n", err)
		os.Exit(1)
	}
}

func run(schemaPath string, dirs map[string]string) error {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	for _, lang := range slices.Sorted(maps.Keys(dirs)) {
		gen, dir := generators[lang], dirs[lang]
		stamp := stampOf(raw, lang)
		if old, err := os.ReadFile(filepath.Join(dir, stampFile)); err == nil && string(old) == stamp {
			fmt.Fprintf(os.Stderr, "sdkgen: reusing %s (schema unchanged)\n", dir)
			continue
		}
		// Each language binds the schema afresh: the generators record
		// their language's settings in the package they are given.
		pkg, err := bind(raw)
		if err != nil {
			return err
		}
		files, err := gen(pkg, noOtherPackages{})
		if err != nil {
			return fmt.Errorf("%s: %w", lang, err)
		}
		if err := write(dir, files, stamp); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "sdkgen: generated %s (%d files)\n", dir, len(files))
	}
	return nil
}

// bind validates the schema as the language hosts do and marks it the way
// `pulumi package add` does: SupportPack always on for a local package.
func bind(raw []byte) (*schema.Package, error) {
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, noOtherPackages{}, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("schema: %w", diags)
	}
	pkg.SupportPack = true
	return pkg, nil
}

// stampOf identifies one generation: the schema, the generator's version
// and this tool's settings for the language.
func stampOf(raw []byte, lang string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00local,supportPack\x00", lang, generatorVersion())
	h.Write(raw)
	return hex.EncodeToString(h.Sum(nil)) + "\n"
}

// generatorVersion is the pkg/v3 this binary was built with.
func generatorVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			if d.Path == "github.com/pulumi/pulumi/pkg/v3" {
				return d.Version
			}
		}
	}
	return "unknown"
}

// write replaces dir with the generated files and the stamp, written last
// so that an interrupted run is regenerated next time.
func write(dir string, files map[string][]byte, stamp string) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, stampFile), []byte(stamp), 0o644)
}

// noOtherPackages is the schema loader: vpclab's schema refers to no other
// package, and a reference to one is an error rather than a download.
type noOtherPackages struct{}

func (noOtherPackages) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return nil, fmt.Errorf("the schema refers to package %q; sdkgen loads no other package", name)
}

func (l noOtherPackages) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.LoadPackage(d.Name, nil)
}

func (noOtherPackages) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, fmt.Errorf("the schema refers to package %q; sdkgen loads no other package", name)
}

func (l noOtherPackages) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}
