package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/vpclab/vpclab/verify"
)

const verifyUsage = `usage: vpclab verify [--dir DIR] <stack>

After ` + "`pulumi up`" + `, checks what the guide expects at the step the stack is at: each
guide check with its expected result, pass or fail. A check expected to fail is
met only when it fails for the guide's reason (no route, not "unreachable").
Checks run on the private instance through SSM Run Command when the stack has
Session Manager (vpclab:access ssm or both), otherwise by SSH through the
bastion as ec2-user with short-lived keys pushed by EC2 Instance Connect (your
address must be in vpclab:adminCidrs); others ask the AWS APIs or, for the
internet-facing NLB, connect from this machine. Needs the pulumi CLI (it reads
` + "`pulumi stack output --json`" + ` in DIR) and AWS credentials. Exits 1 when an
expectation is not met or could not be checked.

`

// StackOutputs reads a deployed stack's outputs through the pulumi CLI;
// tests answer with outputs of their own.
var StackOutputs = func(dir, stack string) (verify.Outputs, error) {
	if _, err := exec.LookPath("pulumi"); err != nil {
		return nil, errors.New("the pulumi CLI is not on PATH: verify reads the outputs of a deployed stack")
	}
	cmd := exec.Command("pulumi", "stack", "output", "--json", "--show-secrets", "--stack", stack)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("pulumi stack output: %v: %s", err, stderr.String())
	}
	var out verify.Outputs
	return out, json.Unmarshal(raw, &out)
}

// NewVerifier makes the AWS clients for the stack's region from the usual
// AWS credential chain; tests give fakes.
var NewVerifier = func(ctx context.Context, region string) (*verify.Verifier, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, err
	}
	return verify.New(cfg), nil
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", verifyUsage, stderr)
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml")
	noWait := fs.Bool("no-wait", false, "do not wait for changes AWS applies eventually (endpoint policies, SSM agent registration)")
	pos, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return ExitOK
	case err != nil:
		return ExitUsage
	case len(pos) != 1:
		fmt.Fprint(stderr, verifyUsage)
		return ExitUsage
	}
	stack := pos[0]
	out, err := StackOutputs(*dir, stack)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: %v\n", stack, err)
		return ExitFailed
	}
	region, _ := out["region"].(string)
	if region == "" {
		fmt.Fprintf(stderr, "vpclab verify %s: the stack has no region output; was it deployed from this project?\n", stack)
		return ExitFailed
	}
	plan, err := verify.PlanFor(out)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: %v\n", stack, err)
		return ExitFailed
	}
	ctx := context.Background()
	v, err := NewVerifier(ctx, region)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: AWS credentials: %v\n", stack, err)
		return ExitFailed
	}
	// Waits for eventually applied changes are said as they start and end.
	v.NoWait = *noWait
	v.Log = func(msg string) { fmt.Fprintf(stderr, "vpclab verify %s: %s\n", stack, msg) }
	rep := v.Verify(ctx, out, plan.Expects)
	fmt.Fprintf(stdout, "vpclab verify %s: %s\n", stack, plan)
	if rep.Transport != "" {
		fmt.Fprintf(stdout, "instance: %s\n", rep.Transport)
	}
	fmt.Fprint(stdout, "\n"+rep.String())
	if !rep.OK() {
		return ExitFailed
	}
	return ExitOK
}
