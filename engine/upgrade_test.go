package engine_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// Upgrades replace nothing: a user who deployed a lab with an earlier
// vpclab and pulls a later one must not lose a resource. Every earlier
// program's state that matters is kept as a recording under
// testdata/states (a `pulumi stack export` of the stack after `pulumi up`
// at its default step, file backend, passphrase secrets provider with
// statesPassphrase), and TestUpgradeReplacesNothing imports each one into a
// fresh backend and runs the current program over it.
//
// To record the current program (after a change that alters the state, and
// at least before one that alters the API): from engine/,
//
//	VPCLAB_TOOLS=/work/main/.tools go test -run TestRecordStates -record-states
//
// which writes testdata/states/<stack>@<short commit>.json for every
// shipped stack (scripts/record-states.sh does the same). Keep every
// recording: each is an installed base the program must keep upgrading.
var recordStates = flag.Bool("record-states", false, "record every shipped stack's state at the current program into testdata/states (TestRecordStates)")

// statesDir holds the recordings.
const statesDir = "testdata/states"

// statesPassphrase is the passphrase of the recordings' secrets provider
// (the engine suite's, newWorkspace): import decrypts with it.
const statesPassphrase = "engine-suite"

// allowedCreates are the resources an upgrade may add to a recorded stack
// (by type and name, as short prints them), each with why. None: an upgrade
// that adds a resource to a learner's lab costs them money they did not
// ask for, so it needs a reason here.
var allowedCreates = map[string]string{}

// TestRecordStates writes the recordings (only with -record-states).
func TestRecordStates(t *testing.T) {
	if !*recordStates {
		t.Skip("records only with -record-states")
	}
	label := recordingLabel(t)
	if err := os.MkdirAll(statesDir, 0o755); err != nil {
		t.Fatal(err)
	}
	stacks, err := sim.Stacks(repo)
	if err != nil || len(stacks) == 0 {
		t.Fatalf("stacks: %v %v", stacks, err)
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			w := newWorkspace(t, repo)
			s := w.inline(ctx, stack, "vpclab", labs.Program)
			up(ctx, t, s)
			dep := exported(ctx, t, s)
			b, err := json.MarshalIndent(withoutSourcePositions(t, dep), "", " ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(statesDir, stack+"@"+label+".json")
			if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("recorded %s (%d bytes)", path, len(b))
		})
	}
}

// withoutSourcePositions drops what the engine records of where in the Go
// source each resource was registered (stackTrace, sourcePosition): paths
// on the recording machine, two thirds of the export, and nothing import or
// an update reads. Everything else is kept as exported.
func withoutSourcePositions(t *testing.T, dep apitype.UntypedDeployment) apitype.UntypedDeployment {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(dep.Deployment, &d); err != nil {
		t.Fatal(err)
	}
	rs, _ := d["resources"].([]any)
	for _, r := range rs {
		if m, ok := r.(map[string]any); ok {
			delete(m, "stackTrace")
			delete(m, "sourcePosition")
		}
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	dep.Deployment = b
	return dep
}

// recordingLabel is the short commit of the program being recorded, with
// "-dirty" when the program (anything outside engine/, the test module) has
// changes the commit does not have.
func recordingLabel(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("git", "-C", repo, "rev-parse", "--short=7", "HEAD").Output()
	if err != nil {
		t.Fatalf("git rev-parse: %v", err)
	}
	label := strings.TrimSpace(string(out))
	status, err := exec.Command("git", "-C", repo, "status", "--porcelain", "--", ".", ":!engine").Output()
	if err != nil {
		t.Fatalf("git status: %v", err)
	}
	if len(strings.TrimSpace(string(status))) > 0 {
		label += "-dirty"
	}
	return label
}

// recording is one recorded state: its stack and the program it came from.
type recording struct{ path, stack, label string }

func recordings(t *testing.T) []recording {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(statesDir, "*@*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []recording
	for _, f := range files {
		stack, label, _ := strings.Cut(strings.TrimSuffix(filepath.Base(f), ".json"), "@")
		out = append(out, recording{f, stack, label})
	}
	return out
}

// Every recorded state upgrades to the current program without a
// replacement, a delete or a new resource: the recording is imported into
// a fresh file backend, the simulated account is brought to the same state
// (every recorded resource created again from its recorded inputs, which
// must give it its recorded ID), and then
//   - preview with the current program plans no replace, no delete (a URN
//     that moved without an alias shows as a delete and a create), and no
//     create beyond allowedCreates;
//   - up does exactly what preview planned, and AWS accepts it;
//   - a second up changes nothing.
//
// In-place updates are allowed (AWS changes them without a new resource)
// and logged.
func TestUpgradeReplacesNothing(t *testing.T) {
	recs := recordings(t)
	if len(recs) == 0 {
		t.Fatalf("no recorded states in %s: record them with -record-states", statesDir)
	}
	stacks, err := sim.Stacks(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, stack := range stacks {
		if !slices.ContainsFunc(recs, func(r recording) bool { return r.stack == stack }) {
			t.Errorf("shipped stack %s has no recorded state in %s", stack, statesDir)
		}
	}
	for _, rec := range recs {
		t.Run(rec.stack+"@"+rec.label, func(t *testing.T) {
			t.Parallel()
			upgrade(t, rec)
		})
	}
}

func upgrade(t *testing.T, rec recording) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	b, err := os.ReadFile(rec.path)
	if err != nil {
		t.Fatal(err)
	}
	var dep apitype.UntypedDeployment
	if err := json.Unmarshal(b, &dep); err != nil {
		t.Fatalf("%s: %v", rec.path, err)
	}
	w := newWorkspace(t, repo)
	w.envs["PULUMI_CONFIG_PASSPHRASE"] = statesPassphrase
	s := w.inline(ctx, rec.stack, "vpclab", labs.Program)
	if err := s.Import(ctx, dep); err != nil {
		t.Fatalf("stack import %s: %v", rec.path, err)
	}
	conf, err := sim.Load(repo, rec.stack, nil)
	if err != nil {
		t.Fatal(err)
	}
	seed(t, w, conf.Config["aws:region"], dep)

	planned := preview(ctx, t, s)
	var bad, updates []string
	for urn, op := range planned {
		switch op {
		case "replace", "delete":
			bad = append(bad, fmt.Sprintf("%s %s", op, short(urn)))
		case "create":
			if why, ok := allowedCreates[short(urn)]; ok {
				t.Logf("creates %s: %s", short(urn), why)
			} else {
				bad = append(bad, fmt.Sprintf("create %s (not in allowedCreates)", short(urn)))
			}
		case "update":
			updates = append(updates, short(urn))
		}
	}
	slices.Sort(bad)
	if len(bad) > 0 {
		t.Fatalf("upgrading %s from %s: preview plans\n  %s\n(a resource whose name or parent must move needs an alias)", rec.stack, rec.label, strings.Join(bad, "\n  "))
	}
	slices.Sort(updates)
	did, _ := up(ctx, t, s)
	for urn, op := range did {
		if p := planned[urn]; p != op {
			t.Errorf("%s: preview planned %s, up did %s", short(urn), p, op)
		}
	}
	if again, _ := up(ctx, t, s); again.summary()["same"] != len(again) {
		t.Errorf("a second up after the upgrade changed %v", notSame(again))
	}
	t.Logf("%s from %s: %d resources, updated in place: %v", rec.stack, rec.label, len(planned), updates)
}

// seed brings the workspace's simulated account to the recorded state: it
// creates every recorded aws resource again, in the state's order (which
// puts what a resource depends on first), from its recorded inputs. The
// simulated AWS derives IDs from URNs, so each must get its recorded ID,
// or the state and the account would describe different resources.
func seed(t *testing.T, w *workspace, region string, dep apitype.UntypedDeployment) {
	t.Helper()
	var d apitype.DeploymentV3
	if err := json.Unmarshal(dep.Deployment, &d); err != nil {
		t.Fatal(err)
	}
	account, err := w.aws.Account(region)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range d.Resources {
		if !r.Custom || strings.HasPrefix(string(r.Type), "pulumi:") {
			continue
		}
		if !strings.HasPrefix(r.Provider, "urn:pulumi:") || !strings.Contains(r.Provider, "::pulumi:providers:aws::") {
			t.Fatalf("%s: recorded with provider %q, which the test cannot seed", r.URN, r.Provider)
		}
		inputs, err := plainProperties(r.Inputs)
		if err != nil {
			t.Fatalf("%s: %v", r.URN, err)
		}
		delete(inputs, "__defaults")
		x := &sim.Resource{Custom: true}
		x.URN, x.Type, x.Name, x.Inputs = string(r.URN), string(r.Type), r.URN.Name(), inputs
		id, _, err := account.Create(x)
		if err != nil {
			t.Fatalf("seeding the simulated account with %s: %v", short(string(r.URN)), err)
		}
		if id != string(r.ID) {
			t.Fatalf("seeding %s gave ID %s, the recording has %s: the simulated account cannot stand for the recorded one", short(string(r.URN)), id, r.ID)
		}
	}
}

// plainProperties turns a state's JSON property map into a PropertyMap;
// the labs have no secrets, and a secret here is refused rather than seeded
// with its ciphertext.
func plainProperties(m map[string]any) (resource.PropertyMap, error) {
	var bad error
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			if sig, ok := x[resource.SigKey]; ok {
				bad = fmt.Errorf("a value with signature %v (secret, asset or resource reference): seeding does not decode it", sig)
				return nil
			}
			out := map[string]any{}
			for k, e := range x {
				out[k] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = walk(e)
			}
			return out
		}
		return v
	}
	plain := walk(map[string]any(m)).(map[string]any)
	return resource.NewPropertyMapFromMap(plain), bad
}
