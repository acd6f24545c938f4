package components

import (
	"encoding/binary"
	"fmt"
	"net/netip"
)

// AWS accepts VPC and subnet IPv4 blocks from /16 to /28.
const (
	MinPrefixLen = 16
	MaxPrefixLen = 28
)

var (
	privateRanges = []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("172.16.0.0/12"),
		netip.MustParsePrefix("192.168.0.0/16"),
		netip.MustParsePrefix("100.64.0.0/10"), // RFC 6598 shared address space, accepted by AWS
	}
	linkLocal = netip.MustParsePrefix("169.254.0.0/16")
)

// parseBlock parses an IPv4 CIDR that AWS would accept unchanged: canonical
// (no host bits set, since AWS rewrites them and the stack would diff forever)
// and between /16 and /28.
func parseBlock(s string) (netip.Prefix, string) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, "not an IPv4 CIDR block such as 10.0.0.0/16"
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Sprintf("host bits are set; the block is %s", p.Masked())
	}
	if p.Bits() < MinPrefixLen || p.Bits() > MaxPrefixLen {
		return netip.Prefix{}, fmt.Sprintf("AWS accepts /%d to /%d blocks, this is /%d", MinPrefixLen, MaxPrefixLen, p.Bits())
	}
	return p, ""
}

// isPrivate reports whether p lies inside RFC 1918 or RFC 6598 space.
func isPrivate(p netip.Prefix) bool {
	for _, r := range privateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// contains reports whether inner lies entirely inside outer.
func contains(outer, inner netip.Prefix) bool {
	return outer.Bits() <= inner.Bits() && outer.Contains(inner.Addr())
}

// carve returns the first n free /bits blocks of vpc, in address order,
// skipping blocks that overlap any of taken.
func carve(vpc netip.Prefix, bits, n int, taken []netip.Prefix) ([]netip.Prefix, bool) {
	if n == 0 {
		return nil, true
	}
	base := binary.BigEndian.Uint32(vpc.Addr().AsSlice())
	step := uint64(1) << (32 - bits)
	total := uint64(1) << (bits - vpc.Bits())
	var out []netip.Prefix
	for i := uint64(0); i < total && len(out) < n; i++ {
		var a [4]byte
		binary.BigEndian.PutUint32(a[:], base+uint32(i*step))
		cand := netip.PrefixFrom(netip.AddrFrom4(a), bits)
		free := true
		for _, t := range taken {
			if t.Overlaps(cand) {
				free = false
				break
			}
		}
		if free {
			out = append(out, cand)
			taken = append(taken, cand)
		}
	}
	return out, len(out) == n
}
