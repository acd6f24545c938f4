package sim

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"
)

// Region is what the simulation knows about one AWS region.
type Region struct {
	Name        string
	Description string // as DescribeRegions / getRegion word it: "Location (Region name)"
	// OptIn regions must be enabled in an account before use.
	OptIn bool
	AZs   []string // available AZ names, in order
	AZIDs []string // the matching zone IDs
	// PublicPool is where simulated public addresses come from: a
	// documentation range (RFC 5737), so no simulated address is a real one.
	PublicPool netip.Prefix
	// PrefixLists are the AWS-managed prefix lists of the gateway services.
	PrefixLists map[string]string
	// PrefixListSources says where a prefix-list ID was seen; a service
	// missing here has a simulated ID.
	PrefixListSources map[string]string
	// PerAccountMapping: the AZ name → zone ID pairing differs between
	// accounts (the oldest regions). Elsewhere it is uniform, but AWS
	// publishes no table of it; either way the simulation's is simulated.
	PerAccountMapping bool
	// NoEndpointAZs host no interface endpoint services.
	NoEndpointAZs []string
}

// Sources of the region table.
const (
	// The commercial (aws partition) regions and their descriptions: the
	// partitions file the AWS SDKs resolve endpoints with, as shipped in
	// github.com/aws/aws-sdk-go-v2 v1.43.0 internal/endpoints/awsrulesfn/partitions.json;
	// which of them are opt-in: AWS's Regions page.
	SrcRegions      = "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html"
	SrcRegionsSDK   = "https://github.com/aws/aws-sdk-go-v2/blob/v1.43.0/internal/endpoints/awsrulesfn/partitions.json"
	SrcAZIDs        = "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html"
	SrcAZMapping    = "https://docs.aws.amazon.com/global-infrastructure/latest/regions/az-ids.html"
	SrcEndpointAZ   = "https://repost.aws/knowledge-center/interface-endpoint-availability-zone"
	srcGuideS3PL    = "seeds 000 and 002 (the guides' screenshots of the Seoul S3 prefix list)"
	srcObservedUSE1 = "observed in public configurations and AWS's own DescribeSecurityGroups example (pl-63a5400a); AWS publishes no per-region table of prefix-list IDs"
	// RFC 5737 reserves 198.51.100.0/24 (TEST-NET-2) for documentation.
	SrcPublicPool = "https://www.rfc-editor.org/rfc/rfc5737"
)

// documentationPool is every region's simulated public address space.
var documentationPool = netip.MustParsePrefix("198.51.100.0/24")

// regionSpec is one row of the region table, compact.
type regionSpec struct {
	name, desc string
	optIn      bool
	idPrefix   string // the zone ID prefix: apne2 for ap-northeast-2
	letters    string // AZ name letters in order
	ids        []int  // the zone ID numbers, paired with letters
	// documented: AZ names pair with zone IDs the same way in every account
	// (launched after November 2012, SrcAZMapping).
	documented bool
	s3, ddb    string // gateway prefix-list IDs seen in the wild ("" = simulated)
	plSource   string
	noEndpoint []string // zone IDs without interface endpoint services
}

// regionTable: every generally available region of the aws partition
// (SrcRegionsSDK), opt-in ones included. AZ IDs are AWS's (SrcAZIDs); the
// name-to-ID pairing is uniform in regions launched after November 2012
// (SrcAZMapping) and per account before (us-east-1, us-west-1, us-west-2,
// eu-west-1, ap-northeast-1, ap-southeast-1, ap-southeast-2, sa-east-1);
// AWS publishes neither, so every pairing here is simulated: in order,
// except ap-northeast-1 and us-east-1, which show one account's.
// us-west-1 offers new accounts two of its zones (usw1-az1, usw1-az3).
var regionTable = []regionSpec{
	{name: "af-south-1", desc: "Africa (Cape Town)", optIn: true, idPrefix: "afs1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-east-1", desc: "Asia Pacific (Hong Kong)", optIn: true, idPrefix: "ape1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-east-2", desc: "Asia Pacific (Taipei)", optIn: true, idPrefix: "ape2", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-northeast-1", desc: "Asia Pacific (Tokyo)", idPrefix: "apne1", letters: "acd", ids: []int{4, 1, 2}},
	{name: "ap-northeast-2", desc: "Asia Pacific (Seoul)", idPrefix: "apne2", letters: "abcd", ids: []int{1, 2, 3, 4}, documented: true,
		s3: "pl-78a54011", plSource: srcGuideS3PL},
	{name: "ap-northeast-3", desc: "Asia Pacific (Osaka)", idPrefix: "apne3", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-south-1", desc: "Asia Pacific (Mumbai)", idPrefix: "aps1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-south-2", desc: "Asia Pacific (Hyderabad)", optIn: true, idPrefix: "aps2", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-southeast-1", desc: "Asia Pacific (Singapore)", idPrefix: "apse1", letters: "abc", ids: []int{1, 2, 3}},
	{name: "ap-southeast-2", desc: "Asia Pacific (Sydney)", idPrefix: "apse2", letters: "abc", ids: []int{1, 3, 2}},
	{name: "ap-southeast-3", desc: "Asia Pacific (Jakarta)", optIn: true, idPrefix: "apse3", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-southeast-4", desc: "Asia Pacific (Melbourne)", optIn: true, idPrefix: "apse4", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-southeast-5", desc: "Asia Pacific (Malaysia)", optIn: true, idPrefix: "apse5", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-southeast-6", desc: "Asia Pacific (New Zealand)", optIn: true, idPrefix: "apse6", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ap-southeast-7", desc: "Asia Pacific (Thailand)", optIn: true, idPrefix: "apse7", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "ca-central-1", desc: "Canada (Central)", idPrefix: "cac1", letters: "abd", ids: []int{1, 2, 4}, documented: true},
	{name: "ca-west-1", desc: "Canada West (Calgary)", optIn: true, idPrefix: "caw1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-central-1", desc: "Europe (Frankfurt)", idPrefix: "euc1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-central-2", desc: "Europe (Zurich)", optIn: true, idPrefix: "euc2", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-north-1", desc: "Europe (Stockholm)", idPrefix: "eun1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-south-1", desc: "Europe (Milan)", optIn: true, idPrefix: "eus1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-south-2", desc: "Europe (Spain)", optIn: true, idPrefix: "eus2", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-west-1", desc: "Europe (Ireland)", idPrefix: "euw1", letters: "abc", ids: []int{1, 2, 3}},
	{name: "eu-west-2", desc: "Europe (London)", idPrefix: "euw2", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "eu-west-3", desc: "Europe (Paris)", idPrefix: "euw3", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "il-central-1", desc: "Israel (Tel Aviv)", optIn: true, idPrefix: "ilc1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "me-central-1", desc: "Middle East (UAE)", optIn: true, idPrefix: "mec1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "me-south-1", desc: "Middle East (Bahrain)", optIn: true, idPrefix: "mes1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "mx-central-1", desc: "Mexico (Central)", optIn: true, idPrefix: "mxc1", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "sa-east-1", desc: "South America (Sao Paulo)", idPrefix: "sae1", letters: "abc", ids: []int{1, 2, 3}},
	// use1-az3 is the constrained us-east-1 zone: interface endpoint
	// services (SrcEndpointAZ) and current instance types skip it.
	{name: "us-east-1", desc: "US East (N. Virginia)", idPrefix: "use1", letters: "abcdef", ids: []int{6, 1, 2, 4, 3, 5},
		s3: "pl-63a5400a", ddb: "pl-02cd2c6b", plSource: srcObservedUSE1, noEndpoint: []string{"use1-az3"}},
	{name: "us-east-2", desc: "US East (Ohio)", idPrefix: "use2", letters: "abc", ids: []int{1, 2, 3}, documented: true},
	{name: "us-west-1", desc: "US West (N. California)", idPrefix: "usw1", letters: "ac", ids: []int{1, 3}},
	{name: "us-west-2", desc: "US West (Oregon)", idPrefix: "usw2", letters: "abcd", ids: []int{1, 2, 3, 4}},
}

// Regions the simulation answers for: every commercial region.
var Regions = buildRegions()

func buildRegions() map[string]Region {
	out := map[string]Region{}
	for _, s := range regionTable {
		r := Region{Name: s.name, Description: s.desc, OptIn: s.optIn, PublicPool: documentationPool, PerAccountMapping: !s.documented,
			PrefixLists: map[string]string{}, PrefixListSources: map[string]string{}}
		for i, l := range s.letters {
			r.AZs = append(r.AZs, s.name+string(l))
			r.AZIDs = append(r.AZIDs, fmt.Sprintf("%s-az%d", s.idPrefix, s.ids[i]))
		}
		for _, g := range []struct{ svc, id string }{{"s3", s.s3}, {"dynamodb", s.ddb}} {
			if g.id != "" {
				r.PrefixLists[g.svc], r.PrefixListSources[g.svc] = g.id, s.plSource
				continue
			}
			// Prefix-list IDs are the same in every account of a region, but
			// AWS publishes no table of them: a stable made-up one.
			r.PrefixLists[g.svc] = "pl-" + fmt.Sprintf("%x", digest("prefix-list "+s.name+" "+g.svc))[:8]
		}
		for _, id := range s.noEndpoint {
			for i, z := range r.AZIDs {
				if z == id {
					r.NoEndpointAZs = append(r.NoEndpointAZs, r.AZs[i])
				}
			}
		}
		out[s.name] = r
	}
	return out
}

// RegionNames lists the simulated regions, sorted.
func RegionNames() []string {
	var out []string
	for n := range Regions {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Simulated is one value the simulation made up rather than took from AWS.
type Simulated struct {
	Value string // as printed: an address, a prefix-list ID
	What  string // why it is simulated
}

// SimulatedIn finds the simulated values of the region in a printed text:
// public addresses (all from the documentation pool) and prefix-list IDs
// AWS publishes nowhere. plan marks them so nobody takes them for AWS's.
func (r Region) SimulatedIn(text string) []Simulated {
	var out []Simulated
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(text, func(c rune) bool {
		return !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '.' || c == '-')
	}) {
		f = strings.Trim(f, ".-")
		if seen[f] {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil && r.PublicPool.Contains(a) {
			seen[f] = true
			out = append(out, Simulated{f, "simulated public address (RFC 5737 documentation range)"})
		}
		for svc, pl := range r.PrefixLists {
			if f == pl && r.PrefixListSources[svc] == "" {
				seen[f] = true
				out = append(out, Simulated{f, "simulated " + svc + " prefix-list ID (AWS publishes none for " + r.Name + ")"})
			}
		}
	}
	return out
}

// Notes says what of the region itself is simulated, for plan's header.
func (r Region) Notes() []string {
	var notes []string
	how := "uniform across accounts, unpublished"
	if r.PerAccountMapping {
		how = "it differs between accounts here"
	}
	notes = append(notes, fmt.Sprintf("zone IDs %s are AWS's; their pairing with AZ names is simulated (%s)", r.pairing(), how))
	var svcs []string
	for svc := range r.PrefixLists {
		if r.PrefixListSources[svc] == "" {
			svcs = append(svcs, svc+" "+r.PrefixLists[svc])
		}
	}
	sort.Strings(svcs)
	if len(svcs) > 0 {
		notes = append(notes, "prefix-list IDs "+strings.Join(svcs, ", ")+" are simulated (the same in every account, but AWS publishes no table)")
	}
	notes = append(notes, "public addresses are simulated, from "+r.PublicPool.String()+" (RFC 5737)")
	return notes
}

func (r Region) pairing() string {
	pairs := make([]string, len(r.AZs))
	for i := range r.AZs {
		pairs[i] = r.AZs[i] + "=" + r.AZIDs[i]
	}
	return strings.Join(pairs, " ")
}
