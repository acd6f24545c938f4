package engine_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/awsprovider"
)

// repo is the vpclab repository the suite copies its project from.
const repo = ".."

// tools is the directory scripts/engine-tools.sh built the Pulumi CLI and
// pulumi-language-yaml into (its bin/).
func tools(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("VPCLAB_TOOLS")
	if dir == "" {
		dir = filepath.Join(repo, ".tools")
	}
	dir, _ = filepath.Abs(dir)
	if _, err := os.Stat(filepath.Join(dir, "bin", "pulumi")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("no Pulumi CLI in %s/bin: .ci/run builds it with scripts/engine-tools.sh first", dir)
		}
		t.Skipf("no Pulumi CLI in %s/bin: run bash scripts/engine-tools.sh (or set VPCLAB_TOOLS)", dir)
	}
	return dir
}

// pulumiHome is one PULUMI_HOME for the whole run: the CLI writes its
// credentials and plugin cache there, never into the user's ~/.pulumi.
var pulumiHome = sync.OnceValue(func() string {
	dir, err := os.MkdirTemp("", "vpclab-engine-home-")
	if err != nil {
		panic(err)
	}
	return dir
})

// copyProject copies the files the CLI reads — Pulumi.yaml and the stack
// files — from src into a temporary directory: the CLI rewrites stack files
// (stack init adds an encryptionsalt; config set rewrites values), and
// tests never write into the repository.
func copyProject(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	files, err := filepath.Glob(filepath.Join(src, "Pulumi*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Pulumi project in %s: %v", src, err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// simulatedAWS serves a fresh simulated AWS account as the aws provider.
func simulatedAWS(t *testing.T) (*awsprovider.Provider, int) {
	t.Helper()
	p, srv, err := serveSimulatedAWS()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	return p, srv.Port
}

// serveSimulatedAWS starts the aws provider over a fresh simulated AWS.
func serveSimulatedAWS() (*awsprovider.Provider, *awsprovider.Server, error) {
	version, err := awsprovider.Version()
	if err != nil {
		return nil, nil, err
	}
	p := awsprovider.New(version)
	// The engine deletes independent resources in parallel: a delete AWS
	// refuses while a blocker is going waits for it, as the provider retries.
	p.Patience = 20 * time.Second
	srv, err := awsprovider.Serve(p, 0)
	if err != nil {
		return nil, nil, err
	}
	return p, srv, nil
}

// workspace is one project under the real engine: a copy of its files, a
// file backend of its own, and the providers it attaches to.
type workspace struct {
	t       *testing.T
	dir     string
	cmd     auto.PulumiCommand
	envs    map[string]string
	aws     *awsprovider.Provider
	plugins map[string]int // attached providers: name → port
}

func newWorkspace(t *testing.T, project string) *workspace {
	t.Helper()
	bin := tools(t)
	cmd, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: bin})
	if err != nil {
		t.Fatal(err)
	}
	p, port := simulatedAWS(t)
	w := &workspace{t: t, dir: copyProject(t, project), cmd: cmd, aws: p, plugins: map[string]int{"aws": port}}
	w.envs = map[string]string{
		"PULUMI_BACKEND_URL":       "file://" + t.TempDir(),
		"PULUMI_CONFIG_PASSPHRASE": "engine-suite",
		"PULUMI_SKIP_UPDATE_CHECK": "true",
		// Nothing is downloaded: every plugin is attached or on PATH.
		"PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
		"PATH": filepath.Join(bin, "bin") + string(os.PathListSeparator) + os.Getenv("PATH"),
	}
	return w
}

// attached is PULUMI_DEBUG_PROVIDERS for the attached providers.
func (w *workspace) attached() string {
	var attach []string
	for name, port := range w.plugins {
		attach = append(attach, fmt.Sprintf("%s:%d", name, port))
	}
	slices.Sort(attach)
	return strings.Join(attach, ",")
}

// options are the workspace's options, with the attached providers.
func (w *workspace) options() []auto.LocalWorkspaceOption {
	env := maps.Clone(w.envs)
	env["PULUMI_DEBUG_PROVIDERS"] = w.attached()
	return []auto.LocalWorkspaceOption{auto.WorkDir(w.dir), auto.Pulumi(w.cmd), auto.PulumiHome(pulumiHome()), auto.EnvVars(env)}
}

// inline is a stack running program as an Automation API inline program:
// the test process is the Go language host, and the real CLI reads the
// copy's Pulumi.yaml and Pulumi.<stack>.yaml.
func (w *workspace) inline(ctx context.Context, stack, project string, program pulumi.RunFunc) auto.Stack {
	w.t.Helper()
	s, err := auto.UpsertStackInlineSource(ctx, stack, project, program, w.options()...)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// local is a stack of the project in the copy, run by its own language host (YAML).
func (w *workspace) local(ctx context.Context, stack string) auto.Stack {
	w.t.Helper()
	s, err := auto.UpsertStackLocalSource(ctx, stack, w.dir, w.options()...)
	if err != nil {
		w.t.Fatal(err)
	}
	return s
}

// change is what the engine did to one resource in one operation.
type change string

// changes are the engine's steps of one operation, by URN, without the
// stack and provider resources (which belong to Pulumi, not to the lab).
type changes map[string]change

// summary counts the changes of each kind.
func (c changes) summary() map[change]int {
	out := map[change]int{}
	for _, op := range c {
		out[op]++
	}
	return out
}

// of reduces a resource's engine steps to one change: a replacement
// shows as create-replacement, replace and delete-replaced steps.
func of(ops []apitype.OpType) change {
	has := func(o ...apitype.OpType) bool {
		return slices.ContainsFunc(ops, func(x apitype.OpType) bool { return slices.Contains(o, x) })
	}
	switch {
	case has(apitype.OpReplace, apitype.OpCreateReplacement, apitype.OpDeleteReplaced, apitype.OpDiscardReplaced):
		return "replace"
	case has(apitype.OpCreate):
		return "create"
	case has(apitype.OpUpdate):
		return "update"
	case has(apitype.OpDelete):
		return "delete"
	}
	return "same"
}

// record collects the engine's resource steps from an event stream.
func record(ch <-chan events.EngineEvent) (changes, *sync.WaitGroup) {
	steps := map[string][]apitype.OpType{}
	out := changes{}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for e := range ch {
			var md *apitype.StepEventMetadata
			switch {
			case e.ResourcePreEvent != nil:
				md = &e.ResourcePreEvent.Metadata
			case e.ResOutputsEvent != nil:
				md = &e.ResOutputsEvent.Metadata
			}
			if md == nil || strings.HasPrefix(md.Type, "pulumi:") {
				continue
			}
			steps[md.URN] = append(steps[md.URN], md.Op)
		}
		for urn, ops := range steps {
			out[urn] = of(ops)
		}
	}()
	return out, &wg
}

// preview runs pulumi preview and returns what it plans per resource.
func preview(ctx context.Context, t *testing.T, s auto.Stack) changes {
	t.Helper()
	ch := make(chan events.EngineEvent)
	got, done := record(ch)
	var out strings.Builder
	if _, err := s.Preview(ctx, optpreview.EventStreams(ch), optpreview.ProgressStreams(&out), optpreview.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("preview: %v\n%s", err, lastLines(out.String(), 15))
	}
	done.Wait()
	return got
}

// up runs pulumi up and returns what it did per resource.
func up(ctx context.Context, t *testing.T, s auto.Stack) (changes, auto.UpResult) {
	t.Helper()
	ch := make(chan events.EngineEvent)
	got, done := record(ch)
	res, err := s.Up(ctx, optup.EventStreams(ch), optup.ProgressStreams(io.Discard))
	done.Wait()
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	return got, res
}

// exported is the stack's state as `pulumi stack export` prints it.
func exported(ctx context.Context, t *testing.T, s auto.Stack) apitype.UntypedDeployment {
	t.Helper()
	dep, err := s.Export(ctx)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return dep
}

// previewUp is `pulumi up` as a learner runs it: a preview, then the
// update (the Automation API's Up alone skips the preview). The preview
// must succeed and plan, resource by resource, what the update then does.
func previewUp(ctx context.Context, t *testing.T, s auto.Stack) (changes, auto.UpResult) {
	t.Helper()
	planned := preview(ctx, t, s)
	did, res := up(ctx, t, s)
	if d := planDiffers(planned, did); len(d) > 0 {
		t.Errorf("the preview planned other changes than the update made:\n  %s", strings.Join(d, "\n  "))
	}
	return did, res
}

// planDiffers lists the resources whose planned change differs from the
// one made; a resource one of them does not mention is unchanged there.
func planDiffers(planned, did changes) []string {
	urns := map[string]bool{}
	for u := range planned {
		urns[u] = true
	}
	for u := range did {
		urns[u] = true
	}
	var out []string
	for _, urn := range slices.Sorted(maps.Keys(urns)) {
		p, d := planned[urn], did[urn]
		if p == "" {
			p = "same"
		}
		if d == "" {
			d = "same"
		}
		if p != d {
			out = append(out, fmt.Sprintf("%s: preview %s, up %s", short(urn), p, d))
		}
	}
	return out
}

// refresh runs pulumi refresh and returns its summary.
func refresh(ctx context.Context, t *testing.T, s auto.Stack) map[string]int {
	t.Helper()
	res, err := s.Refresh(ctx, optrefresh.ProgressStreams(io.Discard))
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if res.Summary.ResourceChanges == nil {
		return map[string]int{}
	}
	return *res.Summary.ResourceChanges
}

// destroy runs pulumi destroy and returns what it deleted.
func destroy(ctx context.Context, t *testing.T, s auto.Stack) changes {
	t.Helper()
	ch := make(chan events.EngineEvent)
	got, done := record(ch)
	_, err := s.Destroy(ctx, optdestroy.EventStreams(ch), optdestroy.ProgressStreams(io.Discard))
	done.Wait()
	if err != nil {
		t.Fatalf("destroy: %v", err)
	}
	return got
}

// expected is what sim.Diff claims an update from one graph to another
// does, per URN, as vpclab steps and vpclab diff print it.
func expected(from, to *sim.Graph) changes {
	out := changes{}
	for _, r := range to.Resources {
		out[r.URN] = "same"
	}
	for _, rd := range sim.Diff(from, to).Resources {
		op := change(rd.Op)
		if rd.Op == sim.OpSame {
			op = "same"
		}
		out[rd.URN] = op
	}
	return out
}

// differences lists where the engine and the claim disagree.
func differences(engine, claim changes) []string {
	var out []string
	for urn, op := range claim {
		got, ok := engine[urn]
		if !ok {
			got = "absent"
			if op == "delete" {
				got = "absent (kept)"
			}
		}
		if got != op {
			out = append(out, fmt.Sprintf("%s: engine %s, vpclab %s", short(urn), got, op))
		}
	}
	for urn, op := range engine {
		if _, ok := claim[urn]; !ok && op != "same" {
			out = append(out, fmt.Sprintf("%s: engine %s, vpclab does not know it", short(urn), op))
		}
	}
	slices.Sort(out)
	return out
}

// short is a URN's type and name.
func short(urn string) string {
	parts := strings.Split(urn, "::")
	if len(parts) < 4 {
		return urn
	}
	typ := parts[2]
	if i := strings.LastIndex(typ, "$"); i >= 0 {
		typ = typ[i+1:]
	}
	return typ + " " + parts[3]
}

// build builds a Go main package of another module into out.
func build(moduleDir, out string) (string, error) {
	bin := filepath.Join(out, filepath.Base(moduleDir))
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = moduleDir
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building %s: %v\n%s", moduleDir, err, b)
	}
	return bin, nil
}

// vpclabPluginBinary is the vpclab plugin built from provider/, once per
// test binary: the YAML and TypeScript examples attach the same build.
var vpclabPluginBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "vpclab-engine-plugin-")
	if err != nil {
		return "", err
	}
	return build(filepath.Join(repo, "provider"), dir)
})

// pluginBinary is vpclabPluginBinary for a test.
func pluginBinary(t *testing.T) string {
	t.Helper()
	bin, err := vpclabPluginBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}
