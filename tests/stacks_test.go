package tests

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/sim"
)

// Every shipped stack file runs offline without error and registers something.
func TestEveryStackRunsOffline(t *testing.T) {
	stacks, err := sim.Stacks(projectDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"dev", "nat-bastion"} {
		if !contains(stacks, want) {
			t.Errorf("stack file Pulumi.%s.yaml is missing (have %v)", want, stacks)
		}
	}
	for _, s := range stacks {
		t.Run(s, func(t *testing.T) {
			res := plan(t, s, nil)
			if len(res.Graph.OfType(tVpc)) == 0 {
				t.Errorf("stack %s builds no VPC", s)
			}
			for _, r := range res.Graph.Resources {
				if r.Protect || r.RetainOnDelete {
					t.Errorf("%s is protected or retained: `pulumi destroy` would leave it behind", r)
				}
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

func TestDevStackNeedsNoPersonalSettings(t *testing.T) {
	res := plan(t, "dev", nil)
	g := res.Graph
	if g.Find(tInstance, "access-bastion") != nil {
		t.Error("dev builds a bastion; it should use Session Manager so it deploys without an admin CIDR")
	}
	// The only inbound rules are the SSM endpoints' 443 from the VPC.
	for _, r := range g.OfType(tIngress) {
		sg := g.Source(r, "securityGroupId")
		if sg == nil || !strings.HasPrefix(sg.Name, "vpce-") || r.Str("cidrIpv4") != "10.0.0.0/16" || r.Str("fromPort") != "443" {
			t.Errorf("dev opens %s: %s %s on %v", r.Name, r.Str("cidrIpv4"), r.Str("fromPort"), sg)
		}
	}
	if g.Find(tEndpoint, "s3-endpoint") == nil || len(g.OfType(tNAT)) != 0 {
		t.Error("dev is not the s3-gateway lab (S3 endpoint, no NAT)")
	}
	if res.Exports["ssmCommand"] == nil {
		t.Error("dev exports no ssmCommand")
	}
}

func TestStackOutputsTellTheLearnerHowToConnect(t *testing.T) {
	res := plan(t, "nat-bastion", map[string]string{"keyName": "lab-key"})
	g := res.Graph
	bastion := find(t, g, tInstance, "access-bastion")
	private := find(t, g, tInstance, "access-private")
	want := "ssh-add ~/.ssh/lab-key.pem && ssh -J ec2-user@" + bastion.Out("publicIp") + " ec2-user@" + private.Out("privateIp")
	if got := res.Exports["sshCommand"]; got != want {
		t.Errorf("sshCommand = %q, want %q", got, want)
	}
	nat := g.OfType(tNAT)[0]
	if ips, _ := res.Exports["natPublicIps"].([]string); len(ips) != 1 || ips[0] != nat.Out("publicIp") {
		t.Errorf("natPublicIps = %v, want [%s]", res.Exports["natPublicIps"], nat.Out("publicIp"))
	}
	if !strings.Contains(res.Exports["natCheckCommand"].(string), "checkip") {
		t.Errorf("natCheckCommand = %v", res.Exports["natCheckCommand"])
	}
	if res.Exports["privateInstanceId"] != private.ID {
		t.Errorf("privateInstanceId = %v, want %s", res.Exports["privateInstanceId"], private.ID)
	}
}

func TestPlaceholderAdminCIDRIsWarnedAbout(t *testing.T) {
	res := plan(t, "nat-bastion", nil)
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "vpclab:adminCidrs[0] = 203.0.113.10/32 is a documentation placeholder") {
		t.Errorf("warnings = %q", res.Warnings)
	}
	res = plan(t, "nat-bastion", map[string]string{"adminCidrs": `["198.18.7.9/32"]`})
	if len(res.Warnings) != 0 {
		t.Errorf("a real admin CIDR is warned about: %q", res.Warnings)
	}
}
