package verify

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/labs/guide"
)

// Every guide check a step names is one verify can run.
func TestVerifyRunsEveryGuideCheck(t *testing.T) {
	for _, g := range guide.Checks() {
		if _, ok := checkByID(g.ID); !ok {
			t.Errorf("guide check %s (%s) has no verify check", g.ID, g.Title)
		}
		if _, ok := checkCases[g.ID]; !ok {
			t.Errorf("guide check %s has no test case", g.ID)
		}
	}
	for _, l := range guide.Labs() {
		for _, s := range l.Steps {
			for _, e := range s.Expect {
				if _, ok := guide.CheckByID(e.Check); !ok {
					t.Errorf("%s step %s names unknown check %s", l.Name, s.Name, e.Check)
				}
			}
		}
	}
}

// stepOutputs are the outputs of a stack of lab at step i: the step's
// values decide what the stack exports (a NAT gateway, the S3 endpoint,
// private-DNS services, the endpoint service, the consumer endpoint).
func stepOutputs(t *testing.T, lab guide.Lab, i int, ssh bool) Outputs {
	out := labOutputs()
	if ssh {
		out = sshOutputs()
	}
	out["lab"], out["step"] = lab.Name, lab.Steps[i].Name
	v := func(k string) string { return lab.Value(i, k) }
	out["natMode"] = v("natMode")
	if v("natMode") != "none" {
		out["natPublicIps"] = []any{"3.34.1.1"}
	}
	if v("s3GatewayEndpoint") != "true" {
		delete(out, "s3EndpointId")
	}
	var svcs []string
	if err := json.Unmarshal([]byte(v("interfaceEndpoints")), &svcs); err != nil {
		t.Fatal(err)
	}
	delete(out, "privateDnsServices")
	if len(svcs) > 0 {
		var l []any
		for _, s := range svcs {
			l = append(l, s)
		}
		out["privateDnsServices"] = l
	}
	if lab.Name != "s3-gateway" && lab.Name != "gateway-vs-interface" {
		delete(out, "bucketName")
		delete(out, "s3EndpointId")
	}
	if lab.Name == "privatelink" {
		if v("endpointService") != "true" {
			delete(out, "serviceName")
		}
		if v("consumerEndpoint") != "true" {
			delete(out, "consumerEndpointId")
			delete(out, "consumerEndpointDns")
		}
	} else {
		for _, k := range []string{"nlbDnsName", "serviceName", "consumerEndpointId", "consumerEndpointDns", "webPages", "servicePort"} {
			delete(out, k)
		}
	}
	return out
}

// stepWorld is the lab the plan describes: each check shows its expected
// outcome, a failure for the reason the guide means.
func stepWorld(p Plan, out Outputs, ssh bool) (*world, *Verifier) {
	w := goodWorld()
	var v *Verifier
	if ssh {
		v, w.sshLab = sshVerifier(w)
	} else {
		v, _ = verifier(w)
	}
	for _, e := range p.Expects {
		tc := checkCases[e.Check]
		if strings.HasSuffix(e.Check, dnsPrivateSuffix) {
			tc = checkCases[checkCFNDNS]
		}
		if e.Want == Pass {
			tc.pass(w, out)
		} else {
			tc.guide[0](w, out)
		}
	}
	return w, v
}

// TestEachStepVerifies: for every lab and step, a stack that shows what the
// guide expects there verifies (expected failures included); expecting the
// opposite of any one check fails verification; and a check the step expects
// to fail, failing for another reason, fails verification. The SSH labs run
// through SSH as shipped, the ssm lab through Session Manager.
func TestEachStepVerifies(t *testing.T) {
	ctx := context.Background()
	for _, lab := range guide.Labs() {
		ssh := lab.Name != "ssm"
		for i, step := range lab.Steps {
			name := fmt.Sprintf("%s step %d %s", lab.Name, i+1, step.Name)
			out := stepOutputs(t, lab, i, ssh)
			p, err := PlanFor(out)
			if err != nil || p.Step == nil || p.Step.Name != step.Name || p.StepNumber != i+1 {
				t.Fatalf("%s: plan %v %v", name, p, err)
			}
			_, v := stepWorld(p, out, ssh)
			rep := v.Verify(ctx, out, p.Expects)
			t.Logf("%s\n%s", p, rep)
			if !rep.OK() {
				t.Errorf("%s: the lab as the guide describes it does not verify:\n%s", name, rep)
			}
			for _, e := range step.Expect {
				if r, ok := rep.Result(e.Check); !ok || (r.Verdict != Met && r.Verdict != Skipped) || string(r.Want) != string(e.Want) {
					t.Errorf("%s: %s expected %s: %s", name, e.Check, e.Want, r)
				}
			}

			for _, e := range step.Expect {
				flipped := Pass
				if Outcome(e.Want) == Pass {
					flipped = Fail
				}
				out := stepOutputs(t, lab, i, ssh)
				_, v := stepWorld(p, out, ssh)
				rep := v.Verify(ctx, out, []Expect{{Check: e.Check, Want: flipped}})
				if r, _ := rep.Result(e.Check); r.Verdict == Met || r.Verdict == Skipped || rep.OK() {
					t.Errorf("%s: %s shows %s, expecting %s was accepted: %s", name, e.Check, e.Want, flipped, r)
				}
				if Outcome(e.Want) != Fail {
					continue
				}
				// The same check failing for another reason (the good lab with
				// one thing wrong that the guide does not mean) is not met.
				tc := checkCases[e.Check]
				for j, other := range tc.other {
					if r, _ := verifyOne(t, e.Check, tc.ssh, other, Fail); r.Verdict == Met {
						t.Errorf("%s: %s failing for another reason (%d) met the guide's failure: %s", name, e.Check, j, r)
					}
				}
			}
		}
	}
}

func TestPlanFor(t *testing.T) {
	out := stepOutputs(t, mustLab(t, "s3-gateway"), 0, true)
	p, err := PlanFor(out)
	if err != nil {
		t.Fatal(err)
	}
	if p.String() != "lab s3-gateway, step 1 of 3 no-endpoint: Private instance without an endpoint" {
		t.Errorf("heading %q", p)
	}
	var got []string
	for _, e := range p.Expects {
		got = append(got, e.Check+":"+string(e.Want)+":"+e.From)
	}
	if want := "S3-LAB-BUCKET:fail:step no-endpoint NO-INTERNET:pass:step no-endpoint"; strings.Join(got, " ") != want {
		t.Errorf("expects %v, want %s", got, want)
	}

	out["step"] = "gateway-endpont"
	if _, err := PlanFor(out); err == nil || !strings.Contains(err.Error(), `step "gateway-endpont", which the s3-gateway lab does not have (its steps are 1 no-endpoint, 2 gateway-endpoint, 3 endpoint-policies)`) {
		t.Errorf("unknown step: %v", err)
	}
	out["step"] = "2" // a number is how config selects a step, never what the stack reports
	if _, err := PlanFor(out); err == nil {
		t.Errorf("step number accepted as a name")
	}
	delete(out, "step")
	if p, err := PlanFor(out); err != nil || p.Step != nil || !strings.Contains(p.String(), "reports no step") || len(p.Expects) != len(FromOutputs(out)) {
		t.Errorf("no step: %v %v", p, err)
	}
}

func mustLab(t *testing.T, name string) guide.Lab {
	l, ok := guide.LabByName(name)
	if !ok {
		t.Fatalf("no lab %s", name)
	}
	return l
}
