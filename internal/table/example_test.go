package table_test

import (
	"fmt"

	"github.com/resultsbot/resultsbot/internal/table"
)

func Example() {
	doc := `Acme Corp results

(in millions, except per share data)

| | | Year ended December 31, | |
|---|---|---|---|
| | 2025 | 2024 | % Change |
| Revenue: | | | |
| Cloud | $ 4,210 | $ 3,760 | 12 % |
| Devices (1) | (35) | 120 | nm |
`
	for _, t := range table.Find(doc) {
		fmt.Printf("%s table, unit %q\n", t.Form, doc[t.Unit.Start:t.Unit.End])
		for _, r := range t.Rows[t.HeaderRows:] {
			if r.Parent < 0 {
				continue
			}
			fmt.Printf("%q, label %q under %q\n", doc[r.Start:r.End], r.Label, t.Rows[r.Parent].Label)
			for _, c := range r.Cells[1:] {
				n := c.Number
				fmt.Printf("  %s: %v (negative %v, nm %v)\n", t.HeaderText(c.Col), n.Value, n.Negative, n.NM)
			}
		}
	}
	// Output:
	// pipe table, unit "(in millions, except per share data)"
	// "| Cloud | $ 4,210 | $ 3,760 | 12 % |", label "Cloud" under "Revenue:"
	//   Year ended December 31, 2025: 4210 (negative false, nm false)
	//   Year ended December 31, 2024: 3760 (negative false, nm false)
	//   Year ended December 31, % Change: 12 (negative false, nm false)
	// "| Devices (1) | (35) | 120 | nm |", label "Devices" under "Revenue:"
	//   Year ended December 31, 2025: -35 (negative true, nm false)
	//   Year ended December 31, 2024: 120 (negative false, nm false)
	//   Year ended December 31, % Change: 0 (negative false, nm true)
}
