package answer

import (
	"fmt"
	"strconv"
	"strings"
)

// Explanation says why the engine answered as it did: a tree of decisions,
// after bleve's search.Explanation. Each node has a Value (a score, a
// feature's weight, a count; 0 where nothing is measured) and a Message;
// its Children are what the value is made of or what the decision looked
// at. Answer.Explain holds one when Question.Explain asks for it.
//
// The root's children follow the stages: what the question was understood
// to ask (understand), how many candidates the index gave (retrieve), the
// period chosen and each candidate considered with the features that
// scored it or the reason it was rejected (select), and what was said
// (compose).
type Explanation struct {
	Value    float64        `json:"value"`
	Message  string         `json:"message"`
	Children []*Explanation `json:"children,omitempty"`
}

// add appends a child and returns it; on a nil Explanation (nothing asked
// to be explained) it does nothing and returns nil, so callers need not
// check. Arguments are still evaluated: hot loops check for nil first.
func (x *Explanation) add(value float64, format string, a ...any) *Explanation {
	if x == nil {
		return nil
	}
	c := &Explanation{Value: value, Message: fmt.Sprintf(format, a...)}
	x.Children = append(x.Children, c)
	return c
}

// String renders the tree, one node a line, children indented:
//
//	12.30  candidate alibaba/x.md@1234-1251/revenue/cloud/actual ...
//	  4.00  metric: the metric asked
func (x *Explanation) String() string {
	var b strings.Builder
	x.write(&b, 0)
	return b.String()
}

func (x *Explanation) write(b *strings.Builder, depth int) {
	if x == nil {
		return
	}
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString(formatValue(x.Value))
	b.WriteString("  ")
	b.WriteString(x.Message)
	b.WriteByte('\n')
	for _, c := range x.Children {
		c.write(b, depth+1)
	}
}

// formatValue writes a value in a fixed width: "  4.00", " -1.50".
func formatValue(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	if len(s) < 6 {
		s = strings.Repeat(" ", 6-len(s)) + s
	}
	return s
}
