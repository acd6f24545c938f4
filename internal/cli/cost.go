package cli

import (
	"fmt"
	"strings"

	"github.com/vpclab/vpclab/cost"
	"github.com/vpclab/vpclab/cost/costgraph"
	"github.com/vpclab/vpclab/i18n"
	"github.com/vpclab/vpclab/sim"
)

// Estimate prices every custom resource of a run by the hour.
func Estimate(res *sim.Result, table cost.Table) cost.Costs { return costgraph.Estimate(res, table) }

// RenderCosts prints the cost lines for a terminal: one line per charge, the
// total marked "≥" when something has no price, and where each figure comes
// from.
func RenderCosts(c cost.Costs, lang i18n.Lang) string {
	var b strings.Builder
	width := 0
	for _, l := range c.Lines {
		width = max(width, len([]rune(l.Resource)))
	}
	for _, l := range c.Lines {
		mark := ""
		if l.Derived != "" {
			mark = " *"
		}
		fmt.Fprintf(&b, "  %-*s  %-28s %6g × %.6f = %.4f/h%s\n", width, l.Resource, strings.TrimPrefix(l.Item, cost.InstanceItem), l.Quantity, l.Unit, l.Hourly, mark)
	}
	fmt.Fprintf(&b, "  %s\n", lang.T(i18n.CostTotal, c.USD(c.Hourly, 4), c.USD(c.Monthly, 2), c.HoursPerMonth))
	for _, u := range c.Unknown {
		fmt.Fprintf(&b, "  %s\n", lang.T(i18n.CostUnknown, i18n.Localize(lang, u)))
	}
	fmt.Fprintf(&b, "\n%s\n", lang.T(i18n.CostPrices, c.Region, c.Version))
	if n := c.Derived(); n > 0 {
		fmt.Fprintf(&b, "%s\n", lang.T(i18n.CostDerived, n, c.Region))
	}
	if len(c.Free) > 0 {
		fmt.Fprintf(&b, "%s\n", lang.T(i18n.CostFree, i18n.Localize(lang, strings.Join(c.Free, ", "))))
	}
	for _, a := range c.Assumed {
		fmt.Fprintf(&b, "%s\n", lang.T(i18n.CostAssumed, i18n.Localize(lang, a)))
	}
	return b.String()
}
