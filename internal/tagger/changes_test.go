package tagger

import "testing"

var changeTests = []struct {
	in        string
	text      string
	percent   float64
	multiple  float64
	direction string
	basis     string
}{
	{"driving a 34% revenue surge", "34%", 34, 0, "up", ""},
	{"Cloud revenue rose 34 percent year over year to 39.8 billion yuan", "34 percent", 34, 0, "up", "yoy"},
	{"an increase of 29% YoY", "29%", 29, 0, "up", "yoy"},
	{"cloud computing division saw a 13% revenue increase", "13%", 13, 0, "up", ""},
	{"Net income fell 13% from a year earlier", "13%", 13, 0, "down", "yoy"},
	{"Revenue was $5.6 billion, up 5% sequentially", "5%", 5, 0, "up", "qoq"},
	{"revenue rose 4% quarter-over-quarter", "4%", 4, 0, "up", "qoq"},
	{"beating analyst expectations by 5%", "5%", 5, 0, "up", "vs estimates"},
	{"revenue came in 3% above consensus", "3%", 3, 0, "", "vs estimates"},
	{"AI-related product revenue achieved triple-digit year-over-year growth", "triple-digit", 100, 0, "up", "yoy"},
	{"computing power that has grown fivefold year-over-year", "fivefold", 400, 5, "up", "yoy"},
	{"Operating income doubled", "doubled", 100, 2, "up", ""},
	{"losses halved", "halved", -50, 0.5, "down", ""},
	{"EBITA for the cloud division rose 35 percent to 3.6 billion yuan", "35 percent", 35, 0, "up", ""},
	{"revenue increased 7% compared with the same quarter last year", "7%", 7, 0, "up", "yoy"},
	{"revenue grew 9% in constant currency", "9%", 9, 0, "up", ""},
	{"accelerating from 26% growth in the previous quarter", "26%", 26, 0, "up", ""},
	{"quick commerce revenue jumped 60 percent", "60 percent", 60, 0, "up", ""},
	{"shares declined 2.5 per cent", "2.5 per cent", 2.5, 0, "down", ""},
	{"revenue was up 12% quarter-on-quarter", "12%", 12, 0, "up", "qoq"},
	{"the New York-listed shares surged over 12% following the announcement", "12%", 12, 0, "up", ""},
}

func TestChanges(t *testing.T) {
	for _, tt := range changeTests {
		const base = 7
		got := Changes(tt.in, base)
		if len(got) == 0 {
			t.Errorf("Changes(%q): none; want %q", tt.in, tt.text)
			continue
		}
		c := got[0]
		if c.Text != tt.text || c.Percent != tt.percent || c.Multiple != tt.multiple || c.Direction != tt.direction || c.Basis != tt.basis {
			t.Errorf("Changes(%q)[0] = %q %g%% x%g %q %q; want %q %g%% x%g %q %q", tt.in,
				c.Text, c.Percent, c.Multiple, c.Direction, c.Basis, tt.text, tt.percent, tt.multiple, tt.direction, tt.basis)
		}
		if tt.in[c.Start-base:c.End-base] != c.Text {
			t.Errorf("Changes(%q): offsets do not hold %q", tt.in, c.Text)
		}
	}
}

func TestChangesPoints(t *testing.T) {
	got := Changes("Gross margin expanded 120 basis points to 42.1%", 0)
	if len(got) != 2 || got[0].Points != 1.2 || got[0].Direction != "up" || got[1].Percent != 42.1 {
		t.Errorf("Changes(points) = %+v", got)
	}
}

func TestMoves(t *testing.T) {
	got := Moves("and adjusted EBITA fell sharply", 0)
	if len(got) != 1 || got[0].Text != "fell sharply" || got[0].Direction != "down" {
		t.Errorf("Moves = %+v", got)
	}
}

func TestChangeLead(t *testing.T) {
	tests := []struct {
		before string // the text before an amount
		change bool
	}{
		{"Advisory net revenues increased ", true},
		{"Net interest income was up ", true},
		{"an increase of ", true},
		{"driven by a decrease in revenues of ", true},
		{"costs fell by about ", true},
		{"Net financing costs increased by ", true},
		{"Advisory net revenues increased $310 million, or 28%, to ", false},
		{"the company has earmarked up to ", false},
		{"revenue was ", false},
		{"net sales rose to ", false},
	}
	for _, tt := range tests {
		if got := ChangeLead.MatchString(tt.before); got != tt.change {
			t.Errorf("ChangeLead(%q) = %v, want %v", tt.before, got, tt.change)
		}
	}
}
