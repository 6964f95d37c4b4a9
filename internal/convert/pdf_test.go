package convert

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// run is text placed on a PDF page: font size, position and the string.
type run struct {
	size, x, y float64
	s          string
}

// makePDF writes a minimal PDF of the given pages in Courier (every glyph
// 600 units wide, so the layout is known), with info entries (Title,
// CreationDate) when not empty.
func makePDF(info map[string]string, pages ...[]run) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	catalog := add("") // filled below
	pagesObj := add("")
	widths := strings.TrimSpace(strings.Repeat("600 ", 95))
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [" + widths + "] >>")
	var kids []string
	for _, runs := range pages {
		var c strings.Builder
		for _, r := range runs {
			s := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(r.s)
			fmt.Fprintf(&c, "BT /F1 %g Tf 1 0 0 1 %g %g Tm (%s) Tj ET\n", r.size, r.x, r.y, s)
		}
		content := add(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>", pagesObj, font, content))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[catalog-1] = fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesObj)
	objs[pagesObj-1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids))
	infoRef := ""
	if len(info) > 0 {
		var d strings.Builder
		d.WriteString("<<")
		for k, v := range info {
			fmt.Fprintf(&d, " /%s (%s)", k, v)
		}
		d.WriteString(" >>")
		infoRef = fmt.Sprintf(" /Info %d 0 R", add(d.String()))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, infoRef, xref)
	return b.Bytes()
}

// at places s at x, y in 10 pt.
func at(x, y float64, s string) run { return run{10, x, y, s} }

// TestPDFLayout: headings, paragraphs, a table whose columns stay aligned,
// page markers, and running footers dropped.
func TestPDFLayout(t *testing.T) {
	p1 := []run{
		{18, 72, 720, "Quarterly update"},
		at(72, 690, "Revenue rose 12% to $4.21 billion in the third quarter,"),
		at(72, 678, "compared with $3.76 billion a year earlier."),
		at(72, 650, "A second paragraph."),
		at(252, 620, "Q3 2025"), at(342, 620, "Q3 2024"),
		at(72, 606, "Revenue"), at(258, 606, "4,210"), at(348, 606, "3,760"),
		at(72, 592, "Net income"), at(270, 592, "455"), at(360, 592, "371"),
		at(72, 560, "After the table."),
		at(280, 40, "Page 1 of 2"),
	}
	p2 := []run{
		at(72, 720, "Outlook is unchanged."),
		at(280, 40, "Page 2 of 2"),
	}
	d, err := PDF(makePDF(nil, p1, p2))
	if err != nil {
		t.Fatal(err)
	}
	want := `--- page 1 ---

# Quarterly update

Revenue rose 12% to $4.21 billion in the third quarter,
compared with $3.76 billion a year earlier.

A second paragraph.

                              Q3 2025        Q3 2024
Revenue                        4,210          3,760
Net income                       455            371

After the table.

--- page 2 ---

Outlook is unchanged.
`
	if d.Body != want {
		t.Errorf("PDF body:\n%s\nwant:\n%s", d.Body, want)
	}
	if d.Meta.Title != "Quarterly update" {
		t.Errorf("title %q, want the first heading", d.Meta.Title)
	}
	for _, tc := range []struct {
		text string
		page int
	}{{"Revenue rose", 1}, {"Net income", 1}, {"Outlook", 2}} {
		if got := PageAt(d.Body, strings.Index(d.Body, tc.text)); got != tc.page {
			t.Errorf("PageAt(%q) = %d, want %d", tc.text, got, tc.page)
		}
	}
}

func TestPDFMeta(t *testing.T) {
	runs := []run{at(72, 700, "Plain text, no heading, no dateline.")}
	for _, tc := range []struct {
		info      map[string]string
		title     string
		published string
	}{
		{map[string]string{"Title": "Annual report 2025", "CreationDate": "D:20260214093000Z"}, "Annual report 2025", "2026-02-14"},
		{map[string]string{"Title": "Microsoft Word - draft7.docx"}, "Plain text, no heading, no dateline.", ""},
		{nil, "Plain text, no heading, no dateline.", ""},
	} {
		d, err := PDF(makePDF(tc.info, runs))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if !d.Meta.Published.IsZero() {
			got = d.Meta.Published.Format(time.DateOnly)
		}
		if d.Meta.Title != tc.title || got != tc.published {
			t.Errorf("info %v: title %q, published %q; want %q, %q", tc.info, d.Meta.Title, got, tc.title, tc.published)
		}
	}
}

func TestPDFErrors(t *testing.T) {
	good := makePDF(nil, []run{at(72, 700, "Text.")})
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrPDF},
		{"not a PDF", []byte("<html>hello</html>"), ErrPDF},
		{"truncated", good[:len(good)/2], ErrPDF},
		{"no text", makePDF(nil, nil), ErrNoText},
		{"too large", make([]byte, MaxInput+1), ErrTooLarge},
	} {
		if _, err := PDF(tc.in); !errors.Is(err, tc.want) {
			t.Errorf("PDF(%s) = %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestPDFFixture reads the PDF that Chromium printed from
// testdata/formats/_src (composite fonts with character maps, ligatures,
// a table, two pages).
func TestPDFFixture(t *testing.T) {
	b, err := os.ReadFile("../../testdata/formats/lumatrine-q3-2025.pdf")
	if err != nil {
		t.Fatal(err)
	}
	d, err := PDF(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"--- page 1 ---\n\n# Lumatrine Energy plc third quarter 2025 trading statement\n",
		"Revenue increased 9% to £1.18 billion in the third quarter of 2025, helped by higher\noutput from its offshore wind portfolio.",
		"Adjusted operating profit",
		"--- page 2 ---\n\n## Outlook\n",
	} {
		if !strings.Contains(d.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, d.Body)
		}
	}
	// The table's figures keep their columns: each row's figures end at
	// the same place.
	var ends []int
	for l := range strings.Lines(d.Body) {
		if strings.HasPrefix(l, "Revenue  ") || strings.HasPrefix(l, "Profit before tax") {
			ends = append(ends, strings.Index(l, "9%")+strings.Index(l, "16%")+1)
			if !strings.Contains(l, "   ") {
				t.Errorf("table row %q lost its column spacing", l)
			}
		}
	}
	if len(ends) != 2 {
		t.Errorf("table rows not found:\n%s", d.Body)
	}
	m := d.Meta
	if m.Company != "Lumatrine Energy plc" || strings.Join(m.Tickers, ",") != "LSE:LUMA" ||
		m.Published.Format(time.DateOnly) != "2025-11-06" || m.Title == "" {
		t.Errorf("meta %+v", m)
	}
}

// pdfWith writes a one-page PDF whose page tree root is pages (object 2;
// the page is object 3) and whose content stream holds data, compressed
// with zlib when flate is set.
func pdfWith(pages string, data []byte, flate bool) []byte {
	filter := ""
	if flate {
		var z bytes.Buffer
		w := zlib.NewWriter(&z)
		w.Write(data)
		w.Close()
		data, filter = z.Bytes(), " /Filter /FlateDecode"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		pages,
		"<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d%s >>\nstream\n%s\nendstream", len(data), filter, data),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offsets []int
	for i, o := range objs {
		offsets = append(offsets, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// TestPDFHostile: files made to exhaust memory or time are refused or read
// within the limits, and never hang.
func TestPDFHostile(t *testing.T) {
	const pages = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
	text := []byte("BT /F1 10 Tf 72 700 Td (Revenue rose 12%.) Tj ET")
	for _, tc := range []struct {
		name string
		in   []byte
		want error // nil: converts
	}{
		{"plain", pdfWith(pages, text, false), nil},
		{"flate", pdfWith(pages, text, true), nil},
		{"decompression bomb", pdfWith(pages, append(text, make([]byte, 64<<20)...), true), ErrTooLarge},
		{"bomb in another stream", append(pdfWith(pages, text, false), pdfWith(pages, make([]byte, 40<<20), true)...), ErrTooLarge},
		{"too many glyphs", pdfWith(pages, []byte("BT /F1 1 Tf ("+strings.Repeat("x", 60000)+") Tj ("+strings.Repeat("y", 60000)+") Tj [("+strings.Repeat("z", 90000)+")] TJ ET"), true), ErrTooLarge},
		{"page tree cycle", pdfWith("<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>", text, false), nil},
		{"count lies", pdfWith("<< /Type /Pages /Kids [3 0 R] /Count 2000000000 >>", text, false), nil},
		{"unbalanced state", pdfWith(pages, []byte("Q Q Q ET BT Tf Tj TJ ' \" Td Tm cm 1 2 Td (Revenue.) Tj"), false), nil},
		{"no font", pdfWith(pages, []byte("BT /F9 10 Tf 72 700 Td (Revenue.) Tj ET"), false), nil},
	} {
		d, err := PDF(tc.in)
		if tc.want == nil && (err != nil || !strings.Contains(d.Body, "Revenue")) {
			t.Errorf("%s: %v, body %q", tc.name, err, d.Body)
		}
		if tc.want != nil && !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
}

// TestPDFAllocations: a few bytes that ask the library for gigabytes are
// refused before it is called.
func TestPDFAllocations(t *testing.T) {
	good := makePDF(nil, []run{at(72, 700, "Text.")})
	for _, tc := range []struct{ name, old, new string }{
		{"xref start", "xref\n0 ", "xref\n900000000 "},
		{"trailer size", "/Size ", "/Size 900000000 /X "},
	} {
		in := bytes.Replace(good, []byte(tc.old), []byte(tc.new), 1)
		if _, err := PDF(in); !errors.Is(err, ErrPDF) {
			t.Errorf("%s: %v, want ErrPDF", tc.name, err)
		}
	}
	for _, in := range []string{"/Type /ObjStm /N 900000000", "/N 5 0 R", "/Extends 7 0 R", "/W [1 900000000 1]", "/Index [0 900000000]", "/Columns 900000000", "/Columns 5 0 R"} {
		if err := sizesSane([]byte("%PDF-1.5\n" + in)); !errors.Is(err, ErrPDF) {
			t.Errorf("sizesSane(%q) = %v, want ErrPDF", in, err)
		}
	}
	if err := sizesSane(good); err != nil {
		t.Errorf("sizesSane(a good file) = %v", err)
	}
}
