package tests

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/vpclab/vpclab/components"
	"github.com/vpclab/vpclab/sim"
)

const (
	tEndpoint     = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tBucket       = "aws:s3/bucket:Bucket"
	tBucketPolicy = "aws:s3/bucketPolicy:BucketPolicy"
	tRolePolicy   = "aws:iam/rolePolicy:RolePolicy"
)

func policyOf(t *testing.T, r *sim.Resource, key string) components.PolicyDocument {
	t.Helper()
	var raw struct {
		Version   string
		Statement []struct {
			Sid       string
			Effect    string
			Principal any
			Action    []string
			Resource  []string
			Condition map[string]map[string][]string
		}
	}
	if err := json.Unmarshal([]byte(r.Str(key)), &raw); err != nil {
		t.Fatalf("%s.%s is not JSON: %v\n%s", r.Name, key, err, r.Str(key))
	}
	doc := components.PolicyDocument{Version: raw.Version}
	for _, s := range raw.Statement {
		st := components.Statement{Sid: s.Sid, Effect: s.Effect, Action: s.Action, Resource: s.Resource, Condition: s.Condition}
		if s.Principal == "*" {
			st.Principal = &components.Principal{Any: true}
		}
		doc.Statement = append(doc.Statement, st)
	}
	return doc
}

func TestS3GatewayEndpointIsOnThePrivateRouteTableOnly(t *testing.T) {
	g := plan(t, "s3-gateway", nil).Graph
	ep := find(t, g, tEndpoint, "s3-endpoint")
	vpc := find(t, g, tVpc, "network-vpc")
	privateRT := routeTableOf(t, g, find(t, g, tSubnet, "network-private-0"))

	wiredTo(t, g, ep, "vpcId", vpc)
	if ep.Str("vpcEndpointType") != "Gateway" || ep.Str("serviceName") != "com.amazonaws.ap-northeast-2.s3" {
		t.Errorf("endpoint %s %s", ep.Str("vpcEndpointType"), ep.Str("serviceName"))
	}
	if srcs := g.Sources(ep, "routeTableIds"); len(srcs) != 1 || srcs[0] != privateRT {
		t.Errorf("endpoint route tables come from %v, want exactly %s", srcs, privateRT.Name)
	}
	if ids := ep.Strs("routeTableIds"); len(ids) != 1 || ids[0] != privateRT.ID {
		t.Errorf("endpoint routeTableIds = %v, want [%s]", ids, privateRT.ID)
	}
	if ep.Out("prefixListId") != "pl-78a54011" {
		t.Errorf("prefix list %s, want the guide's pl-78a54011", ep.Out("prefixListId"))
	}
	// The guide deletes the private default route: no route at all, no NAT.
	if routes := routesOf(g, privateRT); len(routes) != 0 {
		t.Errorf("private route table has routes %v", routes)
	}
	if len(g.OfType(tNAT))+len(g.OfType(tEIP)) != 0 {
		t.Error("the s3-gateway lab has a NAT gateway or an EIP")
	}
}

func TestS3GatewayPolicies(t *testing.T) {
	g := plan(t, "s3-gateway", nil).Graph
	ep := find(t, g, tEndpoint, "s3-endpoint")
	bucket := find(t, g, tBucket, "vpclab-bucket")
	bucketARN := bucket.Out("arn")

	// Endpoint policy: only the lab bucket, only this account's principals;
	// "*" only for the opted-in ListAllMyBuckets.
	for _, st := range policyOf(t, ep, "policy").Statement {
		if st.Effect != "Allow" || st.Principal == nil || !st.Principal.Any {
			t.Errorf("unexpected statement %+v", st)
		}
		if got := st.Condition["StringEquals"]["aws:PrincipalAccount"]; !slices.Equal(got, []string{sim.Account}) {
			t.Errorf("statement %s is not limited to the account: %v", st.Sid, st.Condition)
		}
		for _, r := range st.Resource {
			switch {
			case r == bucketARN || r == bucketARN+"/*":
			case r == "*" && slices.Equal(st.Action, []string{"s3:ListAllMyBuckets"}):
			default:
				t.Errorf("endpoint policy allows %v on %s", st.Action, r)
			}
		}
		for _, a := range st.Action {
			if strings.HasSuffix(a, "*") {
				t.Errorf("endpoint policy allows wildcard action %s", a)
			}
		}
	}

	// Bucket policy: endpoint-only by aws:SourceVpce = this endpoint, deployer exempt, TLS only.
	bp := find(t, g, tBucketPolicy, "vpclab-policy")
	wiredTo(t, g, bp, "bucket", bucket)
	deps := g.Sources(bp, "policy")
	if !slices.Contains(deps, ep) || !slices.Contains(deps, bucket) {
		t.Errorf("bucket policy depends on %v, want the endpoint and the bucket", deps)
	}
	doc := policyOf(t, bp, "policy")
	var vpceDeny, tlsDeny bool
	for _, st := range doc.Statement {
		if st.Effect != "Deny" {
			t.Errorf("bucket policy has a %s statement", st.Effect)
		}
		if len(st.Condition) == 0 {
			t.Errorf("unconditional deny %s locks everyone out", st.Sid)
		}
		if v := st.Condition["StringNotEquals"]["aws:SourceVpce"]; v != nil {
			vpceDeny = slices.Equal(v, []string{ep.ID}) && slices.Contains(st.Condition["ArnNotLike"]["aws:PrincipalArn"], sim.CallerARN)
		}
		if slices.Equal(st.Condition["Bool"]["aws:SecureTransport"], []string{"false"}) {
			tlsDeny = true
		}
	}
	if !vpceDeny {
		t.Errorf("no deny pinned to aws:SourceVpce=%s with the deployer %s exempt:\n%s", ep.ID, sim.CallerARN, bp.Str("policy"))
	}
	if !tlsDeny {
		t.Error("no deny of insecure transport")
	}

	// The instance role: the lab bucket only, ListAllMyBuckets as the opt-in, never s3:*.
	role := g.Source(find(t, g, tProfile, "access-private-profile"), "role")
	var inline []*sim.Resource
	for _, p := range g.OfType(tRolePolicy) {
		if g.Source(p, "role") == role {
			inline = append(inline, p)
		}
	}
	if len(inline) != 1 {
		t.Fatalf("private role has %d inline policies, want 1", len(inline))
	}
	for _, st := range policyOf(t, inline[0], "policy").Statement {
		for _, a := range st.Action {
			if a == "s3:*" || a == "*" {
				t.Errorf("private role allows %s", a)
			}
		}
		for _, r := range st.Resource {
			if r == "*" && !slices.Equal(st.Action, []string{"s3:ListAllMyBuckets"}) {
				t.Errorf("private role allows %v on *", st.Action)
			}
			if r != "*" && r != bucketARN && r != bucketARN+"/*" {
				t.Errorf("private role reaches %s", r)
			}
		}
	}
	for _, a := range g.OfType(tAttachment) {
		if strings.Contains(a.Str("policyArn"), "S3FullAccess") {
			t.Errorf("%s attaches %s", a.Name, a.Str("policyArn"))
		}
	}
	// The private instance may reach S3 only through the endpoint's prefix list.
	privateSG := find(t, g, tSG, "access-private-sg")
	var toPL []*sim.Resource
	for _, r := range rulesOn(g, tEgress, privateSG) {
		if r.Str("prefixListId") != "" {
			toPL = append(toPL, r)
		}
		if r.Str("cidrIpv4") == "0.0.0.0/0" {
			t.Errorf("private instance has internet egress %s without NAT", r.Name)
		}
	}
	if len(toPL) != 1 || toPL[0].Str("prefixListId") != "pl-78a54011" || g.Source(toPL[0], "prefixListId") != ep || toPL[0].Str("fromPort") != "443" {
		t.Errorf("private egress to the S3 prefix list: %v", toPL)
	}
}

func TestLabBucketIsLockedDownAndDestroyable(t *testing.T) {
	res := plan(t, "s3-gateway", nil)
	g := res.Graph
	bucket := find(t, g, tBucket, "vpclab-bucket")
	if bucket.Str("forceDestroy") != "true" || bucket.Tag("Name") != "insomenia-vpc-endpoint-check" {
		t.Errorf("bucket forceDestroy=%s Name=%q", bucket.Str("forceDestroy"), bucket.Tag("Name"))
	}
	if name := bucket.Out("bucket"); !strings.HasPrefix(name, "vpclab-bucket-") || len(name) > 63 || strings.ContainsAny(name, ".ABCDEFGHIJKLMNOPQRSTUVWXYZ_") {
		t.Errorf("bucket name %q is not a DNS-compliant autoname", name)
	}
	pab := find(t, g, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "vpclab-public-access-block")
	wiredTo(t, g, pab, "bucket", bucket)
	for _, k := range []string{"blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"} {
		if pab.Str(k) != "true" {
			t.Errorf("public access block %s = %s", k, pab.Str(k))
		}
	}
	own := find(t, g, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "vpclab-ownership")
	if sim.Str(own.Object("rule")["objectOwnership"]) != "BucketOwnerEnforced" || g.Source(own, "bucket") != bucket {
		t.Error("ACLs are not disabled on the lab bucket")
	}
	sse := find(t, g, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "vpclab-encryption")
	if g.Source(sse, "bucket") != bucket || len(sse.List("rules")) != 1 {
		t.Error("the lab bucket has no default encryption")
	}
	if !dependsOn(find(t, g, tBucketPolicy, "vpclab-policy"), pab) {
		t.Error("the bucket policy is not ordered after the public access block")
	}
	cmds, _ := res.Exports["s3Commands"].([]string)
	if len(cmds) < 3 || !strings.Contains(cmds[0], "aws s3 ls s3://"+bucket.Out("bucket")) || res.Exports["s3EndpointId"] != find(t, g, tEndpoint, "s3-endpoint").ID {
		t.Errorf("exports: s3Commands %v s3EndpointId %v", cmds, res.Exports["s3EndpointId"])
	}
}

// The guide's "before" state and seed 002's aws:SourceVpc variant.
func TestS3GatewayToggles(t *testing.T) {
	t.Run("no endpoint yet", func(t *testing.T) {
		g := plan(t, "s3-gateway", map[string]string{"s3GatewayEndpoint": "false"}).Graph
		if len(g.OfType(tEndpoint)) != 0 {
			t.Fatal("endpoint still built")
		}
		for _, st := range policyOf(t, find(t, g, tBucketPolicy, "vpclab-policy"), "policy").Statement {
			if st.Condition["StringNotEquals"] != nil {
				t.Errorf("with no endpoint, the bucket policy still names one: %v", st.Condition)
			}
		}
		for _, r := range g.OfType(tEgress) {
			if r.Str("prefixListId") != "" {
				t.Errorf("%s still allows the S3 prefix list", r.Name)
			}
		}
	})
	t.Run("aws:SourceVpc", func(t *testing.T) {
		g := plan(t, "s3-gateway", map[string]string{"bucketPolicyCondition": "sourceVpc"}).Graph
		vpc := find(t, g, tVpc, "network-vpc")
		doc := policyOf(t, find(t, g, tBucketPolicy, "vpclab-policy"), "policy")
		if got := doc.Statement[0].Condition["StringNotEquals"]["aws:SourceVpc"]; !slices.Equal(got, []string{vpc.ID}) {
			t.Errorf("aws:SourceVpc = %v, want [%s]", got, vpc.ID)
		}
	})
	t.Run("dynamodb too", func(t *testing.T) {
		g := plan(t, "s3-gateway", map[string]string{"dynamodbGatewayEndpoint": "true"}).Graph
		ddb := find(t, g, tEndpoint, "dynamodb-endpoint")
		privateRT := find(t, g, tRouteTable, "network-private-0-rt")
		if ddb.Str("serviceName") != "com.amazonaws.ap-northeast-2.dynamodb" || g.Source(ddb, "routeTableIds") != privateRT {
			t.Errorf("dynamodb endpoint %s on %v", ddb.Str("serviceName"), g.Sources(ddb, "routeTableIds"))
		}
		want := "arn:aws:dynamodb:ap-northeast-2:" + sim.Account + ":table/*"
		if st := policyOf(t, ddb, "policy").Statement[0]; !slices.Contains(st.Resource, want) || st.Condition["StringEquals"]["aws:PrincipalAccount"][0] != sim.Account {
			t.Errorf("dynamodb policy %+v, want this account's tables", st)
		}
		var pls []string
		for _, r := range g.OfType(tEgress) {
			if pl := r.Str("prefixListId"); pl != "" {
				pls = append(pls, pl)
			}
		}
		if len(pls) != 2 || !slices.Contains(pls, ddb.Out("prefixListId")) {
			t.Errorf("private egress prefix lists %v, want S3's and DynamoDB's", pls)
		}
	})
	t.Run("both route tables", func(t *testing.T) {
		g := plan(t, "s3-gateway", map[string]string{"gatewayEndpointRouteTables": "both"}).Graph
		var names []string
		for _, rt := range g.Sources(find(t, g, tEndpoint, "s3-endpoint"), "routeTableIds") {
			names = append(names, rt.Name)
		}
		slices.Sort(names)
		if strings.Join(names, ",") != "network-private-0-rt,network-public-rt" {
			t.Errorf("endpoint on %v", names)
		}
	})
	t.Run("toggles keep URNs", func(t *testing.T) {
		base := map[string]bool{}
		for _, r := range plan(t, "s3-gateway", map[string]string{"s3GatewayEndpoint": "false", "allowListAllBuckets": "false"}).Graph.Resources {
			base[r.URN] = true
		}
		after := map[string]bool{}
		for _, r := range plan(t, "s3-gateway", map[string]string{"dynamodbGatewayEndpoint": "true"}).Graph.Resources {
			after[r.URN] = true
		}
		for u := range base {
			if !after[u] {
				t.Errorf("%s is replaced when the endpoints are turned on", u)
			}
		}
	})
}
