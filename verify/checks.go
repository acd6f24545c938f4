package verify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

// Check IDs: the IDs of the guide checks in labs/guide/guide.go (guide.Checks),
// which the steps name in their expectations. SSM-ONLINE, S3-LAB-BUCKET and
// S3-NOT-THROUGH-ENDPOINT are also IDs of the request catalogue (package
// checks), which decides the same checks offline as AWS requests.
const (
	checkSSH             = "SSH-THROUGH-BASTION"
	checkEgress          = "NAT-EGRESS"
	checkNoInternet      = "NO-INTERNET"
	checkLabBucket       = "S3-LAB-BUCKET"
	checkEndpointPolicy  = "S3-ENDPOINT-POLICY-LAB-ONLY"
	checkBucketPolicy    = "S3-NOT-THROUGH-ENDPOINT"
	checkSSMOnline       = "SSM-ONLINE"
	checkRoutePrivate    = "S3-ROUTE-PRIVATE"
	checkRoutePublic     = "S3-ROUTE-PUBLIC"
	checkNLBInternet     = "NLB-PAGE-OVER-INTERNET"
	checkServicePublish  = "EPS-PUBLISHED"
	checkPending         = "EPS-CONNECTION-PENDING"
	checkPagePrivateLink = "PRIVATELINK-PAGE"
	// A private-DNS check exists per interface endpoint service,
	// "<SERVICE>-DNS-PRIVATE"; the guide's CloudFormation one is CFN-DNS-PRIVATE.
	dnsPrivateSuffix = "-DNS-PRIVATE"
	checkCFNDNS      = "CFN" + dnsPrivateSuffix
)

// DNSCheckID is the ID of the check that svc's name resolves inside the VPC.
func DNSCheckID(svc string) string {
	if svc == "cloudformation" {
		return checkCFNDNS
	}
	return strings.ToUpper(svc) + dnsPrivateSuffix
}

// check is one guide check.
type check struct {
	id, title string
	// guideFails are the failures the guide means when it expects the check
	// to fail; a failure for any other reason does not meet that expectation.
	guideFails []Reason
	run        func(ctx context.Context, e *env) Observation
	// settle: the check can see a change AWS applies eventually.
	settle *Settle
}

// Changes AWS applies eventually, which verify waits for, bounded.
var (
	// "When you update an endpoint policy, it can take a few minutes for the
	// changes to take effect."
	policySettles = &Settle{What: "the endpoint policy to apply", Max: 5 * time.Minute, Interval: 20 * time.Second,
		Source: "AWS: endpoint policy changes take a few minutes, https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html",
		stale: func(want Outcome, got Observation) bool {
			return want == Pass && got.Outcome == Fail && got.Reason == Denied
		}}
	// An agent that started before its interface endpoints existed reaches
	// Systems Manager only on a later retry of its back-off.
	agentSettles = &Settle{What: "the SSM agent to register", Max: 10 * time.Minute, Interval: 30 * time.Second,
		Source: "the agent retries its connection with back-off, https://docs.aws.amazon.com/systems-manager/latest/userguide/troubleshooting-managed-nodes.html",
		stale: func(want Outcome, got Observation) bool {
			return want == Pass && got.Outcome == Fail && got.Reason == NotOnline
		}}
)

// CheckIDs lists the checks verify can run (and the private-DNS check of
// every service, DNSCheckID).
func CheckIDs() []string {
	var ids []string
	for _, c := range catalogue {
		ids = append(ids, c.id)
	}
	return ids
}

func checkByID(id string) (check, bool) {
	if i := slices.IndexFunc(catalogue, func(c check) bool { return c.id == id }); i >= 0 {
		return catalogue[i], true
	}
	if id == checkCFNDNS {
		return dnsPrivate("cloudformation"), true
	}
	if svc, ok := strings.CutSuffix(id, dnsPrivateSuffix); ok && svc != "" && !strings.ContainsAny(svc, " /.") {
		return dnsPrivate(strings.ToLower(svc)), true
	}
	return check{}, false
}

// labBucketObject is what verify writes to and reads back from the lab bucket.
const labBucketObject = "vpclab-verify.txt"

// otherBucket is a bucket of someone else (the AWS documentation's example
// name): the lab's endpoint policy must not allow it.
const otherBucket = "amzn-s3-demo-bucket"

var catalogue = []check{
	{
		id: checkSSMOnline, title: "the instance is registered with Systems Manager",
		guideFails: []Reason{NotOnline}, settle: agentSettles,
		run: func(ctx context.Context, e *env) Observation {
			instance := e.out.str("privateInstanceId")
			if e.v.SSM == nil {
				return unknown("no SSM client")
			}
			out, err := e.v.SSM.DescribeInstanceInformation(ctx, &ssm.DescribeInstanceInformationInput{
				Filters: []ssmtypes.InstanceInformationStringFilter{{Key: aws.String("InstanceIds"), Values: []string{instance}}},
			})
			if err != nil {
				return unknown("describe-instance-information: %v", err)
			}
			for _, info := range out.InstanceInformationList {
				if aws.ToString(info.InstanceId) == instance && info.PingStatus == ssmtypes.PingStatusOnline {
					return passed("%s is Online", instance)
				}
			}
			return failed(NotOnline, "%s is not Online in Systems Manager (its agent cannot reach ssm, ssmmessages and ec2messages)", instance)
		},
	},
	{
		id: checkSSH, title: "SSH reaches the private instance through the bastion",
		guideFails: []Reason{PrivateUnreachable},
		run: func(ctx context.Context, e *env) Observation {
			r := e.ssh
			if r == nil {
				if e.out.str("bastionPublicIp") == "" {
					return failed(NoBastion, "the stack has no bastion (vpclab:access %s)", e.out.Access())
				}
				var err error
				if r, err = e.v.sshRunner(e.out); err != nil {
					return unknown("%v", err)
				}
				defer r.Close()
			}
			_, err := r.Run(ctx, "true")
			var hop *HopError
			switch {
			case err == nil:
				return passed("reached %s (%s) as %s through the bastion %s", r.Target.InstanceID, r.Target.Addr, r.User, r.Bastion.Addr)
			case errors.As(err, &hop) && hop.Hop.Role == r.Bastion.Role && hop.Stage == StageDial:
				return failed(BastionUnreachable, "%v (is your address in vpclab:adminCidrs?)", err)
			case errors.As(err, &hop) && hop.Hop.Role == r.Target.Role && hop.Stage == StageTunnel:
				return failed(PrivateUnreachable, "%v", err)
			}
			return unknown("%v", err)
		},
	},
	{
		id: checkEgress, title: "the private instance reaches the internet through the NAT gateway",
		guideFails: []Reason{NoPath},
		run: func(ctx context.Context, e *env) Observation {
			o, blocked := e.shell(ctx, checkEgress, "curl "+curlFlags+" -w '\\n%{time_connect}' https://checkip.amazonaws.com")
			if blocked != nil {
				return *blocked
			}
			c := parseCurl(o)
			if c.noPath() {
				return failed(NoPath, "https://checkip.amazonaws.com: %s", c.what())
			}
			if c.exit != 0 {
				return unknown("https://checkip.amazonaws.com: %s", c.what())
			}
			ip, err := netip.ParseAddr(strings.TrimSpace(c.body))
			if err != nil {
				return unknown("checkip.amazonaws.com answered %q, not an address", c.body)
			}
			nat := e.out.list("natPublicIps")
			switch {
			case slices.Contains(nat, ip.String()):
				return passed("the internet sees the NAT gateway's address %s", ip)
			case len(nat) == 0 && e.out.str("natMode") == "regional":
				// A regional NAT gateway in auto mode: AWS picks its addresses as it
				// expands, so the stack may not know them yet.
				return passed("the internet sees %s, an address of the regional NAT gateway (`pulumi refresh` lists them in natPublicIps)", ip)
			}
			return failed(NotThroughNAT, "the internet sees %s, not one of the NAT addresses %v", ip, nat)
		},
	},
	{
		id: checkNoInternet, title: "the private instance has no way to the internet",
		guideFails: []Reason{InternetAnswered},
		run: func(ctx context.Context, e *env) Observation {
			o, blocked := e.shell(ctx, checkNoInternet, "curl "+curlFlags+" -o /dev/null -w '%{http_code}\\n%{time_connect}' https://aws.amazon.com")
			if blocked != nil {
				return *blocked
			}
			c := parseCurl(o)
			switch {
			case c.noPath():
				return passed("https://aws.amazon.com does not answer: %s", c.what())
			case c.exit == 0 || c.connected:
				return failed(InternetAnswered, "https://aws.amazon.com answered (HTTP %s): the private subnet has a way to the internet", c.body)
			}
			return unknown("https://aws.amazon.com: %s", c.what())
		},
	},
	{
		id: checkLabBucket, title: "the private instance lists, writes and reads the lab bucket",
		guideFails: []Reason{NoPath}, settle: policySettles,
		run: func(ctx context.Context, e *env) Observation {
			b, region := e.out.str("bucketName"), e.out.str("region")
			if b == "" {
				return unknown("the stack has no lab bucket (bucketName output)")
			}
			// One attempt with short timeouts: the CLI's default is 60 s and retries.
			script := fmt.Sprintf(`export AWS_MAX_ATTEMPTS=1 AWS_RETRY_MODE=standard AWS_PAGER=""
o="--region %[2]s --cli-connect-timeout 5 --cli-read-timeout 15"
aws s3 ls "s3://%[1]s" $o >/dev/null || exit
echo vpclab-verify | aws s3 cp - "s3://%[1]s/%[3]s" $o >/dev/null || exit
aws s3 cp "s3://%[1]s/%[3]s" - $o`, b, region, labBucketObject)
			o, blocked := e.shell(ctx, checkLabBucket, script)
			if blocked != nil {
				return *blocked
			}
			if o.ExitCode == 0 && strings.TrimSpace(o.Stdout) == "vpclab-verify" {
				return passed("listed s3://%s, wrote and read back %s", b, labBucketObject)
			}
			msg := lastLine(o.Stderr)
			if r := awsCLIFailure(o.Stderr); r != "" {
				return failed(r, "aws s3 on s3://%s (exit %d): %s", b, o.ExitCode, msg)
			}
			return unknown("aws s3 on s3://%s (exit %d): %q %s", b, o.ExitCode, strings.TrimSpace(o.Stdout), msg)
		},
	},
	{
		id: checkRoutePrivate, title: "the private route tables send the S3 prefix list to the gateway endpoint",
		guideFails: []Reason{NoRoute},
		run: func(ctx context.Context, e *env) Observation {
			return s3Routes(ctx, e, "privateRouteTableIds")
		},
	},
	{
		id: checkRoutePublic, title: "the public route table sends the S3 prefix list to the gateway endpoint",
		guideFails: []Reason{NoRoute},
		run: func(ctx context.Context, e *env) Observation {
			return s3Routes(ctx, e, "publicRouteTableIds")
		},
	},
	{
		id: checkEndpointPolicy, title: "the S3 endpoint policy allows the lab bucket only",
		guideFails: []Reason{AllowsOtherBuckets},
		run:        endpointPolicy,
	},
	{
		id: checkBucketPolicy, title: "the lab bucket refuses data requests that do not come through the endpoint",
		guideFails: []Reason{NoEndpointDeny},
		run:        bucketPolicy,
	},
	{
		id: checkNLBInternet, title: "the NLB serves the web page over the internet (from your machine)",
		guideFails: []Reason{NoPath},
		run: func(ctx context.Context, e *env) Observation {
			dns := e.out.str("nlbDnsName")
			if dns == "" {
				return unknown("the stack has no nlbDnsName output")
			}
			url := "http://" + net.JoinHostPort(dns, port(e.out)) + "/"
			resp, err := e.v.httpGet(ctx, url)
			var nerr net.Error
			var oerr *net.OpError
			switch {
			case errors.As(err, &nerr) && nerr.Timeout(), errors.As(err, &oerr) && oerr.Op == "dial":
				return failed(NoPath, "%s: %v (an internal NLB, or your address is not in vpclab:adminCidrs)", url, err)
			case err != nil:
				return unknown("%s: %v", url, err)
			}
			return page(url, resp.Body, e.out.list("webPages"))
		},
	},
	{
		id: checkServicePublish, title: "the NLB is published as an endpoint service",
		guideFails: []Reason{NoService},
		run: func(ctx context.Context, e *env) Observation {
			name := e.out.str("serviceName")
			if name == "" {
				return failed(NoService, "the stack publishes no endpoint service (no serviceName output)")
			}
			if e.v.EC2 == nil {
				return unknown("no EC2 client")
			}
			out, err := e.v.EC2.DescribeVpcEndpointServiceConfigurations(ctx, &ec2.DescribeVpcEndpointServiceConfigurationsInput{
				Filters: []ec2types.Filter{{Name: aws.String("service-name"), Values: []string{name}}},
			})
			if err != nil {
				return unknown("describe-vpc-endpoint-service-configurations: %v", err)
			}
			for _, s := range out.ServiceConfigurations {
				if aws.ToString(s.ServiceName) == name {
					if s.ServiceState != ec2types.ServiceStateAvailable {
						return unknown("%s is %s, not yet Available", name, s.ServiceState)
					}
					return passed("%s is Available, acceptance required: %v", name, aws.ToBool(s.AcceptanceRequired))
				}
			}
			return failed(NoService, "%s does not exist in this account and region", name)
		},
	},
	{
		id: checkPending, title: "the consumer endpoint waits for acceptance",
		guideFails: []Reason{NoConsumerEndpoint, AlreadyAccepted},
		run: func(ctx context.Context, e *env) Observation {
			id := e.out.str("consumerEndpointId")
			if id == "" {
				return failed(NoConsumerEndpoint, "the stack has no consumer endpoint (no consumerEndpointId output)")
			}
			ep, obs := describeEndpoint(ctx, e, id)
			if obs != nil {
				return *obs
			}
			switch ep.State {
			case ec2types.StatePendingAcceptance:
				return passed("%s is pendingAcceptance", id)
			case ec2types.StateAvailable:
				return failed(AlreadyAccepted, "%s is available: the connection was accepted", id)
			}
			return failed(OtherState, "%s is %s", id, ep.State)
		},
	},
	{
		id: checkPagePrivateLink, title: "the consumer instance gets the web page through the endpoint",
		guideFails: []Reason{NoConsumerEndpoint, NoPath},
		run: func(ctx context.Context, e *env) Observation {
			dns := e.out.str("consumerEndpointDns")
			if dns == "" {
				return failed(NoConsumerEndpoint, "the stack has no consumer endpoint (no consumerEndpointDns output)")
			}
			url := "http://" + net.JoinHostPort(dns, port(e.out)) + "/"
			o, blocked := e.shell(ctx, checkPagePrivateLink, "curl "+curlFlags+" -w '\\n%{time_connect}' "+url)
			if blocked != nil {
				return *blocked
			}
			c := parseCurl(o)
			switch {
			case c.exit == 0:
				return page(url, c.body, e.out.list("webPages"))
			case c.noPath(), c.exit == curlResolve:
				// An endpoint awaiting acceptance has no route to the service yet.
				return failed(NoPath, "%s: %s", url, c.what())
			}
			return unknown("%s: %s", url, c.what())
		},
	},
}

// dnsPrivate is the check that service's regional name resolves to the
// interface endpoint's addresses inside the VPC (private DNS).
func dnsPrivate(svc string) check {
	id := DNSCheckID(svc)
	return check{
		id: id, title: svc + ".<region>.amazonaws.com resolves to addresses inside the VPC",
		guideFails: []Reason{PublicAddresses},
		run: func(ctx context.Context, e *env) Observation {
			host := svc + "." + e.out.str("region") + ".amazonaws.com"
			cidr, err := netip.ParsePrefix(e.out.str("vpcCidr"))
			if err != nil {
				return unknown("the stack's vpcCidr output %q is not a CIDR", e.out.str("vpcCidr"))
			}
			o, blocked := e.shell(ctx, id, "getent ahostsv4 "+host+" | awk '{print $1}' | sort -u")
			if blocked != nil {
				return *blocked
			}
			addrs, ok := addresses(o.Stdout)
			if !ok {
				return unknown("%s did not resolve (%q)", host, strings.TrimSpace(o.Stdout+" "+o.Stderr))
			}
			for _, a := range addrs {
				if !cidr.Contains(a) {
					return failed(PublicAddresses, "%s resolves to %v, not all inside %s", host, addrs, cidr)
				}
			}
			return passed("%s resolves to %v inside %s", host, addrs, cidr)
		},
	}
}

func port(out Outputs) string {
	if p := out.str("servicePort"); p != "" {
		return p
	}
	return "80"
}

// page passes when the body shows one of the lab's web pages.
func page(url, body string, pages []string) Observation {
	for _, p := range pages {
		if strings.Contains(body, "<h1>"+p+"</h1>") {
			return passed("%s answered %q", url, p)
		}
	}
	return failed(WrongPage, "%s answered %q, want one of %v", url, strings.TrimSpace(body), pages)
}

// s3PrefixList is the region's S3 prefix list, which a gateway endpoint's
// routes target (DescribePrefixLists, filter prefix-list-name:
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribePrefixLists.html).
func s3PrefixList(ctx context.Context, client EC2, region string) (string, error) {
	name := "com.amazonaws." + region + ".s3"
	out, err := client.DescribePrefixLists(ctx, &ec2.DescribePrefixListsInput{
		Filters: []ec2types.Filter{{Name: aws.String("prefix-list-name"), Values: []string{name}}},
	})
	if err != nil {
		return "", fmt.Errorf("describe-prefix-lists: %w", err)
	}
	for _, pl := range out.PrefixLists {
		if aws.ToString(pl.PrefixListName) == name {
			return aws.ToString(pl.PrefixListId), nil
		}
	}
	return "", fmt.Errorf("no prefix list %s in this region", name)
}

// s3Routes passes when every route table of the output has an active route
// from the S3 prefix list to a VPC endpoint.
func s3Routes(ctx context.Context, e *env, key string) Observation {
	ids := e.out.list(key)
	if len(ids) == 0 {
		return unknown("the stack has no %s output", key)
	}
	if e.v.EC2 == nil {
		return unknown("no EC2 client")
	}
	pl, err := s3PrefixList(ctx, e.v.EC2, e.out.str("region"))
	if err != nil {
		return unknown("%v", err)
	}
	out, err := e.v.EC2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{RouteTableIds: ids})
	if err != nil {
		return unknown("describe-route-tables: %v", err)
	}
	var found, missing []string
	for _, id := range ids {
		i := slices.IndexFunc(out.RouteTables, func(rt ec2types.RouteTable) bool { return aws.ToString(rt.RouteTableId) == id })
		if i < 0 {
			return unknown("route table %s not found", id)
		}
		route := slices.IndexFunc(out.RouteTables[i].Routes, func(r ec2types.Route) bool {
			return aws.ToString(r.DestinationPrefixListId) == pl && strings.HasPrefix(aws.ToString(r.GatewayId), "vpce-") && r.State == ec2types.RouteStateActive
		})
		if route < 0 {
			missing = append(missing, id)
		} else {
			found = append(found, fmt.Sprintf("%s: %s → %s", id, pl, aws.ToString(out.RouteTables[i].Routes[route].GatewayId)))
		}
	}
	if len(missing) > 0 {
		return failed(NoRoute, "%v have no active %s → vpce-… route", missing, pl)
	}
	return passed("%s", strings.Join(found, "; "))
}

func describeEndpoint(ctx context.Context, e *env, id string) (ec2types.VpcEndpoint, *Observation) {
	if e.v.EC2 == nil {
		o := unknown("no EC2 client")
		return ec2types.VpcEndpoint{}, &o
	}
	out, err := e.v.EC2.DescribeVpcEndpoints(ctx, &ec2.DescribeVpcEndpointsInput{VpcEndpointIds: []string{id}})
	if err != nil {
		o := unknown("describe-vpc-endpoints %s: %v", id, err)
		return ec2types.VpcEndpoint{}, &o
	}
	for _, ep := range out.VpcEndpoints {
		if aws.ToString(ep.VpcEndpointId) == id {
			return ep, nil
		}
	}
	o := unknown("endpoint %s not found", id)
	return ec2types.VpcEndpoint{}, &o
}

// s3DataActions are the requests a bucket's data is read and written with.
var s3DataActions = []string{"s3:GetObject", "s3:PutObject", "s3:ListBucket"}

// endpointPolicy reads the S3 gateway endpoint's policy and asks whether it
// allows the lab bucket's data and nothing of another bucket. Conditions are
// not evaluated: a statement naming another bucket counts as allowing it.
func endpointPolicy(ctx context.Context, e *env) Observation {
	id, bucket := e.out.str("s3EndpointId"), e.out.str("bucketName")
	switch {
	case id == "":
		return unknown("the stack has no S3 gateway endpoint (s3EndpointId output)")
	case bucket == "":
		return unknown("the stack has no lab bucket (bucketName output)")
	}
	ep, obs := describeEndpoint(ctx, e, id)
	if obs != nil {
		return *obs
	}
	doc, err := parsePolicy(aws.ToString(ep.PolicyDocument))
	if err != nil {
		return unknown("%s: %v", id, err)
	}
	allows := func(action, resource string) bool {
		deny := slices.ContainsFunc(doc.Statement, func(s statement) bool {
			return s.Effect == "Deny" && s.anyone() && len(s.Condition) == 0 && s.grants(action, resource)
		})
		return !deny && slices.ContainsFunc(doc.Statement, func(s statement) bool { return s.Effect == "Allow" && s.grants(action, resource) })
	}
	for _, a := range s3DataActions {
		if allows(a, bucketARN(otherBucket, a)) {
			return failed(AllowsOtherBuckets, "%s's policy allows %s on %s", id, a, bucketARN(otherBucket, a))
		}
	}
	for _, a := range s3DataActions {
		if !allows(a, bucketARN(bucket, a)) {
			return failed(LabBucketNotAllow, "%s's policy does not allow %s on %s", id, a, bucketARN(bucket, a))
		}
	}
	return passed("%s's policy allows %v on s3://%s and not on another bucket", id, s3DataActions, bucket)
}

// bucketARN is the resource an action on the bucket names: the bucket for
// ListBucket, an object in it otherwise.
func bucketARN(bucket, action string) string {
	if action == "s3:ListBucket" {
		return "arn:aws:s3:::" + bucket
	}
	return "arn:aws:s3:::" + bucket + "/" + labBucketObject
}

// bucketPolicy reads the lab bucket's policy and looks for the guide's deny:
// everyone, the bucket's data actions, unless the request comes through the
// stack's endpoint (aws:SourceVpce) or VPC (aws:SourceVpc). Exempting named
// principals (aws:PrincipalArn, the deployer) keeps the deny; any other
// condition could let outside requests through and does not count.
func bucketPolicy(ctx context.Context, e *env) Observation {
	bucket := e.out.str("bucketName")
	if bucket == "" {
		return unknown("the stack has no lab bucket (bucketName output)")
	}
	if e.v.S3 == nil {
		return unknown("no S3 client")
	}
	out, err := e.v.S3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(bucket)})
	var api smithy.APIError
	switch {
	case errors.As(err, &api) && api.ErrorCode() == "NoSuchBucketPolicy":
		return failed(NoEndpointDeny, "s3://%s has no bucket policy", bucket)
	case err != nil:
		return unknown("get-bucket-policy s3://%s: %v", bucket, err)
	}
	doc, err := parsePolicy(aws.ToString(out.Policy))
	if err != nil {
		return unknown("s3://%s: %v", bucket, err)
	}
	sources := map[string]string{"aws:sourcevpce": e.out.str("s3EndpointId"), "aws:sourcevpc": e.out.str("vpcId")}
	for _, s := range doc.Statement {
		if s.Effect != "Deny" || !s.anyone() || !s.grants("s3:GetObject", bucketARN(bucket, "s3:GetObject")) {
			continue
		}
		via, ok := "", true
		for op, keys := range s.conditionKeys() {
			for _, k := range keys {
				switch {
				case (op == "ArnNotLike" || op == "ArnNotEquals") && k == "aws:principalarn":
				case op == "StringNotEquals" && sources[k] != "" && slices.Contains(s.conditionValues(op, k), sources[k]):
					via = k + " " + sources[k]
				default:
					ok = false
				}
			}
		}
		switch {
		case ok && via != "":
			return passed("s3://%s denies data requests not through %s", bucket, via)
		case ok:
			// No endpoint named (the guide's "before" state): only the exempt
			// principals reach the data, from anywhere.
			return passed("s3://%s denies every data request but its exempt principals'", bucket)
		}
	}
	return failed(NoEndpointDeny, "s3://%s's policy has no deny for requests that do not come through %s", bucket, e.out.str("s3EndpointId"))
}
