package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/vpclab/vpclab/verify"
)

const verifyUsage = `usage: vpclab verify [--dir DIR] <stack>

After ` + "`pulumi up`" + `, runs the lab's guide checks on its private instance through SSM
Run Command and prints PASS or FAIL per check. Needs the pulumi CLI (it reads
` + "`pulumi stack output --json`" + ` in DIR), AWS credentials, and the instance managed by
Session Manager (vpclab:access ssm or both). Exits 1 when a check fails.

`

// stackOutputs reads a deployed stack's outputs through the pulumi CLI.
var stackOutputs = func(dir, stack string) (verify.Outputs, error) {
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

// newSSM makes the SSM client for the stack's region from the usual AWS credential chain.
var newSSM = func(ctx context.Context, region string) (verify.SSM, error) {
	cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))
	if err != nil {
		return nil, err
	}
	return ssm.NewFromConfig(cfg), nil
}

func runVerify(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("verify", verifyUsage, stderr)
	dir := fs.String("dir", ".", "directory holding Pulumi.yaml")
	pos, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return exitOK
	case err != nil:
		return exitUsage
	case len(pos) != 1:
		fmt.Fprint(stderr, verifyUsage)
		return exitUsage
	}
	stack := pos[0]
	out, err := stackOutputs(*dir, stack)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: %v\n", stack, err)
		return 1
	}
	region, _ := out["region"].(string)
	if region == "" {
		fmt.Fprintf(stderr, "vpclab verify %s: the stack has no region output; was it deployed from this project?\n", stack)
		return 1
	}
	ctx := context.Background()
	client, err := newSSM(ctx, region)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: AWS credentials: %v\n", stack, err)
		return 1
	}
	failed := 0
	for _, r := range (&verify.Runner{Client: client}).Run(ctx, out) {
		fmt.Fprintln(stdout, r)
		if !r.Pass {
			failed++
		}
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "%d check(s) failed\n", failed)
		return 1
	}
	return 0
}
