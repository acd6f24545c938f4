package cost

import (
	"strings"
	"testing"

	"github.com/vpclab/vpclab/i18n"
)

// Every figure of every region names its AWS price page, and says either
// where it was found (listed) or how it was derived.
func TestPriceTableCitesEveryPrice(t *testing.T) {
	tab := MustLoad()
	if len(tab.Regions()) < 30 {
		t.Fatalf("the table prices %d regions: %v", len(tab.Regions()), tab.Regions())
	}
	for _, region := range tab.Regions() {
		if tab.RegionName(region) == "" || tab.regions[region].Factor <= 0 || tab.regions[region].FactorBasis == "" {
			t.Errorf("%s: no name, factor or factor basis", region)
		}
		for item := range tab.prices {
			p, ok := tab.ItemPrice(region, item)
			if !ok || p.USD <= 0 || !strings.HasPrefix(p.Source, "https://aws.amazon.com/") {
				t.Errorf("%s %s: %+v lacks a price or an AWS price page", region, item, p)
			}
			if (p.Derived == "") == (p.Seen == "") {
				t.Errorf("%s %s: a figure is either listed (seen somewhere) or derived (and says how): %+v", region, item, p)
			}
		}
	}
	// The figures the guides' region was found with are used as listed.
	if p, _ := tab.ItemPrice("ap-northeast-2", "instance-hour:t3.micro"); p.USD != 0.013 || p.Derived != "" {
		t.Errorf("Seoul t3.micro %+v", p)
	}
	if p, _ := tab.ItemPrice("ap-northeast-2", "instance-hour:t2.micro"); p.USD != 0.0144 || p.Derived != "" {
		t.Errorf("Seoul t2.micro %+v", p)
	}
	if p, _ := tab.ItemPrice("eu-north-1", "instance-hour:t3.micro"); p.Derived == "" || !strings.Contains(p.Derived, "us-east-1 0.0104 × 1.31") {
		t.Errorf("Stockholm t3.micro is not marked derived: %+v", p)
	}
}

// AWS bills a regional NAT gateway in NAT Gateway-hours, one per AZ: the
// two prices agree in every region.
func TestRegionalNatPriceIsTheNatGatewayHour(t *testing.T) {
	tab := MustLoad()
	for _, region := range tab.Regions() {
		reg, _ := tab.ItemPrice(region, RegionalNatAZ)
		zonal, _ := tab.ItemPrice(region, NatGateway)
		if reg.USD != zonal.USD || reg.Source != zonal.Source {
			t.Errorf("%s: regional %+v differs from the NAT Gateway-hour %+v", region, reg, zonal)
		}
	}
}

// What has no price is said, never priced at zero, and the total is marked
// as a lower bound everywhere it is printed.
func TestUnknownPriceMakesTheTotalALowerBound(t *testing.T) {
	tab := MustLoad()
	usages := []Usage{{"ec2:Instance a", InstanceItem + "t3.micro", 1}, {"ec2:Instance b", InstanceItem + "r5.large", 1}}
	c := tab.Estimate("ap-northeast-2", usages)
	if c.Complete || len(c.Lines) != 1 || c.Hourly != 0.013 || !strings.Contains(strings.Join(c.Unknown, ""), "ec2:Instance b: no price for r5.large in ap-northeast-2") {
		t.Fatalf("estimate %+v", c)
	}
	if got := c.USD(c.Hourly, 4); got != "≥ USD 0.0130" {
		t.Errorf("an incomplete total prints %q", got)
	}
	for _, lang := range []i18n.Lang{i18n.En, i18n.Ko} {
		if s := c.Summary(lang); !strings.Contains(s, "≥ USD 0.0130") || !strings.Contains(s, "r5.large") {
			t.Errorf("%s summary does not mark the total or name what is missing: %s", lang, s)
		}
	}
	whole := tab.Estimate("ap-northeast-2", usages[:1])
	if !whole.Complete || whole.USD(whole.Hourly, 4) != "USD 0.0130" {
		t.Errorf("a complete total: %+v", whole)
	}
	if c := tab.Estimate("mars-north-1", usages[:1]); c.Complete || len(c.Lines) != 0 {
		t.Errorf("a region the table lacks is priced: %+v", c)
	}
	// A resource type the model does not know makes the bill incomplete too.
	var b Bill
	b.Add("aws:ec2/transitGateway:TransitGateway", "ec2:TransitGateway tgw", nil)
	if c := tab.Price("us-east-1", b); c.Complete || !strings.Contains(c.Unknown[0], "not in the cost model") {
		t.Errorf("an unmodelled resource: %+v", c)
	}
}
