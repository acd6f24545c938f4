package sim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/awsrules"
)

// DeleteRule is one thing AWS checks before it deletes a resource: while
// any Blockers exist, the delete call fails with Code.
type DeleteRule struct {
	ID     string
	Type   string // the resource type the rule guards
	Code   string // AWS's error code
	Source string // the AWS page that documents the refusal
	// Blockers returns what still depends on r, in AWS's eyes.
	Blockers func(a *AWS, r *Resource) []*Resource
	// Message is AWS's message, given r and the blockers' names.
	Message func(r *Resource, blockers []string) string
	// Retry is set when the provider retries the refused call until a
	// timeout instead of failing: the simulation then waits (bounded by
	// AWS.Patience) for the blockers to go.
	Retry *Retry
}

// Retry is how the provider retries a refused delete.
type Retry struct {
	Timeout time.Duration // the provider's timeout
	Source  string        // the provider code that retries
}

func (d *DeleteRule) message(r *Resource, blockers []string) string {
	msg := d.Message(r, blockers)
	if len(blockers) > 0 {
		msg += " (still there: " + strings.Join(blockers, ", ") + ")"
	}
	return msg
}

// deleteRefusal returns AWS's refusal to delete r now, or nil.
func (a *AWS) deleteRefusal(r *Resource) *DeleteRefusal {
	for _, rule := range DeleteRules {
		if rule.Type != r.Type {
			continue
		}
		if b := rule.Blockers(a, r); len(b) > 0 {
			return &DeleteRefusal{Rule: rule, Resource: r, Blockers: b}
		}
	}
	return nil
}

// DeleteRuleByID returns a rule of the table, or nil.
func DeleteRuleByID(id string) *DeleteRule {
	for _, r := range DeleteRules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Resource type tokens the lifecycle reads.
const (
	tVpc          = "aws:ec2/vpc:Vpc"
	tSubnet       = "aws:ec2/subnet:Subnet"
	tIGW          = "aws:ec2/internetGateway:InternetGateway"
	tRouteTable   = "aws:ec2/routeTable:RouteTable"
	tRTAssoc      = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	tRoute        = "aws:ec2/route:Route"
	tEIP          = "aws:ec2/eip:Eip"
	tNAT          = "aws:ec2/natGateway:NatGateway"
	tSG           = "aws:ec2/securityGroup:SecurityGroup"
	tSGRule       = "aws:ec2/securityGroupRule:SecurityGroupRule"
	tIngress      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tEgress       = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	tInstance     = "aws:ec2/instance:Instance"
	tPlacement    = "aws:ec2/placementGroup:PlacementGroup"
	tEndpoint     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tEndpointSvc  = "aws:ec2/vpcEndpointService:VpcEndpointService"
	tAccepter     = "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter"
	tLB           = "aws:lb/loadBalancer:LoadBalancer"
	tTargetGroup  = "aws:lb/targetGroup:TargetGroup"
	tListener     = "aws:lb/listener:Listener"
	tRole         = "aws:iam/role:Role"
	tProfile      = "aws:iam/instanceProfile:InstanceProfile"
	tRolePolicy   = "aws:iam/rolePolicy:RolePolicy"
	tPolicyAttach = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tBucket       = "aws:s3/bucket:Bucket"
)

// Pages the lifecycle rules come from.
const (
	srcDeleteVpc           = "https://docs.aws.amazon.com/vpc/latest/userguide/delete-vpc.html"
	srcDeleteSubnet        = ec2API + "API_DeleteSubnet.html"
	srcDeleteSG            = "https://docs.aws.amazon.com/vpc/latest/userguide/deleting-security-groups.html"
	srcDetachIGW           = ec2API + "API_DetachInternetGateway.html"
	srcDeleteEndpointSvc   = ec2API + "API_DeleteVpcEndpointServiceConfigurations.html"
	srcEndpointLifecycle   = "https://docs.aws.amazon.com/vpc/latest/privatelink/concepts.html#concepts-interface-endpoint-lifecycle"
	srcDeleteTargetGroup   = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html"
	srcDeleteLB            = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteLoadBalancer.html"
	srcDeleteRole          = "https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html"
	srcDeleteBucket        = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html"
	srcReleaseAddress      = ec2API + "API_ReleaseAddress.html"
	srcDeletePlacement     = ec2API + "API_DeletePlacementGroup.html"
	srcDeleteRouteTable    = ec2API + "API_DeleteRouteTable.html"
	ec2API                 = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/"
	tfProvider             = "https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/"
	srcTFVpcDelete         = tfProvider + "ec2/vpc_.go (resourceVPCDelete)"
	srcTFSubnetDelete      = tfProvider + "ec2/vpc_subnet.go (resourceSubnetDelete)"
	srcTFSGDelete          = tfProvider + "ec2/vpc_security_group.go (resourceSecurityGroupDelete)"
	srcTFIGWDetach         = tfProvider + "ec2/vpc_internet_gateway.go (detachInternetGateway)"
	srcTFTargetGroupDel    = tfProvider + "elbv2/target_group.go (resourceTargetGroupDelete)"
	srcTFRoleDelete        = tfProvider + "iam/role.go (deleteRole)"
	srcTFEIPDelete         = tfProvider + "ec2/ec2_eip.go (resourceEIPDelete)"
	srcTFAccepterDelete    = tfProvider + "ec2/vpc_endpoint_connection_accepter.go (resourceVPCEndpointConnectionAccepterDelete)"
	srcTFEndpointSvcDelete = tfProvider + "ec2/vpc_endpoint_service.go (resourceVPCEndpointServiceDelete)"
)

// DeleteRules are, per resource type, what AWS refuses to delete while
// other resources depend on it, with the error code and the page that
// says so, and whether the provider retries the refusal.
var DeleteRules = []*DeleteRule{
	{ID: "ec2.vpc.dependencies", Type: tVpc, Code: "DependencyViolation", Source: srcDeleteVpc,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				switch x.Type {
				case tSubnet, tSG, tRouteTable, tIGW, tEndpoint:
					return x.Str("vpcId") == r.ID
				case tNAT:
					return x.Str("vpcId") == r.ID // a regional NAT gateway; zonal ones block their subnet
				}
				return false
			})
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("The vpc '%s' has dependencies and cannot be deleted.", r.ID)
		},
		Retry: &Retry{Timeout: 5 * time.Minute, Source: srcTFVpcDelete}},
	{ID: "ec2.subnet.dependencies", Type: tSubnet, Code: "DependencyViolation", Source: srcDeleteSubnet,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				switch x.Type {
				case tInstance, tNAT:
					return x.Str("subnetId") == r.ID
				case tEndpoint:
					return slices.Contains(x.Strs("subnetIds"), r.ID)
				case tLB:
					return slices.Contains(x.Strs("subnets"), r.ID)
				}
				return false
			})
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("The subnet '%s' has dependencies and cannot be deleted.", r.ID)
		},
		Retry: &Retry{Timeout: 20 * time.Minute, Source: srcTFSubnetDelete}},
	{ID: "ec2.sg.dependencies", Type: tSG, Code: "DependencyViolation", Source: srcDeleteSG,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				switch x.Type {
				case tIngress, tEgress:
					return x.Str("referencedSecurityGroupId") == r.ID && x.Str("securityGroupId") != r.ID
				case tSGRule:
					return x.Str("sourceSecurityGroupId") == r.ID && x.Str("securityGroupId") != r.ID
				case tInstance:
					return slices.Contains(x.Strs("vpcSecurityGroupIds"), r.ID)
				case tEndpoint:
					return slices.Contains(x.Strs("securityGroupIds"), r.ID)
				case tLB:
					return slices.Contains(x.Strs("securityGroups"), r.ID)
				}
				return false
			})
		},
		Message: func(r *Resource, _ []string) string { return fmt.Sprintf("resource %s has a dependent object", r.ID) },
		Retry:   &Retry{Timeout: 15 * time.Minute, Source: srcTFSGDelete}},
	{ID: "ec2.igw.mapped-public-addresses", Type: tIGW, Code: "DependencyViolation", Source: srcDetachIGW,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			vpc := r.Str("vpcId")
			if vpc == "" {
				return nil
			}
			return a.where(func(x *Resource) bool { return a.mapsPublicAddress(x, vpc) })
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("Network %s has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.", r.Str("vpcId"))
		},
		Retry: &Retry{Timeout: 15 * time.Minute, Source: srcTFIGWDetach}},
	{ID: "ec2.eip.in-use", Type: tEIP, Code: "InvalidIPAddress.InUse", Source: srcReleaseAddress,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				if x.Type != tNAT {
					return false
				}
				_, ids := awsrules.NatAllocationIDs(&x.Resource)
				return slices.Contains(ids, r.ID)
			})
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("Address %s is in use: a NAT gateway holds it until the NAT gateway is deleted.", r.Out("publicIp"))
		},
		Retry: &Retry{Timeout: 3 * time.Minute, Source: srcTFEIPDelete}},
	{ID: "ec2.route-table.associations", Type: tRouteTable, Code: "DependencyViolation", Source: srcDeleteRouteTable,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool { return x.Type == tRTAssoc && x.Str("routeTableId") == r.ID })
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("The routeTable '%s' has dependencies and cannot be deleted.", r.ID)
		}},
	{ID: "ec2.placement-group.in-use", Type: tPlacement, Code: "InvalidPlacementGroup.InUse", Source: srcDeletePlacement,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool { return x.Type == tInstance && x.Str("placementGroup") == r.ID })
		},
		Message: func(r *Resource, _ []string) string { return fmt.Sprintf("The placement group '%s' is in use.", r.ID) }},
	{ID: "ec2.vpce-service.connections", Type: tEndpointSvc, Code: "ExistingVpcEndpointConnections", Source: srcDeleteEndpointSvc,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				return x.Type == tEndpoint && x.Str("serviceName") == r.Out("serviceName") && a.connections[x.ID] != "rejected"
			})
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("Service %s has existing endpoint connections; reject or delete them first.", r.ID)
		}},
	{ID: "elb.lb.endpoint-service", Type: tLB, Code: "ResourceInUse", Source: srcDeleteLB,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				return x.Type == tEndpointSvc && slices.Contains(x.Strs("networkLoadBalancerArns"), r.ID)
			})
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("Load balancer '%s' cannot be deleted because it is currently associated with another service", r.ID)
		}},
	{ID: "elb.tg.in-use", Type: tTargetGroup, Code: "ResourceInUse", Source: srcDeleteTargetGroup,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool { return x.Type == tListener && forwardsTo(x, r.ID) })
		},
		Message: func(r *Resource, _ []string) string {
			return fmt.Sprintf("Target group '%s' is currently in use by a listener or a rule", r.ID)
		},
		Retry: &Retry{Timeout: 2 * time.Minute, Source: srcTFTargetGroupDel}},
	{ID: "iam.role.delete-conflict", Type: tRole, Code: "DeleteConflict", Source: srcDeleteRole,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			return a.where(func(x *Resource) bool {
				switch x.Type {
				case tPolicyAttach, tRolePolicy, tProfile:
					return x.Str("role") == r.ID
				}
				return false
			})
		},
		Message: func(r *Resource, _ []string) string {
			return "Cannot delete entity, must detach all policies first and remove the role from its instance profiles."
		},
		Retry: &Retry{Timeout: 2 * time.Minute, Source: srcTFRoleDelete}},
	{ID: "s3.bucket.not-empty", Type: tBucket, Code: "BucketNotEmpty", Source: srcDeleteBucket,
		Blockers: func(a *AWS, r *Resource) []*Resource {
			if a.objects[r.ID] == 0 || boolAt(r.Inputs, "forceDestroy") {
				return nil
			}
			return []*Resource{{Resource: awsrules.Resource{Type: "s3 objects", Name: fmt.Sprintf("%d in %s", a.objects[r.ID], r.ID)}}}
		},
		Message: func(*Resource, []string) string {
			return "The bucket you tried to delete is not empty (forceDestroy empties it first)."
		}},
}

// where lists the resources that exist and satisfy ok; the caller holds the lock.
func (a *AWS) where(ok func(*Resource) bool) []*Resource {
	var out []*Resource
	for _, x := range a.live {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}

// mapsPublicAddress reports whether x holds a public IPv4 address in the
// VPC: an instance with a public IP, a public NAT gateway's Elastic IPs, an
// internet-facing load balancer's addresses.
func (a *AWS) mapsPublicAddress(x *Resource, vpc string) bool {
	inVPC := func(subnet string) bool {
		sn := a.byID[subnet]
		return sn != nil && sn.Str("vpcId") == vpc
	}
	switch x.Type {
	case tInstance:
		return x.Out("publicIp") != "" && inVPC(x.Str("subnetId"))
	case tNAT:
		if x.Str("connectivityType") == "private" {
			return false
		}
		if x.Str("availabilityMode") == "regional" {
			return x.Str("vpcId") == vpc
		}
		return inVPC(x.Str("subnetId"))
	case tLB:
		return !boolAt(x.Inputs, "internal") && slices.ContainsFunc(x.Strs("subnets"), inVPC)
	}
	return false
}

// forwardsTo reports whether a listener's default actions forward to the target group.
func forwardsTo(listener *Resource, tg string) bool {
	for _, act := range listener.List("defaultActions") {
		if act.IsObject() && Str(act.ObjectValue()["targetGroupArn"]) == tg {
			return true
		}
	}
	return false
}

// created1 applies what creating r does to what exists; an error refuses
// the create. The caller holds the lock.
func (a *AWS) created1(r *Resource, id string) error {
	switch r.Type {
	case tEndpoint:
		if svc := a.customService(r.Str("serviceName")); svc != nil {
			a.connections[id] = a.connectionState(id, svc)
		}
	case tAccepter:
		ep := a.byID[r.Str("vpcEndpointId")]
		if ep == nil {
			return fmt.Errorf("InvalidVpcEndpointId.NotFound: %s", r.Str("vpcEndpointId"))
		}
		// A rejected connection cannot be accepted again: the endpoint's
		// lifecycle ends in rejected, and only deleting it and creating a new
		// one makes a new request (srcEndpointLifecycle). The error code is
		// the simulation's: AWS reports it as an unsuccessful item.
		if state := a.connections[ep.ID]; state == "rejected" {
			return fmt.Errorf("InvalidVpcEndpointState: endpoint %s was rejected and cannot be accepted again; replace the endpoint to request a new connection [%s]", ep.ID, srcEndpointLifecycle)
		}
		a.connections[ep.ID] = "available"
		a.refresh(ep)
	}
	return nil
}

// deleted1 applies what deleting r does to what remains; the caller holds
// the lock.
func (a *AWS) deleted1(r *Resource) {
	switch r.Type {
	case tAccepter:
		// The provider's delete rejects the connection (RejectVpcEndpointConnections).
		if ep := a.byID[r.Str("vpcEndpointId")]; ep != nil {
			a.connections[ep.ID] = "rejected"
			a.refresh(ep)
		}
	case tSG:
		// A group's own rules go with it.
		for _, x := range a.where(func(x *Resource) bool {
			return (x.Type == tIngress || x.Type == tEgress || x.Type == tSGRule) && x.Str("securityGroupId") == r.ID
		}) {
			a.live = slicesDelete(a.live, x)
			delete(a.byID, x.ID)
		}
	case tBucket:
		delete(a.objects, r.ID)
	}
}

// refresh brings r's outputs up to what AWS would report now, for the
// attributes other resources change: a PrivateLink endpoint's connection
// state. The caller holds the lock.
func (a *AWS) refresh(r *Resource) {
	switch r.Type {
	case tEndpoint:
		if s, ok := a.connections[r.ID]; ok {
			r.Outputs["state"] = resource.NewProperty(s)
		}
	case tAccepter:
		if s, ok := a.connections[r.Str("vpcEndpointId")]; ok {
			r.Outputs["vpcEndpointState"] = resource.NewProperty(s)
		}
	}
}

// customService returns the PrivateLink endpoint service a service name
// names, or nil for AWS's own services.
func (a *AWS) customService(serviceName string) *Resource {
	id, ok := strings.CutPrefix(serviceName, "com.amazonaws.vpce."+a.Region.Name+".")
	if !ok {
		return nil
	}
	if svc := a.byID[id]; svc != nil && svc.Type == tEndpointSvc {
		return svc
	}
	return nil
}

// connectionState is an endpoint's connection: what it is, or for a new
// request, pending acceptance when the service requires it.
func (a *AWS) connectionState(endpointID string, svc *Resource) string {
	if s, ok := a.connections[endpointID]; ok {
		return s
	}
	if svc != nil && boolAt(svc.Inputs, "acceptanceRequired") {
		return "pendingAcceptance"
	}
	return "available"
}
