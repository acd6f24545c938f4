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
	fmt.Fprintf(&b, "  %s\n", lang.Pick("total: ", "합계: ")+lang.Pick(
		fmt.Sprintf("%s per hour, %s per month (%g hours)", c.USD(c.Hourly, 4), c.USD(c.Monthly, 2), c.HoursPerMonth),
		fmt.Sprintf("시간당 %s, 한 달(%g시간) %s", c.USD(c.Hourly, 4), c.HoursPerMonth, c.USD(c.Monthly, 2))))
	for _, u := range c.Unknown {
		fmt.Fprintf(&b, "  %s%s\n", lang.Pick("not priced (the total is a lower bound): ", "가격 없음 (합계는 최소값): "), u)
	}
	fmt.Fprintf(&b, "\n%s\n", lang.Pick(
		fmt.Sprintf("Prices: %s, price table %s; usage charges (data, NLCUs, logs, requests) are not included.", c.Region, c.Version),
		fmt.Sprintf("가격: %s, 가격표 %s. 데이터·NLCU·로그·요청 같은 사용량 요금은 포함하지 않습니다.", c.Region, c.Version)))
	if n := c.Derived(); n > 0 {
		fmt.Fprintf(&b, "%s\n", lang.Pick(
			fmt.Sprintf("* %d figures are derived: %s has no listed price for them in the table; each is the us-east-1 price times the region's factor (cost/prices.json says how).", n, c.Region),
			fmt.Sprintf("* %d개 가격은 추정값입니다: 가격표에 %s의 게시 가격이 없어 us-east-1 가격에 리전 계수를 곱했습니다 (cost/prices.json 참고).", n, c.Region)))
	}
	if len(c.Free) > 0 {
		fmt.Fprintf(&b, "%s%s.\n", lang.Pick("Free: ", "무료: "), strings.Join(c.Free, ", "))
	}
	for _, a := range c.Assumed {
		fmt.Fprintf(&b, "%s%s.\n", lang.Pick("Assumed: ", "가정: "), a)
	}
	return b.String()
}
