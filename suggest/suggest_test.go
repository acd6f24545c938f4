package suggest

import "testing"

func TestNearest(t *testing.T) {
	stacks := []string{"dev", "gateway-vs-interface", "nat-bastion", "privatelink", "s3-gateway", "ssm"}
	keys := []string{"natMode", "natAddressMode", "adminCidrs", "allowBroadAdminCidrs", "instanceType"}
	for _, tc := range []struct {
		typed      string
		candidates []string
		want       string // "" for no suggestion
	}{
		{"nat-bastoin", stacks, "nat-bastion"}, // two letters swapped
		{"natmode", keys, "natMode"},           // case only
		{"AllowBroadAdminCIDRs", keys, "allowBroadAdminCidrs"},
		{"privatlink", stacks, "privatelink"},
		{"instancetype", keys, "instanceType"},
		{"vpn", stacks, ""},         // nothing close: no guess
		{"nat-bastion", stacks, ""}, // already valid
		{"kubernetes", keys, ""},
	} {
		got, ok := Nearest(tc.typed, tc.candidates)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("Nearest(%q) = %q, %v; want %q", tc.typed, got, ok, tc.want)
		}
	}
	if got := DidYouMean("natmode", keys); got != "; did you mean natMode?" {
		t.Errorf("DidYouMean = %q", got)
	}
}
