// Package suggest finds the valid name a learner most likely meant: the
// nearest by edit distance, for "did you mean" in error messages.
package suggest

import (
	"fmt"
	"strings"
)

// Nearest returns the candidate closest to typed (case-insensitive
// Damerau–Levenshtein distance), if it is close enough to be a slip: at most
// a third of the longer name's letters, and at least one. ok is false when
// nothing is that close, or when typed is itself a candidate.
func Nearest(typed string, candidates []string) (best string, ok bool) {
	t := strings.ToLower(typed)
	bestD := -1
	for _, c := range candidates {
		if c == typed {
			return "", false
		}
		d := distance(t, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, max(len(typed), len(best))/3)
	if bestD < 0 || bestD > limit {
		return "", false
	}
	return best, true
}

// DidYouMean is "; did you mean X?" for the nearest candidate, or "".
func DidYouMean(typed string, candidates []string) string {
	if best, ok := Nearest(typed, candidates); ok {
		return fmt.Sprintf("; did you mean %s?", best)
	}
	return ""
}

// distance is the optimal string alignment distance: insertions, deletions,
// substitutions and swaps of two neighbouring letters (natmode → natMode is
// 0 after lowering, nat-bastoin → nat-bastion is 1).
func distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	d := make([][]int, len(x)+1)
	for i := range d {
		d[i] = make([]int, len(y)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(x); i++ {
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(x)][len(y)]
}
