package tests

import (
	"bufio"
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const (
	awsV6 = "github.com/pulumi/pulumi-aws/sdk/v6"
	awsV7 = "github.com/pulumi/pulumi-aws/sdk/v7"
	// awsVersion is the pulumi-aws SDK every module builds with (DESIGN.md).
	awsVersion = "v7.41.0"
)

// No module of the repository uses pulumi-aws v6: not in a go.mod or go.sum,
// not in any Go file's imports (whatever its build tags), and every module
// that requires pulumi-aws requires v7 at the pinned version. A project on v7
// that imports the components then gets one AWS SDK, not two.
func TestNoModuleUsesPulumiAWSv6(t *testing.T) {
	root := projectDir
	fset := token.NewFileSet()
	var modules, goFiles int
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case name == "go.mod" || name == "go.sum" || name == "go.work":
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			if bytes.Contains(data, []byte(awsV6)) {
				t.Errorf("%s mentions %s", path, awsV6)
			}
			if name == "go.mod" {
				modules++
				checkAWSRequirement(t, path, data)
			}
		case strings.HasSuffix(name, ".go"):
			goFiles++
			f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); p == awsV6 || strings.HasPrefix(p, awsV6+"/") {
					t.Errorf("%s imports %s", fset.Position(imp.Pos()), p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The root, examples/consumer and integration at least.
	if modules < 3 || goFiles < 50 {
		t.Errorf("walked %d modules and %d Go files from %s: is the test looking at the repository?", modules, goFiles, root)
	}
}

// checkAWSRequirement: a module that requires pulumi-aws requires v7 at
// awsVersion; the root module requires it directly.
func checkAWSRequirement(t *testing.T, path string, gomod []byte) {
	t.Helper()
	found := false
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(sc.Text()), "require "))
		if len(f) < 2 || !strings.HasPrefix(f[0], "github.com/pulumi/pulumi-aws/sdk/") {
			continue
		}
		found = true
		if f[0] != awsV7 || f[1] != awsVersion {
			t.Errorf("%s requires %s %s, want %s %s", path, f[0], f[1], awsV7, awsVersion)
		}
	}
	if !found && filepath.Clean(path) == filepath.Join(projectDir, "go.mod") {
		t.Errorf("%s does not require %s", path, awsV7)
	}
}
