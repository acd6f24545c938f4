package sim_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/awsrules"
	"github.com/vpclab/vpclab/sim"
)

// world builds resources in a simulated account through its create calls,
// as a deployment would.
type world struct {
	t *testing.T
	a *sim.AWS
}

func newWorld(t *testing.T) *world {
	t.Helper()
	a, err := sim.NewAWS("ap-northeast-2")
	if err != nil {
		t.Fatal(err)
	}
	return &world{t: t, a: a}
}

func (w *world) make(typ, name string, inputs map[string]any) *sim.Resource {
	w.t.Helper()
	r := &sim.Resource{Custom: true}
	r.URN = "urn:pulumi:s::p::" + typ + "::" + name
	r.Type, r.Name, r.Inputs = typ, name, resource.NewPropertyMapFromMap(inputs)
	if _, _, err := w.a.Create(r); err != nil {
		w.t.Fatalf("creating %s %s: %v", typ, name, err)
	}
	return r
}

// net is a VPC with an internet gateway and a public subnet.
func (w *world) net() (vpc, igw, subnet *sim.Resource) {
	vpc = w.make("aws:ec2/vpc:Vpc", "vpc", map[string]any{"cidrBlock": "10.0.0.0/16", "enableDnsHostnames": true, "enableDnsSupport": true})
	igw = w.make("aws:ec2/internetGateway:InternetGateway", "igw", map[string]any{"vpcId": vpc.ID})
	subnet = w.make("aws:ec2/subnet:Subnet", "public", map[string]any{"vpcId": vpc.ID, "cidrBlock": "10.0.0.0/24", "availabilityZone": "ap-northeast-2a"})
	return vpc, igw, subnet
}

func (w *world) sg(name, vpc string) *sim.Resource {
	return w.make("aws:ec2/securityGroup:SecurityGroup", name, map[string]any{"vpcId": vpc, "description": name + " group"})
}

func (w *world) instance(name, subnet, sg string, public bool) *sim.Resource {
	return w.make("aws:ec2/instance:Instance", name, map[string]any{"ami": "ami-0123456789abcdef0", "instanceType": "t3.micro",
		"subnetId": subnet, "vpcSecurityGroupIds": []any{sg}, "associatePublicIpAddress": public})
}

// privateLink is an NLB behind an endpoint service that requires
// acceptance, and a consumer endpoint to it, pending acceptance.
func (w *world) privateLink() (nlb, svc, endpoint *sim.Resource) {
	vpc, _, subnet := w.net()
	nlb = w.make("aws:lb/loadBalancer:LoadBalancer", "nlb", map[string]any{"loadBalancerType": "network", "internal": true, "subnets": []any{subnet.ID}})
	svc = w.make("aws:ec2/vpcEndpointService:VpcEndpointService", "svc", map[string]any{"networkLoadBalancerArns": []any{nlb.ID},
		"acceptanceRequired": true, "allowedPrincipals": []any{"arn:aws:iam::" + sim.Account + ":root"}})
	sg := w.sg("endpoint", vpc.ID)
	endpoint = w.make("aws:ec2/vpcEndpoint:VpcEndpoint", "consumer", map[string]any{"vpcEndpointType": "Interface", "vpcId": vpc.ID,
		"serviceName": svc.Outputs["serviceName"].StringValue(), "subnetIds": []any{subnet.ID}, "securityGroupIds": []any{sg.ID}})
	return nlb, svc, endpoint
}

// Each delete rule refuses, with AWS's code, while what it guards against
// exists, and lets the delete through once it is gone.
func TestDeleteRulesRefuseWhileDependentsExist(t *testing.T) {
	cases := map[string]func(w *world) (target *sim.Resource, blockers []*sim.Resource){
		"ec2.vpc.dependencies": func(w *world) (*sim.Resource, []*sim.Resource) {
			vpc, igw, subnet := w.net()
			return vpc, []*sim.Resource{subnet, igw}
		},
		"ec2.subnet.dependencies": func(w *world) (*sim.Resource, []*sim.Resource) {
			vpc, _, subnet := w.net()
			return subnet, []*sim.Resource{w.instance("web", subnet.ID, w.sg("web", vpc.ID).ID, false)}
		},
		"ec2.sg.dependencies": func(w *world) (*sim.Resource, []*sim.Resource) {
			vpc, _, subnet := w.net()
			bastion, private := w.sg("bastion", vpc.ID), w.sg("private", vpc.ID)
			rule := w.make("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "ssh-from-bastion", map[string]any{
				"securityGroupId": private.ID, "referencedSecurityGroupId": bastion.ID, "ipProtocol": "tcp", "fromPort": 22, "toPort": 22})
			return bastion, []*sim.Resource{rule, w.instance("bastion", subnet.ID, bastion.ID, true)}
		},
		"ec2.igw.mapped-public-addresses": func(w *world) (*sim.Resource, []*sim.Resource) {
			vpc, igw, subnet := w.net()
			eip := w.make("aws:ec2/eip:Eip", "nat-eip", map[string]any{"domain": "vpc"})
			nat := w.make("aws:ec2/natGateway:NatGateway", "nat", map[string]any{"subnetId": subnet.ID, "allocationId": eip.ID})
			return igw, []*sim.Resource{nat, w.instance("bastion", subnet.ID, w.sg("bastion", vpc.ID).ID, true)}
		},
		"ec2.eip.nat-gateway": func(w *world) (*sim.Resource, []*sim.Resource) {
			_, _, subnet := w.net()
			eip := w.make("aws:ec2/eip:Eip", "nat-eip", map[string]any{"domain": "vpc"})
			return eip, []*sim.Resource{w.make("aws:ec2/natGateway:NatGateway", "nat", map[string]any{"subnetId": subnet.ID, "allocationId": eip.ID})}
		},
		"ec2.placement-group.in-use": func(w *world) (*sim.Resource, []*sim.Resource) {
			vpc, _, subnet := w.net()
			pg := w.make("aws:ec2/placementGroup:PlacementGroup", "spread", map[string]any{"strategy": "spread"})
			in := w.make("aws:ec2/instance:Instance", "web", map[string]any{"ami": "ami-0123456789abcdef0", "instanceType": "t3.micro",
				"subnetId": subnet.ID, "vpcSecurityGroupIds": []any{w.sg("web", vpc.ID).ID}, "placementGroup": pg.ID})
			return pg, []*sim.Resource{in}
		},
		"ec2.vpce-service.connections": func(w *world) (*sim.Resource, []*sim.Resource) {
			_, svc, endpoint := w.privateLink()
			return svc, []*sim.Resource{endpoint}
		},
		"elb.lb.endpoint-service": func(w *world) (*sim.Resource, []*sim.Resource) {
			nlb, svc, endpoint := w.privateLink()
			if err := w.a.Delete(endpoint.ID); err != nil { // else the service refuses to go
				w.t.Fatal(err)
			}
			return nlb, []*sim.Resource{svc}
		},
		"elb.tg.in-use": func(w *world) (*sim.Resource, []*sim.Resource) {
			vpc, _, subnet := w.net()
			nlb := w.make("aws:lb/loadBalancer:LoadBalancer", "nlb", map[string]any{"loadBalancerType": "network", "subnets": []any{subnet.ID}})
			tg := w.make("aws:lb/targetGroup:TargetGroup", "web", map[string]any{"port": 80, "protocol": "TCP", "vpcId": vpc.ID})
			l := w.make("aws:lb/listener:Listener", "http", map[string]any{"loadBalancerArn": nlb.ID, "port": 80, "protocol": "TCP",
				"defaultActions": []any{map[string]any{"type": "forward", "targetGroupArn": tg.ID}}})
			return tg, []*sim.Resource{l}
		},
		"iam.role.delete-conflict": func(w *world) (*sim.Resource, []*sim.Resource) {
			role := w.make("aws:iam/role:Role", "instance", map[string]any{"assumeRolePolicy": `{"Version":"2012-10-17","Statement":[]}`})
			att := w.make("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ssm", map[string]any{"role": role.ID,
				"policyArn": "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"})
			inline := w.make("aws:iam/rolePolicy:RolePolicy", "bucket", map[string]any{"role": role.ID, "policy": `{"Version":"2012-10-17","Statement":[]}`})
			return role, []*sim.Resource{att, inline}
		},
		"s3.bucket.not-empty": func(w *world) (*sim.Resource, []*sim.Resource) {
			b := w.make("aws:s3/bucket:Bucket", "lab", map[string]any{})
			if err := w.a.PutObjects(b.ID, 3); err != nil {
				w.t.Fatal(err)
			}
			return b, nil // emptied below
		},
	}
	for _, rule := range sim.DeleteRules {
		build, ok := cases[rule.ID]
		if !ok {
			t.Errorf("delete rule %s has no case", rule.ID)
			continue
		}
		if rule.Code == "" || !strings.HasPrefix(rule.Source, "https://") || (rule.Retry != nil && !strings.HasPrefix(rule.Retry.Source, "https://")) {
			t.Errorf("delete rule %s lacks a code or a source", rule.ID)
		}
		t.Run(rule.ID, func(t *testing.T) {
			w := newWorld(t)
			target, blockers := build(w)
			err := w.a.Delete(target.ID)
			var refusal *sim.DeleteRefusal
			if !errors.As(err, &refusal) || refusal.Rule.ID != rule.ID || !strings.Contains(err.Error(), ": "+rule.Code+": ") {
				t.Fatalf("deleting %s with its dependents: %v, want %s (%s)", target, err, rule.Code, rule.ID)
			}
			for _, b := range blockers {
				if !strings.Contains(err.Error(), b.ID) {
					t.Errorf("the refusal does not name the dependent %s (%s): %v", b, b.ID, err)
				}
			}
			if w.a.Read(target.ID) == nil {
				t.Fatal("the refused delete removed the resource")
			}
			for _, b := range blockers {
				if err := w.a.Delete(b.ID); err != nil {
					t.Fatalf("deleting the dependent %s: %v", b, err)
				}
			}
			if rule.ID == "s3.bucket.not-empty" {
				// forceDestroy lets the provider empty the bucket first.
				next := target.Inputs.Copy()
				next["forceDestroy"] = resource.NewProperty(true)
				if _, err := w.a.Update(target.ID, next); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.a.Delete(target.ID); err != nil {
				t.Fatalf("deleting %s once its dependents are gone: %v", target, err)
			}
			if w.a.Read(target.ID) != nil {
				t.Error("the resource is still there")
			}
		})
	}
	for id := range cases {
		if !slices.ContainsFunc(sim.DeleteRules, func(r *sim.DeleteRule) bool { return r.ID == id }) {
			t.Errorf("case %s names no delete rule", id)
		}
	}
}

// Where the provider retries a refusal, the delete waits for the blocker
// that is being deleted at the same moment (the engine deletes independent
// resources in parallel); where it does not, the delete fails at once.
func TestRetriedRefusalsWaitBoundedAndOthersFailAtOnce(t *testing.T) {
	w := newWorld(t)
	w.a.Patience = 5 * time.Second
	vpc, igw, subnet := w.net()
	bastion := w.instance("bastion", subnet.ID, w.sg("bastion", vpc.ID).ID, true)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		time.Sleep(150 * time.Millisecond)
		if err := w.a.Delete(bastion.ID); err != nil {
			t.Error(err)
		}
	}()
	start := time.Now()
	if err := w.a.Delete(igw.ID); err != nil {
		t.Fatalf("the internet gateway's detach should wait for the bastion's public address to go: %v", err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("the delete did not wait (%s)", waited)
	}
	wg.Wait()
	ops := w.a.Operations()
	if last := ops[len(ops)-1]; last.Op != "delete" || last.ID != igw.ID || last.Waited < 100*time.Millisecond {
		t.Errorf("the operation log does not say the delete waited: %v", last)
	}

	// A blocker that stays: the wait ends at Patience with AWS's code.
	w.a.Patience = 200 * time.Millisecond
	if err := w.a.Delete(vpc.ID); err == nil || !strings.Contains(err.Error(), "DependencyViolation") || !strings.Contains(err.Error(), "the simulation waited") {
		t.Errorf("VPC with a subnet: %v", err)
	}

	// No retry: the endpoint service refuses at once, however patient.
	w.a.Patience = 5 * time.Second
	_, svc, _ := w.privateLink()
	start = time.Now()
	if err := w.a.Delete(svc.ID); err == nil || !strings.Contains(err.Error(), "ExistingVpcEndpointConnections") {
		t.Errorf("endpoint service with a pending connection: %v", err)
	}
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("a refusal the provider does not retry waited %s", waited)
	}
}

// The accepter accepts a pending connection; deleting it rejects the
// connection, as the provider's delete does; a rejected connection is not
// accepted again, and no longer holds the endpoint service.
func TestAccepterAcceptsAndItsDeleteRejects(t *testing.T) {
	w := newWorld(t)
	_, svc, ep := w.privateLink()
	state := func() string { return w.a.Read(ep.ID).Out("state") }
	if s := state(); s != "pendingAcceptance" {
		t.Fatalf("new endpoint: %s, want pendingAcceptance", s)
	}
	acc := w.make("aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter", "accept", map[string]any{
		"vpcEndpointServiceId": svc.ID, "vpcEndpointId": ep.ID})
	if s := state(); s != "available" {
		t.Fatalf("accepted: %s, want available", s)
	}
	if err := w.a.Delete(acc.ID); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != "rejected" {
		t.Fatalf("after the accepter's delete: %s, want rejected", s)
	}
	r := &sim.Resource{Custom: true}
	r.URN, r.Type, r.Name = "urn:pulumi:s::p::aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter::again",
		"aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter", "again"
	r.Inputs = resource.NewPropertyMapFromMap(map[string]any{"vpcEndpointServiceId": svc.ID, "vpcEndpointId": ep.ID})
	if _, _, err := w.a.Create(r); err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Errorf("accepting a rejected connection: %v", err)
	}
	if err := w.a.Delete(svc.ID); err != nil {
		t.Errorf("a rejected connection should not hold the endpoint service: %v", err)
	}
}

// Update judges the new inputs by AWS's input rules and answers new
// outputs; the resource keeps its ID.
func TestUpdateRechecksInputRules(t *testing.T) {
	w := newWorld(t)
	vpc, _, _ := w.net()
	sg := w.sg("web", vpc.ID)
	next := sg.Inputs.Copy()
	next["tags"] = resource.NewProperty(resource.NewPropertyMapFromMap(map[string]any{"aws:owner": "me"}))
	_, err := w.a.Update(sg.ID, next)
	var re *awsrules.RefusalError
	if !errors.As(err, &re) || re.Refusals[0].Rule.ID != "ec2.tag.reserved-prefix" {
		t.Fatalf("a reserved tag key on update: %v", err)
	}
	if got := w.a.Read(sg.ID); got.Input("tags").IsObject() {
		t.Error("the refused update changed the group")
	}

	plain := w.make("aws:ec2/vpc:Vpc", "plain", map[string]any{"cidrBlock": "10.1.0.0/16"})
	next = plain.Inputs.Copy()
	next["enableDnsHostnames"] = resource.NewProperty(true)
	outs, err := w.a.Update(plain.ID, next)
	if err != nil {
		t.Fatal(err)
	}
	if !outs["enableDnsHostnames"].IsBool() || !outs["enableDnsHostnames"].BoolValue() || w.a.Read(plain.ID).ID != plain.ID {
		t.Errorf("outputs after turning DNS hostnames on: %v", outs["enableDnsHostnames"])
	}
}

// A NAT gateway's Elastic IP is free again once the NAT gateway is
// deleted: going back to a step without NAT and forward again works.
func TestDeletingANatGatewayFreesItsElasticIP(t *testing.T) {
	w := newWorld(t)
	_, _, subnet := w.net()
	eip := w.make("aws:ec2/eip:Eip", "nat-eip", map[string]any{"domain": "vpc"})
	nat := w.make("aws:ec2/natGateway:NatGateway", "nat", map[string]any{"subnetId": subnet.ID, "allocationId": eip.ID})
	if err := w.a.Delete(nat.ID); err != nil {
		t.Fatal(err)
	}
	again := w.make("aws:ec2/natGateway:NatGateway", "nat", map[string]any{"subnetId": subnet.ID, "allocationId": eip.ID})
	if again.ID == nat.ID {
		t.Errorf("the new NAT gateway has the deleted one's ID %s", nat.ID)
	}
}

// AWS deletes a security group's own rules with it; the provider removes
// a role from its instance profiles before deleting it.
func TestWhatGoesWithADeletedResource(t *testing.T) {
	w := newWorld(t)
	vpc, _, _ := w.net()
	sg := w.sg("web", vpc.ID)
	rule := w.make("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "https", map[string]any{
		"securityGroupId": sg.ID, "cidrIpv4": "10.0.0.0/16", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443})
	if err := w.a.Delete(sg.ID); err != nil {
		t.Fatal(err)
	}
	if w.a.Read(rule.ID) != nil {
		t.Error("the group's own rule outlived the group")
	}
	if err := w.a.Delete(rule.ID); err != nil {
		t.Errorf("deleting a rule AWS already deleted: %v", err)
	}

	role := w.make("aws:iam/role:Role", "instance", map[string]any{"assumeRolePolicy": `{"Version":"2012-10-17","Statement":[]}`})
	profile := w.make("aws:iam/instanceProfile:InstanceProfile", "instance", map[string]any{"role": role.ID})
	if err := w.a.Delete(role.ID); err != nil {
		t.Fatalf("the provider removes the role from its instance profile first: %v", err)
	}
	if got := w.a.Read(profile.ID).Out("role"); got != "" {
		t.Errorf("the instance profile still names the deleted role %q", got)
	}
}

// Two routes of one route table have two IDs (the provider hashes the
// destination into the route's ID); a subnet's route table association
// goes with the subnet.
func TestRouteIDsAndWhatGoesWithASubnet(t *testing.T) {
	w := newWorld(t)
	vpc, igw, subnet := w.net()
	rt := w.make("aws:ec2/routeTable:RouteTable", "public-rt", map[string]any{"vpcId": vpc.ID})
	def := w.make("aws:ec2/route:Route", "default", map[string]any{"routeTableId": rt.ID, "destinationCidrBlock": "0.0.0.0/0", "gatewayId": igw.ID})
	other := w.make("aws:ec2/route:Route", "other", map[string]any{"routeTableId": rt.ID, "destinationCidrBlock": "192.0.2.0/24", "gatewayId": igw.ID})
	if def.ID == other.ID || def.ID != "r-"+rt.ID+"1080289494" {
		t.Errorf("route IDs %s and %s; the default route's is the provider's r-<table>1080289494", def.ID, other.ID)
	}
	assoc := w.make("aws:ec2/routeTableAssociation:RouteTableAssociation", "public-assoc", map[string]any{"subnetId": subnet.ID, "routeTableId": rt.ID})
	if err := w.a.Delete(subnet.ID); err != nil {
		t.Fatal(err)
	}
	if w.a.Read(assoc.ID) != nil {
		t.Error("the association outlived its subnet")
	}
}

// Every preparation says what the provider does and where it does it.
func TestPreparationsSayWhatAndWhere(t *testing.T) {
	for _, p := range sim.Preparations {
		if p.What == "" || !strings.HasPrefix(p.Source, "https://github.com/hashicorp/terraform-provider-aws/") {
			t.Errorf("preparation for %s: %q from %q", p.Type, p.What, p.Source)
		}
	}
}
