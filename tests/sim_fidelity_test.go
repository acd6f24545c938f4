package tests

import (
	"bufio"
	"context"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/vpclab/vpclab/internal/cli"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// What the simulated provider replaces, updates in place and refuses, as
// terraform-provider-aws (which pulumi-aws bridges) does: each case goes
// through the provider's gRPC Diff, as the engine asks it.

// diffCase is one Diff the engine would ask: old and new inputs of a type,
// and the inputs that must (or must not) replace the resource.
type diffCase struct {
	name       string
	typ        string
	olds, news map[string]any
	replaces   []string // the top-level inputs Diff must give as replacing; empty: an update in place
}

func (c *client) diffCases(t *testing.T, cases []diffCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := c.rpc.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: urn(tc.typ, "x"), Type: tc.typ, Name: "x", Id: "id-1",
				OldInputs: c.props(tc.olds), Olds: c.props(tc.olds), News: c.props(tc.news)})
			if err != nil {
				t.Fatal(err)
			}
			if d.Changes != pulumirpc.DiffResponse_DIFF_SOME {
				t.Fatalf("diff %v, want a change", d)
			}
			// The engine's replace keys may name a nested input; its top level is the input.
			var got []string
			for _, k := range d.Replaces {
				if top, _, _ := strings.Cut(strings.SplitN(k, "[", 2)[0], "."); !slices.Contains(got, top) {
					got = append(got, top)
				}
			}
			slices.Sort(got)
			want := slices.Clone(tc.replaces)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("replaces %v, want %v (changed %v)", got, want, d.Diffs)
			}
		})
	}
}

const tNatGW = "aws:ec2/natGateway:NatGateway"

// vpc_nat_gateway.go: availabilityMode and vpcId are ForceNew; a regional
// gateway moving between auto mode (no availabilityZoneAddresses) and manual
// mode is replaced (validateRegionalNATGatewayAvailabilityZoneAddress);
// secondaryPrivateIpAddressCount replaces only a private gateway, and only
// where the program sets it.
func TestDiffNatGatewayReplacements(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	regional := map[string]any{"availabilityMode": "regional", "vpcId": "vpc-1", "connectivityType": "public"}
	with := func(m map[string]any, kv ...any) map[string]any {
		out := map[string]any{}
		for k, v := range m {
			out[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			out[kv[i].(string)] = kv[i+1]
		}
		return out
	}
	addrs := func(az string, ids ...string) []any {
		var a []any
		for _, id := range ids {
			a = append(a, id)
		}
		return []any{map[string]any{"availabilityZone": az, "allocationIds": a}}
	}
	manual := with(regional, "availabilityZoneAddresses", addrs("ap-northeast-2a", "eipalloc-1"))
	private := map[string]any{"connectivityType": "private", "subnetId": "subnet-1", "secondaryPrivateIpAddressCount": 1}
	c.diffCases(t, []diffCase{
		{"regional auto to manual", tNatGW, regional, manual, []string{"availabilityZoneAddresses"}},
		{"regional manual to auto", tNatGW, manual, regional, []string{"availabilityZoneAddresses"}},
		{"regional manual, another address", tNatGW, manual, with(regional, "availabilityZoneAddresses", addrs("ap-northeast-2a", "eipalloc-1", "eipalloc-2")), nil},
		{"zonal to regional", tNatGW, map[string]any{"subnetId": "subnet-1", "allocationId": "eipalloc-1"}, regional,
			[]string{"allocationId", "availabilityMode", "subnetId", "vpcId"}},
		{"regional, another VPC", tNatGW, regional, with(regional, "vpcId", "vpc-2"), []string{"vpcId"}},
		{"private, secondary count set", tNatGW, private, with(private, "secondaryPrivateIpAddressCount", 2), []string{"secondaryPrivateIpAddressCount"}},
		{"private, secondary count dropped", tNatGW, private, with(private, "secondaryPrivateIpAddressCount", nil), nil},
		{"public, secondary allocations", tNatGW, map[string]any{"subnetId": "subnet-1", "allocationId": "eipalloc-1"},
			map[string]any{"subnetId": "subnet-1", "allocationId": "eipalloc-1", "secondaryAllocationIds": []any{"eipalloc-2"}}, nil},
	})
}

// `vpclab diff` shows natAddressMode auto → manual under natMode regional as
// the replacement of the regional NAT gateway, with the rule's condition
// and its source.
func TestCLIDiffShowsRegionalNatModeChangeAsReplacement(t *testing.T) {
	t.Parallel()
	code, out, errs := runCLI("diff", "nat-bastion", "2", "2", "--config", "natMode=regional", "--to-config", "natAddressMode=manual", "--dir", projectDir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	flat := strings.Join(strings.Fields(out), " ") // the output wraps long lines
	for _, want := range []string{
		"+- ec2:NatGateway network-nat (REPLACE) availabilityZoneAddresses: (none) → [{",
		"forces replacement (on a regional NAT gateway moving between auto mode (no availabilityZoneAddresses) and manual mode) " +
			"source: https://github.com/hashicorp/terraform-provider-aws/blob/5f2286d6d836/internal/service/ec2/vpc_nat_gateway.go",
		"~ ec2:Route network-private-0-default-route (update in place) natGatewayId: \"nat-",
		"1 to create, 1 to update in place, 1 to replace, 0 to delete",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("vpclab diff lacks %q:\n%s", want, out)
		}
	}
}

// Replacing inputs of the VPC, subnet, instance and load balancer, read at
// the provider's schema and CustomizeDiff (sim.Replacements cites each).
func TestDiffReplacementsOfVpcSubnetInstanceAndLoadBalancer(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	const (
		vpc  = "aws:ec2/vpc:Vpc"
		sn   = "aws:ec2/subnet:Subnet"
		inst = "aws:ec2/instance:Instance"
		lb   = "aws:lb/loadBalancer:LoadBalancer"
	)
	cidr := map[string]any{"cidrBlock": "10.0.0.0/16"}
	tenancy := func(v string) map[string]any { return map[string]any{"cidrBlock": "10.0.0.0/16", "instanceTenancy": v} }
	v6 := func(assign bool, block string) map[string]any {
		return map[string]any{"vpcId": "vpc-1", "cidrBlock": "10.0.1.0/24", "assignIpv6AddressOnCreation": assign, "ipv6CidrBlock": block}
	}
	base := map[string]any{"ami": "ami-1", "instanceType": "t3.micro", "subnetId": "subnet-1"}
	i := func(kv ...any) map[string]any {
		out := map[string]any{"ami": "ami-1", "instanceType": "t3.micro", "subnetId": "subnet-1"}
		for j := 0; j < len(kv); j += 2 {
			out[kv[j].(string)] = kv[j+1]
		}
		return out
	}
	ebs := func(size float64, tag string) []any {
		return []any{map[string]any{"deviceName": "/dev/sdf", "volumeSize": size, "tags": map[string]any{"Name": tag}}}
	}
	eni := func(id string) []any { return []any{map[string]any{"deviceIndex": 0, "networkInterfaceId": id}} }
	mapping := func(ids ...string) []any {
		var out []any
		for _, id := range ids {
			out = append(out, map[string]any{"subnetId": id})
		}
		return out
	}
	nlb := func(ids ...string) map[string]any {
		return map[string]any{"loadBalancerType": "network", "internal": true, "subnetMappings": mapping(ids...)}
	}
	alb := func(ids ...string) map[string]any {
		return map[string]any{"loadBalancerType": "application", "internal": true, "subnetMappings": mapping(ids...)}
	}
	c.diffCases(t, []diffCase{
		{"vpc default to dedicated", vpc, cidr, tenancy("dedicated"), []string{"instanceTenancy"}},
		{"vpc dedicated to default", vpc, tenancy("dedicated"), tenancy("default"), nil},
		{"vpc dedicated to unset (the default)", vpc, tenancy("dedicated"), map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsSupport": true}, nil},
		{"subnet ipv6 block, assigned on creation", sn, v6(true, "2001:db8:0:1::/64"), v6(true, "2001:db8:0:2::/64"), []string{"ipv6CidrBlock"}},
		{"subnet ipv6 block, not assigned on creation", sn, v6(false, "2001:db8:0:1::/64"), v6(false, "2001:db8:0:2::/64"), nil},
		{"instance amdSevSnp", inst, base, i("cpuOptions", map[string]any{"amdSevSnp": "enabled"}), []string{"cpuOptions"}},
		{"instance core count (ModifyInstanceCpuOptions)", inst, i("cpuOptions", map[string]any{"coreCount": 1}), i("cpuOptions", map[string]any{"coreCount": 2}), nil},
		{"instance EBS volume size", inst, i("ebsBlockDevices", ebs(8, "a")), i("ebsBlockDevices", ebs(16, "a")), []string{"ebsBlockDevices"}},
		{"instance EBS device added", inst, base, i("ebsBlockDevices", ebs(8, "a")), []string{"ebsBlockDevices"}},
		{"instance EBS device tags", inst, i("ebsBlockDevices", ebs(8, "a")), i("ebsBlockDevices", ebs(8, "b")), nil},
		{"instance ephemeral device added", inst, base, i("ephemeralBlockDevices", []any{map[string]any{"deviceName": "/dev/sdb", "virtualName": "ephemeral0"}}),
			[]string{"ephemeralBlockDevices"}},
		{"instance enclave on", inst, base, i("enclaveOptions", map[string]any{"enabled": true}), []string{"enclaveOptions"}},
		{"instance network interface", inst, i("networkInterfaces", eni("eni-1")), i("networkInterfaces", eni("eni-2")), []string{"networkInterfaces"}},
		{"instance private DNS name options (ModifyPrivateDnsNameOptions)", inst, base, i("privateDnsNameOptions", map[string]any{"hostnameType": "resource-name"}), nil},
		{"instance ipv6 address count (in place)", inst, i("ipv6AddressCount", 1), i("ipv6AddressCount", 2), nil},
		{"instance type, same architecture (stop and start)", inst, base, i("instanceType", "t3.small"), nil},
		{"instance type, x86_64 to arm64", inst, base, i("instanceType", "t4g.micro"), []string{"instanceType"}},
		{"nlb mapping added", lb, nlb("subnet-a"), nlb("subnet-a", "subnet-b"), nil},
		{"nlb mapping removed", lb, nlb("subnet-a", "subnet-b"), nlb("subnet-a"), []string{"subnetMappings"}},
		{"nlb mapping swapped", lb, nlb("subnet-a"), nlb("subnet-b"), []string{"subnetMappings"}},
		{"alb mapping removed", lb, alb("subnet-a", "subnet-b"), alb("subnet-a"), nil},
		{"alb mapping swapped", lb, alb("subnet-a", "subnet-b"), alb("subnet-a", "subnet-c"), []string{"subnetMappings"}},
	})
}

// check asks the provider's Check as the engine does, returning the
// checked inputs and the failures' reasons.
func (c *client) check(typ, name string, inputs map[string]any) (*pulumirpc.CheckResponse, []string) {
	c.t.Helper()
	chk, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(typ, name), Type: typ, Name: name,
		News: c.props(inputs), RandomSeed: []byte(name)})
	if err != nil {
		c.t.Fatalf("check %s %s: %v", typ, name, err)
	}
	var reasons []string
	for _, f := range chk.Failures {
		reasons = append(reasons, f.Reason)
	}
	return chk, reasons
}

// endpointNet is a VPC with DNS hostnames, a private subnet and a
// security group for interface endpoints.
func (c *client) endpointNet() (vpc, subnet, sg string) {
	vpc, _ = c.create("aws:ec2/vpc:Vpc", "vpc", map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true, "enableDnsSupport": true})
	subnet, _ = c.create("aws:ec2/subnet:Subnet", "private", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.1.0/24", "availabilityZone": "ap-northeast-2a"})
	sg, _ = c.create("aws:ec2/securityGroup:SecurityGroup", "endpoints", map[string]any{"vpcId": vpc, "description": "endpoints"})
	return vpc, subnet, sg
}

// privateDnsOnlyForInboundResolverEndpoint reaches AWS only for S3
// interface endpoints (isAmazonS3VPCEndpoint, resourceVPCEndpointCreate and
// Update): a DynamoDB endpoint's false never arrives, so AWS applies its
// default (true) and wants a DynamoDB gateway endpoint; an ssm endpoint
// given the option is created, and the option, never in AWS's answer,
// shows as a change on every later diff.
func TestInboundResolverOptionReachesAWSOnlyForS3(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	vpc, subnet, sg := c.endpointNet()
	endpoint := func(service string, only bool) map[string]any {
		return map[string]any{"vpcEndpointType": "Interface", "vpcId": vpc, "serviceName": "com.amazonaws.ap-northeast-2." + service,
			"subnetIds": []any{subnet}, "securityGroupIds": []any{sg}, "privateDnsEnabled": true,
			"dnsOptions": map[string]any{"privateDnsOnlyForInboundResolverEndpoint": only}}
	}
	// Whether the VPC has a gateway endpoint is AWS's answer at create (the
	// same update may add one), so Check passes and Create refuses.
	if dynamo, reasons := c.check(tEndpoint, "dynamodb", endpoint("dynamodb", false)); len(reasons) != 0 {
		t.Errorf("Check of a DynamoDB interface endpoint judged the VPC's other endpoints: %v", reasons)
	} else if _, err := c.rpc.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn(tEndpoint, "dynamodb"), Type: tEndpoint, Name: "dynamodb", Properties: dynamo.Inputs}); err == nil ||
		!strings.Contains(err.Error(), "ec2.vpce.private-dns-inbound-resolver-gateway") || !strings.Contains(err.Error(), "only for S3") {
		t.Errorf("a DynamoDB interface endpoint with the option false and no gateway endpoint: %v, want AWS's refusal (the provider drops false)", err)
	}
	if _, reasons := c.check(tEndpoint, "s3", endpoint("s3", false)); len(reasons) != 0 {
		t.Errorf("an S3 interface endpoint with the option false: %v, want it accepted", reasons)
	}
	chk, reasons := c.check(tEndpoint, "ssm", endpoint("ssm", true))
	if len(reasons) != 0 {
		t.Fatalf("an ssm endpoint given the option: %v, want it created (the provider drops the option)", reasons)
	}
	cr, err := c.rpc.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn(tEndpoint, "ssm"), Type: tEndpoint, Name: "ssm", Properties: chk.Inputs})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if v := c.unprops(cr.Properties)["dnsOptions"]; v.IsObject() && v.ObjectValue()["privateDnsOnlyForInboundResolverEndpoint"].IsBool() {
		t.Errorf("AWS answers dnsOptions %v; it never saw the option", v)
	}
	olds := cr.Properties
	for run := 1; run <= 2; run++ {
		d, err := c.rpc.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: urn(tEndpoint, "ssm"), Type: tEndpoint, Name: "ssm", Id: cr.Id,
			OldInputs: chk.Inputs, Olds: olds, News: chk.Inputs})
		if err != nil {
			t.Fatal(err)
		}
		if d.Changes != pulumirpc.DiffResponse_DIFF_SOME || !slices.Equal(d.Diffs, []string{"dnsOptions.privateDnsOnlyForInboundResolverEndpoint"}) || len(d.Replaces) != 0 {
			t.Fatalf("up %d: diff %v, want an update of dnsOptions that never clears", run, d)
		}
		up, err := c.rpc.Update(context.Background(), &pulumirpc.UpdateRequest{Id: cr.Id, Urn: urn(tEndpoint, "ssm"), Type: tEndpoint, Name: "ssm",
			Olds: olds, OldInputs: chk.Inputs, News: chk.Inputs})
		if err != nil {
			t.Fatalf("up %d: update %v", run, err)
		}
		olds = up.Properties
	}
}

// After its accepter is deleted (the provider rejects the connection), an
// endpoint's update through ModifyVpcEndpoint fails in
// waitVPCEndpointAvailable; a tag-only update does not wait, and works.
func TestRejectedEndpointCannotBeModified(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	ctx := context.Background()
	vpc, subnet, sg := c.endpointNet()
	nlb, _ := c.create("aws:lb/loadBalancer:LoadBalancer", "nlb", map[string]any{"loadBalancerType": "network", "internal": true, "subnets": []any{subnet}})
	svcID, svc := c.create("aws:ec2/vpcEndpointService:VpcEndpointService", "svc", map[string]any{"networkLoadBalancerArns": []any{nlb},
		"acceptanceRequired": true, "allowedPrincipals": []any{"arn:aws:iam::123456789012:root"}})
	inputs := map[string]any{"vpcEndpointType": "Interface", "vpcId": vpc, "serviceName": svc["serviceName"].StringValue(),
		"subnetIds": []any{subnet}, "securityGroupIds": []any{sg}}
	epID, epOuts := c.create(tEndpoint, "consumer", inputs)
	const tAccepter = "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter"
	accID, _ := c.create(tAccepter, "accepter", map[string]any{"vpcEndpointId": epID, "vpcEndpointServiceId": svcID})
	if _, err := c.rpc.Delete(ctx, &pulumirpc.DeleteRequest{Id: accID, Urn: urn(tAccepter, "accepter"), Type: tAccepter, Name: "accepter"}); err != nil {
		t.Fatal(err)
	}
	update := func(news map[string]any) error {
		_, err := c.rpc.Update(ctx, &pulumirpc.UpdateRequest{Id: epID, Urn: urn(tEndpoint, "consumer"), Type: tEndpoint, Name: "consumer",
			Olds: c.props(epOuts.Mappable()), OldInputs: c.props(inputs), News: c.props(news)})
		return err
	}
	with := func(k string, v any) map[string]any {
		out := map[string]any{}
		for key, x := range inputs {
			out[key] = x
		}
		out[k] = v
		return out
	}
	sg2, _ := c.create("aws:ec2/securityGroup:SecurityGroup", "endpoints-2", map[string]any{"vpcId": vpc, "description": "endpoints 2"})
	for name, news := range map[string]map[string]any{
		"DNS options":     with("dnsOptions", map[string]any{"dnsRecordIpType": "ipv4"}),
		"security groups": with("securityGroupIds", []any{sg, sg2}),
	} {
		if err := update(news); err == nil || !strings.Contains(err.Error(), "unexpected state 'rejected', wanted target 'available, pendingAcceptance'") {
			t.Errorf("updating a rejected endpoint's %s: %v, want the provider's wait to fail", name, err)
		}
	}
	if err := update(with("tags", map[string]any{"Name": "consumer"})); err != nil {
		t.Errorf("a tag-only update of a rejected endpoint: %v, want it to work", err)
	}
}

// rehearse starts `vpclab rehearse` with args and returns a client of the
// provider it serves and what it printed before the operations log; the
// rehearsal stops when the test ends.
func rehearse(t *testing.T, args ...string) (*client, string) {
	t.Helper()
	stop := make(chan os.Signal, 1)
	orig := cli.Interrupted
	cli.Interrupted = func() <-chan os.Signal { return stop }
	r, w := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- cli.Run(append([]string{"rehearse", "--state", t.TempDir(), "--patience", "1s"}, args...), w, io.Discard)
		w.Close()
	}()
	sc := bufio.NewScanner(r)
	var printed strings.Builder
	port := ""
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if m := regexp.MustCompile(`serves the aws provider on 127\.0\.0\.1:(\d+)\.`).FindStringSubmatch(sc.Text()); m != nil {
			port = m[1]
		}
		if strings.HasPrefix(sc.Text(), "Operations") {
			break
		}
	}
	go io.Copy(io.Discard, r) // the operations log
	t.Cleanup(func() {
		stop <- os.Interrupt
		<-code
		cli.Interrupted = orig
	})
	conn, err := grpc.NewClient("127.0.0.1:"+port, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, rpc: pulumirpc.NewResourceProviderClient(conn)}, printed.String()
}

// vpclab rehearse --eip-auth-failure refuses the first release of a NAT
// gateway's Elastic IP right after the gateway is deleted, with AWS's
// AuthFailure, as the provider meets it (it does not retry ReleaseAddress);
// the next attempt succeeds. Without the flag the release succeeds at once.
func TestRehearseCanRefuseTheFirstReleaseAfterNatDeletion(t *testing.T) {
	for _, flag := range []bool{true, false} {
		var args []string
		if flag {
			args = []string{"--eip-auth-failure"}
		}
		c, printed := rehearse(t, args...)
		if said := strings.Contains(printed, "--eip-auth-failure: the first release of an Elastic IP"); said != flag {
			t.Errorf("flag %v: the rehearsal says so: %v\n%s", flag, said, printed)
		}
		c.configure("ap-northeast-2")
		ctx := context.Background()
		vpc, _ := c.create("aws:ec2/vpc:Vpc", "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
		c.create("aws:ec2/internetGateway:InternetGateway", "igw", map[string]any{"vpcId": vpc})
		sn, _ := c.create("aws:ec2/subnet:Subnet", "public", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.0.0/24", "availabilityZone": "ap-northeast-2a"})
		eip, _ := c.create("aws:ec2/eip:Eip", "nat-eip", map[string]any{"domain": "vpc"})
		nat, _ := c.create(tNatGW, "nat", map[string]any{"subnetId": sn, "allocationId": eip})
		del := func(id, typ, name string) error {
			_, err := c.rpc.Delete(ctx, &pulumirpc.DeleteRequest{Id: id, Urn: urn(typ, name), Type: typ, Name: name})
			return err
		}
		if err := del(nat, tNatGW, "nat"); err != nil {
			t.Fatal(err)
		}
		err := del(eip, "aws:ec2/eip:Eip", "nat-eip")
		switch {
		case flag && (err == nil || !strings.Contains(err.Error(), "AuthFailure: You do not have permission to access the specified resource") ||
			!strings.Contains(err.Error(), "run the command again")):
			t.Errorf("the first release after the NAT gateway's deletion: %v, want AuthFailure", err)
		case !flag && err != nil:
			t.Errorf("without --eip-auth-failure: %v", err)
		}
		if flag {
			if err := del(eip, "aws:ec2/eip:Eip", "nat-eip"); err != nil {
				t.Errorf("the release run again: %v, want it to succeed", err)
			}
		}
		if rd, err := c.rpc.Read(ctx, &pulumirpc.ReadRequest{Id: eip, Urn: urn("aws:ec2/eip:Eip", "nat-eip")}); err != nil || rd.Id != "" {
			t.Errorf("flag %v: the Elastic IP reads as %v %v after its release, want it gone", flag, rd, err)
		}
	}
}
