package sim_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

func TestLoadMergesDefaultsLikeTheCLI(t *testing.T) {
	st, err := sim.Load("testdata/proj", "s", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"aws:region": "us-east-1", "proj:owner": "learner", "proj:size": "3", "proj:names": `["a","b"]`}
	if len(st.Config) != len(want) {
		t.Errorf("config %v, want %v", st.Config, want)
	}
	for k, v := range want {
		if st.Config[k] != v {
			t.Errorf("%s = %q, want %q", k, st.Config[k], v)
		}
	}
	st, err = sim.Load("testdata/proj", "s", map[string]string{"size": "5", "names": `["x"]`})
	if err != nil || st.Config["proj:size"] != "5" || st.Config["proj:names"] != `["x"]` {
		t.Errorf("overrides: %v %v", st, err)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		stack     string
		overrides map[string]string
		want      string
	}{
		{"noowner", nil, "Stack 'noowner' is missing configuration proj:owner"},
		{"gone", nil, `no stack "gone": Pulumi.gone.yaml is not in testdata/proj (stacks: noowner, s)`},
		{"s", map[string]string{"size": "big"}, `"big": is not an integer`},
		{"s", map[string]string{"colour": "red"}, "proj:colour which is not defined by the project configuration"},
		{"s", map[string]string{"a:b:c": "x"}, "must be of the form namespace:name"},
	} {
		if _, err := sim.Load("testdata/proj", tc.stack, tc.overrides); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: error %v, want %q", tc.stack, tc.overrides, err, tc.want)
		}
	}
}

// Load parses Pulumi.yaml once per content: an edited project file is read
// again, not answered from what an earlier Load parsed.
func TestLoadSeesAnEditedProject(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"Pulumi.yaml", "Pulumi.s.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata/proj", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, size := range []string{"3", "7"} {
		b, _ := os.ReadFile(filepath.Join("testdata/proj", "Pulumi.yaml"))
		edited := strings.Replace(string(b), "default: 3", "default: "+size, 1)
		if err := os.WriteFile(filepath.Join(dir, "Pulumi.yaml"), []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := sim.Load(dir, "s", nil)
		if err != nil || st.Config["proj:size"] != size {
			t.Errorf("size default %s: got %v %v", size, st, err)
		}
	}
}
