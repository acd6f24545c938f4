package sim

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vpclab/vpclab/awsrules"
)

// Service is one AWS service of the endpoint-service catalogue: what
// DescribeVpcEndpointServices answers for com.amazonaws.<region>.<Name>.
type Service struct {
	Name      string // short name: s3, ssm, ecr.api
	Gateway   bool   // has a gateway endpoint service
	Interface bool   // has an interface endpoint service
	// PolicySupported is the interface service's VpcEndpointPolicySupported
	// (gateway endpoints always take a policy).
	PolicySupported bool
	// PrivateDNS are the interface service's private DNS names, with
	// <region> for the region; the first is PrivateDnsName.
	PrivateDNS []string
	// Source is the page that documents the service's endpoints; PolicySource
	// the one that shows it takes (or not) an endpoint policy.
	Source, PolicySource string
}

// Catalogue sources.
const (
	srcPrivateLinkServices = "https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html"
	srcDataPerimeter       = "https://github.com/aws-samples/data-perimeter-policy-examples/tree/main/vpc_endpoint_policies"
	// The last published table with a "Supports VPC endpoint policies"
	// column; no newer page says these take a policy, and AWS's data-perimeter
	// examples ship none for them.
	srcPolicyColumn     = "https://github.com/awsdocs/amazon-vpc-user-guide/blob/main/doc_source/integrated-services-vpce-list.md"
	srcS3PrivateLink    = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html"
	srcS3Gateway        = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html"
	srcDDBPrivateLink   = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/privatelink-interface-endpoints.html"
	srcDDBGateway       = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-ddb.html"
	srcSSMEndpoints     = "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html"
	srcCFNEndpoints     = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/vpc-interface-endpoints.html"
	srcECREndpoints     = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html"
	srcKMSEndpoints     = "https://docs.aws.amazon.com/kms/latest/developerguide/kms-vpc-endpoint.html"
	srcLogsEndpoints    = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html"
	srcSecretsEndpoints = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html"
	srcSTSEndpoints     = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts_vpce.html"
	srcEC2Endpoints     = "https://docs.aws.amazon.com/ec2/latest/devguide/interface-vpc-endpoints.html"
	srcLambdaEndpoints  = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-endpoints.html"
)

// Catalogue is the simulation's endpoint-service catalogue, one entry per
// service, the same in every commercial region (every service here is
// offered in each of them, per srcPrivateLinkServices), offered in every AZ
// of a region but its NoEndpointAZs. A deployment asks EC2 (the program's
// lookups); this is what the simulation answers.
//
// S3 and DynamoDB have both a gateway and an interface service under one
// name: an untyped lookup of them matches two services.
var Catalogue = []Service{
	{Name: "cloudformation", Interface: true, PolicySupported: true, PrivateDNS: []string{"cloudformation.<region>.amazonaws.com"},
		Source: srcCFNEndpoints, PolicySource: srcDataPerimeter + "/cloudformation_endpoint_policy.json"},
	{Name: "dynamodb", Gateway: true, Interface: true, PolicySupported: true, PrivateDNS: []string{"dynamodb.<region>.amazonaws.com"},
		Source: srcDDBPrivateLink + " ; " + srcDDBGateway, PolicySource: srcDDBPrivateLink + "#privatelink-example-create-vpc-endpoint-policy"},
	{Name: "ec2", Interface: true, PolicySupported: true, PrivateDNS: []string{"ec2.<region>.amazonaws.com"},
		Source: srcEC2Endpoints, PolicySource: srcDataPerimeter + "/ec2_endpoint_policy.json"},
	{Name: "ec2messages", Interface: true, PrivateDNS: []string{"ec2messages.<region>.amazonaws.com"},
		Source: srcSSMEndpoints, PolicySource: srcPolicyColumn},
	{Name: "ecr.api", Interface: true, PolicySupported: true, PrivateDNS: []string{"api.ecr.<region>.amazonaws.com"},
		Source: srcECREndpoints, PolicySource: srcDataPerimeter + "/ecr.api_endpoint_policy.json"},
	{Name: "ecr.dkr", Interface: true, PolicySupported: true, PrivateDNS: []string{"*.dkr.ecr.<region>.amazonaws.com"},
		Source: srcECREndpoints, PolicySource: srcECREndpoints + "#ecr-vpc-endpoint-policy"},
	{Name: "kms", Interface: true, PolicySupported: true, PrivateDNS: []string{"kms.<region>.amazonaws.com"},
		Source: srcKMSEndpoints, PolicySource: srcKMSEndpoints + "#vpce-policy"},
	{Name: "lambda", Interface: true, PolicySupported: true, PrivateDNS: []string{"lambda.<region>.amazonaws.com"},
		Source: srcLambdaEndpoints, PolicySource: srcDataPerimeter + "/lambda_endpoint_policy.json"},
	{Name: "logs", Interface: true, PolicySupported: true, PrivateDNS: []string{"logs.<region>.amazonaws.com"},
		Source: srcLogsEndpoints, PolicySource: srcLogsEndpoints},
	// The S3 interface service's private DNS covers the bucket, access point
	// and S3 Control names (srcS3PrivateLink, "Private DNS").
	{Name: "s3", Gateway: true, Interface: true, PolicySupported: true,
		PrivateDNS: []string{"*.s3.<region>.amazonaws.com", "s3.<region>.amazonaws.com", "*.s3-accesspoint.<region>.amazonaws.com", "*.s3-control.<region>.amazonaws.com"},
		Source:     srcS3PrivateLink + " ; " + srcS3Gateway, PolicySource: srcS3PrivateLink + "#creating-vpc-endpoint-policy"},
	{Name: "secretsmanager", Interface: true, PolicySupported: true, PrivateDNS: []string{"secretsmanager.<region>.amazonaws.com"},
		Source: srcSecretsEndpoints, PolicySource: srcSecretsEndpoints},
	{Name: "ssm", Interface: true, PolicySupported: true, PrivateDNS: []string{"ssm.<region>.amazonaws.com"},
		Source: srcSSMEndpoints, PolicySource: srcDataPerimeter + "/ssm_endpoint_policy.json"},
	{Name: "ssmmessages", Interface: true, PrivateDNS: []string{"ssmmessages.<region>.amazonaws.com"},
		Source: srcSSMEndpoints, PolicySource: srcPolicyColumn},
	{Name: "sts", Interface: true, PolicySupported: true, PrivateDNS: []string{"sts.<region>.amazonaws.com"},
		Source: srcSTSEndpoints, PolicySource: srcDataPerimeter + "/sts_endpoint_policy.json"},
}

// ServiceByName finds a catalogue entry by short name.
func ServiceByName(name string) (Service, bool) {
	i := slices.IndexFunc(Catalogue, func(s Service) bool { return s.Name == name })
	if i < 0 {
		return Service{}, false
	}
	return Catalogue[i], true
}

// privateDNS is the service's private DNS names in a region.
func (s Service) privateDNS(region string) []string {
	out := make([]string, len(s.PrivateDNS))
	for i, n := range s.PrivateDNS {
		out[i] = strings.ReplaceAll(n, "<region>", region)
	}
	return out
}

// Types lists the endpoint types the service has.
func (s Service) Types() []string {
	var out []string
	if s.Gateway {
		out = append(out, "Gateway")
	}
	if s.Interface {
		out = append(out, "Interface")
	}
	return out
}

// endpointServices answers DescribeVpcEndpointServices for a service name,
// as AWS does: every service of that name, one per endpoint type, narrowed
// to endpointType when it is given. The caller holds the lock.
func (a *AWS) endpointServices(serviceName, endpointType string) []awsrules.EndpointService {
	var out []awsrules.EndpointService
	region := a.Region.Name
	if id, ok := strings.CutPrefix(serviceName, "com.amazonaws.vpce."+region+"."); ok {
		svc := a.byID[id]
		if svc == nil || svc.Type != "aws:ec2/vpcEndpointService:VpcEndpointService" || (endpointType != "" && endpointType != "Interface") {
			return nil
		}
		var azs []string
		for _, v := range svc.Outputs["availabilityZones"].ArrayValue() {
			azs = append(azs, v.StringValue())
		}
		return []awsrules.EndpointService{{Name: serviceName, Type: "Interface", AZs: azs, BaseDNS: id + "." + region + ".vpce.amazonaws.com", Custom: true}}
	}
	short, ok := strings.CutPrefix(serviceName, "com.amazonaws."+region+".")
	if !ok {
		return nil
	}
	s, ok := ServiceByName(short)
	if !ok {
		return nil
	}
	if s.Gateway && (endpointType == "" || endpointType == "Gateway") {
		out = append(out, awsrules.EndpointService{Name: serviceName, Type: "Gateway", AZs: a.Region.AZs,
			BaseDNS: short + "." + region + ".amazonaws.com", PolicySupported: true})
	}
	if s.Interface && (endpointType == "" || endpointType == "Interface") {
		var azs []string
		for _, az := range a.Region.AZs {
			if !slices.Contains(a.Region.NoEndpointAZs, az) {
				azs = append(azs, az)
			}
		}
		dns := s.privateDNS(region)
		svc := awsrules.EndpointService{Name: serviceName, Type: "Interface", AZs: azs,
			BaseDNS: short + "." + region + ".vpce.amazonaws.com", PrivateDNSNames: dns, PolicySupported: s.PolicySupported}
		if len(dns) > 0 {
			svc.PrivateDNS = dns[0]
		}
		out = append(out, svc)
	}
	return out
}

// EndpointService answers DescribeVpcEndpointServices for one service name
// and endpoint type (awsrules.Env): AWS's own services from the catalogue,
// and the PrivateLink endpoint services that exist in the account. The
// caller holds the lock.
func (a *AWS) EndpointService(serviceName, endpointType string) (awsrules.EndpointService, error) {
	if err := a.allowsAccount(serviceName); err != nil {
		return awsrules.EndpointService{}, err
	}
	found := a.endpointServices(serviceName, endpointType)
	if len(found) != 1 {
		return awsrules.EndpointService{}, fmt.Errorf("InvalidServiceName: no VPC endpoint service %q of type %s in %s", serviceName, endpointType, a.Region.Name)
	}
	return found[0], nil
}

// lookupEndpointService answers the provider's getVpcEndpointService (the
// aws_vpc_endpoint_service data source): the services DescribeVpcEndpointServices
// lists for the name and type, of which there must be exactly one. An
// untyped lookup of s3 or dynamodb matches the gateway and the interface
// service, and the data source fails as it has since S3 got an interface
// service (terraform-provider-aws#17417, terraform-aws-vpc#577).
func (a *AWS) lookupEndpointService(name, serviceType string) (awsrules.EndpointService, error) {
	if serviceType != "" && serviceType != "Gateway" && serviceType != "Interface" {
		return awsrules.EndpointService{}, fmt.Errorf("sim: getVpcEndpointService: serviceType %q is not simulated (Gateway or Interface)", serviceType)
	}
	if err := a.allowsAccount(name); err != nil {
		return awsrules.EndpointService{}, err
	}
	found := a.endpointServices(name, serviceType)
	switch {
	case len(found) == 0:
		return awsrules.EndpointService{}, fmt.Errorf("no matching EC2 VPC Endpoint Service found: %s (type %q) in %s", name, serviceType, a.Region.Name)
	case len(found) > 1:
		types := make([]string, len(found))
		for i, f := range found {
			types[i] = f.Type
		}
		sort.Strings(types)
		return awsrules.EndpointService{}, fmt.Errorf("multiple VPC Endpoint Services matched; use additional constraints to reduce matches to a single VPC Endpoint Service "+
			"(%s is offered as %s: set serviceType; terraform-provider-aws#17417)", name, strings.Join(types, " and "))
	}
	return found[0], nil
}

// allowsAccount refuses a PrivateLink endpoint service of this program
// whose allowed principals leave the account out: it is not listed to it.
func (a *AWS) allowsAccount(serviceName string) error {
	id, ok := strings.CutPrefix(serviceName, "com.amazonaws.vpce."+a.Region.Name+".")
	if svc := a.byID[id]; ok && svc != nil && svc.Type == "aws:ec2/vpcEndpointService:VpcEndpointService" &&
		!slices.ContainsFunc(svc.Strs("allowedPrincipals"), func(p string) bool { return strings.Contains(p, ":"+Account+":") }) {
		return fmt.Errorf("endpoint service %s does not allow account %s", serviceName, Account)
	}
	return nil
}
