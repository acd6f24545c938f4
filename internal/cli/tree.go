package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/sim"
)

// RenderPlan prints the resource tree (components with their children) and
// the stack outputs.
func RenderPlan(stack string, res *sim.Result) string {
	var b strings.Builder
	g := res.Graph
	fmt.Fprintf(&b, "stack %s: %d resources in %s (simulated)\n", stack, g.Len(), res.Region.Name)
	for _, n := range res.Region.Notes() {
		fmt.Fprintf(&b, "  simulated: %s\n", n)
	}
	b.WriteString("\n")
	var walk func(r *sim.Resource, indent string, last bool, top bool)
	walk = func(r *sim.Resource, indent string, last bool, top bool) {
		branch, next := "├─ ", indent+"│  "
		if last {
			branch, next = "└─ ", indent+"   "
		}
		if top {
			branch, next = "", ""
		}
		line := fmt.Sprintf("%s%s%s %s", indent, branch, shortType(r.Type), r.Name)
		if d := describe(g, r); d != "" {
			line += "  " + d
		}
		line = markSimulated(res.Region, line)
		kids := g.Children(r)
		pad := next + "│  "
		if len(kids) == 0 {
			pad = next + "   "
		}
		b.WriteString(wrap(line, termWidth, pad+"    "))
		for _, l := range policyLines(r) {
			b.WriteString(strings.TrimRight(pad+"  "+l, " ") + "\n")
		}
		sort.SliceStable(kids, func(i, j int) bool { return order(kids[i]) < order(kids[j]) })
		for i, c := range kids {
			walk(c, next, i == len(kids)-1, false)
		}
	}
	roots := g.Roots()
	sort.SliceStable(roots, func(i, j int) bool { return order(roots[i]) < order(roots[j]) })
	for _, r := range roots {
		walk(r, "", true, true)
		b.WriteString("\n")
	}
	for _, w := range res.Warnings {
		b.WriteString(wrap("warning: "+w, termWidth, "  "))
	}
	if len(res.Warnings) > 0 {
		b.WriteString("\n")
	}
	if len(res.Exports) > 0 {
		b.WriteString("outputs:\n")
		keys := make([]string, 0, len(res.Exports))
		for k := range res.Exports {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := formatOutput(res.Exports[k])
			if len(v) > termWidth-23 && (strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{")) {
				// A long list or map reads best as indented JSON.
				doc, _ := toJSON(res.Exports[k], "    ", "  ")
				fmt.Fprintf(&b, "%s\n", markSimulated(res.Region, fmt.Sprintf("  %s\n    %s", k, doc)))
				continue
			}
			b.WriteString(wrap(markSimulated(res.Region, fmt.Sprintf("  %-20s %s", k, v)), termWidth, strings.Repeat(" ", 23)))
		}
	}
	return b.String()
}

// markSimulated flags the values of a line the simulation made up (public
// addresses, unpublished prefix-list IDs), so nobody takes them for AWS's.
func markSimulated(reg sim.Region, line string) string {
	found := reg.SimulatedIn(line)
	if len(found) == 0 {
		return line
	}
	values := make([]string, len(found))
	for i, f := range found {
		values[i] = f.Value
	}
	return line + "  [simulated: " + strings.Join(values, ", ") + "]"
}

// order sorts children so the tree reads top-down like the guides: network
// first, then routing, then security, then compute.
func order(r *sim.Resource) string {
	rank := map[string]string{
		"vpclab:index:NetworkBase": "0",
		"aws:ec2/vpc:Vpc":          "0", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "1", "aws:ec2/internetGateway:InternetGateway": "2",
		"aws:ec2/subnet:Subnet": "3", "aws:ec2/routeTable:RouteTable": "4", "aws:ec2/routeTableAssociation:RouteTableAssociation": "5",
		"aws:ec2/route:Route": "6", "aws:ec2/eip:Eip": "7", "aws:ec2/natGateway:NatGateway": "8",
		"vpclab:index:GatewayEndpoint": "1", "vpclab:index:PrivateBucket": "2", "vpclab:index:BastionPair": "3",
		"aws:s3/bucket:Bucket": "0", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "1",
		"aws:ec2/securityGroup:SecurityGroup": "a", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "b",
		"aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "c", "aws:iam/role:Role": "d",
		"aws:iam/rolePolicyAttachment:RolePolicyAttachment": "e", "aws:iam/rolePolicy:RolePolicy": "e",
		"aws:iam/instanceProfile:InstanceProfile": "f", "aws:ec2/placementGroup:PlacementGroup": "g", "aws:ec2/instance:Instance": "h",
	}[r.Type]
	if rank == "" {
		rank = "z"
	}
	return rank + r.Name
}

// shortType drops the provider module path: aws:ec2/vpc:Vpc → ec2:Vpc.
func shortType(t string) string { return cost.ShortType(t) }

// ref names the resource an input came from, falling back to its value.
func ref(g *sim.Graph, r *sim.Resource, key string) string {
	if s := g.Source(r, key); s != nil {
		return s.Name
	}
	if v := r.Str(key); v != "" {
		return v
	}
	return "?"
}

func describe(g *sim.Graph, r *sim.Resource) string {
	var parts []string
	add := func(f string, a ...any) { parts = append(parts, fmt.Sprintf(f, a...)) }
	if n := r.Tag("Name"); n != "" && n != r.Name {
		add("[%s]", n)
	}
	switch r.Type {
	case "aws:ec2/vpc:Vpc":
		add("%s dnsSupport=%s dnsHostnames=%s", r.Str("cidrBlock"), r.Str("enableDnsSupport"), r.Str("enableDnsHostnames"))
	case "aws:ec2/subnet:Subnet":
		add("%s %s mapPublicIp=%s", r.Str("cidrBlock"), r.Str("availabilityZone"), r.Str("mapPublicIpOnLaunch"))
	case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
		add("rules: %d ingress, %d egress", len(r.List("ingress")), len(r.List("egress")))
	case "aws:ec2/route:Route":
		for _, k := range []string{"gatewayId", "natGatewayId", "vpcEndpointId"} {
			if r.Str(k) != "" {
				add("%s → %s in %s", r.Str("destinationCidrBlock")+r.Str("destinationPrefixListId"), ref(g, r, k), ref(g, r, "routeTableId"))
			}
		}
	case "aws:ec2/routeTableAssociation:RouteTableAssociation":
		add("%s ↔ %s", ref(g, r, "subnetId"), ref(g, r, "routeTableId"))
	case "aws:ec2/eip:Eip":
		add("%s", r.Out("publicIp"))
	case "aws:ec2/natGateway:NatGateway":
		if r.Str("availabilityMode") != "regional" {
			add("in %s with %s (%s)", ref(g, r, "subnetId"), ref(g, r, "allocationId"), r.Out("publicIp"))
			break
		}
		add("regional in %s", ref(g, r, "vpcId"))
		var addrs []string
		for _, b := range r.List("availabilityZoneAddresses") {
			if b.IsObject() {
				o := b.ObjectValue()
				var eips []string
				for _, id := range o["allocationIds"].ArrayValue() {
					eip := g.ByID(sim.Str(id))
					if eip == nil {
						eips = append(eips, sim.Str(id))
						continue
					}
					eips = append(eips, eip.Name+" "+eip.Out("publicIp"))
				}
				addrs = append(addrs, sim.Str(o["availabilityZone"])+sim.Str(o["availabilityZoneId"])+" ← "+strings.Join(eips, ", "))
			}
		}
		if len(addrs) > 0 {
			add("manual addresses: %s", strings.Join(addrs, "; "))
		} else {
			add("auto addresses: AWS allocates them as it expands into AZs with network interfaces")
		}
	case "aws:ec2/securityGroup:SecurityGroup":
		add("%q", r.Str("description"))
	case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
		dir, prep := "ingress", "from"
		if strings.Contains(r.Type, "Egress") {
			dir, prep = "egress", "to"
		}
		peer := r.Str("cidrIpv4") + r.Str("cidrIpv6")
		switch {
		case r.Str("referencedSecurityGroupId") != "":
			peer = "sg " + ref(g, r, "referencedSecurityGroupId")
		case r.Str("prefixListId") != "":
			peer = "prefix list " + r.Str("prefixListId")
			if src := g.Source(r, "prefixListId"); src != nil {
				peer += " (" + src.Name + ")"
			}
		}
		add("%s %s on %s %s %s", dir, guard.Ports(r.Str("ipProtocol"), atoi(r.Str("fromPort")), atoi(r.Str("toPort"))), ref(g, r, "securityGroupId"), prep, peer)
	case "aws:ec2/instance:Instance":
		md, rb := r.Object("metadataOptions"), r.Object("rootBlockDevice")
		add("%s in %s sg=%s publicIp=%s imds=%s hop=%v root=%v/encrypted=%v profile=%s ip=%s",
			r.Str("instanceType"), ref(g, r, "subnetId"), strings.Join(names(g, r, "vpcSecurityGroupIds"), ","), r.Str("associatePublicIpAddress"),
			sim.Str(md["httpTokens"]), sim.Str(md["httpPutResponseHopLimit"]), sim.Str(rb["volumeType"]), sim.Str(rb["encrypted"]), ref(g, r, "iamInstanceProfile"), r.Out("privateIp"))
		if pg := r.Str("placementGroup"); pg != "" {
			add("placement=%s", ref(g, r, "placementGroup"))
		}
	case "aws:iam/role:Role":
		add("trust policy below")
	case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
		add("%s → %s", r.Str("policyArn"), ref(g, r, "role"))
	case "aws:iam/rolePolicy:RolePolicy":
		add("on %s, policy below", ref(g, r, "role"))
	case "aws:iam/instanceProfile:InstanceProfile":
		add("role %s", ref(g, r, "role"))
	case "aws:ec2/placementGroup:PlacementGroup":
		add("strategy %s", r.Str("strategy"))
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		add("%s %s in %s", r.Str("vpcEndpointType"), r.Str("serviceName"), ref(g, r, "vpcId"))
		if rts := idNames(g, r, "routeTableIds"); len(rts) > 0 {
			add("on %s (route %s → this endpoint)", strings.Join(rts, ", "), r.Out("prefixListId"))
		}
		if sns := idNames(g, r, "subnetIds"); len(sns) > 0 {
			add("ENIs in %s sg=%s privateDns=%s", strings.Join(sns, ", "), strings.Join(idNames(g, r, "securityGroupIds"), ","), r.Str("privateDnsEnabled"))
		}
		if p := r.Str("policy"); p != "" {
			add("policy below")
		}
	case "aws:s3/bucket:Bucket":
		add("%s forceDestroy=%s", r.Out("bucket"), r.Str("forceDestroy"))
	case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
		add("on %s blockPublicAcls=%s blockPublicPolicy=%s ignorePublicAcls=%s restrictPublicBuckets=%s", ref(g, r, "bucket"),
			r.Str("blockPublicAcls"), r.Str("blockPublicPolicy"), r.Str("ignorePublicAcls"), r.Str("restrictPublicBuckets"))
	case "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
		add("on %s %s", ref(g, r, "bucket"), sim.Str(r.Object("rule")["objectOwnership"]))
	case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
		algo := ""
		if rules := r.List("rules"); len(rules) > 0 && rules[0].IsObject() {
			if d := rules[0].ObjectValue()["applyServerSideEncryptionByDefault"]; d.IsObject() {
				algo = sim.Str(d.ObjectValue()["sseAlgorithm"])
			}
		}
		add("on %s %s", ref(g, r, "bucket"), algo)
	case "aws:s3/bucketPolicy:BucketPolicy":
		add("on %s, policy below", ref(g, r, "bucket"))
	case "aws:lb/loadBalancer:LoadBalancer":
		scheme := "internal"
		if r.Str("internal") == "false" {
			scheme = "internet-facing"
		}
		add("%s %s in %s sg=%s crossZone=%s %s", r.Str("loadBalancerType"), scheme, strings.Join(idNames(g, r, "subnets"), ", "),
			strings.Join(idNames(g, r, "securityGroups"), ","), r.Str("enableCrossZoneLoadBalancing"), r.Out("dnsName"))
	case "aws:lb/targetGroup:TargetGroup":
		hc := r.Object("healthCheck")
		add("%s:%s %s targets in %s health %s every %ss (%s/%s)", r.Str("protocol"), r.Str("port"), r.Str("targetType"), ref(g, r, "vpcId"),
			sim.Str(hc["protocol"]), sim.Str(hc["interval"]), sim.Str(hc["healthyThreshold"]), sim.Str(hc["unhealthyThreshold"]))
	case "aws:lb/targetGroupAttachment:TargetGroupAttachment":
		add("%s:%s → %s", ref(g, r, "targetId"), r.Str("port"), ref(g, r, "targetGroupArn"))
	case "aws:lb/listener:Listener":
		var to []string
		for _, a := range r.List("defaultActions") {
			if a.IsObject() {
				if tg := g.ByID(sim.Str(a.ObjectValue()["targetGroupArn"])); tg != nil {
					to = append(to, sim.Str(a.ObjectValue()["type"])+" → "+tg.Name)
				}
			}
		}
		add("%s:%s on %s, %s", r.Str("protocol"), r.Str("port"), ref(g, r, "loadBalancerArn"), strings.Join(to, ", "))
	case "aws:ec2/vpcEndpointService:VpcEndpointService":
		add("%s for %s acceptanceRequired=%s principals=%s", r.Out("serviceName"), strings.Join(idNames(g, r, "networkLoadBalancerArns"), ", "),
			r.Str("acceptanceRequired"), strings.Join(r.Strs("allowedPrincipals"), ","))
	case "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter":
		add("accepts %s on %s", ref(g, r, "vpcEndpointId"), ref(g, r, "vpcEndpointServiceId"))
	case "aws:ec2/flowLog:FlowLog":
		add("%s traffic of %s → %s", r.Str("trafficType"), ref(g, r, "vpcId"), ref(g, r, "logDestination"))
	case "aws:cloudwatch/logGroup:LogGroup":
		add("retention %s days", r.Str("retentionInDays"))
	}
	return strings.Join(parts, " ")
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// idNames maps a list of IDs to the names of the resources that have them.
func idNames(g *sim.Graph, r *sim.Resource, key string) []string {
	var out []string
	for _, id := range r.Strs(key) {
		if s := g.ByID(id); s != nil {
			out = append(out, s.Name)
		} else {
			out = append(out, id)
		}
	}
	return out
}

// names maps a list input to the names of the resources it came from.
func names(g *sim.Graph, r *sim.Resource, key string) []string {
	var out []string
	for _, s := range g.Sources(r, key) {
		out = append(out, s.Name)
	}
	if len(out) == 0 {
		out = r.Strs(key)
	}
	return out
}

// formatOutput prints a stack output: text as it is, lists and maps as JSON
// (what `pulumi stack output --json` shows), not Go's [a b] and map[…].
func formatOutput(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return "(none)"
	}
	b, err := toJSON(v, "", "")
	if err != nil {
		return fmt.Sprint(v)
	}
	return b
}

// policyInputs are the inputs that hold an IAM policy document, by type.
var policyInputs = map[string]string{
	"aws:iam/role:Role": "assumeRolePolicy", "aws:iam/rolePolicy:RolePolicy": "policy",
	"aws:ec2/vpcEndpoint:VpcEndpoint": "policy", "aws:s3/bucketPolicy:BucketPolicy": "policy",
}

// policyLines is a resource's policy document indented for reading, or nil.
func policyLines(r *sim.Resource) []string {
	key, ok := policyInputs[r.Type]
	if !ok {
		return nil
	}
	doc, ok := jsonDoc(r.Str(key))
	if !ok {
		return nil
	}
	return strings.Split(doc, "\n")
}

// renderFindings lists unexplained findings first, then accepted ones.
func renderFindings(rep guard.Report) string {
	var b strings.Builder
	un, ex := rep.Unexplained(), rep.Excepted()
	fmt.Fprintf(&b, "\nguardrails: %d rules, %d findings without an exception, %d accepted by an exception\n", len(guard.Rules()), len(un), len(ex))
	for _, f := range un {
		b.WriteString(wrap("  FAIL "+f.String(), termWidth, "       "))
	}
	for _, f := range ex {
		b.WriteString(wrap("  ok   "+f.String(), termWidth, "       "))
	}
	return b.String()
}

// renderQuotas shows the default AWS quotas the stack uses. They are per
// account and region: labs deployed side by side add up.
func renderQuotas(uses []sim.QuotaUse) string {
	var b strings.Builder
	b.WriteString("\nAWS default quotas (per account and region: every deployed lab counts):\n")
	for _, u := range uses {
		b.WriteString("  " + u.String() + "\n")
	}
	return b.String()
}
