package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/guard"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
)

// RenderPlan prints the resource tree (components with their children) and
// the stack outputs, in English.
func RenderPlan(stack string, res *sim.Result) string { return RenderPlanIn(stack, res, i18n.En) }

// RenderPlanIn prints the resource tree and the stack outputs in a language.
func RenderPlanIn(stack string, res *sim.Result, lang i18n.Lang) string {
	var b strings.Builder
	g := res.Graph
	b.WriteString(lang.T(i18n.PlanHeader, stack, g.Len(), res.Region.Name) + "\n")
	for _, n := range res.Region.Notes() {
		b.WriteString(lang.T(i18n.PlanSimNote, i18n.Localize(lang, n)))
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
		if d := describe(g, r, lang); d != "" {
			line += "  " + d
		}
		line = markSimulated(res.Region, line, lang)
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
		b.WriteString(wrap(lang.T(i18n.PlanWarning, i18n.Localize(lang, w)), termWidth, "  "))
	}
	if len(res.Warnings) > 0 {
		b.WriteString("\n")
	}
	if len(res.Exports) > 0 {
		b.WriteString(lang.T(i18n.PlanOutputs))
		keys := make([]string, 0, len(res.Exports))
		for k := range res.Exports {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v := formatOutput(res.Exports[k], lang)
			if len(v) > termWidth-23 && (strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{")) {
				// A long list or map reads best as indented JSON.
				doc, _ := toJSON(res.Exports[k], "    ", "  ")
				fmt.Fprintf(&b, "%s\n", markSimulated(res.Region, fmt.Sprintf("  %s\n    %s", k, doc), lang))
				continue
			}
			b.WriteString(wrap(markSimulated(res.Region, fmt.Sprintf("  %-20s %s", k, v), lang), termWidth, strings.Repeat(" ", 23)))
		}
	}
	return b.String()
}

// markSimulated flags the values of a line the simulation made up (public
// addresses, unpublished prefix-list IDs), so nobody takes them for AWS's.
func markSimulated(reg sim.Region, line string, lang i18n.Lang) string {
	found := reg.SimulatedIn(line)
	if len(found) == 0 {
		return line
	}
	values := make([]string, len(found))
	for i, f := range found {
		values[i] = f.Value
	}
	return line + lang.T(i18n.PlanSimMark, strings.Join(values, ", "))
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

func describe(g *sim.Graph, r *sim.Resource, lang i18n.Lang) string {
	var parts []string
	add := func(f string, a ...any) { parts = append(parts, fmt.Sprintf(f, a...)) }
	say := func(m i18n.Msg, a ...any) { parts = append(parts, lang.T(m, a...)) }
	if n := r.Tag("Name"); n != "" && n != r.Name {
		add("[%s]", n)
	}
	switch r.Type {
	case "aws:ec2/vpc:Vpc":
		add("%s dnsSupport=%s dnsHostnames=%s", r.Str("cidrBlock"), r.Str("enableDnsSupport"), r.Str("enableDnsHostnames"))
	case "aws:ec2/subnet:Subnet":
		add("%s %s mapPublicIp=%s", r.Str("cidrBlock"), r.Str("availabilityZone"), r.Str("mapPublicIpOnLaunch"))
	case "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
		say(i18n.DescDefaultSG, len(r.List("ingress")), len(r.List("egress")))
	case "aws:ec2/route:Route":
		for _, k := range []string{"gatewayId", "natGatewayId", "vpcEndpointId"} {
			if r.Str(k) != "" {
				say(i18n.DescRoute, r.Str("destinationCidrBlock")+r.Str("destinationPrefixListId"), ref(g, r, k), ref(g, r, "routeTableId"))
			}
		}
	case "aws:ec2/routeTableAssociation:RouteTableAssociation":
		add("%s ↔ %s", ref(g, r, "subnetId"), ref(g, r, "routeTableId"))
	case "aws:ec2/eip:Eip":
		add("%s", r.Out("publicIp"))
	case "aws:ec2/natGateway:NatGateway":
		if r.Str("availabilityMode") != "regional" {
			say(i18n.DescNatZonal, ref(g, r, "subnetId"), ref(g, r, "allocationId"), r.Out("publicIp"))
			break
		}
		say(i18n.DescNatRegional, ref(g, r, "vpcId"))
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
			say(i18n.DescNatManual, strings.Join(addrs, "; "))
		} else {
			say(i18n.DescNatAuto)
		}
	case "aws:ec2/securityGroup:SecurityGroup":
		add("%q", r.Str("description"))
	case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
		rule := i18n.DescIngress
		if strings.Contains(r.Type, "Egress") {
			rule = i18n.DescEgress
		}
		peer := r.Str("cidrIpv4") + r.Str("cidrIpv6")
		switch {
		case r.Str("referencedSecurityGroupId") != "":
			peer = lang.T(i18n.DescPeerSG, ref(g, r, "referencedSecurityGroupId"))
		case r.Str("prefixListId") != "":
			peer = lang.T(i18n.DescPeerPL, r.Str("prefixListId"))
			if src := g.Source(r, "prefixListId"); src != nil {
				peer += " (" + src.Name + ")"
			}
		}
		say(rule, i18n.Localize(lang, guard.Ports(r.Str("ipProtocol"), atoi(r.Str("fromPort")), atoi(r.Str("toPort")))), ref(g, r, "securityGroupId"), peer)
	case "aws:ec2/instance:Instance":
		md, rb := r.Object("metadataOptions"), r.Object("rootBlockDevice")
		say(i18n.DescInstance,
			r.Str("instanceType"), ref(g, r, "subnetId"), strings.Join(names(g, r, "vpcSecurityGroupIds"), ","), r.Str("associatePublicIpAddress"),
			sim.Str(md["httpTokens"]), sim.Str(md["httpPutResponseHopLimit"]), sim.Str(rb["volumeType"]), sim.Str(rb["encrypted"]), ref(g, r, "iamInstanceProfile"), r.Out("privateIp"))
		if pg := r.Str("placementGroup"); pg != "" {
			add("placement=%s", ref(g, r, "placementGroup"))
		}
	case "aws:iam/role:Role":
		say(i18n.DescTrustBelow)
	case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
		add("%s → %s", r.Str("policyArn"), ref(g, r, "role"))
	case "aws:iam/rolePolicy:RolePolicy":
		say(i18n.DescRolePolicy, ref(g, r, "role"))
	case "aws:iam/instanceProfile:InstanceProfile":
		say(i18n.DescRole, ref(g, r, "role"))
	case "aws:ec2/placementGroup:PlacementGroup":
		say(i18n.DescStrategy, r.Str("strategy"))
	case "aws:ec2/vpcEndpoint:VpcEndpoint":
		say(i18n.DescEndpoint, r.Str("vpcEndpointType"), r.Str("serviceName"), ref(g, r, "vpcId"))
		if rts := idNames(g, r, "routeTableIds"); len(rts) > 0 {
			say(i18n.DescEndpointRTs, strings.Join(rts, ", "), r.Out("prefixListId"))
		}
		if sns := idNames(g, r, "subnetIds"); len(sns) > 0 {
			say(i18n.DescEndpointENIs, strings.Join(sns, ", "), strings.Join(idNames(g, r, "securityGroupIds"), ","), r.Str("privateDnsEnabled"))
		}
		if p := r.Str("policy"); p != "" {
			say(i18n.DescPolicyBelow)
		}
	case "aws:s3/bucket:Bucket":
		add("%s forceDestroy=%s", r.Out("bucket"), r.Str("forceDestroy"))
	case "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":
		say(i18n.DescOnBucket, ref(g, r, "bucket"))
		add("blockPublicAcls=%s blockPublicPolicy=%s ignorePublicAcls=%s restrictPublicBuckets=%s",
			r.Str("blockPublicAcls"), r.Str("blockPublicPolicy"), r.Str("ignorePublicAcls"), r.Str("restrictPublicBuckets"))
	case "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
		say(i18n.DescOnBucket, ref(g, r, "bucket"))
		add("%s", sim.Str(r.Object("rule")["objectOwnership"]))
	case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
		algo := ""
		if rules := r.List("rules"); len(rules) > 0 && rules[0].IsObject() {
			if d := rules[0].ObjectValue()["applyServerSideEncryptionByDefault"]; d.IsObject() {
				algo = sim.Str(d.ObjectValue()["sseAlgorithm"])
			}
		}
		say(i18n.DescOnBucket, ref(g, r, "bucket"))
		add("%s", algo)
	case "aws:s3/bucketPolicy:BucketPolicy":
		say(i18n.DescBucketPolicy, ref(g, r, "bucket"))
	case "aws:lb/loadBalancer:LoadBalancer":
		scheme := "internal"
		if r.Str("internal") == "false" {
			scheme = "internet-facing"
		}
		say(i18n.DescLB, r.Str("loadBalancerType"), scheme, strings.Join(idNames(g, r, "subnets"), ", "),
			strings.Join(idNames(g, r, "securityGroups"), ","), r.Str("enableCrossZoneLoadBalancing"), r.Out("dnsName"))
	case "aws:lb/targetGroup:TargetGroup":
		hc := r.Object("healthCheck")
		say(i18n.DescTargetGroup, r.Str("protocol"), r.Str("port"), r.Str("targetType"), ref(g, r, "vpcId"),
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
		say(i18n.DescListener, r.Str("protocol"), r.Str("port"), ref(g, r, "loadBalancerArn"), strings.Join(to, ", "))
	case "aws:ec2/vpcEndpointService:VpcEndpointService":
		say(i18n.DescService, r.Out("serviceName"), strings.Join(idNames(g, r, "networkLoadBalancerArns"), ", "),
			r.Str("acceptanceRequired"), strings.Join(r.Strs("allowedPrincipals"), ","))
	case "aws:ec2/vpcEndpointConnectionAccepter:VpcEndpointConnectionAccepter":
		say(i18n.DescAccepter, ref(g, r, "vpcEndpointId"), ref(g, r, "vpcEndpointServiceId"))
	case "aws:ec2/flowLog:FlowLog":
		say(i18n.DescFlowLog, r.Str("trafficType"), ref(g, r, "vpcId"), ref(g, r, "logDestination"))
	case "aws:cloudwatch/logGroup:LogGroup":
		say(i18n.DescRetention, r.Str("retentionInDays"))
	}
	// Korean separates the parts with commas, its words having no
	// prepositions to tell where one part ends.
	if lang == i18n.Ko && len(parts) > 1 {
		head := ""
		if strings.HasPrefix(parts[0], "[") {
			head, parts = parts[0]+" ", parts[1:]
		}
		return head + strings.Join(parts, ", ")
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
func formatOutput(v any, lang i18n.Lang) string {
	switch x := v.(type) {
	case string:
		return x
	case nil:
		return lang.T(i18n.PlanNone)
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
func renderFindings(rep guard.Report, lang i18n.Lang) string {
	var b strings.Builder
	un, ex := rep.Unexplained(), rep.Excepted()
	b.WriteString(lang.T(i18n.GuardHeader, len(guard.Rules()), len(un), len(ex)))
	for _, f := range un {
		b.WriteString(wrap(lang.T(i18n.GuardFail)+finding(f, lang), termWidth, "       "))
	}
	for _, f := range ex {
		b.WriteString(wrap(lang.T(i18n.GuardOK)+finding(f, lang), termWidth, "       "))
	}
	return b.String()
}

// finding is one guardrail finding as guard.Finding.String writes it, in
// the language; an exception's reason is the tag value on the resource, so
// Korean quotes it as it is.
func finding(f guard.Finding, lang i18n.Lang) string {
	if lang == i18n.En {
		return f.String()
	}
	s := lang.T(i18n.GuardFinding, f.Rule, i18n.Localize(lang, string(f.Severity)), f.Resource, i18n.Localize(lang, f.Detail), i18n.Localize(lang, strings.Join(f.Refs, ", ")))
	if f.Exception != "" {
		s += lang.T(i18n.GuardException, f.Exception)
	}
	return s
}

// renderQuotas shows the default AWS quotas the stack uses. They are per
// account and region: labs deployed side by side add up.
func renderQuotas(uses []sim.QuotaUse, lang i18n.Lang) string {
	var b strings.Builder
	b.WriteString("\n" + lang.T(i18n.QuotasHeader))
	if lang == i18n.En {
		for _, u := range uses {
			b.WriteString("  " + u.String() + "\n")
		}
		return b.String()
	}
	width := 0
	for _, u := range uses {
		width = max(width, columns(i18n.Localize(lang, u.Name)))
	}
	for _, u := range uses {
		name := i18n.Localize(lang, u.Name)
		s := lang.T(i18n.QuotaLine, name+strings.Repeat(" ", width-columns(name)), u.Used, u.Default, i18n.Localize(lang, u.In))
		if u.Exceeded() {
			s += lang.T(i18n.QuotaExceeds, u.Code)
		}
		b.WriteString("  " + s + "\n")
	}
	return b.String()
}
