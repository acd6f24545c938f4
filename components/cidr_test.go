package components

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// Property: carved blocks lie inside the VPC, have the asked size, never
// overlap each other or the taken blocks, and come in address order.
func TestCarveProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		vpcBits := 16 + rng.IntN(9) // /16–/24
		vpc := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(rng.IntN(256)), 0, 0}), vpcBits).Masked()
		bits := vpcBits + rng.IntN(MaxPrefixLen-vpcBits+1)
		var taken []netip.Prefix
		if rng.IntN(2) == 0 {
			tb := bits + rng.IntN(MaxPrefixLen-bits+1)
			taken = append(taken, netip.PrefixFrom(vpc.Addr(), tb))
		}
		n := rng.IntN(6)
		got, ok := carve(vpc, bits, n, append([]netip.Prefix(nil), taken...))
		if !ok {
			if capacity := 1 << (bits - vpcBits); n <= capacity-len(taken) {
				t.Fatalf("carve(%s, /%d, %d, %v) found no room", vpc, bits, n, taken)
			}
			continue
		}
		if len(got) != n {
			t.Fatalf("carve returned %d blocks, want %d", len(got), n)
		}
		for i, p := range got {
			if p.Bits() != bits || !contains(vpc, p) || p.Masked() != p {
				t.Fatalf("block %s is not a canonical /%d inside %s", p, bits, vpc)
			}
			for _, q := range taken {
				if p.Overlaps(q) {
					t.Fatalf("block %s overlaps taken %s", p, q)
				}
			}
			for _, q := range got[:i] {
				if p.Overlaps(q) || !q.Addr().Less(p.Addr()) {
					t.Fatalf("blocks %s and %s overlap or are out of order", q, p)
				}
			}
		}
	}
}

func TestParseBlock(t *testing.T) {
	for in, want := range map[string]string{
		"10.0.0.0/16": "", "10.0.0.0/28": "", "10.0.0.0/15": "AWS accepts /16 to /28 blocks, this is /15",
		"10.0.0.1/24": "host bits are set; the block is 10.0.0.0/24", "::/64": "not an IPv4 CIDR block such as 10.0.0.0/16",
	} {
		if _, why := parseBlock(in); why != want {
			t.Errorf("parseBlock(%s) = %q, want %q", in, why, want)
		}
	}
	for in, want := range map[string]bool{"10.1.0.0/16": true, "172.31.0.0/16": true, "172.32.0.0/16": false, "100.64.0.0/16": true, "20.0.0.0/16": false} {
		if got := isPrivate(netip.MustParsePrefix(in)); got != want {
			t.Errorf("isPrivate(%s) = %v", in, got)
		}
	}
}
