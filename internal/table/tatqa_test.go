package table

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// tatqaCases is where the shared TAT-QA benchmark lives, seen from this
// package in the main checkout or in a worktree under /work/wt.
var tatqaCases = []string{
	"../../../shared/benchmarks/tatqa/cases.json",
	"../../../../shared/benchmarks/tatqa/cases.json",
}

// tatqaCell and tatqaTable render a TAT-QA table as the benchmark's
// run.py does (table_md): cells with space folded and "|" escaped, rows
// padded to the widest, a delimiter line after the first row.
func tatqaCell(c string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(c), " "), "|", `\|`)
}

func tatqaTable(rows [][]string) string {
	w := 0
	for _, r := range rows {
		w = max(w, len(r))
	}
	var lines []string
	for i, r := range rows {
		cells := make([]string, w)
		for j := range cells {
			if j < len(r) {
				cells[j] = tatqaCell(r[j])
			}
		}
		lines = append(lines, "| "+strings.Join(cells, " | ")+" |")
		if i == 0 {
			lines = append(lines, "|"+strings.Repeat("---|", w))
		}
	}
	return strings.Join(lines, "\n")
}

// TestTATQA reads every table of the shared TAT-QA benchmark, rendered in
// a document as run.py renders it, and reports how many parse as one
// table of the right size and how their header rows were told apart. It
// is skipped when the benchmark is not there.
func TestTATQA(t *testing.T) {
	var data []byte
	for _, p := range tatqaCases {
		if b, err := os.ReadFile(p); err == nil {
			data = b
			break
		}
	}
	if data == nil {
		t.Skip("no TAT-QA cases.json")
	}
	var file struct {
		Cases []struct {
			ContextUID string     `json:"context_uid"`
			Category   string     `json:"category"`
			Gold       any        `json:"gold"`
			Table      [][]string `json:"table"`
			Paragraphs []string   `json:"paragraphs"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var golds, inBody, inHeader int
	for _, c := range file.Cases {
		g, ok := c.Gold.(string)
		if c.Category != "table" || !ok || ParseNumber(g) == nil {
			continue
		}
		golds++
		tb := Find(tatqaTable(c.Table))
		if len(tb) != 1 {
			continue
		}
		switch goldRow(tb[0], g) {
		case 1:
			inBody++
		case 0:
			inHeader++
		}
	}
	var tables, parsed, allHeaded, units int
	headers := map[int]int{}
	for _, c := range file.Cases {
		if seen[c.ContextUID] || len(c.Table) == 0 {
			continue
		}
		seen[c.ContextUID] = true
		tables++
		var body []string
		for _, p := range c.Paragraphs {
			if p = strings.Join(strings.Fields(p), " "); p != "" {
				body = append(body, p)
			}
		}
		md := tatqaTable(c.Table)
		doc := "---\ntitle: x\n---\n" + strings.Join(append(body, md), "\n\n") + "\n"
		found := Find(doc)
		if len(found) != 1 || found[0].Form != Pipe || len(found[0].Rows) != len(c.Table) {
			t.Errorf("%s: %d tables, want one pipe table of %d rows:\n%s", c.ContextUID[:8], len(found), len(c.Table), md)
			continue
		}
		tb := found[0]
		if doc[tb.Start:tb.End] != md {
			t.Errorf("%s: table span %q is not the table", c.ContextUID[:8], doc[tb.Start:tb.End])
		}
		parsed++
		headers[tb.HeaderRows]++
		if tb.Unit != nil {
			units++
		}
		ok := tb.HeaderRows > 0
		for col := 1; col < tb.Cols; col++ {
			if tb.HeaderText(col) == "" {
				ok = false
			}
		}
		if ok {
			allHeaded++
		}
		if testing.Verbose() && os.Getenv("TATQA_DUMP") != "" {
			t.Logf("%s\n%s", c.ContextUID[:8], dump(tb))
		}
	}
	var hs []string
	for h, n := range headers {
		hs = append(hs, fmt.Sprintf("%d header rows: %d", h, n))
	}
	sort.Strings(hs)
	t.Logf("TAT-QA: %d/%d tables parse as one pipe table; every value column headed in %d; unit found in %d; %s",
		parsed, tables, allHeaded, units, strings.Join(hs, ", "))
	t.Logf("TAT-QA table questions with a figure as gold: %d; the figure is a body cell in %d, a header cell in %d", golds, inBody, inHeader)
	if inHeader > 0 {
		t.Errorf("%d gold figures are in header rows", inHeader)
	}
}

// goldRow reports where a cell with the gold figure is: 1 in a body row
// (with a header for its column), 0 in a header row, -1 nowhere.
func goldRow(tb Table, gold string) int {
	want := ParseNumber(gold)
	where := -1
	for i, r := range tb.Rows {
		for _, c := range r.Cells {
			if c.Number == nil || c.Number.Value != want.Value && c.Number.Value != -want.Value || c.Number.Dash != want.Dash {
				continue
			}
			if i >= tb.HeaderRows && tb.HeaderText(c.Col) != "" {
				return 1
			}
			if i < tb.HeaderRows {
				where = 0
			}
		}
	}
	return where
}
