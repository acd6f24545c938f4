package guard

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/vpclab/vpclab/sim"
)

// Resource types the rules read.
const (
	tVpc         = "aws:ec2/vpc:Vpc"
	tSubnet      = "aws:ec2/subnet:Subnet"
	tRoute       = "aws:ec2/route:Route"
	tInstance    = "aws:ec2/instance:Instance"
	tSG          = "aws:ec2/securityGroup:SecurityGroup"
	tDefaultSG   = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
	tFlowLog     = "aws:ec2/flowLog:FlowLog"
	tLogGroup    = "aws:cloudwatch/logGroup:LogGroup"
	tEndpoint    = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tEPS         = "aws:ec2/vpcEndpointService:VpcEndpointService"
	tNLB         = "aws:lb/loadBalancer:LoadBalancer"
	tListener    = "aws:lb/listener:Listener"
	tRole        = "aws:iam/role:Role"
	tRolePolicy  = "aws:iam/rolePolicy:RolePolicy"
	tAttachment  = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tBucket      = "aws:s3/bucket:Bucket"
	tPAB         = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
	tOwnership   = "aws:s3/bucketOwnershipControls:BucketOwnershipControls"
	tSSE         = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
	tBucketPol   = "aws:s3/bucketPolicy:BucketPolicy"
	tRTA         = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	ssmCore      = "AmazonSSMManagedInstanceCore"
	maxEPPolicy  = 20480
	ssmEndpoints = "ssm ssmmessages ec2messages"
)

var (
	privateSpace = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("100.64.0.0/10")}
	userDataLint  = regexp.MustCompile(`(?i)chpasswd|\bpasswd\b|PermitRootLogin\s+yes|PasswordAuthentication\s+yes|AKIA[0-9A-Z]{16}|BEGIN [A-Z ]*PRIVATE KEY`)
	broadPolicies = []string{"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess", "AmazonEC2FullAccess"}
	bucketNameRe  = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$`)
	modernTLS     = []string{"ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-3-2021-06", "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04", "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04"}
)

// Rules returns every rule, in ID order.
func Rules() []Rule {
	return []Rule{
		{ID: "LAB-EC2-01", Title: "IMDSv2 required, hop limit 1", Severity: High, Refs: []string{"CKV_AWS_79", "CKV_AWS_341", "AVD-AWS-0028", "EC2.8"}, check: imdsV2},
		{ID: "LAB-EC2-02", Title: "encrypted gp3 root volume, deleted with the instance", Severity: High, Refs: []string{"CKV_AWS_8", "AVD-AWS-0131", "AwsSolutions-EC26"}, check: encryptedRoot},
		{ID: "LAB-EC2-03", Title: "no public IP except where accepted", Severity: High, Refs: []string{"CKV_AWS_88", "EC2.9", "awsguard ec2-instance-no-public-ip"}, check: noPublicIP},
		{ID: "LAB-EC2-04", Title: "instance profile attached", Severity: Medium, Refs: []string{"CKV2_AWS_41"}, check: instanceProfile},
		{ID: "LAB-EC2-05", Title: "user data has no passwords, root logins or keys", Severity: Critical, Refs: []string{"CKV_AWS_46", "AVD-AWS-0029"}, check: userDataClean},
		{ID: "LAB-EC2-06", Title: "AMI from the SSM public parameter", Severity: Medium, Refs: []string{"AVD-AWS-0344"}, check: amiFromSSM},
		{ID: "LAB-IAM-01", Title: "no broad or unexplained AWS-managed policies", Severity: High, Refs: []string{"CKV_AWS_274", "CKV2_AWS_56", "AwsSolutions-IAM4"}, check: managedPolicies},
		{ID: "LAB-IAM-02", Title: "inline policies name actions and resources", Severity: High, Refs: []string{"CKV_AWS_62", "CKV_AWS_63", "CKV_AWS_355", "IAM.21", "AwsSolutions-IAM5"}, check: inlinePolicies},
		{ID: "LAB-IAM-03", Title: "trust policies name exactly one service", Severity: High, Refs: []string{"CKV_AWS_60", "CKV_AWS_61"}, check: trustPolicies},
		{ID: "LAB-LB-01", Title: "NLB: security group, cross-zone, two AZs, internal", Severity: High, Refs: []string{"AVD-AWS-0053", "CKV_AWS_152", "ELB.13"}, check: nlbShape},
		{ID: "LAB-LB-02", Title: "NLB deletion protection", Severity: Medium, Refs: []string{"CKV_AWS_150", "ELB.6"}, check: nlbDeletionProtection},
		{ID: "LAB-LB-03", Title: "NLB access logs", Severity: Medium, Refs: []string{"CKV_AWS_91", "AwsSolutions-ELB2"}, check: nlbAccessLogs},
		{ID: "LAB-LB-04", Title: "listeners use TLS with a modern policy", Severity: Medium, Refs: []string{"ELB.17", "ELB.18", "CKV_AWS_103"}, check: listenerTLS},
		{ID: "LAB-S3-01", Title: "bucket blocks public access, disables ACLs, encrypts", Severity: High, Refs: []string{"CKV2_AWS_6", "CKV_AWS_53-56", "S3.8", "S3.12", "CKV2_AWS_65", "CKV_AWS_19"}, check: bucketHygiene},
		{ID: "LAB-S3-02", Title: "bucket policy denies requests without TLS", Severity: Medium, Refs: []string{"S3.5", "AwsSolutions-S10"}, check: bucketTLS},
		{ID: "LAB-S3-03", Title: "bucket policy neither opens the bucket nor locks out the deployer", Severity: Critical, Refs: []string{"CKV_AWS_70", "CKV_AWS_93"}, check: bucketPolicySafe},
		{ID: "LAB-S3-04", Title: "DNS-compliant bucket name without dots", Severity: Low, Refs: []string{"AVD-AWS-0320"}, check: bucketName},
		{ID: "LAB-SG-01", Title: "no SSH, RDP or all traffic from the internet", Severity: Critical, Refs: []string{"CKV_AWS_24", "CKV_AWS_25", "AVD-AWS-0107", "EC2.19", "AwsSolutions-EC23"}, check: noAdminFromWorld},
		{ID: "LAB-SG-02", Title: "no inbound from the internet on any port", Severity: High, Refs: []string{"CKV_AWS_260", "CKV_AWS_277", "EC2.18"}, check: noIngressFromWorld},
		{ID: "LAB-SG-03", Title: "no egress to the internet unless accepted", Severity: Medium, Refs: []string{"CKV_AWS_382", "AVD-AWS-0104"}, check: noEgressToWorld},
		{ID: "LAB-SG-04", Title: "security groups and rules have descriptions", Severity: Low, Refs: []string{"CKV_AWS_23", "AVD-AWS-0099", "AVD-AWS-0124", "AwsSolutions-EC27"}, check: descriptions},
		{ID: "LAB-SG-05", Title: "no mix of inline and standalone rules", Severity: Medium, Refs: []string{"awsguard security-group-no-rule-management-conflicts"}, check: noRuleMix},
		{ID: "LAB-SG-06", Title: "security groups are attached", Severity: Low, Refs: []string{"CKV2_AWS_5"}, check: sgAttached},
		{ID: "LAB-SVC-01", Title: "endpoint service requires acceptance and names its principals", Severity: High, Refs: []string{"CKV_AWS_123", "prowler vpc_endpoint_services_allowed_principals_trust_boundaries"}, check: endpointServiceTrust},
		{ID: "LAB-TD-01", Title: "a lab tears down: nothing protected or retained, buckets emptied", Severity: High, Refs: []string{"vpclab teardown"}, check: teardown},
		{ID: "LAB-VPC-01", Title: "default security group adopted with no rules", Severity: Medium, Refs: []string{"CKV2_AWS_12", "EC2.2", "AVD-AWS-0173"}, check: defaultSGClosed},
		{ID: "LAB-VPC-02", Title: "VPC flow logs", Severity: Medium, Refs: []string{"CKV2_AWS_11", "EC2.6", "AVD-AWS-0178", "AwsSolutions-VPC7"}, check: flowLogs},
		{ID: "LAB-VPC-03", Title: "subnets assign no public IPs", Severity: Medium, Refs: []string{"CKV_AWS_130", "EC2.15", "AVD-AWS-0164"}, check: noAutoPublicIP},
		{ID: "LAB-VPC-04", Title: "no default route to an IGW or an instance except where accepted", Severity: High, Refs: []string{"CKV2_AWS_35", "NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW"}, check: defaultRoutes},
		{ID: "LAB-VPC-05", Title: "VPC in private address space", Severity: Low, Refs: []string{"AWS VPC CIDR guidance (RFC 1918)"}, check: privateAddressSpace},
		{ID: "LAB-VPCE-01", Title: "explicit endpoint policy limited to the account", Severity: High, Refs: []string{"prowler vpc_endpoint_connections_trust_boundaries", "AWS quota 20480"}, check: endpointPolicies},
		{ID: "LAB-VPCE-02", Title: "interface endpoints: own SG, service port from the VPC, two AZs", Severity: Medium, Refs: []string{"prowler vpc_endpoint_multi_az_enabled", "CKV2_AWS_5"}, check: interfaceEndpointShape},
		{ID: "LAB-VPCE-03", Title: "Session Manager has a path: NAT or the ssm trio", Severity: High, Refs: []string{"SSM.1", "EC2.57"}, check: ssmPath},
	}
}

func imdsV2(c *checkCtx) (out []violation) {
	for _, r := range c.each(tInstance) {
		md := r.Object("metadataOptions")
		if sim.Str(md["httpTokens"]) != "required" || sim.Str(md["httpEndpoint"]) == "disabled" || sim.Str(md["httpPutResponseHopLimit"]) != "1" {
			out = append(out, violation{r, fmt.Sprintf("metadata options tokens=%q hop=%q", sim.Str(md["httpTokens"]), sim.Str(md["httpPutResponseHopLimit"]))})
		}
	}
	return
}

func encryptedRoot(c *checkCtx) (out []violation) {
	for _, r := range c.each(tInstance) {
		rb := r.Object("rootBlockDevice")
		if sim.Str(rb["encrypted"]) != "true" || sim.Str(rb["volumeType"]) != "gp3" || sim.Str(rb["deleteOnTermination"]) == "false" {
			out = append(out, violation{r, "root volume is not an encrypted gp3 volume deleted with the instance"})
		}
		for _, v := range r.List("ebsBlockDevices") {
			if v.IsObject() && sim.Str(v.ObjectValue()["encrypted"]) != "true" {
				out = append(out, violation{r, "an EBS volume is unencrypted"})
			}
		}
	}
	return
}

func noPublicIP(c *checkCtx) (out []violation) {
	for _, r := range c.each(tInstance) {
		if r.Str("associatePublicIpAddress") == "true" {
			out = append(out, violation{r, "asks for a public IP"})
		} else if sn := c.g.Source(r, "subnetId"); sn != nil && sn.Str("mapPublicIpOnLaunch") == "true" && r.Str("associatePublicIpAddress") == "" {
			out = append(out, violation{r, "its subnet assigns public IPs"})
		}
	}
	return
}

func instanceProfile(c *checkCtx) (out []violation) {
	for _, r := range c.each(tInstance) {
		if r.Str("iamInstanceProfile") == "" {
			out = append(out, violation{r, "no instance profile"})
		}
	}
	return
}

func userDataClean(c *checkCtx) (out []violation) {
	for _, r := range c.each(tInstance) {
		if m := userDataLint.FindString(r.Str("userData")); m != "" {
			out = append(out, violation{r, fmt.Sprintf("user data contains %q", m)})
		}
	}
	return
}

func amiFromSSM(c *checkCtx) (out []violation) {
	var fromSSM []string
	for _, inv := range c.invokes {
		if inv.Token == "aws:ssm/getParameter:getParameter" && strings.HasPrefix(sim.Str(inv.Args["name"]), "/aws/service/") && inv.Result != nil {
			fromSSM = append(fromSSM, sim.Str(inv.Result["value"]))
		}
	}
	for _, r := range c.each(tInstance) {
		if !slices.Contains(fromSSM, r.Str("ami")) {
			out = append(out, violation{r, fmt.Sprintf("AMI %q was not resolved from an AWS public SSM parameter", r.Str("ami"))})
		}
	}
	return
}

// rolesOf returns the role an attachment or inline policy belongs to.
func (c *checkCtx) roleOf(r *sim.Resource) *sim.Resource {
	if s := c.g.Source(r, "role"); s != nil {
		return s
	}
	for _, role := range c.g.OfType(tRole) {
		if role.Out("name") == r.Str("role") {
			return role
		}
	}
	return r
}

func managedPolicies(c *checkCtx) (out []violation) {
	for _, role := range c.each(tRole) {
		arns := role.Strs("managedPolicyArns")
		for _, a := range c.g.OfType(tAttachment) {
			if c.roleOf(a) == role {
				arns = append(arns, a.Str("policyArn"))
			}
		}
		for _, arn := range arns {
			name := path.Base(arn)
			switch {
			case slices.Contains(broadPolicies, name):
				out = append(out, violation{role, "attaches " + name})
			case strings.Contains(arn, ":iam::aws:policy/"):
				out = append(out, violation{role, "attaches the AWS-managed " + name})
			}
		}
	}
	return
}

func inlinePolicies(c *checkCtx) (out []violation) {
	for _, rp := range c.each(tRolePolicy) {
		p, err := parsePolicy(rp.Str("policy"))
		if err != nil {
			out = append(out, violation{c.roleOf(rp), "policy is not JSON"})
			continue
		}
		for _, s := range p.Statement {
			if s.Effect != "Allow" {
				continue
			}
			for _, a := range s.actions() {
				if a == "*" || strings.HasSuffix(a, ":*") {
					out = append(out, violation{c.roleOf(rp), "allows " + a})
				}
			}
			if slices.Contains(s.resources(), "*") {
				out = append(out, violation{c.roleOf(rp), fmt.Sprintf("allows %v on *", s.actions())})
			}
		}
	}
	return
}

var trustedServices = []string{"ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com"}

func trustPolicies(c *checkCtx) (out []violation) {
	for _, r := range c.each(tRole) {
		p, err := parsePolicy(r.Str("assumeRolePolicy"))
		if err != nil {
			out = append(out, violation{r, "trust policy is not JSON"})
			continue
		}
		for _, s := range p.Statement {
			svcs := s.services()
			switch {
			case s.anyPrincipal():
				out = append(out, violation{r, "anyone may assume it"})
			case len(svcs) != 1 || !slices.Contains(trustedServices, svcs[0]):
				out = append(out, violation{r, fmt.Sprintf("trusts %v", s.Principal)})
			case svcs[0] == "vpc-flow-logs.amazonaws.com" && len(s.condition("StringEquals", "aws:SourceAccount")) == 0:
				out = append(out, violation{r, "the flow-logs trust lacks an aws:SourceAccount condition"})
			}
		}
	}
	return
}

func nlbShape(c *checkCtx) (out []violation) {
	for _, r := range c.each(tNLB) {
		var problems []string
		if r.Str("loadBalancerType") != "network" {
			problems = append(problems, "not a network load balancer")
		}
		if len(r.Strs("securityGroups")) == 0 {
			problems = append(problems, "no security group (it cannot be added later)")
		}
		if r.Str("enableCrossZoneLoadBalancing") != "true" {
			problems = append(problems, "cross-zone off")
		}
		if len(r.Strs("subnets"))+len(r.List("subnetMappings")) < 2 {
			problems = append(problems, "one AZ")
		}
		if r.Str("internal") != "true" {
			problems = append(problems, "internet-facing")
		}
		if len(problems) > 0 {
			out = append(out, violation{r, strings.Join(problems, ", ")})
		}
	}
	return
}

func nlbDeletionProtection(c *checkCtx) (out []violation) {
	for _, r := range c.each(tNLB) {
		if r.Str("enableDeletionProtection") != "true" {
			out = append(out, violation{r, "deletion protection off"})
		}
	}
	return
}

func nlbAccessLogs(c *checkCtx) (out []violation) {
	for _, r := range c.each(tNLB) {
		if sim.Str(r.Object("accessLogs")["enabled"]) != "true" {
			out = append(out, violation{r, "access logs off"})
		}
	}
	return
}

func listenerTLS(c *checkCtx) (out []violation) {
	for _, r := range c.each(tListener) {
		switch p := r.Str("protocol"); p {
		case "TLS", "HTTPS":
			if r.Str("certificateArn") == "" || !slices.Contains(modernTLS, r.Str("sslPolicy")) {
				out = append(out, violation{r, p + " without a certificate or a TLS 1.3 policy"})
			}
		default:
			out = append(out, violation{r, fmt.Sprintf("plaintext %s:%s", p, r.Str("port"))})
		}
	}
	return
}

// bucketChildren finds the resources of a type attached to a bucket.
func (c *checkCtx) bucketChildren(b *sim.Resource, typ string) []*sim.Resource {
	var out []*sim.Resource
	for _, r := range c.g.OfType(typ) {
		if c.refersTo(r, "bucket", b) {
			out = append(out, r)
		}
	}
	return out
}

func bucketHygiene(c *checkCtx) (out []violation) {
	for _, b := range c.each(tBucket) {
		pabs := c.bucketChildren(b, tPAB)
		ok := len(pabs) == 1
		for _, p := range pabs {
			for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
				ok = ok && p.Str(k) == "true"
			}
		}
		if !ok {
			out = append(out, violation{b, "public access is not fully blocked"})
		}
		own := c.bucketChildren(b, tOwnership)
		if len(own) != 1 || sim.Str(own[0].Object("rule")["objectOwnership"]) != "BucketOwnerEnforced" {
			out = append(out, violation{b, "ACLs are not disabled (BucketOwnerEnforced)"})
		}
		if len(c.bucketChildren(b, tSSE)) != 1 {
			out = append(out, violation{b, "no default encryption"})
		}
	}
	return
}

func bucketTLS(c *checkCtx) (out []violation) {
	for _, b := range c.each(tBucket) {
		found := false
		for _, bp := range c.bucketChildren(b, tBucketPol) {
			p, _ := parsePolicy(bp.Str("policy"))
			for _, s := range p.Statement {
				found = found || (s.Effect == "Deny" && slices.Contains(s.condition("Bool", "aws:SecureTransport"), "false"))
			}
		}
		if !found {
			out = append(out, violation{b, "no deny of requests without TLS"})
		}
	}
	return
}

func bucketPolicySafe(c *checkCtx) (out []violation) {
	caller := c.callerARN()
	for _, bp := range c.each(tBucketPol) {
		p, err := parsePolicy(bp.Str("policy"))
		if err != nil {
			out = append(out, violation{bp, "policy is not JSON"})
			continue
		}
		for _, s := range p.Statement {
			if !s.anyPrincipal() {
				continue
			}
			switch {
			case s.Effect == "Allow" && len(s.Condition) == 0:
				out = append(out, violation{bp, fmt.Sprintf("statement %q allows everyone", s.Sid)})
			case s.Effect == "Deny" && len(s.Condition) == 0:
				out = append(out, violation{bp, fmt.Sprintf("statement %q denies everyone unconditionally: a lock-out", s.Sid)})
			case s.Effect == "Deny" && len(s.condition("Bool", "aws:SecureTransport")) == 0 && !exempts(s, caller):
				out = append(out, violation{bp, fmt.Sprintf("statement %q does not exempt the deployer %s: a lock-out of pulumi destroy", s.Sid, caller)})
			}
		}
	}
	return
}

// exempts reports whether a deny's ArnNotLike/ArnNotEquals aws:PrincipalArn matches the caller.
func exempts(s stmt, caller string) bool {
	for _, pattern := range s.condition("ArnNot", "aws:PrincipalArn") {
		if ok, _ := path.Match(pattern, caller); ok || pattern == caller {
			return true
		}
	}
	return false
}

func bucketName(c *checkCtx) (out []violation) {
	for _, b := range c.each(tBucket) {
		if n := b.Out("bucket"); !bucketNameRe.MatchString(n) {
			out = append(out, violation{b, fmt.Sprintf("bucket name %q is not DNS-compliant without dots", n)})
		}
	}
	return
}

func noAdminFromWorld(c *checkCtx) (out []violation) {
	for _, sg := range c.securityGroups() {
		c.checked++
		for _, r := range c.sgRules(sg) {
			if r.ingress && r.world() && (r.covers(22) || r.covers(3389) || r.allTraffic()) {
				out = append(out, violation{r.owner, fmt.Sprintf("%s from %s", r.ports(), jsonList(r.cidrs))})
			}
		}
	}
	return
}

func noIngressFromWorld(c *checkCtx) (out []violation) {
	for _, sg := range c.securityGroups() {
		c.checked++
		for _, r := range c.sgRules(sg) {
			if r.ingress && r.world() {
				out = append(out, violation{r.owner, fmt.Sprintf("%s from %s", r.ports(), jsonList(r.cidrs))})
			}
		}
	}
	return
}

func noEgressToWorld(c *checkCtx) (out []violation) {
	for _, sg := range c.securityGroups() {
		c.checked++
		for _, r := range c.sgRules(sg) {
			if !r.ingress && r.world() {
				what := r.ports()
				if r.allTraffic() {
					what = "all traffic"
				}
				out = append(out, violation{r.owner, what + " to the internet"})
			}
		}
	}
	return
}

func descriptions(c *checkCtx) (out []violation) {
	for _, sg := range c.g.OfType(tSG) {
		c.checked++
		if strings.TrimSpace(sg.Str("description")) == "" || sg.Str("description") == "Managed by Pulumi" {
			out = append(out, violation{sg, "no description"})
		}
	}
	for _, sg := range c.securityGroups() {
		for _, r := range c.sgRules(sg) {
			if strings.TrimSpace(r.desc) == "" {
				out = append(out, violation{r.owner, "a rule has no description"})
			}
		}
	}
	return
}

func noRuleMix(c *checkCtx) (out []violation) {
	for _, sg := range c.each(tSG) {
		var inline, standalone bool
		for _, r := range c.sgRules(sg) {
			inline = inline || r.inline
			standalone = standalone || !r.inline
		}
		if inline && standalone {
			out = append(out, violation{sg, "inline rules and standalone rule resources fight over this group"})
		}
	}
	return
}

func sgAttached(c *checkCtx) (out []violation) {
	users := map[string]bool{}
	for _, r := range c.g.Resources {
		for _, k := range []string{"vpcSecurityGroupIds", "securityGroupIds", "securityGroups"} {
			for _, id := range r.Strs(k) {
				users[id] = true
			}
		}
	}
	for _, sg := range c.each(tSG) {
		if !users[sg.ID] {
			out = append(out, violation{sg, "attached to nothing"})
		}
	}
	return
}

func endpointServiceTrust(c *checkCtx) (out []violation) {
	for _, r := range c.each(tEPS) {
		if r.Str("acceptanceRequired") != "true" {
			out = append(out, violation{r, "accepts any connection without review"})
		}
		ps := r.Strs("allowedPrincipals")
		if len(ps) == 0 || slices.Contains(ps, "*") {
			out = append(out, violation{r, fmt.Sprintf("allowed principals %v", ps)})
		}
	}
	return
}

func teardown(c *checkCtx) (out []violation) {
	for _, r := range c.g.Resources {
		c.checked++
		if r.Protect || r.RetainOnDelete {
			out = append(out, violation{r, "protected or retained: pulumi destroy leaves it behind"})
		}
		switch {
		case r.Type == tBucket && r.Str("forceDestroy") != "true":
			out = append(out, violation{r, "not force-destroyed: a bucket with objects blocks pulumi destroy"})
		case r.Type == tLogGroup && r.Str("skipDestroy") == "true":
			out = append(out, violation{r, "skipDestroy keeps the log group"})
		}
	}
	return
}

func defaultSGClosed(c *checkCtx) (out []violation) {
	for _, vpc := range c.each(tVpc) {
		var adopted *sim.Resource
		for _, d := range c.g.OfType(tDefaultSG) {
			if c.refersTo(d, "vpcId", vpc) {
				adopted = d
			}
		}
		switch {
		case adopted == nil:
			out = append(out, violation{vpc, "the default security group keeps AWS's allow rules (not adopted)"})
		case len(c.sgRules(adopted)) > 0:
			out = append(out, violation{adopted, "the default security group has rules"})
		}
	}
	return
}

func flowLogs(c *checkCtx) (out []violation) {
	for _, vpc := range c.each(tVpc) {
		ok := false
		for _, fl := range c.g.OfType(tFlowLog) {
			if c.refersTo(fl, "vpcId", vpc) && (fl.Str("trafficType") == "ALL" || fl.Str("trafficType") == "REJECT") {
				dest := c.g.Source(fl, "logDestination")
				ok = dest == nil || dest.Type != tLogGroup || dest.Str("retentionInDays") != ""
			}
		}
		if !ok {
			out = append(out, violation{vpc, "no flow log"})
		}
	}
	return
}

func noAutoPublicIP(c *checkCtx) (out []violation) {
	for _, sn := range c.each(tSubnet) {
		if sn.Str("mapPublicIpOnLaunch") == "true" {
			out = append(out, violation{sn, "assigns a public IP to every instance"})
		}
	}
	return
}

func defaultRoutes(c *checkCtx) (out []violation) {
	for _, r := range c.each(tRoute) {
		if r.Str("destinationCidrBlock") != "0.0.0.0/0" && r.Str("destinationIpv6CidrBlock") != "::/0" {
			continue
		}
		rt := c.g.Source(r, "routeTableId")
		if rt == nil {
			rt = r
		}
		switch {
		case strings.HasPrefix(r.Str("gatewayId"), "igw-"):
			out = append(out, violation{rt, "default route to the internet gateway"})
		case r.Str("instanceId") != "" || r.Str("networkInterfaceId") != "":
			out = append(out, violation{rt, "default route to an instance (use a NAT gateway)"})
		}
	}
	return
}

func privateAddressSpace(c *checkCtx) (out []violation) {
	for _, vpc := range c.each(tVpc) {
		p, err := netip.ParsePrefix(vpc.Str("cidrBlock"))
		if err != nil {
			continue
		}
		if !slices.ContainsFunc(privateSpace, func(r netip.Prefix) bool { return r.Bits() <= p.Bits() && r.Contains(p.Addr()) }) {
			out = append(out, violation{vpc, p.String() + " is public address space"})
		}
	}
	return
}

func endpointPolicies(c *checkCtx) (out []violation) {
	for _, ep := range c.each(tEndpoint) {
		doc := ep.Str("policy")
		if doc == "" {
			out = append(out, violation{ep, "no endpoint policy: full access for anyone"})
			continue
		}
		if len(doc) > maxEPPolicy {
			out = append(out, violation{ep, fmt.Sprintf("policy is %d characters (AWS allows %d)", len(doc), maxEPPolicy)})
		}
		p, err := parsePolicy(doc)
		if err != nil {
			out = append(out, violation{ep, "policy is not JSON"})
			continue
		}
		for _, s := range p.Statement {
			if s.Effect == "Allow" && s.anyPrincipal() && len(s.condition("", "aws:PrincipalAccount"))+len(s.condition("", "aws:PrincipalOrgID")) == 0 {
				out = append(out, violation{ep, fmt.Sprintf("statement %q lets principals of any account use the endpoint", s.Sid)})
			}
		}
	}
	return
}

func interfaceEndpointShape(c *checkCtx) (out []violation) {
	defaultSGs := map[string]bool{}
	for _, v := range c.g.OfType(tVpc) {
		defaultSGs[v.Out("defaultSecurityGroupId")] = true
	}
	for _, d := range c.g.OfType(tDefaultSG) {
		defaultSGs[d.ID] = true
	}
	instanceSGs := map[string]bool{}
	for _, in := range c.g.OfType(tInstance) {
		for _, id := range in.Strs("vpcSecurityGroupIds") {
			instanceSGs[id] = true
		}
	}
	for _, ep := range c.g.OfType(tEndpoint) {
		if ep.Str("vpcEndpointType") != "Interface" {
			continue
		}
		c.checked++
		sgs := ep.Strs("securityGroupIds")
		if len(sgs) == 0 {
			out = append(out, violation{ep, "no security group: it gets the VPC default SG"})
		}
		for _, id := range sgs {
			if defaultSGs[id] {
				out = append(out, violation{ep, "uses the VPC default security group"})
			}
			if instanceSGs[id] {
				out = append(out, violation{ep, "shares its security group with instances"})
			}
			if sg := c.g.ByID(id); sg != nil {
				for _, r := range c.sgRules(sg) {
					if r.ingress && (r.world() || r.allTraffic() || r.from != r.to) {
						out = append(out, violation{ep, fmt.Sprintf("its SG allows %s from %s", r.ports(), jsonList(r.cidrs))})
					}
				}
			}
		}
		if len(ep.Strs("subnetIds")) < 2 {
			out = append(out, violation{ep, "in one AZ: no redundancy"})
		}
	}
	return
}

func ssmPath(c *checkCtx) (out []violation) {
	for _, in := range c.each(tInstance) {
		role := c.g.Source(c.g.Source(in, "iamInstanceProfile"), "role")
		if role == nil {
			continue
		}
		usesSSM := false
		for _, a := range c.g.OfType(tAttachment) {
			usesSSM = usesSSM || (c.refersTo(a, "role", role) && strings.HasSuffix(a.Str("policyArn"), "/"+ssmCore))
		}
		if !usesSSM {
			continue
		}
		sn := c.g.Source(in, "subnetId")
		if sn == nil {
			continue
		}
		if c.hasDefaultRoute(sn, in.Str("associatePublicIpAddress") == "true") {
			continue
		}
		vpc := c.g.Source(sn, "vpcId")
		have := map[string]bool{}
		for _, ep := range c.g.OfType(tEndpoint) {
			if vpc != nil && c.refersTo(ep, "vpcId", vpc) && ep.Str("vpcEndpointType") == "Interface" {
				name := ep.Str("serviceName")
				have[name[strings.LastIndex(name, ".")+1:]] = true
			}
		}
		for _, svc := range strings.Fields(ssmEndpoints) {
			if !have[svc] {
				out = append(out, violation{in, "uses Session Manager without NAT and without the " + svc + " endpoint"})
			}
		}
	}
	return
}

// hasDefaultRoute reports whether a subnet reaches the internet: through a
// NAT gateway, or through the IGW when the instance has a public IP.
func (c *checkCtx) hasDefaultRoute(sn *sim.Resource, publicIP bool) bool {
	for _, a := range c.g.OfType(tRTA) {
		if !c.refersTo(a, "subnetId", sn) {
			continue
		}
		rt := c.g.Source(a, "routeTableId")
		for _, r := range c.g.OfType(tRoute) {
			if rt == nil || !c.refersTo(r, "routeTableId", rt) || r.Str("destinationCidrBlock") != "0.0.0.0/0" {
				continue
			}
			if r.Str("natGatewayId") != "" || (publicIP && strings.HasPrefix(r.Str("gatewayId"), "igw-")) {
				return true
			}
		}
	}
	return false
}

// jsonList prints a list as JSON, as a learner writes it in config.
func jsonList(v []string) string {
	b, _ := json.Marshal(v)
	return string(b)
}
