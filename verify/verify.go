// Package verify runs each lab's guide checks on a deployed stack: it reads
// the stack outputs, runs shell commands on the lab's private instance
// through SSM Run Command, and reports pass or fail per check. It needs the
// instance to be managed by Session Manager (vpclab:access ssm or both).
package verify

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// SSM is the part of the SSM API the checks use; *ssm.Client satisfies it.
type SSM interface {
	SendCommand(ctx context.Context, in *ssm.SendCommandInput, opts ...func(*ssm.Options)) (*ssm.SendCommandOutput, error)
	GetCommandInvocation(ctx context.Context, in *ssm.GetCommandInvocationInput, opts ...func(*ssm.Options)) (*ssm.GetCommandInvocationOutput, error)
	DescribeInstanceInformation(ctx context.Context, in *ssm.DescribeInstanceInformationInput, opts ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error)
}

// Outputs are a stack's outputs as `pulumi stack output --json` prints them.
type Outputs map[string]any

func (o Outputs) str(k string) string { s, _ := o[k].(string); return s }

func (o Outputs) list(k string) []string {
	var out []string
	switch v := o[k].(type) {
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = v
	}
	return out
}

// Result is one check's outcome.
type Result struct {
	Check  string
	Pass   bool
	Detail string
}

func (r Result) String() string {
	state := "FAIL"
	if r.Pass {
		state = "PASS"
	}
	return fmt.Sprintf("%s  %s — %s", state, r.Check, r.Detail)
}

// Runner runs the checks.
type Runner struct {
	Client SSM
	// Sleep waits between polls (time.Sleep; tests pass a no-op).
	Sleep func(time.Duration)
	// Polls bounds how often a command's result is asked for (default 60, every 2 s).
	Polls int
}

// Run picks the lab's checks from its outputs and runs them in order. A
// private instance that Session Manager does not manage fails the first
// check, and the rest are not attempted.
func (r *Runner) Run(ctx context.Context, out Outputs) []Result {
	instance := out.str("privateInstanceId")
	if instance == "" {
		return []Result{{"stack outputs", false, "no privateInstanceId output: is this a vpclab stack after `pulumi up`?"}}
	}
	if out.str("ssmCommand") == "" {
		return []Result{{"Session Manager", false, "the private instance is reached by SSH only; verify runs commands through SSM: " +
			"`pulumi up --config vpclab:access=both` (without NAT also vpclab:interfaceEndpoints [\"ssm\",\"ssmmessages\",\"ec2messages\"])"}}
	}
	online := r.online(ctx, instance)
	results := []Result{online}
	if !online.Pass {
		return results
	}
	for _, c := range checks(out) {
		results = append(results, c(ctx, r, instance))
	}
	return results
}

type check func(ctx context.Context, r *Runner, instance string) Result

// checks are the guide's checks that apply to the outputs.
func checks(out Outputs) []check {
	var cs []check
	region := out.str("region")
	if b := out.str("bucketName"); b != "" {
		cs = append(cs, func(ctx context.Context, r *Runner, in string) Result {
			name := "lab bucket through the endpoint"
			script := fmt.Sprintf("set -e; aws s3 ls s3://%[1]s --region %[2]s >/dev/null; echo vpclab-verify > /tmp/vpclab-verify.txt; "+
				"aws s3 cp /tmp/vpclab-verify.txt s3://%[1]s/vpclab-verify.txt --region %[2]s >/dev/null; aws s3 cp s3://%[1]s/vpclab-verify.txt - --region %[2]s", b, region)
			stdout, err := r.shell(ctx, in, script)
			if err != nil {
				return Result{name, false, err.Error()}
			}
			if strings.TrimSpace(stdout) != "vpclab-verify" {
				return Result{name, false, fmt.Sprintf("read back %q", stdout)}
			}
			return Result{name, true, "listed, uploaded and downloaded s3://" + b + "/vpclab-verify.txt"}
		})
	}
	if nat := out.list("natPublicIps"); len(nat) > 0 {
		cs = append(cs, func(ctx context.Context, r *Runner, in string) Result {
			name := "egress through the NAT gateway"
			stdout, err := r.shell(ctx, in, "curl -s -m 10 https://checkip.amazonaws.com")
			ip := strings.TrimSpace(stdout)
			switch {
			case err != nil:
				return Result{name, false, err.Error()}
			case !slices.Contains(nat, ip):
				return Result{name, false, fmt.Sprintf("the internet sees %q, not one of the NAT addresses %v", ip, nat)}
			}
			return Result{name, true, "the internet sees the NAT address " + ip}
		})
	} else if out.str("natMode") == "regional" {
		// Auto mode: AWS picks the addresses as the gateway expands, so the
		// stack may not know them yet; the internet must still be reachable.
		cs = append(cs, func(ctx context.Context, r *Runner, in string) Result {
			name := "egress through the NAT gateway"
			stdout, err := r.shell(ctx, in, "curl -s -m 10 https://checkip.amazonaws.com")
			ip, perr := netip.ParseAddr(strings.TrimSpace(stdout))
			switch {
			case err != nil:
				return Result{name, false, err.Error()}
			case perr != nil:
				return Result{name, false, fmt.Sprintf("checkip.amazonaws.com answered %q, not an address", stdout)}
			}
			return Result{name, true, "the internet sees " + ip.String() + ", an address AWS gave the regional NAT gateway (`pulumi refresh` lists them in natPublicIps)"}
		})
	} else if out.str("lab") != "privatelink" {
		cs = append(cs, func(ctx context.Context, r *Runner, in string) Result {
			name := "no way to the internet"
			stdout, err := r.shell(ctx, in, "curl -s -m 5 -o /dev/null https://aws.amazon.com && echo REACHED || echo BLOCKED")
			switch {
			case err != nil:
				return Result{name, false, err.Error()}
			case strings.TrimSpace(stdout) != "BLOCKED":
				return Result{name, false, "https://aws.amazon.com answered: the private subnet has an internet path"}
			}
			return Result{name, true, "https://aws.amazon.com does not answer"}
		})
	}
	cidr := out.str("vpcCidr")
	for _, svc := range out.list("privateDnsServices") {
		host := svc + "." + region + ".amazonaws.com"
		cs = append(cs, func(ctx context.Context, r *Runner, in string) Result {
			name := host + " resolves inside the VPC"
			stdout, err := r.shell(ctx, in, "getent ahostsv4 "+host+" | awk '{print $1}' | sort -u")
			if err != nil {
				return Result{name, false, err.Error()}
			}
			addrs, ok := inside(stdout, cidr)
			if !ok {
				return Result{name, false, fmt.Sprintf("%v are not all inside %s", addrs, cidr)}
			}
			return Result{name, true, fmt.Sprintf("%v inside %s", addrs, cidr)}
		})
	}
	if dns := out.str("consumerEndpointDns"); dns != "" {
		pages := out.list("webPages")
		cs = append(cs, func(ctx context.Context, r *Runner, in string) Result {
			name := "web page through PrivateLink"
			stdout, err := r.shell(ctx, in, "curl -s -m 10 http://"+dns+"/")
			if err != nil {
				return Result{name, false, err.Error()}
			}
			for _, p := range pages {
				if strings.Contains(stdout, "<h1>"+p+"</h1>") {
					return Result{name, true, "got \"" + p + "\" from " + dns}
				}
			}
			return Result{name, false, fmt.Sprintf("got %q, want one of %v", stdout, pages)}
		})
	}
	return cs
}

// inside parses one address per line and reports whether all lie in cidr.
func inside(lines, cidr string) ([]string, bool) {
	p, err := netip.ParsePrefix(cidr)
	addrs := strings.Fields(lines)
	if err != nil || len(addrs) == 0 {
		return addrs, false
	}
	for _, a := range addrs {
		ip, err := netip.ParseAddr(a)
		if err != nil || !p.Contains(ip) {
			return addrs, false
		}
	}
	return addrs, true
}

// online asks Systems Manager whether the instance's agent is connected.
func (r *Runner) online(ctx context.Context, instance string) Result {
	name := "instance registered with Systems Manager"
	out, err := r.Client.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{
		Filters: []types.InstanceInformationStringFilter{{Key: aws.String("InstanceIds"), Values: []string{instance}}},
	})
	if err != nil {
		return Result{name, false, err.Error()}
	}
	for _, info := range out.InstanceInformationList {
		if aws.ToString(info.InstanceId) == instance && info.PingStatus == types.PingStatusOnline {
			return Result{name, true, instance + " is Online"}
		}
	}
	return Result{name, false, instance + " is not Online in Systems Manager (the agent cannot reach ssm, ssmmessages and ec2messages)"}
}

// shell runs a script on the instance and returns its standard output; a
// non-zero exit or a timeout is an error with the script's stderr.
func (r *Runner) shell(ctx context.Context, instance, script string) (string, error) {
	sent, err := r.Client.SendCommand(ctx, &ssm.SendCommandInput{
		DocumentName:   aws.String("AWS-RunShellScript"),
		InstanceIds:    []string{instance},
		Parameters:     map[string][]string{"commands": {script}},
		TimeoutSeconds: aws.Int32(60),
		Comment:        aws.String("vpclab verify"),
	})
	if err != nil {
		return "", fmt.Errorf("send command: %w", err)
	}
	polls, sleep := r.Polls, r.Sleep
	if polls == 0 {
		polls = 60
	}
	if sleep == nil {
		sleep = time.Sleep
	}
	for range polls {
		sleep(2 * time.Second)
		inv, err := r.Client.GetCommandInvocation(ctx, &ssm.GetCommandInvocationInput{CommandId: sent.Command.CommandId, InstanceId: aws.String(instance)})
		var notYet *types.InvocationDoesNotExist
		switch {
		case errors.As(err, &notYet):
			continue // the invocation appears a moment after SendCommand
		case err != nil:
			return "", fmt.Errorf("command result: %w", err)
		}
		switch inv.Status {
		case types.CommandInvocationStatusSuccess:
			return aws.ToString(inv.StandardOutputContent), nil
		case types.CommandInvocationStatusFailed, types.CommandInvocationStatusTimedOut, types.CommandInvocationStatusCancelled:
			return aws.ToString(inv.StandardOutputContent), fmt.Errorf("command %s (exit %d): %s", inv.Status, inv.ResponseCode, strings.TrimSpace(aws.ToString(inv.StandardErrorContent)))
		}
	}
	return "", fmt.Errorf("no result after %d polls", polls)
}
