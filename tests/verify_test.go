package tests

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/verify"
)

// TestEveryShippedStackIsVerifiable: each stack file, as shipped, exports
// what `vpclab verify` needs — its step (the last), its access mode, and for
// the SSH stacks the bastion's and the private instance's IDs, addresses and
// AZs as EC2 Instance Connect wants them — and no check of its step lacks an
// output. The AWS side is left out (no clients): this is about the outputs.
func TestEveryShippedStackIsVerifiable(t *testing.T) {
	stacks, err := sim.Stacks(projectDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, stack := range stacks {
		res := plan(t, stack, nil)
		// As `pulumi stack output --json` prints them.
		raw, err := json.Marshal(res.Exports)
		if err != nil {
			t.Fatal(err)
		}
		var out verify.Outputs
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}

		p, err := verify.PlanFor(out)
		lab, _ := labs.LabByName(res.Config["vpclab:lab"])
		if err != nil || p.Step == nil || p.Step.Name != lab.Steps[len(lab.Steps)-1].Name {
			t.Errorf("%s: plan %v, %v", stack, p, err)
			continue
		}
		access := res.Config["vpclab:access"]
		if out.Access() != access {
			t.Errorf("%s: verify reads access %q, the stack has %q", stack, out.Access(), access)
		}
		hops := map[string][2]string{"private": {"privateInstanceId", "privateInstanceAz"}}
		if access != "ssm" {
			hops["bastion"] = [2]string{"bastionInstanceId", "bastionAz"}
		}
		for hop, keys := range hops {
			id, _ := out[keys[0]].(string)
			inst := res.Graph.ByID(id)
			if inst == nil || inst.Type != tInstance {
				t.Errorf("%s: %s = %q is not an instance of the stack", stack, keys[0], id)
				continue
			}
			subnet := res.Graph.Source(inst, "subnetId")
			if az, _ := out[keys[1]].(string); subnet == nil || az == "" || az != subnet.Str("availabilityZone") {
				t.Errorf("%s: %s = %q, the %s instance's subnet is in %v", stack, keys[1], az, hop, subnet)
			}
		}

		rep := (&verify.Verifier{}).Verify(context.Background(), out, p.Expects)
		if access == "ssh" && !strings.HasPrefix(rep.Transport, "SSH as ec2-user to ") {
			t.Errorf("%s: transport %q", stack, rep.Transport)
		}
		for _, r := range rep.Results {
			if strings.Contains(r.Got.Detail, " output") {
				t.Errorf("%s: %s", stack, r)
			}
		}
	}
}
