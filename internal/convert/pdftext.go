package convert

import (
	"math"
	"strings"

	"github.com/ledongthuc/pdf"
)

// The text of a PDF page, read from its content stream with the text state
// of the PDF specification (section 9): fonts, sizes, character and word
// spacing, horizontal scaling, rise, text and transformation matrices. The
// library's own Page.Content does the same, but takes every character code
// as one byte and the widths of simple fonts only, so text in the
// composite (Type0) fonts that browsers and office suites embed comes out
// with every character at the start of its string. Parsing, streams,
// filters and character maps are the library's.

// matrix is an affine transformation [a b c d e f], as PDF writes it.
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n: m applied first, then n.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// font is what the text reader needs of a font: how to split a string into
// character codes, decode a code and find its width.
type font struct {
	enc     pdf.TextEncoding
	twoByte bool    // composite font: two-byte codes
	scale   float64 // glyph space to text space: 1/1000, or a Type3 font's matrix
	first   int
	widths  []float64 // simple fonts: widths from first
	dw      float64   // composite fonts: default width
	missing float64   // simple fonts: the width of a code without one
	cidW    map[int]float64
	ranges  []widthRange
}

type widthRange struct {
	lo, hi int
	w      float64
}

// maxWidths bounds the entries read from a font's width arrays.
const maxWidths = 65536

func loadFont(v pdf.Value) *font {
	pf := pdf.Font{V: v}
	f := &font{enc: pf.Encoder(), scale: 0.001, dw: 1000}
	if f.enc == nil {
		f.enc = identityEncoding{}
	}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.twoByte = true
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.dw = dw.Float64()
		}
		f.cidW = map[int]float64{}
		w := d.Key("W")
		n := 0
		for i := 0; i < w.Len() && n < maxWidths; {
			c := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == pdf.Array {
				for j := 0; j < next.Len() && n < maxWidths; j++ {
					f.cidW[c+j] = next.Index(j).Float64()
					n++
				}
				i += 2
				continue
			}
			f.ranges = append(f.ranges, widthRange{c, int(next.Int64()), w.Index(i + 2).Float64()})
			n++
			i += 3
		}
	case "Type3":
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = math.Abs(m.Index(0).Float64())
		}
		fallthrough
	default:
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < maxWidths; i++ {
			f.widths = append(f.widths, ws.Index(i).Float64())
		}
		f.missing = v.Key("FontDescriptor").Key("MissingWidth").Float64()
		if len(f.widths) == 0 {
			// A standard font without widths: an average glyph's, so
			// that the characters of a string do not pile up.
			f.missing = 500
			if strings.Contains(v.Key("BaseFont").Name(), "Courier") {
				f.missing = 600
			}
		}
	}
	return f
}

// width is a code's width in glyph space.
func (f *font) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cidW[code]; ok {
			return w
		}
		for _, r := range f.ranges {
			if code >= r.lo && code <= r.hi {
				return r.w
			}
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return f.missing
}

type identityEncoding struct{}

func (identityEncoding) Decode(raw string) string { return raw }

// textState is the part of the graphics state that places text.
type textState struct {
	ctm                      matrix
	font                     *font
	size, tc, tw, th, tl, ts float64
}

// errGlyphs stops a page that shows more than maxPageGlyphs characters.
var errGlyphs = errorf(ErrTooLarge, "more than %d characters on a page", maxPageGlyphs)

// pageGlyphs reads the characters a page shows, with their positions in
// default user space. It panics with errGlyphs past maxPageGlyphs, and on
// malformed content (the caller recovers).
func pageGlyphs(p pdf.Page) []glyph {
	fontDicts := p.Resources().Key("Font")
	fonts := map[string]*font{}
	g := textState{ctm: identity, th: 1}
	var stack []textState
	var tm, tlm matrix
	var out []glyph

	show := func(s string) {
		f := g.font
		if f == nil {
			f = &font{enc: identityEncoding{}, scale: 0.001}
		}
		step := 1
		if f.twoByte {
			step = 2
		}
		for i := 0; i+step <= len(s); i += step {
			raw := s[i : i+step]
			code := int(raw[0])
			if step == 2 {
				code = code<<8 | int(raw[1])
			}
			w0 := f.width(code) * f.scale
			trm := matrix{g.size * g.th, 0, 0, g.size, 0, g.ts}.mul(tm).mul(g.ctm)
			if len(out) >= maxPageGlyphs {
				panic(errGlyphs)
			}
			out = append(out, glyph{
				x:    trm[4],
				y:    trm[5],
				w:    w0 * math.Hypot(trm[0], trm[1]),
				size: math.Hypot(trm[2], trm[3]),
				s:    f.enc.Decode(raw),
			})
			tx := w0*g.size + g.tc
			if step == 1 && code == ' ' {
				tx += g.tw
			}
			tm = matrix{1, 0, 0, 1, tx * g.th, 0}.mul(tm)
		}
	}
	nextLine := func() {
		tlm = matrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
		tm = tlm
	}
	num := func(args []pdf.Value, i int) float64 {
		if i < len(args) {
			return args[i].Float64()
		}
		return 0
	}

	pdf.Interpret(p.V.Key("Contents"), func(stk *pdf.Stack, op string) {
		n := stk.Len()
		if n > 64 {
			n = 64
		}
		args := make([]pdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		for stk.Len() > 0 {
			stk.Pop()
		}
		switch op {
		case "q":
			if len(stack) < 1000 {
				stack = append(stack, g)
			}
		case "Q":
			if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				var m matrix
				for i := range m {
					m[i] = args[i].Float64()
				}
				g.ctm = m.mul(g.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok && len(fonts) < 256 {
					f = loadFont(fontDicts.Key(name))
					fonts[name] = f
				}
				g.font = f
				g.size = args[1].Float64()
			}
		case "Tc":
			g.tc = num(args, 0)
		case "Tw":
			g.tw = num(args, 0)
		case "Tz":
			g.th = num(args, 0) / 100
		case "TL":
			g.tl = num(args, 0)
		case "Ts":
			g.ts = num(args, 0)
		case "Td", "TD":
			if op == "TD" {
				g.tl = -num(args, 1)
			}
			tlm = matrix{1, 0, 0, 1, num(args, 0), num(args, 1)}.mul(tlm)
			tm = tlm
		case "Tm":
			if len(args) == 6 {
				for i := range tlm {
					tlm[i] = args[i].Float64()
				}
				tm = tlm
			}
		case "T*":
			nextLine()
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'":
			nextLine()
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				g.tw, g.tc = args[0].Float64(), args[1].Float64()
				nextLine()
				show(args[2].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				a := args[0]
				for i := 0; i < a.Len(); i++ {
					v := a.Index(i)
					if v.Kind() == pdf.String {
						show(v.RawString())
						continue
					}
					tx := -v.Float64() / 1000 * g.size * g.th
					tm = matrix{1, 0, 0, 1, tx, 0}.mul(tm)
				}
			}
		}
	})
	return out
}
