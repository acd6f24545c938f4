package verify

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
	"github.com/aws/smithy-go"
)

// world is a deployed lab as the fakes answer for it: what the private
// instance can reach, and what EC2 and S3 describe.
type world struct {
	online       bool   // the SSM agent is connected
	internet     bool   // the private subnet has a way to the internet
	egressIP     string // the address the internet sees
	s3Path       bool   // the private instance reaches S3 (gateway endpoint)
	bucketDenied bool   // S3 refuses the lab bucket
	privateDNS   bool   // interface endpoints answer with private DNS
	dnsBroken    bool   // the resolver does not answer (getent prints nothing, curl exits 6)
	routes       map[string]bool
	endpointDoc  string // the S3 endpoint's policy
	bucketDoc    string // the lab bucket's policy, "" for none
	serviceState ec2types.ServiceState
	consumerSt   ec2types.State
	pageOK       bool   // the consumer endpoint serves the page
	page         string // what it serves
	nlbOK        bool   // the NLB answers this machine
	s3Unknown    bool   // the aws CLI fails in a way verify does not know
	sshLab       *sshLab
}

// labOutputs are a stack's outputs for every check; tests delete what a
// stack lacks.
func labOutputs() Outputs {
	return Outputs{
		"lab": "s3-gateway", "region": "ap-northeast-2", "vpcCidr": "10.0.0.0/16", "vpcId": "vpc-0a1",
		"access": "ssm", "privateInstanceId": "i-0abc", "privateIp": "10.0.1.5", "privateInstanceAz": "ap-northeast-2a",
		"ssmCommand": "aws ssm start-session --target i-0abc", "bucketName": "vpclab-bucket-1234567",
		"natPublicIps": []any{}, "s3EndpointId": "vpce-0s3", "privateRouteTableIds": []any{"rtb-0p"}, "publicRouteTableIds": []any{"rtb-0u"},
		"privateDnsServices": []any{"cloudformation"}, "nlbDnsName": "custom-nlb-1.elb.ap-northeast-2.amazonaws.com", "servicePort": float64(80),
		"serviceName": "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0c", "consumerEndpointId": "vpce-0con",
		"consumerEndpointDns": "vpce-0con-ab.vpce-svc-0c.ap-northeast-2.vpce.amazonaws.com",
		"webPages":            []any{"Endpoint Service Lab - CloudNeta Web Server 1", "Endpoint Service Lab - CloudNeta Web Server 2"},
	}
}

const (
	labPage  = "Endpoint Service Lab - CloudNeta Web Server 1"
	s3PL     = "pl-78a54011"
	fullDoc  = `{"Version":"2012-10-17","Statement":[{"Sid":"FullAccessOptIn","Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
	labDoc   = `{"Version":"2012-10-17","Statement":[{"Sid":"LabResourcesOnly","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject","s3:ListBucket"],"Resource":["arn:aws:s3:::vpclab-bucket-1234567","arn:aws:s3:::vpclab-bucket-1234567/*"],"Condition":{"StringEquals":{"aws:PrincipalAccount":["123456789012"]}}},{"Sid":"ListAllMyBuckets","Effect":"Allow","Principal":"*","Action":"s3:ListAllMyBuckets","Resource":"*"}]}`
	vpceDoc  = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyDataAccessOutsideTheEndpoint","Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:PutObject","s3:DeleteObject","s3:ListBucket"],"Resource":["arn:aws:s3:::vpclab-bucket-1234567","arn:aws:s3:::vpclab-bucket-1234567/*"],"Condition":{"ArnNotLike":{"aws:PrincipalArn":["arn:aws:iam::123456789012:role/Admin"]},"StringNotEquals":{"aws:SourceVpce":["vpce-0s3"]}}},{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::vpclab-bucket-1234567","arn:aws:s3:::vpclab-bucket-1234567/*"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]}`
	tlsOnly  = `{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::vpclab-bucket-1234567","arn:aws:s3:::vpclab-bucket-1234567/*"],"Condition":{"Bool":{"aws:SecureTransport":["false"]}}}]}`
	timeout  = "curl: (28) Connection timed out after 5001 milliseconds"
	notSeen  = "\n0.000000"
	seenConn = "\n0.004213"
)

// checkOf reads the check ID from a script's first line.
func checkOf(script string) string {
	first, _, _ := strings.Cut(script, "\n")
	return strings.TrimPrefix(first, "# vpclab verify: ")
}

// instance answers a check's script as the instance in w would.
func (w *world) instance(script string) Output {
	curlDown := Output{Stdout: "000" + notSeen, Stderr: timeout, ExitCode: 28}
	id := checkOf(script)
	if w.dnsBroken && strings.Contains(script, "curl ") {
		return Output{Stdout: "000" + notSeen, Stderr: "curl: (6) Could not resolve host: example", ExitCode: 6}
	}
	switch id {
	case "true":
		return Output{}
	case checkEgress:
		if !w.internet {
			return Output{Stdout: notSeen, Stderr: timeout, ExitCode: 28}
		}
		return Output{Stdout: w.egressIP + "\n" + seenConn}
	case checkNoInternet:
		if !w.internet {
			return curlDown
		}
		return Output{Stdout: "200" + seenConn}
	case checkLabBucket:
		switch {
		case w.s3Unknown:
			return Output{Stderr: "Unable to locate credentials. You can configure credentials by running \"aws configure\".", ExitCode: 253}
		case !w.s3Path:
			return Output{Stderr: "\nConnect timeout on endpoint URL: \"https://vpclab-bucket-1234567.s3.ap-northeast-2.amazonaws.com/?list-type=2&prefix=&delimiter=%2F&encoding-type=url\"\n", ExitCode: 255}
		case w.bucketDenied:
			return Output{Stderr: "\nAn error occurred (AccessDenied) when calling the ListObjectsV2 operation: Access Denied\n", ExitCode: 254}
		}
		return Output{Stdout: "vpclab-verify\n"}
	case checkPagePrivateLink:
		if !w.pageOK {
			return Output{Stdout: notSeen, Stderr: timeout, ExitCode: 28}
		}
		return Output{Stdout: "<html><h1>" + w.page + "</h1></html>\n" + seenConn}
	default:
		if strings.HasSuffix(id, dnsPrivateSuffix) {
			switch {
			case w.dnsBroken:
				return Output{}
			case w.privateDNS:
				return Output{Stdout: "10.0.0.7\n10.0.1.23\n"}
			}
			return Output{Stdout: "52.95.193.83\n"}
		}
	}
	return Output{Stderr: "fake instance: no answer for " + script, ExitCode: 127}
}

// runnerFunc is a Runner from a function.
type runnerFunc func(script string) Output

func (f runnerFunc) Run(_ context.Context, script string) (Output, error) { return f(script), nil }

// fakeSSM is Systems Manager in front of the world's instance: a few "not
// yet" polls before each result, every command recorded.
type fakeSSM struct {
	w        *world
	instance string
	pending  int
	status   ssmtypes.CommandInvocationStatus // forces an end state
	mu       sync.Mutex
	sent     []string
	polls    map[string]int
}

func (f *fakeSSM) DescribeInstanceInformation(_ context.Context, in *ssm.DescribeInstanceInformationInput, _ ...func(*ssm.Options)) (*ssm.DescribeInstanceInformationOutput, error) {
	if len(in.Filters) != 1 || aws.ToString(in.Filters[0].Key) != "InstanceIds" || !slices.Equal(in.Filters[0].Values, []string{f.instance}) {
		return nil, fmt.Errorf("asked about %+v", in.Filters)
	}
	status := ssmtypes.PingStatusConnectionLost
	if f.w.online {
		status = ssmtypes.PingStatusOnline
	}
	return &ssm.DescribeInstanceInformationOutput{InstanceInformationList: []ssmtypes.InstanceInformation{{InstanceId: aws.String(f.instance), PingStatus: status}}}, nil
}

func (f *fakeSSM) SendCommand(_ context.Context, in *ssm.SendCommandInput, _ ...func(*ssm.Options)) (*ssm.SendCommandOutput, error) {
	if aws.ToString(in.DocumentName) != "AWS-RunShellScript" || !slices.Equal(in.InstanceIds, []string{f.instance}) || len(in.Parameters["commands"]) != 1 {
		return nil, fmt.Errorf("unexpected command %+v", in)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, in.Parameters["commands"][0])
	return &ssm.SendCommandOutput{Command: &ssmtypes.Command{CommandId: aws.String(fmt.Sprintf("cmd-%d", len(f.sent)-1))}}, nil
}

func (f *fakeSSM) GetCommandInvocation(_ context.Context, in *ssm.GetCommandInvocationInput, _ ...func(*ssm.Options)) (*ssm.GetCommandInvocationOutput, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.polls == nil {
		f.polls = map[string]int{}
	}
	id := aws.ToString(in.CommandId)
	f.polls[id]++
	switch {
	case f.polls[id] == 1 && f.pending > 0:
		return nil, &ssmtypes.InvocationDoesNotExist{}
	case f.polls[id] <= f.pending:
		return &ssm.GetCommandInvocationOutput{Status: ssmtypes.CommandInvocationStatusInProgress}, nil
	}
	var n int
	fmt.Sscanf(id, "cmd-%d", &n)
	if f.status != "" {
		return &ssm.GetCommandInvocationOutput{Status: f.status, StatusDetails: aws.String(string(f.status)), ResponseCode: -1}, nil
	}
	o := f.w.instance(f.sent[n])
	status := ssmtypes.CommandInvocationStatusSuccess
	if o.ExitCode != 0 {
		status = ssmtypes.CommandInvocationStatusFailed
	}
	return &ssm.GetCommandInvocationOutput{Status: status, ResponseCode: int32(o.ExitCode),
		StandardOutputContent: aws.String(o.Stdout), StandardErrorContent: aws.String(o.Stderr)}, nil
}

// apiError is an AWS error response.
type apiError struct{ code, msg string }

func (e apiError) Error() string                 { return e.code + ": " + e.msg }
func (e apiError) ErrorCode() string             { return e.code }
func (e apiError) ErrorMessage() string          { return e.msg }
func (e apiError) ErrorFault() smithy.ErrorFault { return smithy.FaultClient }

// fakeEC2 describes the world's network; consoles are the instances'
// console outputs by instance ID.
type fakeEC2 struct {
	w        *world
	consoles map[string]string
}

func (f *fakeEC2) GetConsoleOutput(_ context.Context, in *ec2.GetConsoleOutputInput, _ ...func(*ec2.Options)) (*ec2.GetConsoleOutputOutput, error) {
	c, ok := f.consoles[aws.ToString(in.InstanceId)]
	if !ok {
		return nil, apiError{"InvalidInstanceID.NotFound", "no instance " + aws.ToString(in.InstanceId)}
	}
	if !aws.ToBool(in.Latest) {
		// Without Latest, EC2 answers the output buffered at the last state
		// change, posted minutes after boot: nothing yet.
		return &ec2.GetConsoleOutputOutput{InstanceId: in.InstanceId}, nil
	}
	return &ec2.GetConsoleOutputOutput{InstanceId: in.InstanceId, Output: aws.String(base64.StdEncoding.EncodeToString([]byte(c)))}, nil
}

func (f *fakeEC2) DescribePrefixLists(_ context.Context, in *ec2.DescribePrefixListsInput, _ ...func(*ec2.Options)) (*ec2.DescribePrefixListsOutput, error) {
	if len(in.Filters) != 1 || aws.ToString(in.Filters[0].Name) != "prefix-list-name" {
		return nil, fmt.Errorf("filters %+v", in.Filters)
	}
	var out []ec2types.PrefixList
	for _, pl := range []ec2types.PrefixList{
		{PrefixListId: aws.String(s3PL), PrefixListName: aws.String("com.amazonaws.ap-northeast-2.s3")},
		{PrefixListId: aws.String("pl-cca54024"), PrefixListName: aws.String("com.amazonaws.ap-northeast-2.dynamodb")},
	} {
		if slices.Contains(in.Filters[0].Values, aws.ToString(pl.PrefixListName)) {
			out = append(out, pl)
		}
	}
	return &ec2.DescribePrefixListsOutput{PrefixLists: out}, nil
}

func (f *fakeEC2) DescribeRouteTables(_ context.Context, in *ec2.DescribeRouteTablesInput, _ ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error) {
	var out []ec2types.RouteTable
	for _, id := range in.RouteTableIds {
		if _, ok := f.w.routes[id]; !ok {
			return nil, apiError{"InvalidRouteTableID.NotFound", "The routeTable ID '" + id + "' does not exist"}
		}
		rt := ec2types.RouteTable{RouteTableId: aws.String(id), Routes: []ec2types.Route{
			{DestinationCidrBlock: aws.String("10.0.0.0/16"), GatewayId: aws.String("local"), State: ec2types.RouteStateActive},
			// A DynamoDB endpoint route never counts for S3.
			{DestinationPrefixListId: aws.String("pl-cca54024"), GatewayId: aws.String("vpce-0ddb"), State: ec2types.RouteStateActive},
		}}
		if f.w.routes[id] {
			rt.Routes = append(rt.Routes, ec2types.Route{DestinationPrefixListId: aws.String(s3PL), GatewayId: aws.String("vpce-0s3"), State: ec2types.RouteStateActive})
		}
		out = append(out, rt)
	}
	return &ec2.DescribeRouteTablesOutput{RouteTables: out}, nil
}

func (f *fakeEC2) DescribeVpcEndpoints(_ context.Context, in *ec2.DescribeVpcEndpointsInput, _ ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointsOutput, error) {
	var out []ec2types.VpcEndpoint
	for _, id := range in.VpcEndpointIds {
		switch id {
		case "vpce-0s3":
			out = append(out, ec2types.VpcEndpoint{VpcEndpointId: aws.String(id), PolicyDocument: aws.String(f.w.endpointDoc), State: ec2types.StateAvailable})
		case "vpce-0con":
			out = append(out, ec2types.VpcEndpoint{VpcEndpointId: aws.String(id), State: f.w.consumerSt})
		default:
			return nil, apiError{"InvalidVpcEndpointId.NotFound", id}
		}
	}
	return &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: out}, nil
}

func (f *fakeEC2) DescribeVpcEndpointServiceConfigurations(_ context.Context, in *ec2.DescribeVpcEndpointServiceConfigurationsInput, _ ...func(*ec2.Options)) (*ec2.DescribeVpcEndpointServiceConfigurationsOutput, error) {
	if f.w.serviceState == "" {
		return &ec2.DescribeVpcEndpointServiceConfigurationsOutput{}, nil
	}
	name := in.Filters[0].Values[0]
	return &ec2.DescribeVpcEndpointServiceConfigurationsOutput{ServiceConfigurations: []ec2types.ServiceConfiguration{
		{ServiceName: aws.String(name), ServiceState: f.w.serviceState, AcceptanceRequired: aws.Bool(true)},
	}}, nil
}

type fakeS3 struct{ w *world }

func (f fakeS3) GetBucketPolicy(_ context.Context, in *s3.GetBucketPolicyInput, _ ...func(*s3.Options)) (*s3.GetBucketPolicyOutput, error) {
	if aws.ToString(in.Bucket) != "vpclab-bucket-1234567" {
		return nil, apiError{"NoSuchBucket", aws.ToString(in.Bucket)}
	}
	if f.w.bucketDoc == "" {
		return nil, apiError{"NoSuchBucketPolicy", "The bucket policy does not exist"}
	}
	return &s3.GetBucketPolicyOutput{Policy: aws.String(f.w.bucketDoc)}, nil
}

// httpGet is this machine's view of the NLB.
func (w *world) httpGet(_ context.Context, url string) (HTTPResponse, error) {
	if !w.nlbOK {
		return HTTPResponse{}, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("i/o timeout")}
	}
	return HTTPResponse{Status: 200, Body: "<html><h1>" + labPage + "</h1></html>"}, nil
}

// goodWorld is a lab where every check passes.
func goodWorld() *world {
	return &world{online: true, internet: true, egressIP: "3.34.1.1", s3Path: true, privateDNS: true,
		routes: map[string]bool{"rtb-0p": true, "rtb-0u": true}, endpointDoc: labDoc, bucketDoc: vpceDoc,
		serviceState: ec2types.ServiceStateAvailable, consumerSt: ec2types.StatePendingAcceptance, pageOK: true, page: labPage, nlbOK: true}
}

// verifier wires the fakes for w, reached through SSM.
func verifier(w *world) (*Verifier, *fakeSSM) {
	f := &fakeSSM{w: w, instance: "i-0abc", pending: 2}
	clock := &fakeClock{t: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)}
	return &Verifier{SSM: f, EC2: &fakeEC2{w: w}, S3: fakeS3{w}, HTTPGet: w.httpGet, Sleep: clock.sleep, Now: clock.now, Polls: 5}, f
}

// fakeClock is time that passes only when verify sleeps; then runs what
// the world does at that moment (a change AWS applies late).
type fakeClock struct {
	t     time.Time
	slept time.Duration
	at    []func(slept time.Duration)
}

func (c *fakeClock) now() time.Time { return c.t }

func (c *fakeClock) sleep(d time.Duration) {
	c.t, c.slept = c.t.Add(d), c.slept+d
	for _, f := range c.at {
		f(c.slept)
	}
}
