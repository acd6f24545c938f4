package sim

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

const tokenLookup = "aws:ec2/getVpcEndpointService:getVpcEndpointService"

// The endpoint-service lookup answers as the provider's data source does:
// a typed lookup finds the one service, an untyped one of a service that
// has a gateway and an interface service fails on the two matches.
func TestEndpointServiceLookupWithAndWithoutType(t *testing.T) {
	for _, tc := range []struct {
		service, serviceType string
		wantType, wantErr    string
	}{
		{"s3", "", "", "multiple VPC Endpoint Services matched"},
		{"dynamodb", "", "", "multiple VPC Endpoint Services matched"},
		{"s3", "Gateway", "Gateway", ""},
		{"s3", "Interface", "Interface", ""},
		{"dynamodb", "Interface", "Interface", ""},
		{"ssm", "", "Interface", ""},
		{"ssm", "Interface", "Interface", ""},
		{"ssm", "Gateway", "", "no matching EC2 VPC Endpoint Service found"},
		{"teleport", "Interface", "", "no matching EC2 VPC Endpoint Service found"},
		{"s3", "GatewayLoadBalancer", "", "serviceType \"GatewayLoadBalancer\" is not simulated"},
	} {
		a, _ := NewAWS("ap-northeast-2")
		args := map[string]any{"service": tc.service}
		if tc.serviceType != "" {
			args["serviceType"] = tc.serviceType
		}
		out, err := a.Invoke(tokenLookup, resource.NewPropertyMapFromMap(args))
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%s type %q: error %v, want %q", tc.service, tc.serviceType, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("%s type %q: %v", tc.service, tc.serviceType, err)
		case out["serviceType"].StringValue() != tc.wantType:
			t.Errorf("%s type %q: answered %v", tc.service, tc.serviceType, out["serviceType"])
		}
	}
}

// Every region answers for the whole catalogue, with the region's AZs
// less those without endpoint services, and private DNS names in the
// region; policy support is the catalogue's, with its source.
func TestCatalogueAnswersInEveryRegion(t *testing.T) {
	for _, region := range RegionNames() {
		a, _ := NewAWS(region)
		for _, s := range Catalogue {
			if s.Source == "" || !strings.HasPrefix(s.PolicySource, "https://") {
				t.Errorf("%s: no source for the entry or its policy support", s.Name)
			}
			for _, typ := range s.Types() {
				out, err := a.Invoke(tokenLookup, resource.NewPropertyMapFromMap(map[string]any{"service": s.Name, "serviceType": typ}))
				if err != nil {
					t.Errorf("%s %s %s: %v", region, s.Name, typ, err)
					continue
				}
				wantPolicy := typ == "Gateway" || s.PolicySupported
				if got := out["vpcEndpointPolicySupported"].BoolValue(); got != wantPolicy {
					t.Errorf("%s %s %s: policy supported %v", region, s.Name, typ, got)
				}
				azs := out["availabilityZones"].ArrayValue()
				if len(azs) == 0 || len(azs) > len(a.Region.AZs) {
					t.Errorf("%s %s %s: AZs %v", region, s.Name, typ, azs)
				}
				if dns := out["privateDnsName"].StringValue(); typ == "Interface" && !strings.Contains(dns, "."+region+".") {
					t.Errorf("%s %s: private DNS %q", region, s.Name, dns)
				}
			}
		}
	}
}

// The region table covers every commercial region, each with matching AZ
// names and zone IDs, and its public addresses in the documentation range.
func TestRegionTable(t *testing.T) {
	if len(Regions) != 34 {
		t.Errorf("%d regions, want the 34 commercial regions", len(Regions))
	}
	doc := netip.MustParsePrefix("198.51.100.0/24")
	for name, r := range Regions {
		if r.Name != name || r.Description == "" || len(r.AZs) < 2 || len(r.AZs) != len(r.AZIDs) || r.PublicPool != doc {
			t.Errorf("%s: %+v", name, r)
		}
		for i, az := range r.AZs {
			if !strings.HasPrefix(az, name) || !strings.Contains(r.AZIDs[i], "-az") {
				t.Errorf("%s: AZ %s / %s", name, az, r.AZIDs[i])
			}
		}
		if len(r.PrefixLists) != 2 {
			t.Errorf("%s: prefix lists %v", name, r.PrefixLists)
		}
	}
	if seoul := Regions["ap-northeast-2"]; seoul.PrefixLists["s3"] != "pl-78a54011" || seoul.PrefixListSources["dynamodb"] != "" {
		t.Errorf("Seoul: %v %v", seoul.PrefixLists, seoul.PrefixListSources)
	}
}

// What plan prints is checked for simulated values: public addresses and
// prefix-list IDs nobody published; the guides' S3 list is AWS's.
func TestSimulatedValuesAreFound(t *testing.T) {
	r := Regions["ap-northeast-2"]
	ddb := r.PrefixLists["dynamodb"]
	got := r.SimulatedIn("ssh -J ec2-user@198.51.100.23 ec2-user@10.0.1.5; route pl-78a54011 and " + ddb + ", 3.34.1.1")
	var values []string
	for _, s := range got {
		values = append(values, s.Value)
	}
	if !slices.Equal(values, []string{"198.51.100.23", ddb}) {
		t.Errorf("simulated %v", got)
	}
	if notes := strings.Join(r.Notes(), "\n"); !strings.Contains(notes, "dynamodb "+ddb) || !strings.Contains(notes, "apne2-az1") {
		t.Errorf("notes %q", notes)
	}
}

// Instance-type offerings per AZ: the constrained us-east-1 zone offers
// no t3, a type EC2 does not have is offered nowhere, and filters narrow.
func TestInstanceTypeOfferings(t *testing.T) {
	const token = "aws:ec2/getInstanceTypeOfferings:getInstanceTypeOfferings"
	filter := func(name string, values ...any) map[string]any { return map[string]any{"name": name, "values": values} }
	for _, tc := range []struct {
		region string
		args   map[string]any
		want   []string // some of the types, or none
		not    []string
	}{
		{"us-east-1", map[string]any{"locationType": "availability-zone", "filters": []any{filter("location", "us-east-1e")}}, []string{"t2.micro"}, []string{"t3.micro", "m5.large"}},
		{"us-east-1", map[string]any{"locationType": "availability-zone", "filters": []any{filter("location", "us-east-1a")}}, []string{"t2.micro", "t3.micro"}, nil},
		{"us-east-1", map[string]any{"locationType": "availability-zone-id", "filters": []any{filter("location", "use1-az3")}}, []string{"t2.micro"}, []string{"t3.micro"}},
		{"ap-northeast-2", map[string]any{"locationType": "availability-zone", "filters": []any{filter("instance-type", "t99.huge")}}, nil, []string{"t99.huge"}},
		{"ap-northeast-2", map[string]any{"filters": []any{filter("instance-type", "t3.*")}}, []string{"t3.nano", "t3.2xlarge"}, []string{"t2.micro"}},
		{"eu-north-1", map[string]any{}, []string{"t3.micro"}, []string{"t2.micro"}},
		{"us-west-2", map[string]any{"locationType": "availability-zone", "filters": []any{filter("location", "us-west-2d")}}, []string{"t3.micro"}, []string{"t2.micro"}},
	} {
		a, _ := NewAWS(tc.region)
		out, err := a.Invoke(token, resource.NewPropertyMapFromMap(tc.args))
		if err != nil {
			t.Fatal(err)
		}
		var types []string
		for _, v := range out["instanceTypes"].ArrayValue() {
			types = append(types, v.StringValue())
		}
		for _, w := range tc.want {
			if !slices.Contains(types, w) {
				t.Errorf("%s %v: no %s in %v", tc.region, tc.args, w, types)
			}
		}
		for _, n := range tc.not {
			if slices.Contains(types, n) {
				t.Errorf("%s %v: offers %s", tc.region, tc.args, n)
			}
		}
		if tc.want == nil && len(types) != 0 {
			t.Errorf("%s %v: offers %v", tc.region, tc.args, types)
		}
	}
}
