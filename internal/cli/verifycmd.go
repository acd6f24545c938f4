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
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/verify"
)

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

func runVerify(args []string, lang i18n.Lang, stdout, stderr io.Writer) int {
	usage := lang.T(i18n.UsageVerify)
	fs := newFlags("verify", usage, lang, stderr)
	dir := fs.String("dir", ".", lang.T(i18n.FlagVerifyDir))
	noWait := fs.Bool("no-wait", false, lang.T(i18n.FlagNoWait))
	fs.Var(&langFlag{&lang}, "lang", lang.T(i18n.FlagLang))
	pos, help, err := parse(fs, args, stdout)
	switch {
	case help:
		return ExitOK
	case err != nil:
		return ExitUsage
	case len(pos) != 1:
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	stack := pos[0]
	out, err := StackOutputs(*dir, stack)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: %s\n", stack, i18n.Localize(lang, err.Error()))
		return ExitFailed
	}
	region, _ := out["region"].(string)
	if region == "" {
		fmt.Fprint(stderr, lang.T(i18n.VerifyNoRegion, stack))
		return ExitFailed
	}
	plan, err := verify.PlanFor(out)
	if err != nil {
		fmt.Fprintf(stderr, "vpclab verify %s: %s\n", stack, i18n.Localize(lang, err.Error()))
		return ExitFailed
	}
	ctx := context.Background()
	v, err := NewVerifier(ctx, region)
	if err != nil {
		fmt.Fprint(stderr, lang.T(i18n.VerifyCredentials, stack, err))
		return ExitFailed
	}
	// Waits for eventually applied changes are said as they start and end.
	v.NoWait = *noWait
	v.Log = func(msg string) { fmt.Fprintf(stderr, "vpclab verify %s: %s\n", stack, i18n.Localize(lang, msg)) }
	rep := v.Verify(ctx, out, plan.Expects)
	fmt.Fprintf(stdout, "vpclab verify %s: %s\n", stack, i18n.Localize(lang, plan.String()))
	if rep.Transport != "" {
		fmt.Fprint(stdout, lang.T(i18n.VerifyInstance, i18n.Localize(lang, rep.Transport)))
	}
	fmt.Fprint(stdout, "\n"+i18n.Localize(lang, rep.String()))
	if !rep.OK() {
		return ExitFailed
	}
	return ExitOK
}
