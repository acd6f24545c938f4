package tests

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/vpclab/vpclab/sim"
)

// v6Renamed are the type tokens pulumi-aws v7 renamed among those vpclab
// uses; the v7 SDK registers the new types with an alias to the old ones.
var v6Renamed = map[string]string{
	"aws:s3/bucketV2:BucketV2": "aws:s3/bucket:Bucket",
	"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
}

// v6Cases are the configurations testdata/v6-urns.txt was recorded with.
var v6Cases = map[string]struct {
	stack     string
	overrides map[string]string
}{
	"dev": {"dev", nil}, "gateway-vs-interface": {"gateway-vs-interface", nil}, "nat-bastion": {"nat-bastion", nil},
	"privatelink": {"privatelink", nil}, "s3-gateway": {"s3-gateway", nil}, "ssm": {"ssm", nil},
	"s3-gateway+flowLogs+dynamodb": {"s3-gateway", map[string]string{"flowLogs": "true", "dynamodbGatewayEndpoint": "true"}},
}

// A lab deployed with vpclab on pulumi-aws v6 keeps every resource on v7:
// each URN in its state is the URN, or an alias, of a resource the v7
// program registers, so `pulumi up` adopts it instead of replacing it. The
// ones found only through an alias are exactly the renamed types, and the
// v7 note of docs/versions.md names each of them.
func TestV6StacksKeepTheirURNsOnV7(t *testing.T) {
	f, err := os.Open("testdata/v6-urns.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	golden := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			c, urn, _ := strings.Cut(line, "\t")
			golden[c] = append(golden[c], urn)
		}
	}
	if len(golden) != len(v6Cases) {
		t.Fatalf("golden file has %d cases, the test %d", len(golden), len(v6Cases))
	}
	readme, err := os.ReadFile(projectDir + "/docs/versions.md")
	if err != nil {
		t.Fatal(err)
	}
	renamedSeen := map[string]bool{}
	for name, urns := range golden {
		cs, ok := v6Cases[name]
		if !ok {
			t.Fatalf("golden case %q is not in v6Cases", name)
		}
		g := plan(t, cs.stack, cs.overrides).Graph
		byURN, byAlias := map[string]*sim.Resource{}, map[string]*sim.Resource{}
		for _, r := range g.Resources {
			byURN[r.URN] = r
			for _, a := range r.Aliases {
				byAlias[a] = r
			}
		}
		for _, u := range urns {
			if byURN[u] != nil {
				continue
			}
			r := byAlias[u]
			if r == nil {
				t.Errorf("%s: %s has no resource under that URN or an alias on v7: `pulumi up` would replace it", name, u)
				continue
			}
			old := string(resource.URN(u).Type())
			if v6Renamed[old] != r.Type || resource.URN(u).Name() != r.Name {
				t.Errorf("%s: %s is adopted by %s %s, which is not its v7 rename", name, u, r.Type, r.Name)
			}
			renamedSeen[old] = true
		}
	}
	for old, new := range v6Renamed {
		if !renamedSeen[old] {
			t.Errorf("no stack uses %s any more: drop it from v6Renamed and docs/versions.md", old)
		}
		if !strings.Contains(string(readme), "`"+old+"`") || !strings.Contains(string(readme), "`"+new+"`") {
			t.Errorf("docs/versions.md's v7 note does not name the rename %s → %s", old, new)
		}
	}
}
