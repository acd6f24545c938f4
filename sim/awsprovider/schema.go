package awsprovider

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lb"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/s3"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/ssm"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// awsModule is the Go module whose types the schema is derived from.
const awsModule = "github.com/pulumi/pulumi-aws/sdk/v7"

// resourceType is one resource of the aws package the simulation serves:
// its token, the Go SDK's resource type (outputs) and args type (inputs).
type resourceType struct {
	token string
	res   any
	args  interface{ ElementType() reflect.Type }
}

// Token is the resource type's token.
func (r resourceType) Token() string { return r.token }

// functionType is one function (invoke) of the aws package.
type functionType struct {
	token        string
	args, result any
}

// Token is the function's token.
func (f functionType) Token() string { return f.token }

// Resources are the resource types vpclab's labs, components and examples
// register, each with the pulumi-aws Go SDK types its schema comes from
// (tests/awsprovider_test.go checks every stack's types are here).
var Resources = []resourceType{
	{"aws:ec2/vpc:Vpc", ec2.Vpc{}, ec2.VpcArgs{}},
	{"aws:ec2/subnet:Subnet", ec2.Subnet{}, ec2.SubnetArgs{}},
	{"aws:ec2/internetGateway:InternetGateway", ec2.InternetGateway{}, ec2.InternetGatewayArgs{}},
	{"aws:ec2/routeTable:RouteTable", ec2.RouteTable{}, ec2.RouteTableArgs{}},
	{"aws:ec2/route:Route", ec2.Route{}, ec2.RouteArgs{}},
	{"aws:ec2/routeTableAssociation:RouteTableAssociation", ec2.RouteTableAssociation{}, ec2.RouteTableAssociationArgs{}},
	{"aws:ec2/eip:Eip", ec2.Eip{}, ec2.EipArgs{}},
	{"aws:ec2/natGateway:NatGateway", ec2.NatGateway{}, ec2.NatGatewayArgs{}},
	{"aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", ec2.DefaultSecurityGroup{}, ec2.DefaultSecurityGroupArgs{}},
	{"aws:ec2/securityGroup:SecurityGroup", ec2.SecurityGroup{}, ec2.SecurityGroupArgs{}},
	{"aws:ec2/securityGroupRule:SecurityGroupRule", ec2.SecurityGroupRule{}, ec2.SecurityGroupRuleArgs{}},
	{"aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", vpc.SecurityGroupIngressRule{}, vpc.SecurityGroupIngressRuleArgs{}},
	{"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", vpc.SecurityGroupEgressRule{}, vpc.SecurityGroupEgressRuleArgs{}},
	{"aws:ec2/placementGroup:PlacementGroup", ec2.PlacementGroup{}, ec2.PlacementGroupArgs{}},
	{"aws:ec2/instance:Instance", ec2.Instance{}, ec2.InstanceArgs{}},
	{"aws:ec2/vpcEndpoint:VpcEndpoint", ec2.VpcEndpoint{}, ec2.VpcEndpointArgs{}},
	{"aws:ec2/vpcEndpointService:VpcEndpointService", ec2.VpcEndpointService{}, ec2.VpcEndpointServiceArgs{}},
	{"aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter", ec2.VpcEndpointConnectionAccepter{}, ec2.VpcEndpointConnectionAccepterArgs{}},
	{"aws:ec2/flowLog:FlowLog", ec2.FlowLog{}, ec2.FlowLogArgs{}},
	{"aws:lb/loadBalancer:LoadBalancer", lb.LoadBalancer{}, lb.LoadBalancerArgs{}},
	{"aws:lb/targetGroup:TargetGroup", lb.TargetGroup{}, lb.TargetGroupArgs{}},
	{"aws:lb/targetGroupAttachment:TargetGroupAttachment", lb.TargetGroupAttachment{}, lb.TargetGroupAttachmentArgs{}},
	{"aws:lb/listener:Listener", lb.Listener{}, lb.ListenerArgs{}},
	{"aws:iam/role:Role", iam.Role{}, iam.RoleArgs{}},
	{"aws:iam/instanceProfile:InstanceProfile", iam.InstanceProfile{}, iam.InstanceProfileArgs{}},
	{"aws:iam/rolePolicy:RolePolicy", iam.RolePolicy{}, iam.RolePolicyArgs{}},
	{"aws:iam/rolePolicyAttachment:RolePolicyAttachment", iam.RolePolicyAttachment{}, iam.RolePolicyAttachmentArgs{}},
	{"aws:s3/bucket:Bucket", s3.Bucket{}, s3.BucketArgs{}},
	{"aws:s3/bucketPolicy:BucketPolicy", s3.BucketPolicy{}, s3.BucketPolicyArgs{}},
	{"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", s3.BucketPublicAccessBlock{}, s3.BucketPublicAccessBlockArgs{}},
	{"aws:s3/bucketOwnershipControls:BucketOwnershipControls", s3.BucketOwnershipControls{}, s3.BucketOwnershipControlsArgs{}},
	{"aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
		s3.BucketServerSideEncryptionConfiguration{}, s3.BucketServerSideEncryptionConfigurationArgs{}},
	{"aws:cloudwatch/logGroup:LogGroup", cloudwatch.LogGroup{}, cloudwatch.LogGroupArgs{}},
}

// Functions are the functions the labs, components and examples invoke.
var Functions = []functionType{
	{"aws:index/getAvailabilityZones:getAvailabilityZones", aws.GetAvailabilityZonesArgs{}, aws.GetAvailabilityZonesResult{}},
	{"aws:index/getRegion:getRegion", aws.GetRegionArgs{}, aws.GetRegionResult{}},
	{"aws:index/getCallerIdentity:getCallerIdentity", aws.GetCallerIdentityArgs{}, aws.GetCallerIdentityResult{}},
	{"aws:index/getPartition:getPartition", aws.GetPartitionArgs{}, aws.GetPartitionResult{}},
	{"aws:ec2/getVpcEndpointService:getVpcEndpointService", ec2.LookupVpcEndpointServiceArgs{}, ec2.LookupVpcEndpointServiceResult{}},
	{"aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings", ec2.GetInstanceTypeOfferingsArgs{}, ec2.GetInstanceTypeOfferingsResult{}},
	{"aws:ssm/getParameter:getParameter", ssm.LookupParameterArgs{}, ssm.LookupParameterResult{}},
}

// Serves reports whether the simulated provider serves a resource type.
func Serves(token string) bool {
	for _, r := range Resources {
		if r.token == token {
			return true
		}
	}
	return false
}

// Version is the pulumi-aws version this module builds with: the version
// the Go SDK asks the engine for when it registers a resource (read by
// registering one under mocks), so the simulated provider reports the
// plugin version the program's SDK expects.
func Version() (string, error) {
	versionOnce.Do(func() {
		probe := &versionProbe{}
		versionErr = pulumi.RunErr(func(ctx *pulumi.Context) error {
			_, err := ec2.NewVpc(ctx, "probe", &ec2.VpcArgs{})
			return err
		}, pulumi.WithMocks("probe", "probe", probe))
		if versionErr == nil && probe.version == "" {
			versionErr = fmt.Errorf("awsprovider: the pulumi-aws SDK registered its resource without a version")
		}
		version = probe.version
	})
	return version, versionErr
}

var (
	versionOnce sync.Once
	version     string
	versionErr  error
)

type versionProbe struct{ version string }

func (v *versionProbe) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	v.version = a.RegisterRPC.GetVersion()
	return "probe", a.Inputs, nil
}

func (v *versionProbe) Call(pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return resource.PropertyMap{}, nil
}

// Schema is the part of pulumi-aws's package schema the simulation
// serves: the resources and functions above, with their properties and the
// object types they use, derived from the pulumi-aws Go SDK's types (their
// `pulumi:"…"` tags and Go types), so it cannot drift from the SDK the
// program is compiled with.
func Schema(version string) ([]byte, error) {
	s := &schemaBuilder{types: map[string]any{}}
	resources, functions := map[string]any{}, map[string]any{}
	for _, r := range Resources {
		in, required, err := s.properties(r.args.ElementType(), false)
		if err != nil {
			return nil, fmt.Errorf("%s inputs: %w", r.token, err)
		}
		out, _, err := s.properties(reflect.TypeOf(r.res), true)
		if err != nil {
			return nil, fmt.Errorf("%s outputs: %w", r.token, err)
		}
		resources[r.token] = map[string]any{"inputProperties": in, "requiredInputs": required, "properties": out}
	}
	for _, f := range Functions {
		in, required, err := s.properties(reflect.TypeOf(f.args), false)
		if err != nil {
			return nil, fmt.Errorf("%s inputs: %w", f.token, err)
		}
		out, _, err := s.properties(reflect.TypeOf(f.result), false)
		if err != nil {
			return nil, fmt.Errorf("%s outputs: %w", f.token, err)
		}
		functions[f.token] = map[string]any{
			"inputs":  map[string]any{"type": "object", "properties": in, "required": required},
			"outputs": map[string]any{"type": "object", "properties": out},
		}
	}
	region := map[string]any{"type": "string", "description": "The AWS region the simulated account answers in."}
	return json.MarshalIndent(map[string]any{
		"name": "aws", "version": version,
		"description": "vpclab's simulated AWS: the part of pulumi-aws's schema the labs use",
		"config":      map[string]any{"variables": map[string]any{"region": region}},
		"provider":    map[string]any{"inputProperties": map[string]any{"region": region}},
		"resources":   resources, "functions": functions, "types": s.types,
		"language": map[string]any{"go": map[string]any{"importBasePath": awsModule + "/go/aws"}},
	}, "", "  ")
}

type schemaBuilder struct {
	types map[string]any // object types by token
}

// properties lists a struct's tagged fields as schema properties; a field
// whose Go type is not a pointer, slice or map is required (the SDK's
// codegen makes optional inputs pointers).
func (s *schemaBuilder) properties(t reflect.Type, outputs bool) (map[string]any, []string, error) {
	props := map[string]any{}
	var required []string
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("pulumi")
		if name == "" || !f.IsExported() {
			continue
		}
		ft := f.Type
		if outputs {
			out, ok := reflect.New(ft).Elem().Interface().(pulumi.Output)
			if !ok {
				return nil, nil, fmt.Errorf("field %s: %s is not an output", f.Name, ft)
			}
			ft = out.ElementType()
		}
		spec, err := s.typeSpec(ft)
		if err != nil {
			return nil, nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		props[name] = spec
		if k := f.Type.Kind(); !outputs && k != reflect.Pointer && k != reflect.Slice && k != reflect.Map && k != reflect.Interface {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	return props, required, nil
}

// typeSpec is the schema of one Go type of the SDK.
func (s *schemaBuilder) typeSpec(t reflect.Type) (map[string]any, error) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case reflect.Interface:
		return map[string]any{"$ref": "pulumi.json#/Any"}, nil
	case reflect.Slice:
		items, err := s.typeSpec(t.Elem())
		return map[string]any{"type": "array", "items": items}, err
	case reflect.Map:
		items, err := s.typeSpec(t.Elem())
		return map[string]any{"type": "object", "additionalProperties": items}, err
	case reflect.Struct:
		token := "aws:" + module(t.PkgPath()) + "/" + t.Name() + ":" + t.Name()
		if _, done := s.types[token]; !done {
			s.types[token] = nil // a type that refers to itself
			props, required, err := s.properties(t, false)
			if err != nil {
				return nil, err
			}
			s.types[token] = map[string]any{"type": "object", "properties": props, "required": required}
		}
		return map[string]any{"$ref": "#/types/" + token}, nil
	}
	return nil, fmt.Errorf("no schema type for Go type %s", t)
}

// module is the schema module of a pulumi-aws Go package: ec2 for
// .../go/aws/ec2, index for the root package.
func module(pkgPath string) string {
	m := pkgPath[strings.LastIndex(pkgPath, "/")+1:]
	if m == "aws" {
		return "index"
	}
	return m
}
