package tests

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/vpclab/vpclab/sim"
	"github.com/vpclab/vpclab/sim/awsprovider"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"
)

// client talks to the provider the way the engine does: over gRPC, with
// properties marshalled by the SDK's plugin package.
type client struct {
	t   *testing.T
	rpc pulumirpc.ResourceProviderClient
}

func serve(t *testing.T, patience time.Duration) *client {
	t.Helper()
	version, err := awsprovider.Version()
	if err != nil {
		t.Fatal(err)
	}
	p := awsprovider.New(version)
	p.Patience = patience
	srv, err := awsprovider.Serve(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient("127.0.0.1:"+itoa(srv.Port), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, rpc: pulumirpc.NewResourceProviderClient(conn)}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func (c *client) props(m map[string]any) *structpb.Struct {
	c.t.Helper()
	s, err := plugin.MarshalProperties(resource.NewPropertyMapFromMap(m), plugin.MarshalOptions{KeepUnknowns: true})
	if err != nil {
		c.t.Fatal(err)
	}
	return s
}

func (c *client) unprops(s *structpb.Struct) resource.PropertyMap {
	c.t.Helper()
	m, err := plugin.UnmarshalProperties(s, plugin.MarshalOptions{KeepUnknowns: true})
	if err != nil {
		c.t.Fatal(err)
	}
	return m
}

func urn(typ, name string) string { return "urn:pulumi:lab::vpclab::" + typ + "::" + name }

func (c *client) configure(region string) {
	c.t.Helper()
	if _, err := c.rpc.Configure(context.Background(), &pulumirpc.ConfigureRequest{Args: c.props(map[string]any{"region": region}),
		AcceptSecrets: true, AcceptResources: true}); err != nil {
		c.t.Fatal(err)
	}
}

// create checks and creates a resource as the engine does, returning its ID and outputs.
func (c *client) create(typ, name string, inputs map[string]any) (string, resource.PropertyMap) {
	c.t.Helper()
	chk, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(typ, name), Type: typ, Name: name,
		News: c.props(inputs), RandomSeed: []byte(name)})
	if err != nil || len(chk.Failures) > 0 {
		c.t.Fatalf("check %s %s: %v %v", typ, name, err, chk.GetFailures())
	}
	cr, err := c.rpc.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn(typ, name), Type: typ, Name: name, Properties: chk.Inputs})
	if err != nil {
		c.t.Fatalf("create %s %s: %v", typ, name, err)
	}
	return cr.Id, c.unprops(cr.Properties)
}

// The plugin answers the engine's handshake calls: its version, a schema
// derived from the SDK's types, and Attach (PULUMI_DEBUG_PROVIDERS).
func TestProviderIdentifiesItselfOverGRPC(t *testing.T) {
	c := serve(t, 0)
	info, err := c.rpc.GetPluginInfo(context.Background(), &emptypb.Empty{})
	if err != nil || info.Version != "7.41.0" {
		t.Errorf("plugin info %v %v, want the pulumi-aws version of go.mod, 7.41.0", info, err)
	}
	if _, err := c.rpc.Attach(context.Background(), &pulumirpc.PluginAttach{Address: "127.0.0.1:1"}); err != nil {
		t.Errorf("attach: %v", err)
	}
	sch, err := c.rpc.GetSchema(context.Background(), &pulumirpc.GetSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Name      string
		Resources map[string]struct {
			InputProperties map[string]struct{ Type, Ref string }
			RequiredInputs  []string
			Properties      map[string]struct{ Type string }
		}
		Functions map[string]struct {
			Outputs struct {
				Properties map[string]struct{ Type string }
			}
		}
		Types map[string]struct {
			Properties map[string]struct{ Type string }
		}
	}
	if err := json.Unmarshal([]byte(sch.Schema), &spec); err != nil {
		t.Fatal(err)
	}
	vpc := spec.Resources["aws:ec2/vpc:Vpc"]
	if spec.Name != "aws" || vpc.InputProperties["cidrBlock"].Type != "string" || vpc.Properties["arn"].Type != "string" ||
		vpc.InputProperties["enableDnsHostnames"].Type != "boolean" || vpc.InputProperties["tags"].Type != "object" {
		t.Errorf("VPC schema %+v", vpc)
	}
	if sn := spec.Resources["aws:ec2/subnet:Subnet"]; len(sn.RequiredInputs) != 1 || sn.RequiredInputs[0] != "vpcId" {
		t.Errorf("subnet required inputs %v, want [vpcId]", sn.RequiredInputs)
	}
	if azs := spec.Functions["aws:index/getAvailabilityZones:getAvailabilityZones"]; azs.Outputs.Properties["names"].Type != "array" {
		t.Errorf("getAvailabilityZones outputs %+v", azs.Outputs)
	}
	if md := spec.Types["aws:ec2/InstanceMetadataOptions:InstanceMetadataOptions"]; md.Properties["httpTokens"].Type != "string" {
		t.Errorf("InstanceMetadataOptions %+v", md)
	}
}

// Check applies AWS's input rules: a value AWS would refuse is a check
// failure naming the rule, the value and the source; an unnamed resource
// is autonamed, and keeps its name on the next Check.
func TestCheckRefusesWhatAWSWouldAndAutonames(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	const sg = "aws:ec2/securityGroup:SecurityGroup"
	chk, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(sg, "bastion"), Type: sg, Name: "bastion",
		News: c.props(map[string]any{"vpcId": "vpc-1", "description": "Bob's bastion"}), RandomSeed: []byte{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	if len(chk.Failures) != 1 || chk.Failures[0].Property != "description" ||
		!strings.Contains(chk.Failures[0].Reason, `"Bob's bastion"`) || !strings.Contains(chk.Failures[0].Reason, "ec2.sg.description") ||
		!strings.Contains(chk.Failures[0].Reason, "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html") {
		t.Errorf("failures %v", chk.Failures)
	}
	name := c.unprops(chk.Inputs)["name"]
	if !name.IsString() || !strings.HasPrefix(name.StringValue(), "bastion-") || len(name.StringValue()) != len("bastion-")+7 {
		t.Errorf("autoname %v", name)
	}
	again, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(sg, "bastion"), Type: sg, Name: "bastion",
		Olds: chk.Inputs, News: c.props(map[string]any{"vpcId": "vpc-1", "description": "bastion"}), RandomSeed: []byte{9}})
	if err != nil || c.unprops(again.Inputs)["name"].StringValue() != name.StringValue() {
		t.Errorf("the second check renamed the group: %v %v", again.GetInputs(), err)
	}
}

// Diff replaces by the provider's ForceNew inputs, deleting first when the
// name was the user's; updates in place otherwise.
func TestDiffReplacesAndDeletesBeforeReplacingUserNames(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	diff := func(typ string, olds, news map[string]any) *pulumirpc.DiffResponse {
		t.Helper()
		d, err := c.rpc.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: urn(typ, "x"), Type: typ, Name: "x", Id: "id-1",
			OldInputs: c.props(olds), Olds: c.props(olds), News: c.props(news)})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d := diff("aws:ec2/vpc:Vpc", map[string]any{"cidrBlock": "10.0.0.0/16"}, map[string]any{"cidrBlock": "10.1.0.0/16"})
	if d.Changes != pulumirpc.DiffResponse_DIFF_SOME || len(d.Replaces) != 1 || d.Replaces[0] != "cidrBlock" || d.DeleteBeforeReplace {
		t.Errorf("new VPC CIDR: %v", d)
	}
	d = diff("aws:ec2/vpc:Vpc", map[string]any{"cidrBlock": "10.0.0.0/16"}, map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true})
	if d.Changes != pulumirpc.DiffResponse_DIFF_SOME || len(d.Replaces) != 0 || d.DetailedDiff["enableDnsHostnames"].GetKind() != pulumirpc.PropertyDiff_ADD {
		t.Errorf("DNS hostnames on: %v", d)
	}
	autonamed := map[string]any{"name": "web-1a2b3c4", "path": "/", "__defaults": []any{"name"}}
	d = diff("aws:iam/role:Role", autonamed, map[string]any{"name": "web-1a2b3c4", "path": "/lab/", "__defaults": []any{"name"}})
	if len(d.Replaces) != 1 || d.DeleteBeforeReplace {
		t.Errorf("autonamed role, new path: %v (the new role takes a new name: no need to delete first)", d)
	}
	d = diff("aws:iam/role:Role", map[string]any{"name": "LabRole", "path": "/"}, map[string]any{"name": "LabRole", "path": "/lab/"})
	if len(d.Replaces) != 1 || !d.DeleteBeforeReplace {
		t.Errorf("user-named role, new path: %v (IAM names are unique: delete first)", d)
	}
	if d := diff("aws:ec2/vpc:Vpc", map[string]any{"cidrBlock": "10.0.0.0/16"}, map[string]any{"cidrBlock": "10.0.0.0/16"}); d.Changes != pulumirpc.DiffResponse_DIFF_NONE {
		t.Errorf("no change: %v", d)
	}
}

// Create, read, update and delete reach the simulated account, which
// refuses to delete a VPC that still has a subnet; invokes answer from it.
func TestLifecycleOverGRPC(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	ctx := context.Background()
	const tVpc = "aws:ec2/vpc:Vpc"
	id, outs := c.create(tVpc, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
	if !strings.HasPrefix(id, "vpc-0") || outs["arn"].StringValue() == "" {
		t.Fatalf("created %s %v", id, outs)
	}
	rd, err := c.rpc.Read(ctx, &pulumirpc.ReadRequest{Id: id, Urn: urn(tVpc, "vpc"), Inputs: c.props(map[string]any{"cidrBlock": "10.0.0.0/16"})})
	if err != nil || rd.Id != id || c.unprops(rd.Properties)["cidrBlock"].StringValue() != "10.0.0.0/16" {
		t.Fatalf("read %v %v", rd, err)
	}
	up, err := c.rpc.Update(ctx, &pulumirpc.UpdateRequest{Id: id, Urn: urn(tVpc, "vpc"), Type: tVpc, Name: "vpc",
		Olds: rd.Properties, OldInputs: rd.Inputs, News: c.props(map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true})})
	if err != nil || !c.unprops(up.Properties)["enableDnsHostnames"].BoolValue() {
		t.Fatalf("update %v %v", up, err)
	}
	sn, _ := c.create("aws:ec2/subnet:Subnet", "subnet", map[string]any{"vpcId": id, "cidrBlock": "10.0.1.0/24", "availabilityZone": "ap-northeast-2a"})
	if _, err := c.rpc.Delete(ctx, &pulumirpc.DeleteRequest{Id: id, Urn: urn(tVpc, "vpc"), Type: tVpc, Name: "vpc"}); err == nil ||
		!strings.Contains(err.Error(), "DependencyViolation") || !strings.Contains(err.Error(), sn) {
		t.Errorf("deleting the VPC before its subnet: %v", err)
	}
	for _, del := range []struct{ id, typ, name string }{{sn, "aws:ec2/subnet:Subnet", "subnet"}, {id, tVpc, "vpc"}} {
		if _, err := c.rpc.Delete(ctx, &pulumirpc.DeleteRequest{Id: del.id, Urn: urn(del.typ, del.name), Type: del.typ, Name: del.name}); err != nil {
			t.Fatal(err)
		}
	}
	gone, err := c.rpc.Read(ctx, &pulumirpc.ReadRequest{Id: id, Urn: urn(tVpc, "vpc")})
	if err != nil || gone.Id != "" {
		t.Errorf("a deleted VPC reads as %v %v, want no ID", gone, err)
	}
	inv, err := c.rpc.Invoke(ctx, &pulumirpc.InvokeRequest{Tok: "aws:index/getAvailabilityZones:getAvailabilityZones", Args: c.props(map[string]any{"state": "available"})})
	if err != nil || len(c.unprops(inv.Return)["names"].ArrayValue()) == 0 {
		t.Errorf("invoke %v %v", inv, err)
	}
}

// A name another resource holds: Check leaves uniqueness to Create, as AWS
// answers it when the call is made (the other resource may be deleted or
// renamed by the same update), and Create refuses it. A user-given name does
// not collide with the resource its replacement replaces (Diff asks to
// delete that one first). Types the simulation does not serve are refused
// at Check, not at up.
func TestUniqueNamesAtCreateAndUnservedTypes(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	const role = "aws:iam/role:Role"
	trust := `{"Version":"2012-10-17","Statement":[]}`
	c.create(role, "lab", map[string]any{"name": "LabRole", "assumeRolePolicy": trust})
	check := func(name string, inputs map[string]any) *pulumirpc.CheckResponse {
		t.Helper()
		chk, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(role, name), Type: role, Name: name, News: c.props(inputs), RandomSeed: []byte{7}})
		if err != nil {
			t.Fatal(err)
		}
		return chk
	}
	if chk := check("lab", map[string]any{"name": "LabRole", "path": "/lab/", "assumeRolePolicy": trust}); len(chk.Failures) > 0 {
		t.Errorf("the replacement's check collides with the role it replaces: %v", chk.Failures)
	}
	chk := check("other", map[string]any{"name": "labrole", "assumeRolePolicy": trust})
	if len(chk.Failures) > 0 {
		t.Errorf("another role named labrole fails Check, which needs no other resource: %v", chk.Failures)
	}
	if _, err := c.rpc.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn(role, "other"), Type: role, Name: "other", Properties: chk.Inputs}); err == nil ||
		!strings.Contains(err.Error(), "iam.role.name-unique") {
		t.Errorf("creating another role named labrole: %v, want iam.role.name-unique (IAM names ignore case)", err)
	}
	const unserved = "aws:ec2/transitGateway:TransitGateway"
	if _, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(unserved, "tgw"), Type: unserved, Name: "tgw", News: c.props(map[string]any{})}); err == nil ||
		!strings.Contains(err.Error(), "no answer for resource type "+unserved) {
		t.Errorf("an unserved type: %v", err)
	}
}

// An interface endpoint with private DNS in a VPC whose DNS hostnames are
// off: the update that adds the endpoint turns them on first (the
// gateway-vs-interface lab's step 3), so the preview's Check must not judge
// the endpoint against the VPC as it is now. Create judges it against the
// VPC as it is then: refused before the VPC's update, made after it.
func TestCheckLeavesOtherResourcesToCreate(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	const tVpc, tSubnet, tEndpoint = "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpcEndpoint:VpcEndpoint"
	vpc, outs := c.create(tVpc, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsSupport": true})
	subnet, _ := c.create(tSubnet, "a", map[string]any{"vpcId": vpc, "cidrBlock": "10.0.1.0/24", "availabilityZone": "ap-northeast-2a"})
	sg, _ := c.create("aws:ec2/securityGroup:SecurityGroup", "endpoints", map[string]any{"vpcId": vpc, "description": "endpoints"})
	endpoint := map[string]any{"vpcId": vpc, "serviceName": "com.amazonaws.ap-northeast-2.ssm", "vpcEndpointType": "Interface",
		"privateDnsEnabled": true, "subnetIds": []any{subnet}, "securityGroupIds": []any{sg}}
	chk, err := c.rpc.Check(context.Background(), &pulumirpc.CheckRequest{Urn: urn(tEndpoint, "ssm"), Type: tEndpoint, Name: "ssm", News: c.props(endpoint)})
	if err != nil || len(chk.Failures) > 0 {
		t.Fatalf("Check of the endpoint while the VPC's DNS hostnames are off: %v %v; the same update may turn them on", err, chk.GetFailures())
	}
	create := func() error {
		_, err := c.rpc.Create(context.Background(), &pulumirpc.CreateRequest{Urn: urn(tEndpoint, "ssm"), Type: tEndpoint, Name: "ssm", Properties: chk.Inputs})
		return err
	}
	if err := create(); err == nil || !strings.Contains(err.Error(), "ec2.vpce.private-dns-vpc-attributes") {
		t.Errorf("Create while the VPC's DNS hostnames are off: %v, want ec2.vpce.private-dns-vpc-attributes", err)
	}
	olds, _ := plugin.MarshalProperties(outs, plugin.MarshalOptions{KeepUnknowns: true})
	if _, err := c.rpc.Update(context.Background(), &pulumirpc.UpdateRequest{Id: vpc, Urn: urn(tVpc, "vpc"), Type: tVpc, Name: "vpc",
		Olds: olds, News: c.props(map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsSupport": true, "enableDnsHostnames": true})}); err != nil {
		t.Fatal(err)
	}
	if err := create(); err != nil {
		t.Errorf("Create once the VPC's DNS hostnames are on: %v", err)
	}
}

// Under preview an update keeps what AWS computed (ARNs, DNS names), so
// what depends on them stays known; every served type has replace-forcing
// inputs, or Diff says it cannot tell.
func TestPreviewUpdateAndDiffOfUnknownTypes(t *testing.T) {
	c := serve(t, 0)
	c.configure("ap-northeast-2")
	const tVpc = "aws:ec2/vpc:Vpc"
	id, outs := c.create(tVpc, "vpc", map[string]any{"cidrBlock": "10.0.0.0/16"})
	olds, _ := plugin.MarshalProperties(outs, plugin.MarshalOptions{KeepUnknowns: true})
	up, err := c.rpc.Update(context.Background(), &pulumirpc.UpdateRequest{Id: id, Urn: urn(tVpc, "vpc"), Type: tVpc, Name: "vpc", Preview: true,
		Olds: olds, News: c.props(map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true})})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.unprops(up.Properties); got["arn"].StringValue() != outs["arn"].StringValue() || !got["enableDnsHostnames"].BoolValue() {
		t.Errorf("preview update: %v", got)
	}
	for _, r := range awsprovider.Resources {
		if _, ok := sim.Replacements[r.Token()]; !ok {
			t.Errorf("%s is served but has no replace-forcing inputs in sim.Replacements", r.Token())
		}
	}
	const odd = "aws:ec2/transitGateway:TransitGateway"
	if _, err := c.rpc.Diff(context.Background(), &pulumirpc.DiffRequest{Urn: urn(odd, "x"), Type: odd, Name: "x", Id: "tgw-1",
		OldInputs: c.props(map[string]any{"description": "a"}), Olds: c.props(map[string]any{"description": "a"}), News: c.props(map[string]any{"description": "b"})}); err == nil {
		t.Error("a diff of a type without replace-forcing inputs was guessed")
	}
}
