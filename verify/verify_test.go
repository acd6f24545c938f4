package verify

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2instanceconnect"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// change turns the good lab into another one.
type change func(w *world, out Outputs)

func none(*world, Outputs) {}

// unreachable: the instance's agent is offline, so instance checks cannot run.
func unreachable(w *world, _ Outputs) { w.online = false }

// checkCases give, per check, a lab where it passes, one where it fails for
// the reason the guide means, and ones where it fails for another reason or
// verify cannot tell. Every check verify knows must have a case.
var checkCases = map[string]struct {
	ssh   bool
	pass  change
	guide []change
	other []change
}{
	checkSSMOnline: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.online = false }},
		other: []change{func(_ *world, out Outputs) { out["privateInstanceId"] = "i-0gone" }}},
	checkSSH: {ssh: true, pass: none,
		guide: []change{func(w *world, _ Outputs) { w.sshLab.sgDrops = true }},
		other: []change{func(w *world, _ Outputs) { w.sshLab.adminOff = true }, func(_ *world, out Outputs) { delete(out, "bastionInstanceId") }}},
	checkEgress: {pass: func(_ *world, out Outputs) { out["natPublicIps"] = []any{"3.34.1.1"} },
		guide: []change{func(w *world, out Outputs) { w.internet = false; out["natPublicIps"] = []any{"3.34.1.1"} }},
		other: []change{func(w *world, out Outputs) { w.egressIP = "52.79.1.2"; out["natPublicIps"] = []any{"3.34.1.1"} }, unreachable,
			func(w *world, out Outputs) { w.dnsBroken = true; out["natPublicIps"] = []any{"3.34.1.1"} }}},
	checkNoInternet: {pass: func(w *world, _ Outputs) { w.internet = false },
		guide: []change{none},
		other: []change{unreachable, func(w *world, _ Outputs) { w.internet, w.dnsBroken = false, true }}},
	checkLabBucket: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.s3Path = false }},
		other: []change{func(w *world, _ Outputs) { w.bucketDenied = true }, func(w *world, _ Outputs) { w.s3Unknown = true }, unreachable}},
	checkRoutePrivate: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.routes["rtb-0p"] = false }},
		other: []change{func(_ *world, out Outputs) { delete(out, "privateRouteTableIds") }}},
	checkRoutePublic: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.routes["rtb-0u"] = false }},
		other: []change{func(_ *world, out Outputs) { out["publicRouteTableIds"] = []any{"rtb-0gone", "rtb-0u"} }}},
	checkEndpointPolicy: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.endpointDoc = fullDoc }},
		other: []change{func(w *world, _ Outputs) {
			w.endpointDoc = `{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:ListAllMyBuckets","Resource":"*"}}`
		}, func(_ *world, out Outputs) { delete(out, "s3EndpointId") }}},
	checkBucketPolicy: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.bucketDoc = tlsOnly }, func(w *world, _ Outputs) { w.bucketDoc = "" }},
		other: []change{func(w *world, _ Outputs) { w.bucketDoc = "{not json" }}},
	checkNLBInternet: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.nlbOK = false }},
		other: []change{func(_ *world, out Outputs) { delete(out, "nlbDnsName") }}},
	checkServicePublish: {pass: none,
		guide: []change{func(_ *world, out Outputs) { delete(out, "serviceName") }, func(w *world, _ Outputs) { w.serviceState = "" }},
		other: []change{func(w *world, _ Outputs) { w.serviceState = ec2types.ServiceStatePending }}},
	checkPending: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.consumerSt = ec2types.StateAvailable }, func(_ *world, out Outputs) { delete(out, "consumerEndpointId") }},
		other: []change{func(w *world, _ Outputs) { w.consumerSt = ec2types.StateRejected }}},
	checkPagePrivateLink: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.pageOK = false }, func(_ *world, out Outputs) { delete(out, "consumerEndpointDns") }},
		other: []change{func(w *world, _ Outputs) { w.page = "It works!" }, unreachable}},
	checkCFNDNS: {pass: none,
		guide: []change{func(w *world, _ Outputs) { w.privateDNS = false }},
		other: []change{func(w *world, _ Outputs) { w.dnsBroken = true }, unreachable}},
}

// verifyOne runs one expectation against the good lab changed by c.
func verifyOne(t *testing.T, id string, ssh bool, c change, want Outcome) (Result, Report) {
	t.Helper()
	w, out := goodWorld(), labOutputs()
	var v *Verifier
	if ssh {
		v, w.sshLab = sshVerifier(w)
		out = sshOutputs()
	} else {
		v, _ = verifier(w)
	}
	c(w, out)
	rep := v.Verify(context.Background(), out, []Expect{{Check: id, Want: want, From: "test"}})
	r, ok := rep.Result(id)
	if !ok {
		t.Fatalf("%s: no result in\n%s", id, rep)
	}
	return r, rep
}

// TestEachCheckMeetsItsExpectationOnlyForTheGuidesReason: a check expected to
// pass is met only when it passes; a check expected to fail only when it
// fails for the reason the guide means — not when it passes, fails for
// another reason, or could not run (the instance was unreachable).
func TestEachCheckMeetsItsExpectationOnlyForTheGuidesReason(t *testing.T) {
	for _, id := range append(CheckIDs(), checkCFNDNS) {
		tc, ok := checkCases[id]
		if !ok {
			t.Errorf("check %s has no test case", id)
			continue
		}
		if r, rep := verifyOne(t, id, tc.ssh, tc.pass, Pass); r.Verdict != Met || r.Got.Outcome != Pass {
			t.Errorf("%s expect pass in a passing lab: %s\n%s", id, r, rep)
		}
		if r, _ := verifyOne(t, id, tc.ssh, tc.pass, Fail); r.Verdict != NotMet {
			t.Errorf("%s expect fail in a passing lab must not be met: %s", id, r)
		}
		for i, g := range tc.guide {
			r, rep := verifyOne(t, id, tc.ssh, g, Fail)
			if r.Verdict != Met || r.Got.Outcome != Fail || !slices.Contains(mustCheck(t, id).guideFails, r.Got.Reason) {
				t.Errorf("%s expect fail, guide's failure %d: %s\n%s", id, i, r, rep)
			}
			if r, _ := verifyOne(t, id, tc.ssh, g, Pass); r.Verdict != NotMet {
				t.Errorf("%s expect pass in a lab failing it (%d) must not be met: %s", id, i, r)
			}
		}
		for i, o := range tc.other {
			for _, want := range []Outcome{Fail, Pass} {
				if r, rep := verifyOne(t, id, tc.ssh, o, want); r.Verdict == Met {
					t.Errorf("%s expect %s, other failure %d was met: %s\n%s", id, want, i, r, rep)
				}
			}
		}
	}
}

func mustCheck(t *testing.T, id string) check {
	c, ok := checkByID(id)
	if !ok {
		t.Fatalf("no check %s", id)
	}
	return c
}

// TestFailingForAnotherReasonSaysWhatTheGuideMeant: the report names the
// guide's failure next to the one seen.
func TestFailingForAnotherReasonSaysWhatTheGuideMeant(t *testing.T) {
	r, _ := verifyOne(t, checkLabBucket, false, func(w *world, _ Outputs) { w.bucketDenied = true }, Fail)
	if r.Verdict != NotMet || r.Got.Reason != Denied || !strings.Contains(r.String(), "the guide's failure is: no network path") {
		t.Errorf("%s", r)
	}
	r, _ = verifyOne(t, checkNoInternet, false, unreachable, Pass)
	if r.Verdict != Unknown || !r.Got.Blocked || !strings.Contains(r.String(), "could not check: not run: SSM-ONLINE did not pass") {
		t.Errorf("%s", r)
	}
}

func TestTransportIsChosenFromAccess(t *testing.T) {
	ctx := context.Background()
	expects := []Expect{{Check: checkLabBucket, Want: Pass}}

	w := goodWorld()
	v, f := verifier(w)
	l := newSSHLab(w)
	v.Connect = l
	rep := v.Verify(ctx, labOutputs(), expects)
	if !rep.OK() || len(f.sent) != 1 || checkOf(f.sent[0]) != checkLabBucket || len(l.pushes) != 0 || rep.Results[0].Check != checkSSMOnline {
		t.Errorf("access ssm: sent %d pushes %d\n%s", len(f.sent), len(l.pushes), rep)
	}
	if !strings.Contains(rep.Transport, "SSM Run Command on i-0abc") {
		t.Errorf("transport %q", rep.Transport)
	}

	// SSH only: no SSM client at all, and the transport check is SSH's.
	w = goodWorld()
	v, l = sshVerifier(w)
	rep = v.Verify(ctx, sshOutputs(), expects)
	if !rep.OK() || rep.Results[0].Check != checkSSH || !strings.Contains(rep.Transport, "SSH as ec2-user to i-0abc (10.0.1.5) through the bastion i-0bastion (3.34.9.9)") {
		t.Errorf("access ssh:\n%s%s", rep.Transport, rep)
	}

	// Stacks deployed before the access output: inferred from what they export.
	out := sshOutputs()
	delete(out, "access")
	if got := out.Access(); got != "ssh" {
		t.Errorf("inferred %q", got)
	}
	out["ssmCommand"] = "x"
	if got := out.Access(); got != "both" {
		t.Errorf("inferred %q", got)
	}

	// Both: SSM for the instance's checks, SSH when the step lists SSH.
	w = goodWorld()
	v, f = verifier(w)
	l = newSSHLab(w)
	v.Connect, v.Dial = l, l.dial
	v.EC2.(*fakeEC2).consoles = map[string]string{l.bastion.id: l.bastion.console(), l.private.id: l.private.console()}
	out = sshOutputs()
	out["access"], out["ssmCommand"] = "both", "x"
	rep = v.Verify(ctx, out, append(expects, Expect{Check: checkSSH, Want: Pass}))
	if !rep.OK() || len(f.sent) != 1 || len(l.pushes) != 2 || slices.ContainsFunc(l.events, func(e string) bool { return strings.HasPrefix(e, "exec private "+checkLabBucket) }) {
		t.Errorf("access both: sent %d pushes %d events %v\n%s", len(f.sent), len(l.pushes), l.events, rep)
	}
}

// TestSSHOnlyStackIsVerifiable reaches the private instance as the lab
// allows: a key pushed to the bastion, SSH to it, a key pushed to the private
// instance, SSH to it through the bastion — in that order, as ec2-user, in
// each instance's AZ, one connection for every check.
func TestSSHOnlyStackIsVerifiable(t *testing.T) {
	w := goodWorld()
	w.internet = false
	v, l := sshVerifier(w)
	out := sshOutputs()
	rep := v.Verify(context.Background(), out, FromOutputs(out))
	t.Log("\n" + rep.Transport + "\n" + rep.String())
	if !rep.OK() {
		t.Fatalf("%s", rep)
	}
	want := []string{
		"push i-0bastion ec2-user ap-northeast-2a", "auth bastion ec2-user",
		"push i-0abc ec2-user ap-northeast-2c", "forward bastion 10.0.1.5:22", "auth private ec2-user",
		"exec private true",
		"exec private " + checkLabBucket, "exec private " + checkNoInternet, "exec private " + checkCFNDNS,
		"exec private " + checkPagePrivateLink,
	}
	if !slices.Equal(l.events, want) {
		t.Errorf("events\n got %q\nwant %q", l.events, want)
	}
	for _, p := range l.pushes {
		if !strings.HasPrefix(*p.SSHPublicKey, "ssh-ed25519 ") {
			t.Errorf("pushed %q", *p.SSHPublicKey)
		}
	}
	if *l.pushes[0].SSHPublicKey != *l.pushes[1].SSHPublicKey {
		t.Errorf("one key for both hops")
	}
}

func TestSSHChecksHostKeysAgainstTheConsole(t *testing.T) {
	other := newSSHLab(goodWorld()).bastion // a host with another key
	for name, tc := range map[string]struct {
		console func(l *sshLab) map[string]string
		want    string
		execs   bool
	}{
		"bastion key not the console's": {func(l *sshLab) map[string]string {
			return map[string]string{l.bastion.id: other.console(), l.private.id: l.private.console()}
		}, "bastion 3.34.9.9 presented host key", false},
		"private key not the console's": {func(l *sshLab) map[string]string {
			return map[string]string{l.bastion.id: l.bastion.console(), l.private.id: other.console()}
		}, "private instance 10.0.1.5 presented host key", false},
		"no keys printed yet": {func(l *sshLab) map[string]string {
			return map[string]string{l.bastion.id: "[    0.000000] Linux version 6.1", l.private.id: l.private.console()}
		}, "shows no SSH host keys yet", false},
		"fingerprints only": {func(l *sshLab) map[string]string {
			cut := func(c string) string { return c[:strings.Index(c, "-----BEGIN SSH HOST KEY KEYS")] }
			return map[string]string{l.bastion.id: cut(l.bastion.console()), l.private.id: cut(l.private.console())}
		}, "", true},
	} {
		w := goodWorld()
		v, l := sshVerifier(w)
		v.EC2.(*fakeEC2).consoles = tc.console(l)
		rep := v.Verify(context.Background(), sshOutputs(), []Expect{{Check: checkLabBucket, Want: Pass}})
		ssh, _ := rep.Result(checkSSH)
		execs := slices.ContainsFunc(l.events, func(e string) bool { return strings.HasPrefix(e, "exec") })
		if tc.want == "" {
			if !rep.OK() || !execs {
				t.Errorf("%s:\n%s", name, rep)
			}
			continue
		}
		if ssh.Verdict != Unknown || !strings.Contains(ssh.Got.Detail, tc.want) || execs != tc.execs {
			t.Errorf("%s: %s (events %v)", name, ssh, l.events)
		}
	}
}

func TestSSHWithoutTheKeyPush(t *testing.T) {
	w := goodWorld()
	v, l := sshVerifier(w)
	v.Connect = deniedConnect{}
	rep := v.Verify(context.Background(), sshOutputs(), []Expect{{Check: checkLabBucket, Want: Pass}})
	ssh, _ := rep.Result(checkSSH)
	if ssh.Verdict != Unknown || !strings.Contains(ssh.Got.Detail, "bastion i-0bastion (3.34.9.9): key push: AuthException") || len(l.events) != 0 {
		t.Errorf("%s %v", ssh, l.events)
	}
	s3r, _ := rep.Result(checkLabBucket)
	if s3r.Verdict != Unknown || !s3r.Got.Blocked {
		t.Errorf("%s", s3r)
	}
}

// TestStepThatLeavesTheInstanceUnreachable: the ssm lab's first step has no
// SSM endpoints, so Session Manager cannot reach the instance — expected —
// and the instance's checks are skipped, not failed. When the step expects
// the instance reachable, the same lab fails verification.
func TestStepThatLeavesTheInstanceUnreachable(t *testing.T) {
	w := goodWorld()
	w.online = false
	v, f := verifier(w)
	out := labOutputs()
	rep := v.Verify(context.Background(), out, []Expect{{Check: checkSSMOnline, Want: Fail}, {Check: checkNoInternet, Want: Pass}})
	r, _ := rep.Result(checkNoInternet)
	if !rep.OK() || r.Verdict != Skipped || len(f.sent) != 0 {
		t.Errorf("%s", rep)
	}
	rep = v.Verify(context.Background(), out, []Expect{{Check: checkSSMOnline, Want: Pass}, {Check: checkNoInternet, Want: Pass}})
	r, _ = rep.Result(checkNoInternet)
	if rep.OK() || r.Verdict != Unknown {
		t.Errorf("%s", rep)
	}
}

func TestNoStackOutputs(t *testing.T) {
	v, _ := verifier(goodWorld())
	rep := v.Verify(context.Background(), Outputs{"lab": "s3-gateway"}, []Expect{{Check: checkNoInternet, Want: Pass}, {Check: "no-such-check", Want: Pass}})
	if rep.OK() || !strings.Contains(rep.String(), "no privateInstanceId output") || !strings.Contains(rep.String(), `verify has no check "no-such-check"`) {
		t.Errorf("%s", rep)
	}
}

func TestSSMRunner(t *testing.T) {
	ctx := context.Background()
	w := goodWorld()
	w.internet = false
	f := &fakeSSM{w: w, instance: "i-0abc", pending: 3}
	r := &SSMRunner{Client: f, Instance: "i-0abc", Sleep: func(time.Duration) {}, Polls: 5}
	o, err := r.Run(ctx, "# vpclab verify: "+checkNoInternet+"\ncurl")
	if err != nil || o.ExitCode != 28 || !strings.Contains(o.Stderr, "(28)") || f.polls["cmd-0"] != 4 {
		t.Errorf("failed script: %+v %v polls %v", o, err, f.polls)
	}
	f.status = ssmtypes.CommandInvocationStatusTimedOut
	if _, err := r.Run(ctx, "true"); err == nil || !strings.Contains(err.Error(), "command TimedOut") {
		t.Errorf("timed out: %v", err)
	}
	f.status, f.pending = "", 100
	if _, err := r.Run(ctx, "true"); err == nil || !strings.Contains(err.Error(), "no result after 5 polls") {
		t.Errorf("never done: %v", err)
	}
}

func TestFromOutputs(t *testing.T) {
	ids := func(x []Expect) string {
		var s []string
		for _, e := range x {
			s = append(s, e.Check+":"+string(e.Want))
		}
		return strings.Join(s, " ")
	}
	for name, tc := range map[string]struct {
		out  Outputs
		want string
	}{
		"s3-gateway":   {Outputs{"lab": "s3-gateway", "bucketName": "b", "natPublicIps": []any{}}, "S3-LAB-BUCKET:pass NO-INTERNET:pass"},
		"nat-bastion":  {Outputs{"lab": "nat-bastion", "natPublicIps": []any{"3.34.1.1"}}, "NAT-EGRESS:pass"},
		"regional NAT": {Outputs{"lab": "nat-bastion", "natMode": "regional", "natPublicIps": []any{}}, "NAT-EGRESS:pass"},
		"ssm": {Outputs{"lab": "ssm", "privateDnsServices": []any{"ssm", "ssmmessages"}},
			"NO-INTERNET:pass SSM-DNS-PRIVATE:pass SSMMESSAGES-DNS-PRIVATE:pass"},
		"privatelink": {Outputs{"lab": "privatelink", "consumerEndpointDns": "vpce-1"}, "PRIVATELINK-PAGE:pass"},
	} {
		if got := ids(FromOutputs(tc.out)); got != tc.want {
			t.Errorf("%s: %s, want %s", name, got, tc.want)
		}
	}
	step := []Expect{{Check: checkLabBucket, Want: Fail, From: "step no-endpoint"}}
	got := Merge(step, FromOutputs(Outputs{"lab": "s3-gateway", "bucketName": "b"}))
	if ids(got) != "S3-LAB-BUCKET:fail NO-INTERNET:pass" || got[0].From != "step no-endpoint" {
		t.Errorf("merge: %v", got)
	}
}

func TestReportString(t *testing.T) {
	w := goodWorld()
	w.internet = false
	v, _ := verifier(w)
	rep := v.Verify(context.Background(), labOutputs(), []Expect{
		{Check: checkLabBucket, Want: Fail}, {Check: checkNoInternet, Want: Pass},
	})
	s := rep.String()
	for _, want := range []string{
		"ok       SSM-ONLINE                   expect pass (needed to reach the instance), got pass: i-0abc is Online",
		"NOT MET  S3-LAB-BUCKET                expect fail, got pass: listed s3://vpclab-bucket-1234567",
		"ok       NO-INTERNET                  expect pass, got pass: https://aws.amazon.com does not answer: curl exit 28",
		"2 of 3 expectations met, 1 not met",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q:\n%s", want, s)
		}
	}
}

// deniedConnect refuses every key push, as for a caller without
// ec2-instance-connect:SendSSHPublicKey.
type deniedConnect struct{}

func (deniedConnect) SendSSHPublicKey(context.Context, *ec2instanceconnect.SendSSHPublicKeyInput, ...func(*ec2instanceconnect.Options)) (*ec2instanceconnect.SendSSHPublicKeyOutput, error) {
	return nil, errors.New("AuthException: not authorized to perform ec2-instance-connect:SendSSHPublicKey")
}

// Issue 19: verify waits, bounded and reported, for changes AWS applies
// eventually: an endpoint policy update ("a few minutes") and an SSM agent
// that registers on a later retry. The fake world applies the change after
// a while of verify's sleeping; a change that never comes ends the wait at
// its bound, and the check is reported as it is.
func TestVerifyWaitsForChangesAWSAppliesLate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		check    string
		late     time.Duration // when the change applies; 0: never
		before   func(w *world)
		apply    func(w *world)
		want     Verdict
		waited   time.Duration
		log      string
		noWait   bool
		wantNote string
	}{
		{name: "endpoint policy applies after 2 min", check: checkLabBucket, late: 2 * time.Minute,
			before: func(w *world) { w.bucketDenied = true }, apply: func(w *world) { w.bucketDenied = false },
			want: Met, waited: 2 * time.Minute, log: "S3-LAB-BUCKET: waiting up to 5 min for the endpoint policy to apply",
			wantNote: "waited 2m"},
		{name: "endpoint policy never applies", check: checkLabBucket,
			before: func(w *world) { w.bucketDenied = true },
			want:   NotMet, waited: 5 * time.Minute, log: "S3-LAB-BUCKET: waited 5m",
			wantNote: "of up to 5 min for the endpoint policy to apply"},
		{name: "agent registers after 3 min", check: checkSSMOnline, late: 3 * time.Minute,
			before: func(w *world) { w.online = false }, apply: func(w *world) { w.online = true },
			want: Met, waited: 3 * time.Minute, log: "SSM-ONLINE: waiting up to 10 min for the SSM agent to register",
			wantNote: "waited 3m0s of up to 10 min for the SSM agent to register"},
		{name: "no wait asked", check: checkLabBucket, late: time.Minute, noWait: true,
			before: func(w *world) { w.bucketDenied = true }, apply: func(w *world) { w.bucketDenied = false },
			want: NotMet},
		{name: "nothing to wait for", check: checkLabBucket, want: Met},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := goodWorld()
			if tc.before != nil {
				tc.before(w)
			}
			v, _ := verifier(w)
			v.NoWait = tc.noWait
			var logs []string
			v.Log = func(m string) { logs = append(logs, m) }
			clock := &fakeClock{}
			v.Sleep, v.Now = clock.sleep, clock.now
			var slept time.Duration
			clock.at = append(clock.at, func(s time.Duration) {
				slept = s
				if tc.late > 0 && s >= tc.late && tc.apply != nil {
					tc.apply(w)
				}
			})
			rep := v.Verify(context.Background(), labOutputs(), []Expect{{Check: tc.check, Want: Pass}})
			res, _ := rep.Result(tc.check)
			// The instance checks' own SSM polls pass time too: the wait ends
			// within one interval and its polls of the change.
			if res.Verdict != tc.want || res.Waited < tc.waited || res.Waited > tc.waited+30*time.Second {
				t.Fatalf("%s after %s of sleep: %s, waited %s; want %s, waited %s", tc.check, slept, res.Verdict, res.Waited, tc.want, tc.waited)
			}
			if !strings.Contains(res.Note, tc.wantNote) || (tc.wantNote == "" && res.Waited != 0) {
				t.Errorf("note %q, want %q", res.Note, tc.wantNote)
			}
			if joined := strings.Join(logs, "\n"); !strings.Contains(joined, tc.log) || (tc.log == "" && joined != "") {
				t.Errorf("log %q, want %q", joined, tc.log)
			}
		})
	}
}
