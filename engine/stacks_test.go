package engine_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
)

// stepGraph is the graph the simulated AWS records for a stack at one step,
// as vpclab steps and vpclab diff compute it.
func stepGraph(t *testing.T, stack, step string) *sim.Graph {
	t.Helper()
	res, err := sim.LoadAndRun(repo, stack, map[string]string{"step": step}, labs.Program)
	if err != nil {
		t.Fatalf("%s at step %s: %v", stack, step, err)
	}
	return res.Graph
}

// transition is one step change of the walk and what the engine did.
type transition struct {
	from, to string
	engine   map[change]int
}

// Every shipped stack under the real engine, each up run as `pulumi up`
// runs it, a preview first that must plan, resource by resource, what the
// update then does: the first up builds what vpclab plans; a second up
// changes nothing; refresh finds no drift; every step, forward from the
// first to the last and back, changes exactly what vpclab diff claims,
// resource by resource; destroy leaves the simulated account empty without
// a refused delete.
func TestEveryStackUnderTheEngine(t *testing.T) {
	stacks, err := sim.Stacks(repo)
	if err != nil || len(stacks) == 0 {
		t.Fatalf("stacks: %v %v", stacks, err)
	}
	for _, stack := range stacks {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			walkStack(t, stack)
		})
	}
}

func walkStack(t *testing.T, stack string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	w := newWorkspace(t, repo)
	s := w.inline(ctx, stack, "vpclab", labs.Program)
	conf, err := sim.Load(repo, stack, nil)
	if err != nil {
		t.Fatal(err)
	}
	region := conf.Config["aws:region"]
	lab, ok := labs.LabByName(conf.Config["vpclab:lab"])
	if !ok {
		t.Fatalf("stack %s names no lab", stack)
	}

	// The shipped configuration: pulumi up, its preview planning what it does.
	created, _ := previewUp(ctx, t, s)
	if len(creates(created)) == 0 {
		t.Fatal("the first up created nothing")
	}
	last := lab.Steps[len(lab.Steps)-1].Name
	if d := differences(created, expected(&sim.Graph{}, stepGraph(t, stack, last))); len(d) > 0 {
		t.Errorf("the first up did not build what vpclab plans:\n  %s", strings.Join(d, "\n  "))
	}

	// Nothing changed: a second up and a refresh are no-ops.
	if again, _ := previewUp(ctx, t, s); again.summary()["same"] != len(again) {
		t.Errorf("a second up changed %v", notSame(again))
	}
	if drift := refresh(ctx, t, s); drift["update"]+drift["delete"] > 0 {
		t.Errorf("refresh found drift on an unchanged stack: %v", drift)
	}

	// Every step, from the first to the last and back.
	walk := []string{}
	for _, st := range lab.Steps {
		walk = append(walk, st.Name)
	}
	for i := len(lab.Steps) - 2; i >= 0; i-- {
		walk = append(walk, lab.Steps[i].Name)
	}
	var done []transition
	from := last
	for _, to := range walk {
		if to == from {
			continue
		}
		if err := s.SetConfig(ctx, "vpclab:step", auto.ConfigValue{Value: to}); err != nil {
			t.Fatal(err)
		}
		t.Logf("step %s → %s: pulumi up (preview, then update)", from, to)
		got, _ := previewUp(ctx, t, s)
		fromGraph, toGraph := stepGraph(t, stack, from), stepGraph(t, stack, to)
		if d := differences(got, expected(fromGraph, toGraph)); len(d) > 0 {
			t.Errorf("step %s → %s: the engine and vpclab diff disagree:\n  %s", from, to, strings.Join(d, "\n  "))
		}
		// A step never replaces what both steps share, but for the one
		// replacement made on purpose: re-requesting a rejected connection.
		for _, rd := range sim.Diff(fromGraph, toGraph).Resources {
			if got[rd.URN] == "replace" && !reRequests(rd) {
				t.Errorf("step %s → %s replaces %s %s, which both steps share: %+v", from, to, rd.Type, rd.Name, rd.Changes)
			}
		}
		done = append(done, transition{from, to, got.summary()})
		from = to
	}

	// Destroy: nothing left, and AWS refused no delete on the way.
	gone := destroy(ctx, t, s)
	account, err := w.aws.Account(region)
	if err != nil {
		t.Fatal(err)
	}
	if left := account.Resources(); len(left) > 0 {
		var names []string
		for _, r := range left {
			names = append(names, r.String())
		}
		t.Errorf("destroy left %d resources in the simulated account: %s", len(left), strings.Join(names, ", "))
	}
	waits := 0
	for _, op := range account.Operations() {
		if op.Op == "delete" && op.Err != nil {
			t.Errorf("AWS refused a delete: %v", op)
		}
		if op.Op == "delete" && op.Waited > 0 {
			waits++
		}
	}
	var steps []string
	for _, tr := range done {
		steps = append(steps, fmt.Sprintf("%s→%s %s", tr.from, tr.to, counts(tr.engine)))
	}
	t.Logf("%s: created %d, deleted %d on destroy (%d deletes waited for a blocker); steps: %s; %s",
		stack, len(creates(created)), gone.summary()["delete"], waits, strings.Join(steps, "; "), time.Since(start).Round(time.Second))
}

// reRequests is the one replacement a step may make (tests/steps_test.go
// has its twin): a consumer endpoint whose connection goes from accepted
// back to requested, by replaceOnChanges on its tags.
func reRequests(r sim.ResourceDiff) bool {
	if r.Op != sim.OpReplace || len(r.Changes) != 1 {
		return false
	}
	c := r.Changes[0]
	return c.Path == "tags."+components.ConnectionTag && c.Rule == "replaceOnChanges tags" && sim.Str(c.New) == components.ConnectionRequested
}

// creates lists the URNs an operation created, sorted.
func creates(c changes) []string {
	var out []string
	for urn, op := range c {
		if op == "create" {
			out = append(out, urn)
		}
	}
	slices.Sort(out)
	return out
}

// counts renders a summary as +create ~update ±replace -delete.
func counts(m map[change]int) string {
	return fmt.Sprintf("+%d ~%d ±%d -%d", m["create"], m["update"], m["replace"], m["delete"])
}

func notSame(c changes) map[string]change {
	out := map[string]change{}
	for urn, op := range c {
		if op != "same" {
			out[short(urn)] = op
		}
	}
	return out
}
